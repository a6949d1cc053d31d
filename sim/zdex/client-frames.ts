import type { ZdexChannel, ZdexClientFrame } from '../../src/venues/zdex/wire';
import { ZDEX_CHANNELS } from './frames';

/** A client frame the server understands, or the reason it does not. */
export type ParsedClientFrame = { ok: true; frame: ZdexClientFrame } | { ok: false; message: string };

function isChannel(value: unknown): value is ZdexChannel {
  return typeof value === 'string' && (ZDEX_CHANNELS as string[]).includes(value);
}

export function parseClientFrame(text: string): ParsedClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, message: 'Invalid message' };
  const v = value as Record<string, unknown>;
  switch (v.action) {
    case 'ping':
      return { ok: true, frame: { action: 'ping' } };
    case 'auth':
      // A missing token is just an invalid one: rejected (and the socket closed) by the auth check.
      return { ok: true, frame: { action: 'auth', token: typeof v.token === 'string' ? v.token : '' } };
    case 'subscribe':
    case 'unsubscribe': {
      if (!isChannel(v.channel)) return { ok: false, message: `Unknown channel: ${String(v.channel)}` };
      if (v.symbol !== undefined && typeof v.symbol !== 'string') return { ok: false, message: 'Invalid symbol' };
      const frame: ZdexClientFrame & { action: 'subscribe' | 'unsubscribe' } = { action: v.action, channel: v.channel };
      if (typeof v.symbol === 'string') frame.symbol = v.symbol;
      return { ok: true, frame };
    }
    default:
      return { ok: false, message: `Unknown action: ${String(v.action)}` };
  }
}

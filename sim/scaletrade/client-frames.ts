import { SCALETRADE_PING } from '../../src/venues/scaletrade/wire';

/** What a client sent, as the server understands it. */
export type ClientMessage =
  | { kind: 'ping' }
  | { kind: 'authorization'; token: unknown }
  /** `login` is undefined when the frame names none (a SESSION_USER may omit it), NaN when it is not a login. */
  | { kind: 'account.switch'; login: number | undefined }
  | { kind: 'subscribe' | 'unsubscribe'; symbols: string[] | null }
  | { kind: 'invalid'; error: 'INVALID_JSON' | 'UNKNOWN_EVENT' };

function asLogin(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return Number.NaN;
}

/** `active_login`, its alias `login`, or `data: {active_login}` (current Client API docs). */
function switchLogin(v: Record<string, unknown>): number | undefined {
  if (v.active_login !== undefined) return asLogin(v.active_login);
  if (v.login !== undefined) return asLogin(v.login);
  const data = v.data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const d = data as Record<string, unknown>;
    return asLogin(d.active_login ?? d.login);
  }
  return undefined;
}

function symbolList(value: unknown): string[] | null {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) return null;
  return value as string[];
}

export function parseClientMessage(text: string): ClientMessage {
  // The heartbeat is plain text, not JSON (seed 003, Ping / Pong).
  if (text.trim() === SCALETRADE_PING) return { kind: 'ping' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', error: 'INVALID_JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { kind: 'invalid', error: 'UNKNOWN_EVENT' };
  const v = value as Record<string, unknown>;
  if ('authorization' in v) return { kind: 'authorization', token: v.authorization };
  switch (v.event) {
    case 'account.switch':
      return { kind: 'account.switch', login: switchLogin(v) };
    case 'subscribe':
    case 'unsubscribe':
      return { kind: v.event, symbols: symbolList(v.data) };
    default:
      return { kind: 'invalid', error: 'UNKNOWN_EVENT' };
  }
}

import type { ConnectionConfig } from '../../domain/connection-config';
import type { OptionsResult } from '../types';

/**
 * A desk connection's profile entry (docs/contract.md section 5):
 *   "url":     "ws://127.0.0.1:<nats websocket port>"
 *   "auth":    { "token": "<NATS token>" } | {}
 *   "options": { "stream": "VENUEBOARD", "since": "journal" | "<ISO time>" }
 * `since: "journal"` (the default): after a reload, from the page's last live moment (what came before
 * is in the journal); on a fresh page, everything the stream holds. An ISO time: from then.
 */
export interface DeskOptions {
  stream: string;
  /** 'journal', or Unix ms. */
  since: 'journal' | number;
}

const KNOWN = new Set(['stream', 'since']);
const STREAM = /^[A-Za-z0-9_-]{1,64}$/;
export const DEFAULT_DESK_STREAM = 'VENUEBOARD';

export function parseDeskConfig(config: ConnectionConfig): OptionsResult<DeskOptions> {
  const problems: string[] = [];
  const o = config.options;
  for (const key of Object.keys(o))
    if (!KNOWN.has(key)) problems.push(`options.${key} is not a desk option (they are "stream" and "since")`);
  const stream = o.stream ?? DEFAULT_DESK_STREAM;
  if (typeof stream !== 'string' || !STREAM.test(stream))
    problems.push('options.stream must be a JetStream stream name (letters, digits, "_", "-"), e.g. "VENUEBOARD"');
  let since: DeskOptions['since'] = 'journal';
  if (o.since !== undefined && o.since !== 'journal') {
    const ms = typeof o.since === 'string' && /^\d{4}-\d\d-\d\dT/.test(o.since) ? Date.parse(o.since) : NaN;
    if (Number.isNaN(ms)) problems.push('options.since must be "journal" or an ISO time, e.g. "2026-01-05T09:00:00Z"');
    else since = ms;
  }
  const token = config.auth.token;
  if (token !== undefined && (typeof token !== 'string' || token === ''))
    problems.push('auth.token must be the NATS token (text), or leave auth empty: {}');
  for (const key of Object.keys(config.auth))
    if (key !== 'token') problems.push(`auth.${key} is not a desk credential (only "token")`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options: { stream: stream as string, since } };
}

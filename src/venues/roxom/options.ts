import type { ConnectionConfig } from '../../domain/connection-config';
import type { OptionsResult } from '../types';
import { ROXOM_PRIVATE_CHANNELS, type RoxomPrivateChannel } from './wire';

/**
 * A Roxom connection's profile entry (docs/contract.md sections 2 and 4):
 *   "url":     "ws://127.0.0.1:8787/ws/<id>?token=<pairing token>"   the keyring relay, never Roxom itself
 *   "auth":    {}                                                    the relay holds the API key
 *   "options": { "channels": ["orders","positions","balance","account"] }   (default: all four)
 *
 * Roxom authenticates the WebSocket upgrade with `X-API-Key` / `X-API-Signature` headers, which a
 * browser cannot send; the relay signs and bridges. So any secret in `auth` is a mistake, and so is a
 * URL that points at Roxom. Problems never quote the URL (its query holds the pairing token) or a
 * value from `auth`.
 */
export interface RoxomOptions {
  /** Private channels to subscribe to, without duplicates, in the documented order. */
  channels: readonly RoxomPrivateChannel[];
}

export const DEFAULT_CHANNELS: readonly RoxomPrivateChannel[] = ROXOM_PRIVATE_CHANNELS;

const KNOWN_OPTIONS = new Set(['channels']);
const RELAY_EXAMPLE = 'ws://127.0.0.1:8787/ws/<id>?token=<pairing token>';
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Validates `options`, the shape of `auth` and the URL; all problems at once. */
export function parseRoxomConfig(config: ConnectionConfig): OptionsResult<RoxomOptions> {
  const options = parseRoxomOptions(config.options);
  const problems = [
    ...(options.ok ? [] : options.problems),
    ...roxomAuthProblems(config.auth),
    ...roxomUrlProblems(config.url),
  ];
  return problems.length === 0 && options.ok ? options : { ok: false, problems };
}

export function parseRoxomOptions(options: Record<string, unknown>): OptionsResult<RoxomOptions> {
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) problems.push(`options.${key} is not a Roxom option (the only one is "channels")`);
  }
  const channels = parseChannels(options.channels, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options: { channels } };
}

function parseChannels(raw: unknown, problems: string[]): RoxomPrivateChannel[] {
  if (raw === undefined) return [...DEFAULT_CHANNELS];
  const allowed = ROXOM_PRIVATE_CHANNELS.join(', ');
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`options.channels must be a non-empty list of ${allowed} (leave it out for all four)`);
    return [];
  }
  const chosen = new Set<RoxomPrivateChannel>();
  raw.forEach((entry: unknown, i) => {
    const match = ROXOM_PRIVATE_CHANNELS.find((c) => typeof entry === 'string' && c === entry.trim().toLowerCase());
    if (match === undefined) problems.push(`options.channels[${i}] must be one of ${allowed}, got ${describe(entry)}`);
    else chosen.add(match);
  });
  return ROXOM_PRIVATE_CHANNELS.filter((c) => chosen.has(c));
}

/** `auth` must be `{}`: the key lives in the relay. Names the offending keys, never their values. */
export function roxomAuthProblems(auth: Record<string, unknown>): string[] {
  const keys = Object.keys(auth);
  if (keys.length === 0) return [];
  const names = keys.map((k) => `auth.${k.length > 24 ? `${k.slice(0, 24)}…` : k}`).join(', ');
  return [
    `Roxom keys belong in the keyring relay, not in the browser: remove ${names} (auth must be {}) and put the API key and private key in the relay config (npm run relay -- --config FILE)`,
  ];
}

/**
 * The URL must be the relay's bridge: ws:// or wss://, path `/ws/<id>`, the pairing token as `?token=`.
 * `ws://` is accepted on loopback only (the relay binds 127.0.0.1; elsewhere the token would travel in
 * clear). A Roxom URL is refused with the reason: browsers cannot send its signed headers.
 */
export function roxomUrlProblems(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`url must be the keyring relay's WebSocket URL, ${RELAY_EXAMPLE}`];
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return [
      `url must be a ws:// or wss:// URL (the keyring relay's ${RELAY_EXAMPLE}), got a ${parsed.protocol.replace(/:$/, '')}:// URL`,
    ];
  }
  const host = parsed.hostname.toLowerCase();
  if (host === 'roxom.com' || host.endsWith('.roxom.com')) {
    return [
      `url points at Roxom itself (${host}); a browser cannot send the signed X-API-Key / X-API-Signature headers Roxom requires — run the keyring relay and use its URL, ${RELAY_EXAMPLE}`,
    ];
  }
  const problems: string[] = [];
  if (!/\/ws\/[A-Za-z0-9_-]+\/?$/.test(parsed.pathname)) {
    problems.push(
      `url must be the keyring relay's bridge path /ws/<id> (the relay config's venue id), as in ${RELAY_EXAMPLE}`,
    );
  }
  if ((parsed.searchParams.get('token') ?? '').length === 0) {
    problems.push('url must carry the relay\'s pairing token as ?token=… (the "token" of the relay config)');
  }
  if (parsed.protocol === 'ws:' && !LOOPBACK.test(host)) {
    problems.push(
      `url uses ws:// to ${host}: the pairing token would travel unencrypted; use wss:// for a relay that is not on this machine`,
    );
  }
  return problems;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
  return value === null ? 'null' : typeof value;
}

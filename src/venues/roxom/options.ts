import type { ConnectionConfig } from '../../domain/connection-config';
import { parseKeyringRef } from '../shared/keyring';
import type { OptionsResult } from '../types';
import { ROXOM_PRIVATE_CHANNELS, type RoxomPrivateChannel } from './wire';
import { describeOptionValue as describe, unknownOptionProblems } from '../shared/option-checks';

/**
 * A Roxom connection's profile entry (docs/contract.md sections 2 and 4). The browser never talks to
 * Roxom: the keyring relay bridges the WebSocket and signs the REST reads. One form:
 *
 *   "url": "ws://127.0.0.1:8787/ws/<id>"
 *   "auth": { "keyring": { "url": "http://127.0.0.1:8787", "id": "<id>", "token": "<pairing token>" } }
 *   "options": { "channels": ["orders","positions","balance","account"] }   (default: all four)
 *
 * The older form (`auth: {}`, the pairing token in the URL as `?token=`) is refused with the way to
 * the keyring form: a URL ends up in logs, history and proxies; the relay refuses it too.
 *
 * Roxom authenticates the WebSocket upgrade with `X-API-Key` / `X-API-Signature` headers, which a
 * browser cannot send; the relay signs and bridges. So any key in `auth` is a mistake, and so is a URL
 * that points at Roxom. Problems never quote the URL (the older form's query is the pairing token) or a
 * value from `auth`.
 */
export interface RoxomOptions {
  /** Private channels to subscribe to, without duplicates, in the documented order. */
  channels: readonly RoxomPrivateChannel[];
}

export const DEFAULT_CHANNELS: readonly RoxomPrivateChannel[] = ROXOM_PRIVATE_CHANNELS;

const KNOWN_OPTIONS = ['channels'];
const KEYRING_RELAY_EXAMPLE = 'ws://127.0.0.1:8787/ws/<id>';
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Validates `options`, the shape of `auth` and the URL; all problems at once. */
export function parseRoxomConfig(config: ConnectionConfig): OptionsResult<RoxomOptions> {
  const options = parseRoxomOptions(config.options);
  const keyring = config.auth.keyring !== undefined;
  const problems = [
    ...(options.ok ? [] : options.problems),
    ...roxomAuthProblems(config.auth),
    ...(keyring ? roxomKeyringUrlProblems(config.url, config.auth) : roxomUrlProblems(config.url)),
  ];
  return problems.length === 0 && options.ok ? options : { ok: false, problems };
}

export function parseRoxomOptions(options: Record<string, unknown>): OptionsResult<RoxomOptions> {
  const problems: string[] = [];
  problems.push(...unknownOptionProblems('Roxom', options, KNOWN_OPTIONS));
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

/**
 * `auth` is a keyring reference: the key lives in the relay. Names the offending keys, never their values.
 */
export function roxomAuthProblems(auth: Record<string, unknown>): string[] {
  const { keyring, ...rest } = auth;
  const problems: string[] = [];
  const keys = Object.keys(rest);
  if (keys.length > 0) {
    const names = keys.map((k) => `auth.${k.length > 24 ? `${k.slice(0, 24)}…` : k}`).join(', ');
    problems.push(
      `Roxom keys belong in the keyring relay, not in the browser: remove ${names} (auth must be a keyring reference { "keyring": { "url", "id", "token" } }) and put the API key and private key in the relay config (npm run relay -- --config FILE)`,
    );
  }
  if (keyring !== undefined) {
    const ref = parseKeyringRef(auth);
    if (!ref.ok) problems.push(...ref.problems);
  }
  return problems;
}

/** Why a Roxom connection without a keyring reference is refused: the older `?token=` form or no auth. */
export const OLDER_FORM_REFUSED =
  'url carries the pairing token as ?token=…: that older form is refused (a URL ends up in logs, history and proxies); ' +
  'use the keyring reference form: url ws://127.0.0.1:8787/ws/<id> without a query, and auth ' +
  '{ "keyring": { "url": "http://127.0.0.1:8787", "id": "<id>", "token": "<pairing token>" } }: the token then travels as the WebSocket subprotocol';
const KEYRING_NEEDED =
  'auth must be a keyring reference { "keyring": { "url": "http://127.0.0.1:8787", "id": "<id>", "token": "<pairing token>" } }: ' +
  'the relay holds the Roxom key, and the pairing token travels as the WebSocket subprotocol';

/**
 * A connection without a keyring reference: refused, with what to write instead. The URL is still
 * checked (not Roxom's, the bridge path) so every problem shows at once.
 */
export function roxomUrlProblems(url: string): string[] {
  const checked = bridgeUrl(url, KEYRING_RELAY_EXAMPLE);
  const tokenInUrl = checked.ok && checked.url.searchParams.has('token');
  return [...checked.problems, tokenInUrl ? OLDER_FORM_REFUSED : KEYRING_NEEDED];
}

/**
 * The keyring form: the bridge URL without a token (the pairing token travels as a WebSocket
 * subprotocol, from `auth.keyring.token`), and its `/ws/<id>` naming the reference's id.
 */
export function roxomKeyringUrlProblems(url: string, auth: Record<string, unknown>): string[] {
  const checked = bridgeUrl(url, KEYRING_RELAY_EXAMPLE);
  if (!checked.ok) return checked.problems;
  const problems = [...checked.problems];
  if (checked.url.search.length > 0 || checked.url.hash.length > 0) {
    problems.push(
      'url must not carry a query or fragment with a keyring reference: the pairing token belongs in auth.keyring.token only',
    );
  }
  const ref = parseKeyringRef(auth);
  const id = bridgeId(checked.url);
  if (ref.ok && id !== undefined && id !== ref.ref.id) {
    problems.push(
      `url's bridge path /ws/${id} names another relay id than auth.keyring.id (${ref.ref.id}); use the same id in both`,
    );
  }
  return problems;
}

/** The relay id a bridge URL's path names (`/ws/<id>`), when it is one. */
export function bridgeId(url: URL): string | undefined {
  return /^\/ws\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname)?.[1];
}

type BridgeCheck = { ok: true; url: URL; problems: string[] } | { ok: false; problems: string[] };

/** What both forms share: a ws(s) URL, not Roxom's, path `/ws/<id>`, ws:// only to loopback. */
function bridgeUrl(url: string, example: string): BridgeCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problems: [`url must be the keyring relay's WebSocket URL, ${example}`] };
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return {
      ok: false,
      problems: [
        `url must be a ws:// or wss:// URL (the keyring relay's ${example}), got a ${parsed.protocol.replace(/:$/, '')}:// URL`,
      ],
    };
  }
  const host = parsed.hostname.toLowerCase();
  if (host === 'roxom.com' || host.endsWith('.roxom.com')) {
    return {
      ok: false,
      problems: [
        `url points at Roxom itself (${host}); a browser cannot send the signed X-API-Key / X-API-Signature headers Roxom requires — run the keyring relay and use its URL, ${example}`,
      ],
    };
  }
  const problems: string[] = [];
  if (bridgeId(parsed) === undefined) {
    problems.push(
      `url must be the keyring relay's bridge path /ws/<id> (the relay config's venue id), as in ${example}`,
    );
  }
  if (parsed.protocol === 'ws:' && !LOOPBACK.test(host)) {
    problems.push(
      `url uses ws:// to ${host}: the pairing token would travel unencrypted; use wss:// for a relay that is not on this machine`,
    );
  }
  return { ok: true, url: parsed, problems };
}

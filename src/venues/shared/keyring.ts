import { jwtExpiresAt } from './jwt';
import { displayUrl, secretStrings } from './redact';

/**
 * Keyring references (docs/contract.md section 2): `auth: { "keyring": { "url", "id", "token" } }` makes the
 * dashboard fetch a short-lived credential from the local keyring relay (relay/, docs/contract.md section 4)
 * with `GET <url>/credentials/<id>` and the pairing token as bearer, and fetch it again before it
 * expires (managed-connection.ts). The credential lives in memory only.
 *
 * Every failure is a `KeyringError` with a reason fit for the connection's status line: it names the
 * relay URL (no query) and the id, never the pairing token or a credential.
 */

export interface KeyringRef {
  /** The relay's base URL, e.g. http://127.0.0.1:8787. */
  url: string;
  /** The venue id in the relay's config. */
  id: string;
  /** The relay's pairing token (a secret). */
  token: string;
}

export interface KeyringCredential {
  /** What the venue's session expects in `auth`: Rails `{ token }`, CoinSwitch `{ apiKey, expires, signature }`. */
  credential: Record<string, unknown>;
  /** Unix ms at which the credential stops working, when known. */
  expiresAt?: number;
  /** The WebSocket endpoint the relay minted it for (its `url`): the only place it may be sent. */
  endpoint?: string;
}

/** The relay refused for good (401 token, 403 origin, 404 id): retrying cannot help. */
export type KeyringErrorKind =
  | 'unreachable'
  | 'token'
  | 'origin'
  | 'unknown-id'
  | 'upstream'
  | 'bad-response'
  | 'aborted'
  /** The credential is for another endpoint than the connection's (or the relay did not say): never sent. */
  | 'endpoint'
  /** Nothing here can reach a relay (no fetch). */
  | 'unavailable';

export class KeyringError extends Error {
  constructor(
    readonly kind: KeyringErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KeyringError';
  }

  /** A 401, 403 or 404 from the relay, a credential for elsewhere: show `error`, do not retry until the user changes something. */
  get permanent(): boolean {
    return (
      this.kind === 'token' ||
      this.kind === 'origin' ||
      this.kind === 'unknown-id' ||
      this.kind === 'endpoint' ||
      this.kind === 'unavailable'
    );
  }
}

/** The fetch the dashboard uses (the worker's `fetch`, bound; a fake in tests). */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** Whether `auth` carries a well-formed keyring reference. */
export function isKeyringRef(auth: unknown): auth is { keyring: KeyringRef } & Record<string, unknown> {
  return parseKeyringRef(auth).ok;
}

export type KeyringRefResult = { ok: true; ref: KeyringRef } | { ok: false; problems: string[] };

/** Checks `auth.keyring`; problems name the fields, never their values (the token is a secret). */
export function parseKeyringRef(auth: unknown): KeyringRefResult {
  const keyring = isRecord(auth) ? auth.keyring : undefined;
  if (!isRecord(keyring)) return { ok: false, problems: ['auth.keyring must be an object { "url", "id", "token" }'] };
  const problems: string[] = [];
  const { url, id, token } = keyring;
  if (typeof url !== 'string' || !isHttpUrl(url))
    problems.push('auth.keyring.url must be the relay\'s http(s) URL, e.g. "http://127.0.0.1:8787"');
  else if (!isLoopbackUrl(url))
    problems.push(
      'auth.keyring.url must be a loopback address (127.0.0.1, [::1] or localhost): the keyring relay runs on this machine',
    );
  if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id))
    problems.push('auth.keyring.id must be a venue id from the relay\'s config, e.g. "rails-btc"');
  if (typeof token !== 'string' || token.length === 0)
    problems.push("auth.keyring.token must be the relay's pairing token");
  if (problems.length > 0 || typeof url !== 'string' || typeof id !== 'string' || typeof token !== 'string')
    return { ok: false, problems };
  return { ok: true, ref: { url, id, token } };
}

/**
 * The secret strings of an `auth` for redaction: everything but a keyring reference's `url` and `id`
 * (not secret, and a reason that names the relay must stay readable); its pairing token included.
 */
export function authSecrets(auth: Record<string, unknown>): string[] {
  const { keyring, ...rest } = auth;
  const out = secretStrings(rest);
  if (isRecord(keyring)) secretStrings(keyring.token, out);
  return out;
}

/** `GET <url>/credentials/<id>` with the pairing token as bearer. */
export async function fetchKeyringCredential(
  ref: KeyringRef,
  fetchFn: FetchFn,
  signal?: AbortSignal,
): Promise<KeyringCredential> {
  const base = displayUrl(ref.url).replace(/\/+$/, '');
  const at = `keyring relay at ${base}`;
  let response: Response;
  try {
    response = await fetchFn(`${base}/credentials/${encodeURIComponent(ref.id)}`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${ref.token}` },
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      signal,
    });
  } catch {
    if (signal?.aborted) throw new KeyringError('aborted', `${at} did not answer`);
    // A browser reports a CORS refusal exactly like a network failure.
    throw new KeyringError(
      'unreachable',
      `${at} is not reachable: is \`npm run relay\` running? (a relay whose allowedOrigins lacks this page's origin${originSuffix()} looks the same to a browser)`,
    );
  }

  if (!response.ok) {
    const detail = await relayError(response);
    switch (response.status) {
      case 401:
        throw new KeyringError(
          'token',
          `the relay refused the pairing token (${at}, id "${ref.id}"): check auth.keyring.token against the relay's token`,
          401,
        );
      case 403:
        throw new KeyringError(
          'origin',
          `the relay does not allow this page's origin${originSuffix()}: add it to allowedOrigins in the relay's config`,
          403,
        );
      case 404:
        throw new KeyringError(
          'unknown-id',
          `the ${at} has no credential venue "${ref.id}": check auth.keyring.id against the relay's venues`,
          404,
        );
      case 502:
        throw new KeyringError(
          'upstream',
          `the ${at} could not get a credential from the venue${detail ? `: ${detail}` : ''}`,
          502,
        );
      default:
        throw new KeyringError(
          'bad-response',
          `the ${at} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`,
          response.status,
        );
    }
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (signal?.aborted) throw new KeyringError('aborted', `${at} did not answer`);
    throw new KeyringError('bad-response', `the ${at} answered with something that is not JSON`);
  }
  return credentialFrom(body, at);
}

/**
 * Rails `{ token, expiresAt? }` (else the JWT's `exp`); CoinSwitch `{ apiKey, expires, signature }`; both
 * with `url`, the WebSocket endpoint the credential is for.
 */
function credentialFrom(body: unknown, at: string): KeyringCredential {
  if (!isRecord(body))
    throw new KeyringError('bad-response', `the ${at} answered with something that is not a credential`);
  const endpoint = typeof body.url === 'string' && body.url.length > 0 ? { endpoint: body.url } : {};
  return { ...credentialFields(body, at), ...endpoint };
}

function credentialFields(body: Record<string, unknown>, at: string): KeyringCredential {
  const given = typeof body.expiresAt === 'number' && Number.isFinite(body.expiresAt) ? body.expiresAt : undefined;
  if (typeof body.token === 'string' && body.token.length > 0) {
    const exp = jwtExpiresAt(body.token);
    const expiresAt = given !== undefined && exp !== undefined ? Math.min(given, exp) : (given ?? exp);
    return expiresAt === undefined
      ? { credential: { token: body.token } }
      : { credential: { token: body.token }, expiresAt };
  }
  const expires = typeof body.expires === 'string' && /^\d+$/.test(body.expires) ? Number(body.expires) : body.expires;
  if (
    typeof body.apiKey === 'string' &&
    typeof body.signature === 'string' &&
    typeof expires === 'number' &&
    Number.isFinite(expires)
  ) {
    return { credential: { apiKey: body.apiKey, expires, signature: body.signature }, expiresAt: expires };
  }
  throw new KeyringError(
    'bad-response',
    `the ${at} answered with something that is not a credential (neither { token } nor { apiKey, expires, signature })`,
  );
}

/** The relay's `{ "error": "..." }`: short, one line (the lifecycle redacts it again before showing it). */
async function relayError(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    const error = isRecord(body) ? body.error : undefined;
    if (typeof error !== 'string') return '';
    const line = error.replace(/\s+/g, ' ').trim();
    return line.length > 160 ? `${line.slice(0, 160)}…` : line;
  } catch {
    return '';
  }
}

function originSuffix(): string {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === 'string' && origin !== 'null' ? ` ${origin}` : '';
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** 127.0.0.0/8, [::1] or localhost: the keyring relay binds loopback only. */
export function isLoopbackUrl(text: string): boolean {
  try {
    const host = new URL(text).hostname.toLowerCase();
    return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * Whether two WebSocket URLs name the same endpoint: scheme, host, port and path (a trailing slash
 * aside); the query is ignored, since adapters append their venue's parameters.
 */
export function sameEndpoint(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const path = (u: URL) => u.pathname.replace(/\/+$/, '');
    return x.protocol === y.protocol && x.host.toLowerCase() === y.host.toLowerCase() && path(x) === path(y);
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

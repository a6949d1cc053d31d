import { sign } from 'node:crypto';
import type { CoinSwitchVenue, RailsVenue } from './config';
import { oneLine } from './log';

/**
 * Minting the short-lived credentials the browser needs (docs/contract.md section 4;
 * docs/venues/coinswitch.md, docs/venues/rails.md).
 * Failures become `UpstreamError`s whose message is safe to log and to send to the browser: the
 * venue's HTTP status and, at most, a short error text from its JSON body with our own secrets removed.
 */

/** What `GET /credentials/<id>` answers for Rails: the contract's `token`, plus `expiresAt` (Unix ms). */
export interface RailsCredential {
  token: string;
  expiresAt: number;
}

/** What it answers for CoinSwitch: the triple from the signature endpoint (`expires` in Unix ms). */
export interface CoinSwitchCredential {
  apiKey: string;
  expires: number;
  signature: string;
}

export class UpstreamError extends Error {
  constructor(
    message: string,
    /** The venue did not answer in time (the REST proxy answers 504 for it; /credentials 502). */
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface MintDeps {
  fetch: typeof globalThis.fetch;
  now: () => number;
  /** Per upstream request. */
  timeoutMs: number;
}

/** `POST tokenUrl` with `X-Api-Key` / `X-Api-Secret` → `{ access_token, token_type, expires_in }`. */
export async function mintRailsToken(
  venue: Pick<RailsVenue, 'tokenUrl' | 'apiKey' | 'apiSecret'>,
  deps: MintDeps,
): Promise<RailsCredential> {
  const started = deps.now();
  const response = await request(
    deps,
    venue.tokenUrl,
    {
      method: 'POST',
      headers: { 'X-Api-Key': venue.apiKey, 'X-Api-Secret': venue.apiSecret, Accept: 'application/json' },
    },
    'Rails token endpoint',
    [venue.apiKey, venue.apiSecret],
  );
  const body = await readJson(response, 'Rails token endpoint');
  const token = body.access_token;
  const expiresIn = body.expires_in;
  if (typeof token !== 'string' || token.length === 0)
    throw new UpstreamError('Rails token endpoint answered without an access_token');
  // `expires_in` counts from when the venue issued the token; the JWT's own `exp` is the authority.
  let expiresAt = typeof expiresIn === 'number' && expiresIn > 0 ? started + expiresIn * 1000 : undefined;
  const exp = jwtExp(token);
  if (exp !== undefined) expiresAt = expiresAt === undefined ? exp : Math.min(expiresAt, exp);
  if (expiresAt === undefined) throw new UpstreamError('Rails token endpoint answered without expires_in');
  return { token, expiresAt };
}

/**
 * `GET signatureUrl[?expires_in_seconds=N]` with `X-AUTH-APIKEY`, `X-AUTH-EPOCH` (ms) and
 * `X-AUTH-SIGNATURE` = hex Ed25519 signature of `GET` + URL-decoded path with query + epoch
 * → `{ api_key, expires, signature }`.
 */
export async function mintCoinSwitchSignature(
  venue: Pick<CoinSwitchVenue, 'signatureUrl' | 'apiKey' | 'secretKey' | 'expiresInSeconds'>,
  deps: MintDeps,
): Promise<CoinSwitchCredential> {
  const url = new URL(venue.signatureUrl);
  // Appended as text: URLSearchParams would re-encode the rest of the query the venue signs.
  if (venue.expiresInSeconds !== undefined && !url.searchParams.has('expires_in_seconds')) {
    url.search = `${url.search ? `${url.search}&` : '?'}expires_in_seconds=${venue.expiresInSeconds}`;
  }
  const epoch = String(deps.now());
  const signature = coinSwitchSignature(venue, 'GET', url, epoch);
  const response = await request(
    deps,
    url.toString(),
    {
      method: 'GET',
      headers: {
        'X-AUTH-APIKEY': venue.apiKey,
        'X-AUTH-SIGNATURE': signature,
        'X-AUTH-EPOCH': epoch,
        Accept: 'application/json',
      },
    },
    'CoinSwitch signature endpoint',
    [venue.apiKey, signature],
  );
  const body = await readJson(response, 'CoinSwitch signature endpoint');
  const apiKey = body.api_key;
  const expires = typeof body.expires === 'string' && /^\d+$/.test(body.expires) ? Number(body.expires) : body.expires;
  const socketSignature = body.signature;
  if (
    typeof apiKey !== 'string' ||
    typeof socketSignature !== 'string' ||
    typeof expires !== 'number' ||
    !Number.isFinite(expires)
  ) {
    throw new UpstreamError('CoinSwitch signature endpoint answered without api_key, expires and signature');
  }
  return { apiKey, expires, signature: socketSignature };
}

/** The request signature: Ed25519 over `METHOD + decodeURIComponent(path + query) + epoch`, hex. */
export function coinSwitchSignature(
  venue: Pick<CoinSwitchVenue, 'secretKey'>,
  method: string,
  url: URL,
  epoch: string,
): string {
  let pathWithQuery = `${url.pathname}${url.search}`;
  try {
    pathWithQuery = decodeURIComponent(pathWithQuery);
  } catch {
    // Not valid percent-encoding: sign it as it is.
  }
  return sign(null, Buffer.from(`${method}${pathWithQuery}${epoch}`, 'utf8'), venue.secretKey).toString('hex');
}

async function request(
  deps: MintDeps,
  url: string,
  init: RequestInit,
  what: string,
  secrets: string[],
): Promise<Response> {
  let response: Response;
  try {
    response = await deps.fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(deps.timeoutMs) });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
      throw new UpstreamError(`${what} did not answer within ${seconds(deps.timeoutMs)}`, true);
    throw new UpstreamError(`${what} is not reachable (${causeCode(error)})`);
  }
  if (response.ok) return response;
  const detail = await errorText(response, secrets);
  const limited = response.status === 429 ? ' (rate limited)' : '';
  throw new UpstreamError(`${what} answered HTTP ${response.status}${limited}${detail ? `: ${detail}` : ''}`);
}

async function readJson(response: Response, what: string): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new UpstreamError(`${what} answered with something that is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new UpstreamError(`${what} answered with something that is not a JSON object`);
  return body as Record<string, unknown>;
}

/** A venue's `{"error": "..."}` (or `message`, `retMsg`), short, with anything credential-like removed. */
async function errorText(response: Response, secrets: string[]): Promise<string> {
  try {
    const body: unknown = JSON.parse((await response.text()).slice(0, 4096));
    if (typeof body !== 'object' || body === null) return '';
    const record = body as Record<string, unknown>;
    const text = [record.error, record.message, record.retMsg, record.msg].find(
      (v): v is string => typeof v === 'string',
    );
    if (!text) return '';
    const clean = oneLine(withoutSecrets(text, secrets))
      .replace(/["\\]+/g, ' ')
      .replace(/\beyJ[\w-]*\.[\w-]*\.?[\w-]*/g, '[redacted]')
      .replace(/\b[0-9a-fA-F]{32,}\b/g, '[redacted]')
      .replace(/[A-Za-z0-9+/_-]{40,}={0,2}/g, '[redacted]')
      .trim();
    return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
  } catch {
    return '';
  }
}

/** A timeout as "10 s" (or "0.2 s" when shorter than a second). */
export function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms / 1000} s`;
}

/** Replaces every occurrence of our own secrets (keys, signatures, tokens) in text from a venue. */
export function withoutSecrets(text: string, secrets: string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length > 0) clean = clean.split(secret).join('[redacted]');
  return clean;
}

export function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}

/** `exp` of a JWT in ms, unverified (only to know when it ends). */
function jwtExp(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

import type { CoinSwitchVenue, RailsVenue, RelayVenue, RoxomVenue } from './config';
import { causeCode, coinSwitchSignature, seconds, UpstreamError, withoutSecrets, type MintDeps } from './credentials';
import { byteSize } from './log';
import type { RailsTokens } from './rails-tokens';
import { roxomSignature } from './roxom-bridge';

/**
 * `GET /rest/<id>/<path>?<query>` (docs/contract.md section 4): the relay signs the request as the venue
 * requires and forwards it to `restUrl` + path + query; the venue's status and body come back as they
 * came (our own secrets removed, should a venue echo them). The path has been checked against the
 * venue's allowlist (rest-allowlist.ts) before this runs.
 *
 * - CoinSwitch: `X-AUTH-APIKEY`, `X-AUTH-EPOCH` (ms), `X-AUTH-SIGNATURE` = hex Ed25519 of
 *   `GET` + URL-decoded path with query + epoch (the socket-signature call's signing).
 * - Roxom: `X-API-Key`, `X-API-Signature` = base64 RSA PKCS#1 v1.5 SHA-256 of `GET:<path>?<query>`
 *   (the query included when present [guess]: one doc revision signs the path only).
 * - Rails: `Authorization: Bearer <access token>`, minted from `tokenUrl` and reused while valid; a
 *   reused token the venue answers 401 for is dropped and the request sent once more with a new one.
 *
 * Redirects are not followed (502), the body is capped (502 "venue answer too large"), a venue that
 * does not answer in time is 504, one that cannot be reached 502; these messages are safe to show.
 */

export interface RestDeps extends MintDeps {
  /** Upstream bodies larger than this are refused (502). */
  maxBodyBytes: number;
  railsTokens: RailsTokens;
}

export interface RestAnswer {
  status: number;
  body: Buffer;
}

export class RestError extends Error {
  constructor(
    message: string,
    readonly status: 502 | 504,
  ) {
    super(message);
    this.name = 'RestError';
  }
}

const VENUE_NAMES: Record<RelayVenue['venue'], string> = {
  coinswitch: 'CoinSwitch',
  rails: 'Rails',
  roxom: 'Roxom',
};

/** `restUrl` (its path kept, trailing `/` dropped) + the allowed path + the query. */
export function restTarget(restUrl: string, path: string, query: string): URL {
  const base = new URL(restUrl);
  return new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${path}${query ? `?${query}` : ''}`);
}

export async function forwardRest(
  venue: RelayVenue,
  restUrl: string,
  path: string,
  query: string,
  deps: RestDeps,
): Promise<RestAnswer> {
  const url = restTarget(restUrl, path, query);
  const what = `${VENUE_NAMES[venue.venue]} REST API`;
  try {
    switch (venue.venue) {
      case 'coinswitch':
        return await send(url, coinSwitchHeaders(venue, url, deps), what, deps);
      case 'roxom':
        return await send(url, roxomHeaders(venue, url), what, deps);
      case 'rails':
        return await sendRails(venue, url, what, deps);
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw new RestError(error.message, error.timedOut ? 504 : 502);
    throw error;
  }
}

function coinSwitchHeaders(venue: CoinSwitchVenue, url: URL, deps: RestDeps): Signed {
  const epoch = String(deps.now());
  const signature = coinSwitchSignature(venue, 'GET', url, epoch);
  return {
    headers: { 'X-AUTH-APIKEY': venue.apiKey, 'X-AUTH-SIGNATURE': signature, 'X-AUTH-EPOCH': epoch },
    secrets: [venue.apiKey, signature],
  };
}

function roxomHeaders(venue: RoxomVenue, url: URL): Signed {
  const signature = roxomSignature(venue.privateKey, `GET:${url.pathname}${url.search}`);
  return { headers: { 'X-API-Key': venue.apiKey, 'X-API-Signature': signature }, secrets: [venue.apiKey, signature] };
}

async function sendRails(venue: RailsVenue, url: URL, what: string, deps: RestDeps): Promise<RestAnswer> {
  const bearer = (token: string): Signed => ({
    headers: { Authorization: `Bearer ${token}` },
    secrets: [token, venue.apiKey, venue.apiSecret],
  });
  const first = await deps.railsTokens.get(venue);
  const answer = await send(url, bearer(first.credential.token), what, deps);
  if (answer.status !== 401 || first.fresh) return answer;
  deps.railsTokens.forget(venue.id, first.credential.token);
  const again = await deps.railsTokens.mint(venue);
  return send(url, bearer(again.token), what, deps);
}

interface Signed {
  headers: Record<string, string>;
  /** Removed from the venue's answer should it echo them. */
  secrets: string[];
}

async function send(url: URL, signed: Signed, what: string, deps: RestDeps): Promise<RestAnswer> {
  const signal = AbortSignal.timeout(deps.timeoutMs);
  let response: Response;
  try {
    response = await deps.fetch(url.href, {
      method: 'GET',
      headers: { ...signed.headers, Accept: 'application/json' },
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw failure(error, what, deps, 'is not reachable');
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new RestError(
      `${what} answered with a redirect (HTTP ${response.status}), which the relay does not follow`,
      502,
    );
  }
  const body = await readCapped(response, what, deps);
  return { status: response.status, body: scrub(body, signed.secrets) };
}

async function readCapped(response: Response, what: string, deps: RestDeps): Promise<Buffer> {
  const tooLarge = () =>
    new RestError(`venue answer too large: ${what} answered more than ${byteSize(deps.maxBodyBytes)}`, 502);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > deps.maxBodyBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > deps.maxBodyBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof RestError) throw error;
    throw failure(error, what, deps, 'broke off its answer');
  }
  return Buffer.concat(chunks);
}

function failure(error: unknown, what: string, deps: RestDeps, otherwise: string): RestError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new RestError(`${what} did not answer within ${seconds(deps.timeoutMs)}`, 504);
  return new RestError(`${what} ${otherwise} (${causeCode(error)})`, 502);
}

/** The venue's bytes, unless one of our secrets is in them (then as text with the secret replaced). */
function scrub(body: Buffer, secrets: string[]): Buffer {
  if (!secrets.some((secret) => secret.length > 0 && body.includes(secret))) return body;
  return Buffer.from(withoutSecrets(body.toString('utf8'), secrets), 'utf8');
}

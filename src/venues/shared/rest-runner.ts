import type { RestRequest, RestResult, RestTarget } from '../types';
import type { Clock } from './clock';
import type { FetchFn, KeyringRef } from './keyring';
import { displayUrl } from './redact';

/**
 * Performs the REST reads a session asks for (recovery after a gap; src/venues/shared/README.md), read
 * only (GET), with a timeout and a size cap, and turns every outcome into a `RestResult`: the venue's
 * status and body whatever the status, or `{ ok: false, error }` with a reason that never holds a secret
 * (no header, no query: the error names the host and path only).
 *
 * Where a request goes:
 * - a keyring connection: `GET <relay>/rest/<id><path>?<query>` with the pairing token as bearer; the
 *   relay signs it as the venue requires (docs/contract.md section 4);
 * - any other: the adapter's `RestTarget` (base URL + headers, e.g. Rails' bearer JWT);
 * - neither: no request at all, `{ ok: false }` saying there is no REST for this connection.
 */

export const REST_TIMEOUT_MS = 15_000;
export const REST_MAX_BODY_CHARS = 8 * 1024 * 1024;

export type RestRoute = { keyring: KeyringRef } | { target: RestTarget } | undefined;

export interface RestRunnerDeps {
  fetch: FetchFn | undefined;
  clock: Clock;
  timeoutMs?: number;
}

/** The URL and headers of one request, or why there are none. */
export function restRequestUrl(
  route: RestRoute,
  request: RestRequest,
): { url: string; headers: Record<string, string> } | string {
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(request.path) || request.path.includes('..') || request.path.includes('//'))
    return `the session asked for a REST path that is not a plain path (${request.path.slice(0, 60)})`;
  const query = request.query ? new URLSearchParams(request.query).toString() : '';
  const suffix = `${request.path}${query ? `?${query}` : ''}`;
  if (!route) return 'this connection has no REST access (no keyring relay and no REST endpoint for its venue)';
  if ('keyring' in route) {
    const base = route.keyring.url.replace(/\/+$/, '');
    return {
      url: `${base}/rest/${encodeURIComponent(route.keyring.id)}${suffix}`,
      headers: { Authorization: `Bearer ${route.keyring.token}` },
    };
  }
  return { url: `${route.target.baseUrl.replace(/\/+$/, '')}${suffix}`, headers: { ...route.target.headers } };
}

/** One GET; never rejects. */
export async function runRest(route: RestRoute, request: RestRequest, deps: RestRunnerDeps): Promise<RestResult> {
  const built = restRequestUrl(route, request);
  if (typeof built === 'string') return { ok: false, error: built };
  const fetchFn = deps.fetch;
  if (!fetchFn) return { ok: false, error: 'nothing here can make HTTP requests (no fetch)' };
  const where = `${displayUrl(built.url.split('?')[0] ?? built.url)}`;
  const timeoutMs = deps.timeoutMs ?? REST_TIMEOUT_MS;
  const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
  let timedOut = false;
  const timer = deps.clock.setTimeout(() => {
    timedOut = true;
    abort?.abort();
  }, timeoutMs);
  try {
    const response = await fetchFn(built.url, {
      method: 'GET',
      headers: built.headers,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      signal: abort?.signal,
    });
    const declared = Number(response.headers?.get?.('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > REST_MAX_BODY_CHARS)
      return { ok: false, error: `${where} answered more than ${REST_MAX_BODY_CHARS / 1024 / 1024} MiB` };
    const body = await response.text();
    if (body.length > REST_MAX_BODY_CHARS)
      return { ok: false, error: `${where} answered more than ${REST_MAX_BODY_CHARS / 1024 / 1024} MiB` };
    return { ok: true, status: response.status, body };
  } catch {
    if (timedOut) return { ok: false, error: `${where} did not answer within ${Math.round(timeoutMs / 1000)} s` };
    // A browser reports a CORS refusal exactly like a network failure.
    return { ok: false, error: `${where} is not reachable (network error, or CORS refused this page)` };
  } finally {
    deps.clock.clearTimeout(timer);
  }
}

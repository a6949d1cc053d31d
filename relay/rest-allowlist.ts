import type { RelayVenue } from './config';

/**
 * The read-only GET paths `GET /rest/<id>/<path>` forwards, per venue kind: the ones a venue's recovery
 * after a gap needs (docs/venues/<venue>.md, "Recovery after a gap"), nothing else.
 *
 * A path is matched whole, as the client sent it (never decoded first): an allowed path is plain
 * segments of letters, digits and `-`, so `..`, `.`, `%2f` (or any `%`), `//`, a trailing `/` or a
 * backslash can never match. What is matched is exactly what is forwarded.
 */
export const REST_ALLOWLIST: Record<RelayVenue['venue'], readonly RegExp[]> = {
  coinswitch: [/^\/v5\/execution\/list$/, /^\/v5\/order\/realtime$/],
  roxom: [
    /^\/api\/v1\/orders$/,
    // One order with its fills: one segment, the order id.
    /^\/api\/v1\/orders\/[A-Za-z0-9-]{1,128}$/,
    /^\/api\/v1\/positions$/,
    /^\/api\/v1\/accounts\/balance$/,
  ],
  rails: [/^\/api\/v1\/completed-orders$/, /^\/api\/v1\/open-orders$/, /^\/api\/v1\/positions$/],
};

/** Whether `path` (the raw text after `/rest/<id>`, without the query) may be forwarded for this venue kind. */
export function restPathAllowed(kind: RelayVenue['venue'], path: string): boolean {
  return REST_ALLOWLIST[kind].some((pattern) => pattern.test(path));
}

/** The longest query passed through; longer is refused (the allowed calls take a few short parameters). */
export const MAX_REST_QUERY_LENGTH = 2048;

/**
 * The query as the client sent it (without the `?`), or undefined when it cannot be passed through
 * unchanged: a `#`, control characters or spaces, or too long. An empty query is ''.
 */
export function restQuery(target: string): string | undefined {
  const mark = target.indexOf('?');
  if (mark === -1) return '';
  const query = target.slice(mark + 1);
  if (query.length > MAX_REST_QUERY_LENGTH) return undefined;
  return /^[\x21-\x7e]*$/.test(query) && !query.includes('#') ? query : undefined;
}

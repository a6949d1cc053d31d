/**
 * Reasons and error messages are shown on screen and may end up in an exported snapshot, so they
 * pass through `redact` first: no query string or fragment of a URL (a relay URL carries
 * `?token=`), no `token=`-style pairs, no JWT-looking strings, and none of the connection's own
 * secret values.
 */

const MAX_REASON_LENGTH = 300;
const URL_WITH_QUERY = /\b((?:wss?|https?):\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;
const SECRET_NAMES = 'token|access_token|api[_-]?key|apikey|key|signature|secret|password|passwd|jwt';
/** `token=abc` (query style) and `"token":"abc"` (JSON style); `token: missing` is left alone. */
const SECRET_QUERY_PAIR = new RegExp(`\\b(${SECRET_NAMES})=[^\\s&,;"'}]+`, 'gi');
const SECRET_JSON_PAIR = new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"[^"]*"`, 'gi');
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const MIN_SECRET_LENGTH = 6;

/** A URL without its query string and fragment: safe to show. */
export function displayUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/** Every string of at least a few characters inside `value` (e.g. a connection's `auth`). */
export function secretStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.length >= MIN_SECRET_LENGTH) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) secretStrings(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) secretStrings(item, out);
  }
  return out;
}

export function redact(text: string, secrets: readonly string[] = []): string {
  const out = scrubSecrets(text, secrets);
  return out.length > MAX_REASON_LENGTH ? `${out.slice(0, MAX_REASON_LENGTH - 1)}…` : out;
}

/** `redact` without the length cap: for whole frames (a recording's outgoing frames). */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('[redacted]');
  }
  out = out
    .replace(URL_WITH_QUERY, '$1')
    .replace(JWT_LIKE, '[redacted]')
    .replace(SECRET_QUERY_PAIR, '$1=[redacted]')
    .replace(SECRET_JSON_PAIR, '$1"[redacted]"');
  return out;
}

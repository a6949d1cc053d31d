/**
 * Checks every venue's `parseOptions` makes the same way: options the venue does not have, a value
 * quoted in a problem, a pasted token. Problems never quote a token.
 */

/** One problem per key of `options` the venue does not have, naming the ones it does. */
export function unknownOptionProblems(
  venue: string,
  options: Record<string, unknown>,
  known: readonly string[],
): string[] {
  const quoted = known.map((key) => `"${key}"`);
  const theyAre =
    quoted.length === 1
      ? `the only one is ${quoted[0]}`
      : `they are ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
  return Object.keys(options)
    .filter((key) => !known.includes(key))
    .map((key) => `options.${key} is not a ${venue} option (${theyAre})`);
}

/** A wrong value as a problem quotes it: text clipped to 24 characters, anything else by its kind. */
export function describeOptionValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
  return value === null ? 'null' : typeof value;
}

export type PastedTokenResult = { ok: true; token: string } | { ok: false; problems: string[] };

/**
 * `auth.token` as pasted: surrounding whitespace and a "Bearer " prefix are removed (and any of the
 * venue's own `prefixes`, e.g. Rails' "authorization#"); a token with spaces or line breaks inside is refused.
 * `missing` is the problem when there is no token at all: it says where the token comes from.
 */
export function parsePastedToken(raw: unknown, missing: string, prefixes: readonly RegExp[] = []): PastedTokenResult {
  if (typeof raw !== 'string' || raw.trim().length === 0) return { ok: false, problems: [missing] };
  let token = raw.trim().replace(/^Bearer\s+/i, '');
  for (const prefix of prefixes) token = token.replace(prefix, '');
  if (/\s/.test(token))
    return { ok: false, problems: ['auth.token contains spaces or line breaks; paste the JWT alone'] };
  return { ok: true, token };
}

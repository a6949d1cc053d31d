/**
 * Credentials a connection URL may carry: user info, and query parameters with the usual secret names
 * (the keyring relay's `?token=` in Roxom's older profile form, docs/contract.md sections 2 and 4).
 * Neither an export without secrets nor the connections saved in the browser may hold them.
 */

const CREDENTIAL_PARAM = /^(token|access_token|api[_-]?key|apikey|key|signature|secret|password|passwd|jwt)$/i;

/** The URL without credentials, or undefined when it carries none (then it stays exactly as given). */
export function urlWithoutCredentials(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const params = [...parsed.searchParams.keys()].filter((k) => CREDENTIAL_PARAM.test(k));
  if (params.length === 0 && parsed.username === '' && parsed.password === '') return undefined;
  parsed.username = '';
  parsed.password = '';
  for (const name of params) parsed.searchParams.delete(name);
  return parsed.toString();
}

/** The URL as it may be saved, exported without secrets, or shown: credentials removed. */
export function publicUrl(url: string): string {
  return urlWithoutCredentials(url) ?? url;
}

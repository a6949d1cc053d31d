/**
 * `?profile=<path>` (docs/contract.md section 2): a link may name a profile served by the dashboard's own
 * origin, and nothing else. A profile carries secrets and decides where the dashboard connects, so a
 * link that could make it load one from elsewhere (`//host`, a backslash form the URL parser reads as
 * `//host`, a scheme, an encoded slash, a control character the parser would drop) is refused whole.
 *
 * Pure: the caller passes what `URLSearchParams` gave (percent-decoded once) and the page's origin.
 * A refusal says which rule failed in fixed words; it never quotes the link (it is someone else's text).
 */

export type ProfileLinkRefusal =
  | 'empty'
  | 'several'
  | 'too-long'
  | 'control-character'
  | 'backslash'
  | 'encoded-separator'
  | 'not-a-path'
  | 'characters'
  | 'other-origin';

export type ProfileLinkCheck = { ok: true; url: URL } | { ok: false; refusal: ProfileLinkRefusal };

export const PROFILE_LINK_MAX_LENGTH = 512;

export const PROFILE_LINK_REFUSALS: Record<ProfileLinkRefusal, string> = {
  empty: 'the link names no profile',
  several: 'the link names more than one profile',
  'too-long': `the profile path is longer than ${PROFILE_LINK_MAX_LENGTH} characters`,
  'control-character': 'the profile path contains a control character',
  backslash: 'the profile path contains a backslash',
  'encoded-separator': 'the profile path contains an encoded slash, backslash, percent sign or control character',
  'not-a-path': 'the profile must be a path on this dashboard (one "/" first), not an address elsewhere',
  characters: 'the profile path contains characters a path to a file on this dashboard does not need',
  'other-origin': 'the profile path leads to another origin',
};

/** Percent-encodings that could become a separator, a second round of decoding, or a control character. */
const DANGEROUS_ENCODING = /%(?:2f|5c|25|[01][0-9a-f]|7f)/i;
/** RFC 3986 path characters, "?" and "=" "&" for a query, and well-formed percent-encodings. */
const PATH_CHARACTERS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/** `values`: every `profile` parameter of the page's query (URLSearchParams.getAll). */
export function checkProfileLink(values: readonly string[], origin: string): ProfileLinkCheck {
  if (values.length > 1) return { ok: false, refusal: 'several' };
  const raw = values[0] ?? '';
  if (raw === '') return { ok: false, refusal: 'empty' };
  if (raw.length > PROFILE_LINK_MAX_LENGTH) return { ok: false, refusal: 'too-long' };
  // The URL parser drops tabs and line breaks, so "/\t/host" would become "//host".
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) return { ok: false, refusal: 'control-character' };
  // Browsers read "\" as "/" in http(s) URLs: "/\host" and "\\host" are "//host".
  if (raw.includes('\\')) return { ok: false, refusal: 'backslash' };
  if (DANGEROUS_ENCODING.test(raw)) return { ok: false, refusal: 'encoded-separator' };
  if (!raw.startsWith('/') || raw.startsWith('//')) return { ok: false, refusal: 'not-a-path' };
  if (!PATH_CHARACTERS.test(raw)) return { ok: false, refusal: 'characters' };
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return { ok: false, refusal: 'not-a-path' };
  }
  // Belt and braces: whatever the rules above missed, the resolved URL must still be ours.
  if (url.origin !== new URL(origin).origin || url.username !== '' || url.password !== '')
    return { ok: false, refusal: 'other-origin' };
  return { ok: true, url };
}

import { PROFILE_LIMITS } from '../domain/profile-schema';
import type { ProfileLinkOutcome } from '../store/profile-link-store';
import { PROFILE_LINK_REFUSALS, checkProfileLink } from './profile-link';

/**
 * Fetches the profile a checked `?profile=` link names (profile-link.ts): from that same-origin URL
 * only, following no redirect (`redirect: 'error'`, and the final URL must be the one asked for), at
 * most PROFILE_LIMITS.bytes. Failures are fixed words, never the server's body.
 */

export type ProfileFetch = { ok: true; text: string } | { ok: false; problem: string };

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

const TOO_LARGE = `the profile is larger than ${PROFILE_LIMITS.bytes / 1024 / 1024} MiB`;

export async function fetchProfileLink(
  url: URL,
  fetchFn: FetchFn = (i, init) => fetch(i, init),
): Promise<ProfileFetch> {
  let response: Response;
  try {
    response = await fetchFn(url.href, {
      redirect: 'error',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
  } catch {
    return {
      ok: false,
      problem:
        'the profile could not be fetched (the server is unreachable, or it redirected: a redirect is never followed)',
    };
  }
  if (response.redirected || response.url !== url.href) {
    await response.body?.cancel();
    return { ok: false, problem: 'the server answered from another address: a redirect is never followed' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, problem: `the server answered HTTP ${response.status}` };
  }
  const declared = Number(response.headers.get('Content-Length') ?? '0');
  if (declared > PROFILE_LIMITS.bytes) {
    await response.body?.cancel();
    return { ok: false, problem: TOO_LARGE };
  }
  const text = await readCapped(response, PROFILE_LIMITS.bytes);
  return text === undefined ? { ok: false, problem: TOO_LARGE } : { ok: true, text };
}

/** The body as UTF-8 text, or undefined as soon as it passes `max` bytes (a length header can lie). */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

export interface ProfileLinkDeps {
  importProfile: (text: string) => { imported: number; problems: string[] };
  report: (outcome: ProfileLinkOutcome) => void;
  fetchFn?: FetchFn;
}

/** The page's `?profile=` link, if any: checked, fetched, imported, and the outcome reported. */
export async function openProfileLink(search: string, origin: string, deps: ProfileLinkDeps): Promise<void> {
  const params = new URLSearchParams(search);
  if (!params.has('profile')) return;
  const check = checkProfileLink(params.getAll('profile'), origin);
  if (!check.ok) return deps.report({ state: 'refused', reason: PROFILE_LINK_REFUSALS[check.refusal] });
  deps.report({ state: 'loading' });
  const fetched = await fetchProfileLink(check.url, deps.fetchFn);
  if (!fetched.ok) return deps.report({ state: 'failed', problem: fetched.problem });
  const { imported, problems } = deps.importProfile(fetched.text);
  deps.report({ state: 'loaded', imported, problems });
}

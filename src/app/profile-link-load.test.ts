import { describe, expect, it } from 'vitest';
import type { ProfileLinkOutcome } from '../store/profile-link-store';
import { fetchProfileLink, openProfileLink, type FetchFn } from './profile-link-load';

const ORIGIN = 'http://127.0.0.1:5173';
const PROFILE = '{"format":"venueboard.connections/v1","connections":[]}';

/** A Response as the browser would hand it over after following (or not) redirects. */
function answer(body: BodyInit | null, init: ResponseInit & { url?: string; redirected?: boolean } = {}): Response {
  const response = new Response(body, init);
  Object.defineProperty(response, 'url', { value: init.url ?? '' });
  Object.defineProperty(response, 'redirected', { value: init.redirected ?? false });
  return response;
}

/** Runs the link and returns the outcomes it reported and every request it made. */
async function open(query: string, reply: (url: string) => Response | Promise<Response>) {
  const outcomes: ProfileLinkOutcome[] = [];
  const requests: { url: string; init: RequestInit }[] = [];
  const fetchFn: FetchFn = async (url, init) => {
    requests.push({ url, init });
    return reply(url);
  };
  const imports: string[] = [];
  await openProfileLink(query, ORIGIN, {
    fetchFn,
    report: (o) => outcomes.push(o),
    importProfile: (text) => {
      imports.push(text);
      return { imported: 0, problems: [] };
    },
  });
  return { outcomes, requests, imports };
}

describe('loading a ?profile= link', () => {
  it('fetches a same-origin path with redirects turned off and imports it', async () => {
    const { outcomes, requests, imports } = await open('?profile=/demo-profile.json', (url) =>
      answer(PROFILE, { url }),
    );
    expect(requests).toEqual([
      {
        url: `${ORIGIN}/demo-profile.json`,
        init: expect.objectContaining({ redirect: 'error', credentials: 'same-origin' }),
      },
    ]);
    expect(imports).toEqual([PROFILE]);
    expect(outcomes.at(-1)).toEqual({ state: 'loaded', imported: 0, problems: [] });
  });

  it('does nothing without a profile parameter', async () => {
    const { outcomes, requests } = await open('?other=1', () => answer(PROFILE));
    expect(outcomes).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('makes no request at all for a refused link, and says why without quoting it', async () => {
    const { outcomes, requests, imports } = await open('?profile=//evil.example/<img src=x onerror=alert(1)>', () =>
      answer(PROFILE),
    );
    expect(requests).toEqual([]);
    expect(imports).toEqual([]);
    expect(outcomes).toEqual([
      {
        state: 'refused',
        reason: 'the profile must be a path on this dashboard (one "/" first), not an address elsewhere',
      },
    ]);
    expect(JSON.stringify(outcomes)).not.toMatch(/evil|onerror/);
  });

  it('refuses a response that came from a redirect, even a same-origin one', async () => {
    const elsewhere = await open('?profile=/p.json', () =>
      answer(PROFILE, { url: 'http://evil.example/p.json', redirected: true }),
    );
    const sameOrigin = await open('?profile=/p.json', () =>
      answer(PROFILE, { url: `${ORIGIN}/other.json`, redirected: true }),
    );
    for (const { outcomes, imports } of [elsewhere, sameOrigin]) {
      expect(imports).toEqual([]);
      expect(outcomes.at(-1)).toEqual({
        state: 'failed',
        problem: 'the server answered from another address: a redirect is never followed',
      });
    }
  });

  it('reports a network error (what redirect: "error" turns a redirect into) without importing', async () => {
    const { outcomes, imports } = await open('?profile=/p.json', () => {
      throw new TypeError('Failed to fetch');
    });
    expect(imports).toEqual([]);
    expect(outcomes.at(-1)).toMatchObject({ state: 'failed' });
  });

  it('reports an HTTP error by its status only', async () => {
    const { outcomes } = await open('?profile=/p.json', (url) => answer('<h1>secret page</h1>', { url, status: 404 }));
    expect(outcomes.at(-1)).toEqual({ state: 'failed', problem: 'the server answered HTTP 404' });
  });
});

describe('the size limit of a linked profile', () => {
  const url = new URL(`${ORIGIN}/p.json`);
  const tooLarge = { ok: false, problem: 'the profile is larger than 1 MiB' };

  it('refuses a declared length over 1 MiB', async () => {
    const reply = answer('{}', { url: url.href, headers: { 'Content-Length': String(2 * 1024 * 1024) } });
    expect(await fetchProfileLink(url, async () => reply)).toEqual(tooLarge);
  });

  it('stops reading a body that passes 1 MiB whatever its header says', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const reply = answer(endless, { url: url.href, headers: { 'Content-Length': '10' } });
    expect(await fetchProfileLink(url, async () => reply)).toEqual(tooLarge);
    expect(pulled).toBeLessThan(20);
  });

  it('reads a body of exactly 1 MiB', async () => {
    const text = ' '.repeat(1024 * 1024);
    const result = await fetchProfileLink(url, async () => answer(text, { url: url.href }));
    expect(result).toEqual({ ok: true, text });
  });
});

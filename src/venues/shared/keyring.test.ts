import { describe, expect, it } from 'vitest';
import {
  authSecrets,
  fetchKeyringCredential,
  isKeyringRef,
  KeyringError,
  parseKeyringRef,
  type FetchFn,
  type KeyringRef,
} from './keyring';

const REF: KeyringRef = { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing-token-0123456789' };

function jwt(claims: Record<string, unknown>): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2ln`;
}

/** A fetch that answers once with `body` (JSON) and `status`, recording the request. */
function answering(status: number, body: unknown): FetchFn & { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return Object.assign(fn, { calls });
}

async function failure(fetchFn: FetchFn, ref = REF): Promise<KeyringError> {
  try {
    await fetchKeyringCredential(ref, fetchFn);
  } catch (error) {
    if (error instanceof KeyringError) return error;
    throw error;
  }
  throw new Error('expected a KeyringError');
}

describe('keyring references', () => {
  it('recognises a well-formed reference, and names the broken fields without their values', () => {
    expect(isKeyringRef({ keyring: REF })).toBe(true);
    expect(isKeyringRef({ token: 'x' })).toBe(false);
    expect(isKeyringRef({ keyring: { ...REF, url: 'ws://127.0.0.1:8787' } })).toBe(false);
    const parsed = parseKeyringRef({ keyring: { url: 'nope', id: 'has space', token: '' } });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'auth.keyring.url must be the relay\'s http(s) URL, e.g. "http://127.0.0.1:8787"',
        'auth.keyring.id must be a venue id from the relay\'s config, e.g. "rails-btc"',
        "auth.keyring.token must be the relay's pairing token",
      ],
    });
  });

  it('treats the pairing token as a secret, but not the relay URL or the id', () => {
    expect(authSecrets({ keyring: REF, token: 'a-fetched-token' })).toEqual(['a-fetched-token', REF.token]);
  });
});

describe('fetchKeyringCredential', () => {
  it('GETs <url>/credentials/<id> with the pairing token as bearer; a Rails token with expiresAt', async () => {
    const token = jwt({ exp: 1_900_000_000 });
    const fetchFn = answering(200, { token, expiresAt: 1_899_999_000_000 });
    const result = await fetchKeyringCredential({ ...REF, url: 'http://127.0.0.1:8787/' }, fetchFn);
    expect(result).toEqual({ credential: { token }, expiresAt: 1_899_999_000_000 });
    expect(fetchFn.calls).toHaveLength(1);
    expect(fetchFn.calls[0]?.url).toBe('http://127.0.0.1:8787/credentials/rails-btc');
    expect(fetchFn.calls[0]?.init).toMatchObject({
      method: 'GET',
      headers: { Authorization: `Bearer ${REF.token}` },
      cache: 'no-store',
      credentials: 'omit',
    });
  });

  it("takes a Rails token's expiry from the JWT when the relay gives none, and never later than the JWT's", async () => {
    const token = jwt({ exp: 1_900_000_000 });
    expect(await fetchKeyringCredential(REF, answering(200, { token }))).toEqual({
      credential: { token },
      expiresAt: 1_900_000_000_000,
    });
    expect((await fetchKeyringCredential(REF, answering(200, { token, expiresAt: 1_900_000_500_000 }))).expiresAt).toBe(
      1_900_000_000_000,
    );
    expect(await fetchKeyringCredential(REF, answering(200, { token: 'opaque' }))).toEqual({
      credential: { token: 'opaque' },
    });
  });

  it('a CoinSwitch triple expires at `expires`', async () => {
    const body = { apiKey: 'socket-key', expires: 1_900_000_300_000, signature: 'ab'.repeat(32) };
    expect(await fetchKeyringCredential({ ...REF, id: 'cs-main' }, answering(200, body))).toEqual({
      credential: body,
      expiresAt: body.expires,
    });
  });

  it('explains each refusal; 401, 403 and 404 are permanent; no reason holds the pairing token', async () => {
    const cases: [number, unknown, string, boolean][] = [
      [
        401,
        { error: 'wrong or missing pairing token' },
        `the relay refused the pairing token (keyring relay at http://127.0.0.1:8787, id "rails-btc"): check auth.keyring.token against the relay's token`,
        true,
      ],
      [
        403,
        { error: 'origin' },
        "the relay does not allow this page's origin: add it to allowedOrigins in the relay's config",
        true,
      ],
      [
        404,
        { error: 'no venue' },
        'the keyring relay at http://127.0.0.1:8787 has no credential venue "rails-btc": check auth.keyring.id against the relay\'s venues',
        true,
      ],
      [
        502,
        { error: 'Rails token endpoint answered HTTP 401: invalid api key or secret' },
        'the keyring relay at http://127.0.0.1:8787 could not get a credential from the venue: Rails token endpoint answered HTTP 401: invalid api key or secret',
        false,
      ],
      [500, undefined, 'the keyring relay at http://127.0.0.1:8787 answered HTTP 500', false],
      [
        200,
        { hello: 'world' },
        'the keyring relay at http://127.0.0.1:8787 answered with something that is not a credential (neither { token } nor { apiKey, expires, signature })',
        false,
      ],
    ];
    for (const [status, body, message, permanent] of cases) {
      const error = await failure(answering(status, body));
      expect(error.message).toBe(message);
      expect(error.permanent).toBe(permanent);
      expect(error.message).not.toContain(REF.token);
    }
  });

  it('an unreachable relay says to start it (and that a refused origin looks the same to a browser)', async () => {
    const error = await failure(async () => {
      throw new TypeError('fetch failed');
    });
    expect(error.kind).toBe('unreachable');
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(
      /^keyring relay at http:\/\/127\.0\.0\.1:8787 is not reachable: is `npm run relay` running\? \(a relay whose allowedOrigins lacks this page's origin looks the same to a browser\)$/,
    );
  });

  it("names the page's origin when there is one (a worker's location)", async () => {
    const global = globalThis as { location?: unknown };
    global.location = { origin: 'http://localhost:5173' };
    try {
      const error = await failure(answering(403, {}));
      expect(error.message).toBe(
        "the relay does not allow this page's origin http://localhost:5173: add it to allowedOrigins in the relay's config",
      );
    } finally {
      delete global.location;
    }
  });

  it('never puts a query of the relay URL into a reason', async () => {
    const error = await failure(
      async () => {
        throw new TypeError('fetch failed');
      },
      { ...REF, url: 'http://127.0.0.1:8787/?token=leak-me-please' },
    );
    expect(error.message).not.toContain('leak-me-please');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../core/clock';
import { RailsTestClient, jwtClaims, startRails, type RailsUnderTest } from './test-support';

let sim: RailsUnderTest;
let clock: ManualScheduler;

beforeEach(async () => {
  clock = new ManualScheduler();
  // Virtual time, core not running: the clock moves only when a test advances it.
  sim = await startRails({ scheduler: clock, run: false });
});

afterEach(async () => {
  await sim.stop();
});

function tokenRequest(headers: Record<string, string>, method = 'POST'): Promise<Response> {
  return fetch(sim.rails.credential('valid').tokenUrl, { method, headers });
}

function keyPair(): Record<string, string> {
  const { apiKey, apiSecret } = sim.rails.credential('valid');
  return { 'X-Api-Key': apiKey, 'X-Api-Secret': apiSecret };
}

describe('Rails token endpoint (POST /api/v1/token)', () => {
  it('answers a valid key pair with a 30-minute HS256 JWT like the seed example', async () => {
    const response = await tokenRequest(keyPair());
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in']);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(1800);
    const header = JSON.parse(Buffer.from(body.access_token.split('.')[0] ?? '', 'base64url').toString()) as unknown;
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = jwtClaims(body.access_token);
    expect(Object.keys(claims)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat']);
    expect(claims.iss).toBe('staging.fungible.xyz');
    expect(claims.aud).toEqual(['staging-app.fungible.xyz']);
    expect(claims.sub).toBe(sim.rails.ledger().accountId);
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.iat).toBe(Math.floor(clock.now() / 1000));
    expect(claims.exp).toBe((claims.iat as number) + 1800);

    // The minted token opens the WebSocket.
    const client = await RailsTestClient.connect(sim.wsUrl('BTC-USDT'), body.access_token);
    expect(client.socket.protocol).toBe(`authorization#${body.access_token}`);
    client.close();
  });

  it.each([
    ['a wrong secret', (h: Record<string, string>) => ({ ...h, 'X-Api-Secret': 'nope' })],
    ['an unknown key', (h: Record<string, string>) => ({ ...h, 'X-Api-Key': 'someone-else' })],
    ['no secret', (h: Record<string, string>) => ({ 'X-Api-Key': h['X-Api-Key'] ?? '' })],
    ['no headers', () => ({})],
  ])('answers %s with 401 and a JSON error', async (_what, headers) => {
    const response = await tokenRequest(headers(keyPair()));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ error: 'invalid api key or secret' });
  });

  it('allows 20 requests a minute per key, then 429, over a sliding window', async () => {
    const ok = async () => (await tokenRequest(keyPair())).status;
    for (let i = 0; i < 10; i++) expect(await ok()).toBe(200);
    clock.advance(30_000);
    for (let i = 0; i < 10; i++) expect(await ok()).toBe(200);

    const refused = await tokenRequest(keyPair());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({ error: 'too many requests' });
    // A wrong secret on the same key counts against the same limit.
    expect((await tokenRequest({ ...keyPair(), 'X-Api-Secret': 'nope' })).status).toBe(429);

    clock.advance(29_999);
    expect(await ok()).toBe(429);
    clock.advance(1); // the first ten leave the window; the last ten are still in it
    for (let i = 0; i < 10; i++) expect(await ok()).toBe(200);
    expect(await ok()).toBe(429);
  });

  it('answers the CORS preflight and refuses other methods and paths', async () => {
    const preflight = await tokenRequest(
      {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-api-key,x-api-secret',
      },
      'OPTIONS',
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-api-secret');

    expect((await tokenRequest(keyPair(), 'GET')).status).toBe(405);
    const base = sim.rails.credential('valid').tokenUrl.replace('/api/v1/token', '');
    expect((await fetch(`${base}/api/v1/markets`)).status).toBe(404);
    expect((await fetch(`${base}/`)).status).toBe(426);
  });

  it('hands out valid, expired and badly signed tokens through credential()', () => {
    const valid = sim.rails.credential('valid');
    const expired = jwtClaims(sim.rails.credential('expired').token);
    const invalid = sim.rails.credential('invalid').token;
    expect(jwtClaims(valid.token).exp).toBe(Math.floor(clock.now() / 1000) + 1800);
    expect((expired.exp as number) * 1000).toBeLessThan(clock.now());
    expect(jwtClaims(invalid)).toEqual(jwtClaims(valid.token));
    expect(invalid.split('.')[2]).not.toBe(valid.token.split('.')[2]);
    expect(valid.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/token$/);
  });
});

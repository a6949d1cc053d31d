/**
 * GET /rest/<id>/<path>: each venue's stand-in verifies the request exactly as the venue does
 * (CoinSwitch: Ed25519 with the public key; Roxom: RSA with the public key; Rails: a bearer it minted),
 * the venue's status and body come back as they came, and every way out of the allowlist is a 404
 * that never reaches the venue.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RelayConfigInput } from './config';
import { startRelay, type RunningRelay } from './index';
import {
  CS_KEY,
  CS_WS_URL,
  ORIGIN,
  RAILS_WS_URL,
  ROXOM_KEY,
  captureLog,
  coinSwitchVerifier,
  makeTestKeys,
  railsStand,
  restStand,
  roxomVerifier,
  testConfig,
  type RailsStand,
  type RestStand,
} from './test-support';

const keys = makeTestKeys();
const other = makeTestKeys();
const log = captureLog();
let cs: RestStand;
let roxom: RestStand;
let rails: RailsStand;
let relay: RunningRelay;
let config: RelayConfigInput;

beforeAll(async () => {
  cs = await restStand(coinSwitchVerifier(keys.ed25519Public));
  roxom = await restStand(roxomVerifier(keys.rsaPublic));
  rails = await railsStand();
  const coinswitch = {
    venue: 'coinswitch' as const,
    wsUrl: CS_WS_URL,
    signatureUrl: 'http://127.0.0.1:65533/dma/api/v1/socket/signature',
    apiKey: CS_KEY,
    secretKeyHex: keys.ed25519SeedHex,
  };
  config = testConfig(keys, {
    'cs-main': { ...coinswitch, restUrl: cs.url },
    'cs-prefixed': { ...coinswitch, restUrl: `${cs.url}/dma/` },
    'cs-other-key': { ...coinswitch, restUrl: cs.url, secretKeyHex: other.ed25519SeedHex },
    'cs-norest': coinswitch,
    'cs-down': { ...coinswitch, restUrl: 'http://127.0.0.1:65533' },
    'roxom-main': {
      venue: 'roxom',
      url: 'ws://127.0.0.1:65533/ws',
      restUrl: roxom.url,
      apiKey: ROXOM_KEY,
      privateKeyFile: keys.rsaFile,
    },
    'rails-btc': {
      venue: 'rails',
      wsUrl: RAILS_WS_URL,
      tokenUrl: rails.tokenUrl,
      restUrl: rails.url,
      apiKey: rails.apiKey,
      apiSecret: rails.apiSecret,
    },
  });
  relay = await startRelay(config, {
    baseDir: keys.dir,
    logger: log.logger,
    upstreamTimeoutMs: 1_000,
    // This file sends wrong tokens on purpose; the lockout has its own tests (pairing.test.ts).
    pairingLimits: { perAddress: 1_000, global: 1_000 },
  });
});
beforeEach(() => {
  cs.reply = undefined;
  roxom.reply = undefined;
  rails.reply = undefined;
});
afterAll(async () => {
  await relay.stop();
  await Promise.all([cs.close(), roxom.close(), rails.close()]);
  keys.cleanup();
  other.cleanup();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request sent exactly as written (no URL normalisation, unlike fetch): attacks need that. */
function raw(
  target: string,
  init: { method?: string; headers?: Record<string, string>; token?: string | null } = {},
): Promise<Answer> {
  const { port } = new URL(relay.url);
  const headers: Record<string, string> = { Origin: ORIGIN, ...init.headers };
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? config.token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: target, method: init.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const seen = () => cs.requests.length + roxom.requests.length + rails.requests.length;

describe('relay /rest: signed as each venue requires, answered as the venue answered', () => {
  it('CoinSwitch: Ed25519 over GET + decoded path with query + epoch; the query passes through unchanged', async () => {
    const before = Date.now();
    const target = '/v5/execution/list?category=linear&startTime=1756000000000&limit=100&cursor=a%3D%3Db%20c';
    const answer = await raw(`/rest/cs-main${target}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ path: target });
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    const request = cs.requests.at(-1);
    expect(request).toMatchObject({ method: 'GET', target, verified: true });
    expect(Number(request?.headers['x-auth-epoch'])).toBeGreaterThanOrEqual(before);

    expect((await raw('/rest/cs-main/v5/order/realtime?category=linear&openOnly=0&limit=50')).status).toBe(200);
    expect(cs.requests.at(-1)).toMatchObject({
      target: '/v5/order/realtime?category=linear&openOnly=0&limit=50',
      verified: true,
    });
  });

  it("CoinSwitch: restUrl's own path is kept (and signed) before the allowed path", async () => {
    expect((await raw('/rest/cs-prefixed/v5/execution/list?limit=1')).status).toBe(200);
    expect(cs.requests.at(-1)).toMatchObject({ target: '/dma/v5/execution/list?limit=1', verified: true });
  });

  it('Roxom: RSA PKCS#1 v1.5 SHA-256 over GET:<path>?<query> (the path alone when there is no query)', async () => {
    const targets = [
      '/api/v1/orders?instType=perpetual&includeClosed=true',
      '/api/v1/orders/0190f0b2-7c1e-7b3a-9f00-000000000001',
      '/api/v1/positions?instType=perpetual&symbol=US500-BTC',
      '/api/v1/accounts/balance',
    ];
    for (const target of targets) {
      const answer = await raw(`/rest/roxom-main${target}`);
      expect(answer.status, target).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ path: target });
      expect(roxom.requests.at(-1)).toMatchObject({ target, verified: true });
      expect(roxom.requests.at(-1)?.headers['x-api-key']).toBe(ROXOM_KEY);
    }
  });

  it('Rails: a bearer access token minted from tokenUrl, reused while valid, renewed when the venue refuses it', async () => {
    const mintedBefore = rails.minted.length;
    for (const target of [
      '/api/v1/completed-orders?startDate=1756000000000&endDate=1756100000000',
      '/api/v1/open-orders?market=BTC-USDT',
      '/api/v1/positions?market=BTC-USDT',
    ]) {
      const answer = await raw(`/rest/rails-btc${target}`);
      expect(answer.status, target).toBe(200);
      expect(rails.requests.at(-1)).toMatchObject({ target, verified: true });
    }
    // One token for the three calls.
    expect(rails.minted.length).toBe(mintedBefore + 1);
    const first = rails.minted.at(-1) ?? '';
    expect(rails.requests.at(-1)?.headers.authorization).toBe(`Bearer ${first}`);

    // The venue stops accepting it: the relay mints a new one and sends the request once more.
    rails.revoked.add(first);
    const seenBefore = rails.requests.length;
    const answer = await raw('/rest/rails-btc/api/v1/positions');
    expect(answer.status).toBe(200);
    expect(rails.minted.length).toBe(mintedBefore + 2);
    expect(rails.requests.slice(seenBefore).map((r) => r.verified)).toEqual([false, true]);
    expect(rails.requests.at(-1)?.headers.authorization).toBe(`Bearer ${rails.minted.at(-1)}`);
  });

  it("passes the venue's status and body through as they came (errors included)", async () => {
    const limited = '{"retCode":10006,"retMsg":"Too many visits!","result":{}}';
    cs.reply = () => ({ status: 429, body: limited });
    const answer = await raw('/rest/cs-main/v5/execution/list');
    expect(answer).toMatchObject({ status: 429, body: limited });
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);

    const missing = '{"error":true,"code":404,"message":"order not found"}';
    roxom.reply = () => ({ status: 404, body: missing });
    expect(await raw('/rest/roxom-main/api/v1/orders/abc-123')).toMatchObject({ status: 404, body: missing });

    rails.reply = () => ({ status: 503, body: 'upstream maintenance' });
    expect(await raw('/rest/rails-btc/api/v1/open-orders')).toMatchObject({
      status: 503,
      body: 'upstream maintenance',
    });
  });

  it("a signature the venue refuses is the venue's 401, not the relay's pairing refusal", async () => {
    const answer = await raw('/rest/cs-other-key/v5/execution/list');
    expect(answer).toMatchObject({ status: 401, body: '{"error":"invalid signature"}' });
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(cs.requests.at(-1)?.verified).toBe(false);
  });

  it('never forwards the pairing token or browser headers; our own secrets are removed from what a venue echoes', async () => {
    const echo = (request: { headers: object }) => ({ status: 400, body: JSON.stringify(request.headers) });
    cs.reply = echo;
    roxom.reply = echo;
    rails.reply = echo;
    const answers = [
      await raw('/rest/cs-main/v5/execution/list', { headers: { Cookie: 'session=browser-cookie' } }),
      await raw('/rest/roxom-main/api/v1/positions', { headers: { Cookie: 'session=browser-cookie' } }),
      await raw('/rest/rails-btc/api/v1/positions', { headers: { Cookie: 'session=browser-cookie' } }),
    ];
    const forwarded = [cs.requests.at(-1), roxom.requests.at(-1), rails.requests.at(-1)];
    for (const request of forwarded) {
      const sent = JSON.stringify(request?.headers);
      expect(sent).not.toContain(config.token);
      expect(sent).not.toContain('browser-cookie');
      expect(request?.headers.origin).toBeUndefined();
    }
    const shown = answers.map((a) => a.body).join('\n');
    for (const secret of [
      CS_KEY,
      String(forwarded[0]?.headers['x-auth-signature']),
      ROXOM_KEY,
      String(forwarded[1]?.headers['x-api-signature']),
      rails.minted.at(-1) ?? '',
    ])
      expect(shown).not.toContain(secret);
    expect(shown).toContain('[redacted]');
  });
});

describe('relay /rest: every way out of the allowlist is 404 and reaches no venue', () => {
  const attacks = [
    // traversal, plain and encoded
    '/rest/cs-main/v5/execution/../order/realtime',
    '/rest/cs-main/v5/execution/list/..',
    '/rest/cs-main/v5/execution/list/../../../credentials/rails-btc',
    '/rest/cs-main/./v5/execution/list',
    '/rest/cs-main/%2e%2e/v5/execution/list',
    '/rest/cs-main/v5/execution/%2E%2E/order/realtime',
    '/rest/roxom-main/api/v1/orders/..',
    '/rest/roxom-main/api/v1/orders/%2e%2e',
    // encoded slashes and backslashes
    '/rest/cs-main/v5%2fexecution%2flist',
    '/rest/cs-main/v5/execution%2Flist',
    '/rest/cs-main%2fv5/execution/list',
    '/rest/roxom-main/api/v1/orders/abc%2f..%2f..%2fpositions',
    '/rest/cs-main/v5\\execution\\list',
    // double and trailing slashes, empty paths
    '/rest/cs-main//v5/execution/list',
    '/rest/cs-main/v5//execution/list',
    '/rest/cs-main/v5/execution/list/',
    '/rest/cs-main',
    '/rest/cs-main/',
    '//rest/cs-main/v5/execution/list',
    // not allowlisted, or another venue kind's path
    '/rest/cs-main/v5/position/list',
    '/rest/cs-main/v5/order/create',
    '/rest/cs-main/api/v1/orders',
    '/rest/roxom-main/v5/execution/list',
    '/rest/roxom-main/api/v1/orders/abc/fills',
    '/rest/roxom-main/api/v1/orders/a.b',
    '/rest/rails-btc/api/v1/token',
    '/rest/rails-btc/v5/order/realtime',
    '/rest/rails-btc/api/v1/positions/../token',
    '/rest/rails-btc/API/V1/POSITIONS',
    // a fragment or a query that cannot pass unchanged
    '/rest/cs-main/v5/execution/list#x',
    '/rest/cs-main/v5/execution/list?a=1#x',
    `/rest/cs-main/v5/execution/list?${'a'.repeat(3000)}`,
    // unknown ids
    '/rest/nope/v5/execution/list',
    '/rest/CS-MAIN/v5/execution/list',
  ];

  it.each(attacks)('%s', async (target) => {
    const before = seen();
    const answer = await raw(target);
    expect(answer.status).toBe(404);
    expect(seen()).toBe(before);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'])('%s on an allowed path is 404', async (method) => {
    const before = seen();
    const answer = await raw('/rest/cs-main/v5/order/realtime', { method });
    expect(answer.status).toBe(404);
    expect(seen()).toBe(before);
  });

  it('an id without restUrl is 404 naming the missing setting', async () => {
    const answer = await raw('/rest/cs-norest/v5/execution/list');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: 'no restUrl configured for cs-norest' });
  });
});

describe('relay /rest: pairing, origin, host and CORS as on /credentials', () => {
  it('a wrong or missing token is 401 (before the id or the path is looked at), with CORS for the page', async () => {
    const before = seen();
    for (const answer of [
      await raw('/rest/cs-main/v5/execution/list', { token: 'wrong-token-wrong-token' }),
      await raw('/rest/cs-main/v5/execution/list', { token: null }),
      await raw('/rest/nope/v5/execution/list', { token: 'wrong-token-wrong-token' }),
      await raw('/rest/cs-main/v5/../../etc/passwd', { token: 'wrong-token-wrong-token' }),
      await raw('/rest/cs-main/v5/execution/list?token=x', { token: null }),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    }
    expect(seen()).toBe(before);
  });

  it('an Origin not listed, or a Host that is not loopback, is 403 without CORS headers', async () => {
    const before = seen();
    const evil = await raw('/rest/cs-main/v5/execution/list', { headers: { Origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const rebinding = await raw('/rest/cs-main/v5/execution/list', { headers: { Host: 'attacker.example' } });
    expect(rebinding.status).toBe(403);
    expect(seen()).toBe(before);
  });

  it('answers the preflight of an allowed origin and refuses others', async () => {
    const preflight = await raw('/rest/cs-main/v5/execution/list?limit=1', {
      method: 'OPTIONS',
      token: null,
      headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'GET, OPTIONS',
      'access-control-allow-headers': 'Authorization',
      vary: 'Origin',
    });
    const refused = await raw('/rest/cs-main/v5/execution/list', {
      method: 'OPTIONS',
      token: null,
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a browser fetch from the allowed origin reads the answer (CORS end to end through fetch)', async () => {
    const response = await fetch(`${relay.url}/rest/roxom-main/api/v1/accounts/balance`, {
      headers: { Authorization: `Bearer ${config.token}`, Origin: ORIGIN },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/api/v1/accounts/balance' });
  });
});

describe('relay /rest: a venue that fails', () => {
  it('an unreachable venue is 502 with a safe message', async () => {
    const answer = await raw('/rest/cs-down/v5/execution/list?limit=1');
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body)).toEqual({ error: 'CoinSwitch REST API is not reachable (ECONNREFUSED)' });
  });

  it('a venue that does not answer in time is 504', async () => {
    roxom.reply = () => 'hang';
    const answer = await raw('/rest/roxom-main/api/v1/positions');
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body)).toEqual({ error: 'Roxom REST API did not answer within 1 s' });
  });

  it('an answer over 4 MiB is 502 "venue answer too large", declared or streamed', async () => {
    const big = `"${'x'.repeat(4 * 1024 * 1024)}"`;
    cs.reply = () => ({ status: 200, body: big });
    const declared = await raw('/rest/cs-main/v5/execution/list');
    expect(declared.status).toBe(502);
    expect(JSON.parse(declared.body)).toEqual({
      error: 'venue answer too large: CoinSwitch REST API answered more than 4 MiB',
    });
    cs.reply = () => ({ status: 200, body: big, headers: { 'Transfer-Encoding': 'chunked' } });
    const streamed = await raw('/rest/cs-main/v5/execution/list');
    expect(streamed.status).toBe(502);
    expect(JSON.parse(streamed.body).error).toMatch(/^venue answer too large/);
    // Just under the cap passes.
    const fits = `"${'x'.repeat(4 * 1024 * 1024 - 2)}"`;
    cs.reply = () => ({ status: 200, body: fits });
    const ok = await raw('/rest/cs-main/v5/execution/list');
    expect(ok.status).toBe(200);
    expect(ok.body.length).toBe(fits.length);
  });

  it('a redirect is not followed: 502', async () => {
    rails.reply = () => ({ status: 302, body: '', headers: { Location: 'http://evil.example/steal' } });
    const answer = await raw('/rest/rails-btc/api/v1/positions');
    expect(answer.status).toBe(502);
    expect(answer.headers.location).toBeUndefined();
    expect(JSON.parse(answer.body)).toEqual({
      error: 'Rails REST API answered with a redirect (HTTP 302), which the relay does not follow',
    });
  });
});

describe('relay /rest: log', () => {
  it('one line per request, with the allowed path but never a query, a refused path or a secret', () => {
    const text = log.lines.join('\n');
    expect(text).toMatch(/^GET \/rest\/cs-main\/v5\/execution\/list: venue answered 200 → 200$/m);
    expect(text).toMatch(/^GET \/rest\/cs-main: path not allowed → 404$/m);
    expect(text).toMatch(/^GET \/rest\/cs-norest: no restUrl configured → 404$/m);
    expect(text).toMatch(
      /^GET \/rest\/roxom-main\/api\/v1\/positions: upstream failed: Roxom REST API did not answer within 1 s → 504$/m,
    );
    expect(text).toMatch(/^POST \/rest\/cs-main: method not allowed → 404$/m);
    expect(text).not.toContain('?');
    expect(text).not.toContain('..');
    expect(text).not.toContain('%2');
    for (const secret of [config.token, CS_KEY, ROXOM_KEY, keys.ed25519SeedHex, ...rails.minted, rails.apiSecret])
      expect(text).not.toContain(secret);
  });
});

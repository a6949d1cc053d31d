/** Minting: Rails against the real Rails simulator, CoinSwitch against a test server that checks the signature. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/index';
import { startRelay, type RunningRelay } from './index';
import { CS_WS_URL, ORIGIN, RAILS_WS_URL, captureLog, makeTestKeys, signatureServer, testConfig } from './test-support';

const keys = makeTestKeys();
let sim: Simulator;
const relays: RunningRelay[] = [];

beforeAll(async () => {
  sim = await startSimulator({ freePorts: true, rateScale: 0 });
  sim.pause();
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await sim.stop();
  keys.cleanup();
});

async function relayWith(venues: Parameters<typeof testConfig>[1], logger?: (line: string) => void) {
  const config = testConfig(keys, venues);
  const relay = await startRelay(config, { baseDir: keys.dir, logger: logger ?? (() => undefined) });
  relays.push(relay);
  const get = (id: string) =>
    fetch(`${relay.url}/credentials/${id}`, { headers: { Authorization: `Bearer ${config.token}`, Origin: ORIGIN } });
  return { relay, config, get };
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

describe('relay: Rails credentials against the Rails simulator', () => {
  it('POSTs the token URL with the key pair and answers { token, expiresAt, url } that opens the venue at url', async () => {
    const { apiKey, apiSecret, tokenUrl } = sim.tokens('rails');
    const { get } = await relayWith({
      'rails-btc': { venue: 'rails', wsUrl: sim.urls.rails, tokenUrl, apiKey, apiSecret },
    });
    const before = Date.now();
    const response = await get('rails-btc');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { token: string; expiresAt: number; url: string };
    expect(Object.keys(body)).toEqual(['token', 'expiresAt', 'url']);
    // Pinning: the endpoint the token is for, from the config's wsUrl.
    expect(body.url).toBe(sim.urls.rails);
    expect(claims(body.token).iss).toBe('staging.fungible.xyz');
    // expiresAt is the JWT's own exp (30 minutes), never later.
    expect(body.expiresAt).toBe((claims(body.token).exp as number) * 1000);
    expect(body.expiresAt).toBeGreaterThan(before + 1_790_000);

    const { WebSocket } = await import('ws');
    const socket = new WebSocket(`${body.url}?market=BTC-USDT&subscriptions=orders`, [`authorization#${body.token}`]);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.close();
  });

  it('a key pair the venue refuses is a 502 whose message names the venue status, never the secret', async () => {
    const { apiKey, tokenUrl } = sim.tokens('rails');
    const log = captureLog();
    const secret = 'WRONG-SECRET-0123456789';
    const { get } = await relayWith(
      { 'rails-btc': { venue: 'rails', wsUrl: RAILS_WS_URL, tokenUrl, apiKey, apiSecret: secret } },
      log.logger,
    );
    const response = await get('rails-btc');
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: string };
    expect(body.error).toBe('Rails token endpoint answered HTTP 401: invalid api key or secret');
    expect(log.lines).toEqual([
      'GET /credentials/rails-btc: upstream failed: Rails token endpoint answered HTTP 401: invalid api key or secret → 502',
    ]);
    expect(JSON.stringify(body) + log.lines.join('')).not.toContain(secret);
  });

  it('an unreachable token endpoint is a 502', async () => {
    const { get } = await relayWith({});
    const response = await get('rails-btc');
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: 'Rails token endpoint is not reachable (ECONNREFUSED)' });
  });
});

describe('relay: CoinSwitch credentials (Ed25519-signed signature request)', () => {
  let stand: Awaited<ReturnType<typeof signatureServer>>;
  beforeAll(async () => {
    stand = await signatureServer(keys.ed25519Public);
  });
  afterAll(() => new Promise<void>((resolve) => stand.server.close(() => resolve())));

  it('signs GET + path + epoch with the Ed25519 seed and answers { apiKey, expires, signature, url }', async () => {
    const { get } = await relayWith({
      'cs-main': {
        venue: 'coinswitch',
        wsUrl: CS_WS_URL,
        signatureUrl: stand.url,
        apiKey: 'cs-key-0123456789',
        secretKeyHex: keys.ed25519SeedHex,
      },
    });
    const before = Date.now();
    const response = await get('cs-main');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { apiKey: string; expires: number; signature: string };
    expect(body).toEqual({
      apiKey: 'socket-api-key',
      expires: expect.any(Number),
      signature: stand.requests.at(-1)?.answered,
      url: CS_WS_URL,
    });
    expect(body.expires).toBeGreaterThanOrEqual(before + 300_000);
    const request = stand.requests.at(-1);
    expect(request).toMatchObject({ path: '/dma/api/v1/socket/signature', verified: true });
    expect(Number(request?.epoch)).toBeGreaterThanOrEqual(before);
  });

  it('signs the URL-decoded path with its query when expiresInSeconds is set', async () => {
    const { get } = await relayWith({
      'cs-main': {
        venue: 'coinswitch',
        wsUrl: CS_WS_URL,
        signatureUrl: `${stand.url}?note=a%20b`,
        apiKey: 'cs-key-0123456789',
        secretKeyHex: keys.ed25519SeedHex,
        expiresInSeconds: 60,
      },
    });
    const before = Date.now();
    const body = (await (await get('cs-main')).json()) as { expires: number };
    expect(stand.requests.at(-1)).toMatchObject({
      path: '/dma/api/v1/socket/signature?note=a%20b&expires_in_seconds=60',
      verified: true,
    });
    expect(body.expires).toBeLessThan(before + 120_000);
  });

  it('a signature the venue refuses (another key) is a 502 with the venue status', async () => {
    const other = makeTestKeys();
    const { get } = await relayWith({
      'cs-main': {
        venue: 'coinswitch',
        wsUrl: CS_WS_URL,
        signatureUrl: stand.url,
        apiKey: 'cs-key-0123456789',
        secretKeyHex: other.ed25519SeedHex,
      },
    });
    const response = await get('cs-main');
    other.cleanup();
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: 'CoinSwitch signature endpoint answered HTTP 401: Invalid signature',
    });
    expect(stand.requests.at(-1)?.verified).toBe(false);
  });
});

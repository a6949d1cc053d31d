/** Who may use the relay: pairing token, Origin, Host, venue id; CORS for the allowed origins only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayConfigInput } from './config';
import { startRelay, type RunningRelay } from './index';
import { ORIGIN, captureLog, closed, makeTestKeys, testConfig, tryUpgrade } from './test-support';

const keys = makeTestKeys();
const log = captureLog();
let relay: RunningRelay;
let config: RelayConfigInput;
let strict: RunningRelay;
let strictConfig: RelayConfigInput;

beforeAll(async () => {
  config = testConfig(keys);
  relay = await startRelay(config, { baseDir: keys.dir, logger: log.logger });
  strictConfig = testConfig(keys, {}, { allowMissingOrigin: false });
  strict = await startRelay(strictConfig, { baseDir: keys.dir, logger: log.logger });
});
afterAll(async () => {
  await relay.stop();
  await strict.stop();
  keys.cleanup();
});

/** An upgrade to the bridge `/ws/<id>`, the pairing token (if any) as its subprotocol. */
const upgrade = (base: string, id: string, token?: string, headers: Record<string, string> = {}) =>
  tryUpgrade(`${base.replace(/^http/, 'ws')}/ws/${id}`, headers, {
    protocols: token === undefined ? [] : [`venueboard.pairing.${token}`],
  });

function credentials(
  id: string,
  init: { token?: string; origin?: string; method?: string; headers?: Record<string, string> } = {},
  base = relay.url,
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
  if (init.origin !== undefined) headers.Origin = init.origin;
  return fetch(`${base}/credentials/${id}`, { method: init.method ?? 'GET', headers });
}

describe('relay: WebSocket refusals at the upgrade', () => {
  it('a wrong or missing pairing token is 401', async () => {
    expect(await upgrade(relay.url, 'roxom-main', 'wrong-token-wrong-token', { Origin: ORIGIN })).toMatchObject({
      status: 401,
    });
    expect(await upgrade(relay.url, 'roxom-main', undefined, { Origin: ORIGIN })).toMatchObject({ status: 401 });
    // The right token with one character more: compared whole, not as a prefix.
    expect(await upgrade(relay.url, 'roxom-main', `${config.token}x`, { Origin: ORIGIN })).toMatchObject({
      status: 401,
    });
  });

  it('an Origin not in allowedOrigins is 403, even with the right token', async () => {
    const refused = await upgrade(relay.url, 'roxom-main', config.token, { Origin: 'http://evil.example' });
    expect(refused).toMatchObject({ status: 403 });
    expect(await upgrade(relay.url, 'roxom-main', config.token, { Origin: 'null' })).toMatchObject({
      status: 403,
    });
    // Same host, another port: another origin.
    expect(await upgrade(relay.url, 'roxom-main', config.token, { Origin: 'http://localhost:5174' })).toMatchObject({
      status: 403,
    });
  });

  it('an unknown id, or an id that is not a bridged venue, is 404 (after the token check)', async () => {
    expect(await upgrade(relay.url, 'nope', config.token, { Origin: ORIGIN })).toMatchObject({ status: 404 });
    expect(await upgrade(relay.url, 'rails-btc', config.token, { Origin: ORIGIN })).toMatchObject({
      status: 404,
    });
    expect(await upgrade(relay.url, 'nope', 'wrong-token-wrong-token', { Origin: ORIGIN })).toMatchObject({
      status: 401,
    });
  });

  it('a missing Origin is allowed by default (local programs), refused with allowMissingOrigin: false', async () => {
    const lenient = await upgrade(relay.url, 'roxom-main', config.token);
    expect('socket' in lenient).toBe(true);
    if ('socket' in lenient) {
      // The configured upstream does not exist: the bridge closes the browser side with 1011.
      expect(await closed(lenient.socket)).toMatchObject({ code: 1011 });
    }
    expect(await upgrade(strict.url, 'roxom-main', strictConfig.token)).toMatchObject({ status: 403 });
  });

  it('a Host that is not a loopback name is 403 (DNS rebinding)', async () => {
    expect(
      await upgrade(relay.url, 'roxom-main', config.token, { Origin: ORIGIN, Host: 'attacker.example:8787' }),
    ).toMatchObject({ status: 403 });
  });
});

describe('relay: GET /credentials/<id> refusals and CORS', () => {
  it('a wrong or missing bearer is 401, with CORS headers for an allowed origin so the page can read it', async () => {
    for (const response of [
      await credentials('rails-btc', { origin: ORIGIN, token: 'wrong-token-wrong-token' }),
      await credentials('rails-btc', { origin: ORIGIN }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(await response.json()).toEqual({ error: 'wrong or missing pairing token' });
    }
    const basic = await credentials('rails-btc', {
      origin: ORIGIN,
      headers: { Authorization: `Basic ${config.token}` },
    });
    expect(basic.status).toBe(401);
  });

  it('an Origin not listed is 403 without any CORS header', async () => {
    const response = await credentials('rails-btc', { origin: 'http://evil.example', token: config.token });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toEqual({ error: "this origin is not in the relay's allowedOrigins" });
  });

  it('an unknown id is 404; a bridged (Roxom) id has no credential: 404 too', async () => {
    const unknown = await credentials('nope', { origin: ORIGIN, token: config.token });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const roxom = await credentials('roxom-main', { origin: ORIGIN, token: config.token });
    expect(roxom.status).toBe(404);
    expect(await roxom.json()).toEqual({
      error: 'venue roxom-main is bridged: open ws /ws/roxom-main; it has no credential to fetch',
    });
  });

  it('answers the preflight of an allowed origin (Authorization allowed), and refuses other origins', async () => {
    const preflight = await credentials('rails-btc', {
      method: 'OPTIONS',
      origin: ORIGIN,
      headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
    expect(preflight.headers.get('vary')).toBe('Origin');

    const privateNetwork = await credentials('rails-btc', {
      method: 'OPTIONS',
      origin: ORIGIN,
      headers: { 'Access-Control-Request-Private-Network': 'true' },
    });
    expect(privateNetwork.headers.get('access-control-allow-private-network')).toBe('true');

    const refused = await credentials('rails-btc', {
      method: 'OPTIONS',
      origin: 'http://evil.example',
      headers: { 'Access-Control-Request-Method': 'GET' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('a missing Origin is served (a local program) unless allowMissingOrigin is false', async () => {
    // Token and Origin pass; the configured Rails upstream does not exist: 502, never 401/403.
    const lenient = await credentials('rails-btc', { token: config.token });
    expect(lenient.status).toBe(502);
    expect(lenient.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await credentials('rails-btc', { token: strictConfig.token }, strict.url);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'an Origin header is required' });
  });

  it('other methods are 405; the WebSocket path without an upgrade is 426; anything else 404', async () => {
    expect((await credentials('rails-btc', { method: 'POST', origin: ORIGIN, token: config.token })).status).toBe(405);
    expect((await fetch(`${relay.url}/ws/roxom-main`)).status).toBe(426);
    expect((await fetch(`${relay.url}/`)).status).toBe(404);
    expect(await (await fetch(`${relay.url}/health`)).json()).toEqual({ ok: true });
  });

  it('every refusal is one log line with the outcome and the status', () => {
    const lines = log.lines.join('\n');
    expect(lines).toMatch(/^GET \/credentials\/rails-btc: pairing token refused → 401$/m);
    expect(lines).toMatch(/^GET \/credentials\/rails-btc: origin http:\/\/evil\.example not allowed → 403$/m);
    expect(lines).toMatch(/^GET \/credentials\/\(unknown id\): no such id → 404$/m);
    expect(lines).toMatch(/^ws roxom-main: pairing token refused → 401$/m);
    expect(lines).toMatch(/^ws roxom-main: origin http:\/\/evil\.example not allowed → 403$/m);
    expect(lines).toMatch(/^ws \(unknown id\): no such id → 404$/m);
    expect(lines).not.toContain(config.token);
    expect(lines).not.toContain('token=');
  });
});

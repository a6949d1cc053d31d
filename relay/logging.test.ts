/**
 * Every line the relay logs, captured over a session that exercises every path (minting for both
 * venues, a signed REST request, bridged Roxom connections paired by `?token=` and by subprotocol, every
 * refusal, upstream failures), holds no secret: not the pairing token, an API key or secret, key
 * material, a request signature, a minted credential, a `?token=` query or a REST query.
 */
import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/index';
import { roxomSignature, startRelay, type RunningRelay } from './index';
import type { RelayConfigInput } from './config';
import {
  CS_KEY,
  CS_WS_URL,
  ORIGIN,
  ROXOM_KEY,
  captureLog,
  closed,
  coinSwitchVerifier,
  makeTestKeys,
  nextFrame,
  restStand,
  signatureServer,
  startUpstream,
  testConfig,
  tryUpgrade,
  type RestStand,
  type Upstream,
} from './test-support';

const keys = makeTestKeys();
const log = captureLog();
let sim: Simulator;
let stand: Awaited<ReturnType<typeof signatureServer>>;
let upstream: Upstream;
let rest: RestStand;
let relay: RunningRelay;
let config: RelayConfigInput;
/** Every credential the relay handed out. */
const minted: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ freePorts: true, rateScale: 0 });
  sim.pause();
  stand = await signatureServer(keys.ed25519Public);
  upstream = await startUpstream(keys);
  rest = await restStand(coinSwitchVerifier(keys.ed25519Public));
  const rails = sim.tokens('rails');
  config = testConfig(keys, {
    'rails-btc': {
      venue: 'rails',
      wsUrl: sim.urls.rails,
      tokenUrl: rails.tokenUrl,
      apiKey: rails.apiKey,
      apiSecret: rails.apiSecret,
    },
    'rails-bad': {
      venue: 'rails',
      wsUrl: sim.urls.rails,
      tokenUrl: rails.tokenUrl,
      apiKey: rails.apiKey,
      apiSecret: 'A-WRONG-RAILS-SECRET-42',
    },
    'cs-main': {
      venue: 'coinswitch',
      wsUrl: CS_WS_URL,
      signatureUrl: stand.url,
      restUrl: rest.url,
      apiKey: CS_KEY,
      secretKeyHex: keys.ed25519SeedHex,
    },
    'roxom-main': { venue: 'roxom', url: upstream.url, apiKey: ROXOM_KEY, privateKeyFile: keys.rsaFile },
    'roxom-bad': { venue: 'roxom', url: upstream.url, apiKey: 'A-WRONG-ROXOM-KEY-42', privateKeyFile: keys.rsaFile },
  });
  relay = await startRelay(config, { baseDir: keys.dir, logger: log.logger });
});
afterAll(async () => {
  await relay.stop();
  for (const client of upstream.wss.clients) client.terminate();
  await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
  await new Promise<void>((resolve) => stand.server.close(() => resolve()));
  await rest.close();
  await sim.stop();
  keys.cleanup();
});

async function get(path: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${relay.url}${path}`, { headers });
  const text = await response.text();
  if (response.status === 200 && path.startsWith('/credentials/')) {
    // Every string but `url` (the venue's WebSocket endpoint, not a secret).
    for (const [key, value] of Object.entries(JSON.parse(text) as Record<string, unknown>))
      if (typeof value === 'string' && key !== 'url') minted.push(value);
  }
  return response.status;
}

describe('relay log', () => {
  it('one line per request or bridged connection, none with a secret', async () => {
    const good = { Authorization: `Bearer ${config.token}`, Origin: ORIGIN };
    const statuses = [
      await get('/credentials/rails-btc', good),
      await get('/credentials/cs-main', good),
      await get('/credentials/rails-bad', good),
      await get('/credentials/rails-btc', { Authorization: `Bearer ${config.token.slice(0, -1)}`, Origin: ORIGIN }),
      await get('/credentials/rails-btc', { Authorization: `Bearer ${config.token}`, Origin: 'http://evil.example' }),
      await get(`/credentials/${encodeURIComponent(config.token)}`, good),
      await get(`/credentials/rails-btc?token=${config.token}`, { Origin: ORIGIN }),
      await get(`/ws/roxom-main?token=${config.token}`, { Origin: ORIGIN }),
      // REST: a query (which could hold anything, here the pairing token) and a refused path.
      await get(`/rest/cs-main/v5/execution/list?cursor=${config.token}`, good),
      await get(`/rest/cs-main/v5/${config.token}/list`, good),
      await get(`/rest/cs-main/v5/execution/list`, { Authorization: `Bearer ${config.token}x`, Origin: ORIGIN }),
    ];
    expect(statuses).toEqual([200, 200, 502, 401, 403, 404, 401, 426, 200, 404, 401]);

    const wsBase = relay.url.replace('http', 'ws');
    const pairing = (token: string) => ({ protocols: [`venueboard.pairing.${token}`] });
    const bridged = await tryUpgrade(`${wsBase}/ws/roxom-main`, { Origin: ORIGIN }, pairing(config.token));
    if (!('socket' in bridged)) throw new Error('bridge refused');
    const bySubprotocol = await tryUpgrade(
      `${wsBase}/ws/roxom-main`,
      { Origin: ORIGIN },
      { protocols: [`venueboard.pairing.${config.token}`] },
    );
    if (!('socket' in bySubprotocol)) throw new Error('bridge refused');
    const subprotocolEnded = closed(bySubprotocol.socket);
    bySubprotocol.socket.close();
    await subprotocolEnded;
    expect(
      await tryUpgrade(
        `${wsBase}/ws/roxom-main`,
        { Origin: ORIGIN },
        { protocols: [`venueboard.pairing.${config.token}x`] },
      ),
    ).toMatchObject({ status: 401 });
    const echo = nextFrame(bridged.socket);
    bridged.socket.send('{"op":"subscribe","args":[{"channel":"orders"}]}');
    await echo;
    const ended = closed(bridged.socket);
    bridged.socket.close();
    await ended;
    const refused = await tryUpgrade(`${wsBase}/ws/roxom-bad`, { Origin: ORIGIN }, pairing(config.token));
    if ('socket' in refused) await closed(refused.socket);
    expect(await tryUpgrade(`${wsBase}/ws/roxom-main`, { Origin: ORIGIN }, pairing(`${config.token}x`))).toMatchObject({
      status: 401,
    });
    expect(
      await tryUpgrade(`${wsBase}/ws/roxom-main`, { Origin: 'http://evil.example' }, pairing(config.token)),
    ).toMatchObject({ status: 403 });
    expect(await tryUpgrade(`${wsBase}/ws/${config.token}`, { Origin: ORIGIN }, pairing(config.token))).toMatchObject({
      status: 404,
    });
    // The refused older form: the token in the URL is closed with a policy error, and not logged.
    const inUrl = await tryUpgrade(`${wsBase}/ws/roxom-main?token=${config.token}`, { Origin: ORIGIN });
    if (!('socket' in inUrl)) throw new Error('expected a policy close, not an HTTP refusal');
    expect((await closed(inUrl.socket)).code).toBe(1008);
    // The bridge logs its end after the browser's close: wait for that last line.
    await new Promise((r) => setTimeout(r, 100));

    const secrets = [
      config.token,
      ...configSecrets(),
      roxomSignature(createPrivateKey(keys.rsaPem)),
      ...stand.requests.map((r) => r.signature),
      ...rest.requests.map((r) => String(r.headers['x-auth-signature'])),
      ...minted.filter((value) => value !== 'socket-api-key'),
      'socket-api-key',
      'A-WRONG-RAILS-SECRET-42',
      'A-WRONG-ROXOM-KEY-42',
      ...keys.rsaPem.split('\n').filter((line) => line.length > 20),
    ];
    expect(minted).toHaveLength(3); // the Rails token; the CoinSwitch apiKey and signature
    const text = log.lines.join('\n');
    for (const secret of secrets) expect(text, 'a secret was logged').not.toContain(secret);
    expect(text).not.toMatch(/token=/i);
    expect(text).not.toMatch(/eyJ[\w-]+\./);
    // 11 HTTP requests, 4 refused upgrades, and 3 bridges (an open and a close line each, except a refused venue).
    expect(log.lines.filter((line) => /^(GET|OPTIONS|POST) /.test(line))).toHaveLength(11);
    expect(log.lines.filter((line) => /^ws .*→ \d{3}$/.test(line))).toHaveLength(4);
    expect(log.lines).toContain('ws roxom-main: pairing token in the URL refused → 1008');
    expect(log.lines.filter((line) => /^ws roxom-(main|bad) (bridged|closed)/.test(line))).toHaveLength(5);
    expect(rest.requests.map((r) => r.verified)).toEqual([true]);
  });
});

function configSecrets(): string[] {
  const out: string[] = [];
  for (const venue of Object.values(config.venues)) {
    out.push(venue.apiKey);
    if (venue.venue === 'rails') out.push(venue.apiSecret);
    if (venue.venue === 'coinswitch') out.push(venue.secretKeyHex);
  }
  return out;
}

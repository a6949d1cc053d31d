/**
 * The pairing token out of URLs (the `venueboard.pairing.<token>` subprotocol; `?token=` refused)
 * and the limit on failed pairing attempts: after N failures from one address, or M from all, within a
 * window, every request is 429 (a correct token too) until the window has passed. The clock is the
 * relay's injected `now`, so the window passes without waiting.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { RelayConfigInput } from './config';
import { startRelay, type RunningRelay } from './index';
import { URL_TOKEN_REFUSED } from './server';
import {
  ORIGIN,
  ROXOM_KEY,
  captureLog,
  closed,
  makeTestKeys,
  nextFrame,
  startUpstream,
  testConfig,
  tryUpgrade,
  type Upstream,
} from './test-support';

const keys = makeTestKeys();
let upstream: Upstream;
const relays: RunningRelay[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  upstream = await startUpstream(keys);
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(relays.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  for (const client of upstream.wss.clients) client.terminate();
  await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
  keys.cleanup();
});

async function relayWith(options: Parameters<typeof startRelay>[1] = {}) {
  const log = captureLog();
  const config: RelayConfigInput = testConfig(keys, {
    'roxom-main': { venue: 'roxom', url: upstream.url, apiKey: ROXOM_KEY, privateKeyFile: keys.rsaFile },
  });
  const relay = await startRelay(config, { baseDir: keys.dir, logger: log.logger, ...options });
  relays.push(relay);
  const ws = (query = '') => `${relay.url.replace('http', 'ws')}/ws/roxom-main${query}`;
  return { relay, config, log, ws };
}

function opened(result: Awaited<ReturnType<typeof tryUpgrade>>): WebSocket {
  if (!('socket' in result)) throw new Error(`upgrade refused: ${result.status}`);
  sockets.push(result.socket);
  return result.socket;
}

describe('relay: the pairing token as a WebSocket subprotocol', () => {
  it('accepts venueboard.pairing.<token>, echoes exactly it, and does not pass it to Roxom', async () => {
    const { config, ws, log } = await relayWith();
    const protocol = `venueboard.pairing.${config.token}`;
    const browser = opened(await tryUpgrade(ws(), { Origin: ORIGIN }, { protocols: [protocol] }));
    expect(browser.protocol).toBe(protocol);
    const echo = nextFrame(browser);
    browser.send('{"op":"subscribe","args":[{"channel":"orders"}]}');
    expect((await echo).text).toBe('{"op":"subscribe","args":[{"channel":"orders"}]}');
    expect(upstream.upgrades.at(-1)).toEqual({ apiKey: ROXOM_KEY, verified: true, path: '/ws', protocol: undefined });
    const ended = closed(browser);
    browser.close();
    await ended;
    await new Promise((r) => setTimeout(r, 50));
    expect(log.lines.join('\n')).not.toContain(config.token);
  });

  it('echoes the pairing subprotocol when others are offered too', async () => {
    const { config, ws } = await relayWith();
    const protocol = `venueboard.pairing.${config.token}`;
    const browser = opened(await tryUpgrade(ws(), { Origin: ORIGIN }, { protocols: ['json.v1', protocol] }));
    expect(browser.protocol).toBe(protocol);
  });

  it('a wrong token in the subprotocol is 401; so are two pairing subprotocols (one right): one try, one token', async () => {
    const { config, ws, log } = await relayWith();
    expect(
      await tryUpgrade(ws(), { Origin: ORIGIN }, { protocols: [`venueboard.pairing.${config.token}x`] }),
    ).toMatchObject({ status: 401 });
    expect(
      await tryUpgrade(
        ws(),
        { Origin: ORIGIN },
        { protocols: ['venueboard.pairing.wrong-token-wrong-token', `venueboard.pairing.${config.token}`] },
      ),
    ).toMatchObject({ status: 401 });
    expect(log.lines).toEqual([
      'ws roxom-main: pairing token refused → 401',
      'ws roxom-main: pairing token refused → 401',
    ]);
  });

  it('the older ?token= form is refused with a policy close, right token or wrong, with or without a subprotocol', async () => {
    const { config, ws, log } = await relayWith();
    const before = upstream.upgrades.length;
    const attempts = [
      { url: ws(`?token=${config.token}`), protocols: [] },
      { url: ws(`?token=${encodeURIComponent(config.token)}&x=1`), protocols: [] },
      { url: ws(`?%74oken=${config.token}`), protocols: [] }, // an encoded name is the same parameter
      { url: ws('?token='), protocols: [] },
      { url: ws('?token=wrong-token-wrong-token'), protocols: [] },
      // A right subprotocol does not make a token in the URL acceptable: the URL has leaked it already.
      { url: ws(`?token=${config.token}`), protocols: [`venueboard.pairing.${config.token}`] },
    ];
    for (const { url, protocols } of attempts) {
      const browser = opened(await tryUpgrade(url, { Origin: ORIGIN }, { protocols }));
      const end = await closed(browser);
      expect(end).toEqual({ code: 1008, reason: URL_TOKEN_REFUSED });
    }
    // Nothing was bridged: the relay never opened Roxom for these, and never logged the token.
    expect(upstream.upgrades.length).toBe(before);
    expect(log.lines).toEqual(attempts.map(() => 'ws roxom-main: pairing token in the URL refused → 1008'));
    expect(log.lines.join('\n')).not.toContain(config.token);
    // The control: the same relay bridges the subprotocol form.
    const paired = opened(
      await tryUpgrade(ws(), { Origin: ORIGIN }, { protocols: [`venueboard.pairing.${config.token}`] }),
    );
    expect(paired.protocol).toBe(`venueboard.pairing.${config.token}`);
  });
});

describe('relay: failed pairing attempts are limited', () => {
  const limits = { perAddress: 3, global: 5, windowMs: 60_000 };

  /** A GET from a chosen loopback address; the status and Retry-After. */
  function get(
    relay: RunningRelay,
    path: string,
    token: string,
    from = '127.0.0.1',
    origin = ORIGIN,
  ): Promise<{ status: number; retryAfter?: string; cors?: string; body: string }> {
    const { port } = new URL(relay.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          localAddress: from,
          headers: { Authorization: `Bearer ${token}`, Origin: origin },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              retryAfter: res.headers['retry-after'],
              cors: res.headers['access-control-allow-origin'],
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  // /rest/cs-main has no restUrl in the test config: 404 "no restUrl configured" means the token passed.
  const PASSED = 404;
  const probe = '/rest/cs-main/v5/execution/list';

  it('after N failures from an address: 429 for it, a correct token included, on HTTP and WebSocket, until the window passes', async () => {
    let clock = 1_760_000_000_000;
    const { relay, config, ws, log } = await relayWith({ pairingLimits: limits, now: () => clock });
    for (let i = 0; i < limits.perAddress; i++)
      expect((await get(relay, probe, `wrong-token-${i}-0123456789`)).status).toBe(401);

    const locked = await get(relay, probe, config.token);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBe('60');
    expect(locked.cors).toBe(ORIGIN);
    expect(JSON.parse(locked.body)).toEqual({ error: 'too many failed pairing attempts: try again in 60 s' });
    expect((await get(relay, '/credentials/rails-btc', config.token)).status).toBe(429);
    const upgrade = await tryUpgrade(ws(), { Origin: ORIGIN }, { protocols: [`venueboard.pairing.${config.token}`] });
    expect(upgrade).toMatchObject({ status: 429, retryAfter: '60' });

    // Another loopback address is not locked out by this one's failures.
    expect((await get(relay, probe, config.token, '127.0.0.2')).status).toBe(PASSED);

    clock += 30_000;
    expect((await get(relay, probe, config.token)).retryAfter).toBe('30');
    clock += 30_000;
    expect((await get(relay, probe, config.token)).status).toBe(PASSED);
    opened(await tryUpgrade(ws(), { Origin: ORIGIN }, { protocols: [`venueboard.pairing.${config.token}`] }));

    expect(log.lines.filter((l) => l.endsWith('→ 429'))).toEqual([
      'GET /rest/cs-main: pairing locked out → 429',
      'GET /credentials/rails-btc: pairing locked out → 429',
      'ws roxom-main: pairing locked out → 429',
      'GET /rest/cs-main: pairing locked out → 429',
    ]);
    expect(log.lines.join('\n')).not.toContain(config.token);
  });

  it('failures from all addresses together lock everyone out at the global limit', async () => {
    let clock = 1_760_000_000_000;
    const { relay, config } = await relayWith({ pairingLimits: limits, now: () => clock });
    const from = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
    for (const address of from) expect((await get(relay, probe, 'wrong-token-0123456789', address)).status).toBe(401);
    // 127.0.0.9 never failed, and its token is right.
    expect((await get(relay, probe, config.token, '127.0.0.9')).status).toBe(429);
    clock += limits.windowMs;
    expect((await get(relay, probe, config.token, '127.0.0.9')).status).toBe(PASSED);
  });

  it('attempts refused by the lockout are not counted: it ends when the window passes, however often one retries', async () => {
    let clock = 1_760_000_000_000;
    const { relay, config } = await relayWith({ pairingLimits: limits, now: () => clock });
    for (let i = 0; i < limits.perAddress; i++) await get(relay, probe, 'wrong-token-0123456789');
    for (let i = 0; i < 20; i++) {
      clock += 1_000;
      expect((await get(relay, probe, 'wrong-token-0123456789')).status).toBe(429);
    }
    clock += limits.windowMs - 20_000;
    expect((await get(relay, probe, config.token)).status).toBe(PASSED);
  });

  it('a page on an origin not listed cannot lock the dashboard out (refused before the token is counted)', async () => {
    const { relay, config } = await relayWith({ pairingLimits: limits });
    for (let i = 0; i < 10; i++)
      expect((await get(relay, probe, 'wrong-token-0123456789', '127.0.0.1', 'http://evil.example')).status).toBe(403);
    expect((await get(relay, probe, config.token)).status).toBe(PASSED);
  });

  it('the default limit: 20 failures from an address within a minute', async () => {
    const { relay, config } = await relayWith();
    for (let i = 0; i < 20; i++) expect((await get(relay, probe, 'wrong-token-0123456789')).status).toBe(401);
    expect((await get(relay, probe, config.token)).status).toBe(429);
  });
});

/** The Roxom bridge against a test WebSocket server that checks the RSA signature header and echoes frames. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startRelay, type RunningRelay } from './index';
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
  upstream.refuseWith = undefined;
  upstream.deaf = false;
});
afterAll(async () => {
  for (const client of upstream.wss.clients) client.terminate();
  await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
  keys.cleanup();
});

async function bridge(options: { apiKey?: string; pingIntervalMs?: number; logger?: (line: string) => void } = {}) {
  const config = testConfig(keys, {
    'roxom-main': {
      venue: 'roxom',
      url: upstream.url,
      apiKey: options.apiKey ?? ROXOM_KEY,
      privateKeyFile: keys.rsaFile,
    },
  });
  const relay = await startRelay(config, {
    baseDir: keys.dir,
    logger: options.logger ?? (() => undefined),
    pingIntervalMs: options.pingIntervalMs,
  });
  relays.push(relay);
  const result = await tryUpgrade(
    `${relay.url.replace('http', 'ws')}/ws/roxom-main`,
    { Origin: ORIGIN },
    { protocols: [`venueboard.pairing.${config.token}`] },
  );
  if (!('socket' in result)) throw new Error(`upgrade refused: ${result.status}`);
  sockets.push(result.socket);
  return { relay, config, browser: result.socket };
}

const until = async (what: string, predicate: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('relay: Roxom bridge', () => {
  it('opens the venue with X-API-Key and an RSA PKCS#1 v1.5 SHA-256 signature of GET:/ws', async () => {
    const { browser } = await bridge();
    await until('the upstream connection', () => upstream.clients.length > 0);
    expect(upstream.upgrades.at(-1)).toEqual({ apiKey: ROXOM_KEY, verified: true, path: '/ws', protocol: undefined });
    browser.close();
  });

  it('forwards text frames both ways byte for byte: nanosecond integers beyond 2^53 survive', async () => {
    const { browser } = await bridge();
    // Sent before the venue's socket is up: queued, then forwarded in order.
    const subscribe = '{"op":"subscribe","args":[{"channel":"orders"},{"channel":"positions"},{"channel":"balance"}]}';
    const order =
      '{"type":"order","data":{"orderId":"0190f0b2-7c1e-7b3a-9f00-000000000001","executedQty":"0.10000000","timestamp":1756478182146123456}}';
    const spaced = '{ "type" : "balance" ,\n "data":{"timestamp":  18446744073709551615 , "amount":"1e-8"} }';
    const echoes: string[] = [];
    browser.on('message', (data: Buffer, binary) => echoes.push(`${binary ? 'binary:' : ''}${data.toString('utf8')}`));
    browser.send(subscribe);
    browser.send(order);
    browser.send(spaced);
    await until('three echoes', () => echoes.length === 3);
    expect(upstream.received.slice(-3)).toEqual([subscribe, order, spaced]);
    expect(echoes).toEqual([subscribe, order, spaced]);

    // A frame the venue pushes on its own arrives unchanged too.
    const pushed =
      '{"type":"position","data":[{"id":"p1","updatedAt":1756478182146999999,"createdAt":1756478182000000001}]}';
    const next = nextFrame(browser);
    upstream.clients.at(-1)?.send(pushed);
    expect(await next).toEqual({ text: pushed, binary: false });
  });

  it('when the venue drops, the browser side is closed (1011, with a reason) so its lifecycle reconnects', async () => {
    const { browser } = await bridge();
    await until(
      'the upstream connection',
      () => upstream.clients.length > 0 && upstream.clients.at(-1)?.readyState === 1,
    );
    const ended = closed(browser);
    upstream.clients.at(-1)?.terminate();
    expect(await ended).toEqual({ code: 1011, reason: 'Roxom connection lost (1006)' });
  });

  it("mirrors the venue's own close code and reason", async () => {
    const { browser } = await bridge();
    await until('the upstream connection', () => upstream.clients.at(-1)?.readyState === 1);
    const ended = closed(browser);
    upstream.clients.at(-1)?.close(4000, 'maintenance');
    expect(await ended).toEqual({ code: 4000, reason: 'maintenance' });
  });

  it('when the browser closes, the venue side is closed', async () => {
    const { browser } = await bridge();
    await until('the upstream connection', () => upstream.clients.at(-1)?.readyState === 1);
    const venueSide = upstream.clients.at(-1);
    if (!venueSide) throw new Error('no upstream client');
    const ended = closed(venueSide);
    browser.close(1000, 'bye');
    expect(await ended).toMatchObject({ code: 1000, reason: 'client closed' });
  });

  it('a venue that refuses the key closes the browser side with 1011 and says why, without the key', async () => {
    const log = captureLog();
    const { browser } = await bridge({ apiKey: 'wrong-roxom-key-000', logger: log.logger });
    const ended = await closed(browser);
    expect(ended).toEqual({
      code: 1011,
      reason: "Roxom refused the relay's connection (HTTP 401: check apiKey and privateKeyFile)",
    });
    expect(log.lines.join('\n')).not.toContain('wrong-roxom-key-000');
  });

  it('pings the venue; a venue that stops answering is cut off and the browser side closed', async () => {
    upstream.deaf = true;
    const { browser } = await bridge({ pingIntervalMs: 100 });
    expect(await closed(browser)).toEqual({ code: 1011, reason: 'Roxom stopped answering pings' });
  });

  it('a browser message over 1 MiB closes the browser side with 1009; Roxom never gets it; logged without content', async () => {
    const log = captureLog();
    const { browser } = await bridge({ logger: log.logger });
    await until('the upstream connection', () => upstream.clients.at(-1)?.readyState === 1);
    const venueSide = upstream.clients.at(-1);
    if (!venueSide) throw new Error('no upstream client');
    // Exactly at the cap passes.
    const atCap = `"${'a'.repeat((1 << 20) - 2)}"`;
    const echo = nextFrame(browser);
    browser.send(atCap);
    expect((await echo).text.length).toBe(1 << 20);

    const received = upstream.received.length;
    const venueClosed = closed(venueSide);
    const ended = closed(browser);
    browser.send(`OVERSIZE-MARKER${'b'.repeat(1 << 20)}`);
    expect((await ended).code).toBe(1009);
    expect((await venueClosed).code).toBe(1000);
    expect(upstream.received.length).toBe(received);
    await until('the close line', () => log.lines.some((l) => l.includes('closed by')));
    expect(log.lines.at(-1)).toMatch(
      /^ws roxom-main closed by relay \(1009 the browser sent a message over the 1 MiB cap\) after .*; 1 frames to Roxom, 1 to the browser$/,
    );
    expect(log.lines.join('\n')).not.toContain('OVERSIZE-MARKER');
  });

  it('a Roxom message over 1 MiB closes Roxom with 1009 and the browser with 1009 and a reason; nothing forwarded', async () => {
    const log = captureLog();
    const { browser } = await bridge({ logger: log.logger });
    await until('the upstream connection', () => upstream.clients.at(-1)?.readyState === 1);
    const venueSide = upstream.clients.at(-1);
    if (!venueSide) throw new Error('no upstream client');
    const frames: string[] = [];
    browser.on('message', (data: Buffer) => frames.push(data.toString('utf8').slice(0, 20)));
    const venueClosed = closed(venueSide);
    const ended = closed(browser);
    venueSide.send(`OVERSIZE-MARKER${'c'.repeat(1 << 20)}`);
    expect(await ended).toEqual({ code: 1009, reason: "Roxom sent a message over the relay's 1 MiB cap" });
    expect((await venueClosed).code).toBe(1009);
    expect(frames).toEqual([]);
    await until('the close line', () => log.lines.some((l) => l.includes('closed by')));
    expect(log.lines.join('\n')).not.toContain('OVERSIZE-MARKER');
  });

  it('stopping the relay closes bridged sockets (1001)', async () => {
    const { relay, browser } = await bridge();
    await until('the upstream connection', () => upstream.clients.at(-1)?.readyState === 1);
    const ended = closed(browser);
    await relay.stop();
    expect(await ended).toEqual({ code: 1001, reason: 'relay shutting down' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFeedServer, type FeedServer } from './feed-server';
import { PROBE_EVERY, probeSequence } from './zdex-feed';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

interface Received {
  frames: Record<string, unknown>[];
  socket: WebSocket;
}

async function connect(url: string): Promise<Received> {
  const socket = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { frames, socket };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the feed server', () => {
  it('speaks the ZDEX handshake and streams only to an authenticated socket', async () => {
    server = await startFeedServer();
    const watcher = await connect(server.url);
    const trader = await connect(server.url);
    await until(() => watcher.frames.length === 1 && trader.frames.length === 1);
    expect(trader.frames[0]).toMatchObject({ event: 'connected' });

    trader.socket.send(JSON.stringify({ action: 'auth', token: 'a.b.c' }));
    trader.socket.send(JSON.stringify({ action: 'subscribe', channel: 'markprice', symbol: 'BTCUSDT' }));
    trader.socket.send(JSON.stringify({ action: 'ping' }));
    await until(() => trader.frames.length === 5);
    expect(trader.frames.slice(1)).toEqual([
      expect.objectContaining({ event: 'authenticated' }),
      expect.objectContaining({ channel: 'account', data: expect.objectContaining({ balances: expect.any(Array) }) }),
      { event: 'subscribed', channel: 'markprice', symbol: 'BTCUSDT' },
      expect.objectContaining({ event: 'pong' }),
    ]);
    expect(server.clients).toBe(1);

    server.setRate(5_000);
    await until(() => trader.frames.length >= 5 + 200);
    server.setRate(0);
    const sent = server.lastSent;
    await until(() => trader.frames.length === 5 + sent);
    expect(watcher.frames).toHaveLength(1);

    // Every frame, in order; each probe's balance says its number, and its send time was kept.
    const stream = trader.frames.slice(5);
    const probes = stream.flatMap((f) =>
      f.event === 'balance_update' ? [probeSequence(Number((f.data as { total: string }).total))] : [],
    );
    expect(probes).toEqual(Array.from({ length: Math.floor(sent / PROBE_EVERY) }, (_, i) => (i + 1) * PROBE_EVERY));
    expect([...server.probeSentAt.keys()]).toEqual(probes);
    expect(server.skipped).toBe(0);
  });

  it('sends nothing while the rate is 0 and numbers frames on across rates', async () => {
    server = await startFeedServer();
    const trader = await connect(server.url);
    trader.socket.send(JSON.stringify({ action: 'auth', token: 'a.b.c' }));
    await until(() => trader.frames.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.lastSent).toBe(0);

    server.setRate(2_000);
    await until(() => server!.lastSent >= 20);
    server.setRate(0);
    const first = server.lastSent;
    server.setRate(2_000);
    await until(() => server!.lastSent >= first + 20);
    server.setRate(0);
    await until(() => trader.frames.length === 3 + server!.lastSent);
    const probes = trader.frames.filter((f) => f.event === 'balance_update');
    expect(probes.length).toBe(Math.floor(server.lastSent / PROBE_EVERY));
  });
});

describe('a feed for one page at a time', () => {
  it('sends only to the sockets that connected on the path given', async () => {
    server = await startFeedServer();
    const base = server.url.replace(/\/ws$/, '');
    const bare = await connect(`${base}/bare`);
    const app = await connect(`${base}/app`);
    for (const page of [bare, app]) page.socket.send(JSON.stringify({ action: 'auth', token: 'a.b.c' }));
    await until(() => bare.frames.length === 3 && app.frames.length === 3);
    server.setRate(2_000, '/bare');
    await until(() => server!.lastSent >= 30);
    server.setRate(0);
    await until(() => bare.frames.length === 3 + server!.lastSent);
    expect(app.frames).toHaveLength(3);
  });
});

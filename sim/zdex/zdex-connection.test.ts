import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../index';
import { startTestSimulator } from '../testing/sim-for-tests';
import { WsTestClient } from '../testing/ws-test-client';
import { SEED_PUBLIC, skeleton } from './seed-examples';

let sim: Simulator;
const clients: WsTestClient[] = [];

async function connect(): Promise<WsTestClient> {
  const client = await WsTestClient.connect(sim.urls.zdex);
  clients.push(client);
  await client.waitFor((f) => f.event === 'connected');
  return client;
}

beforeAll(async () => {
  sim = await startTestSimulator({ rateScale: 0.5 });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim.stop();
});

describe('ZDEX connection', () => {
  it('announces channels, every symbol and the poll interval on connect', async () => {
    const client = await connect();
    const connected = client.frames[0]?.json as Record<string, unknown>;
    expect(connected.event).toBe('connected');
    expect(connected.channels).toEqual(['ticker', 'orderbook', 'trades', 'kline', 'markprice', 'account']);
    expect(connected.pollIntervalMs).toBe(2000);
    const symbols = connected.symbols as string[];
    expect(symbols).toHaveLength(144);
    expect(symbols.slice(0, 3)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  it('authenticates a valid JWT and names the ledger account', async () => {
    const client = await connect();
    client.send({ action: 'auth', token: sim.tokens('zdex').token });
    const auth = await client.waitFor((f) => f.event === 'authenticated');
    expect(auth.json).toEqual({
      event: 'authenticated',
      accountId: sim.ledger('zdex').accountId,
      subAccountId: '34696153',
    });
    expect(sim.ledger('zdex').accountId).toMatch(/^clx[a-z0-9]{22}$/);
    // The account channel is delivered once authenticated, without a subscribe.
    await client.waitFor((f) => f.channel === 'account' && f.event === undefined, auth.seq);
  });

  it.each([
    ['invalid', 'Authentication failed: invalid token'],
    ['expired', 'Authentication failed: token expired'],
  ] as const)('rejects an %s token with an error frame, then closes with 4401', async (variant, message) => {
    const client = await connect();
    client.send({ action: 'auth', token: sim.tokens('zdex', variant).token });
    const error = await client.waitFor((f) => f.event === 'error');
    expect(error.json).toEqual({ event: 'error', message });
    expect(await client.waitForClose()).toEqual({ code: 4401, reason: message });
    expect(client.frames.some((f) => (f.json as { channel?: string }).channel === 'account')).toBe(false);
  });

  it.each([{ action: 'auth', token: 'abc.def.ghi' }, { action: 'auth' }, { action: 'auth', token: 42 }])(
    'rejects %j the same way',
    async (frame) => {
      const client = await connect();
      client.send(frame);
      expect(await client.waitForClose()).toEqual({ code: 4401, reason: 'Authentication failed: invalid token' });
    },
  );

  it('refuses the account channel before auth', async () => {
    const client = await connect();
    client.send({ action: 'subscribe', channel: 'account' });
    const error = await client.waitFor((f) => f.event === 'error');
    expect(error.json).toEqual({ event: 'error', message: 'Authentication required' });
  });

  it('answers ping with pong and a timestamp', async () => {
    const client = await connect();
    const before = Date.now();
    client.send({ action: 'ping' });
    const pong = (await client.waitFor((f) => f.event === 'pong')).json as { event: string; ts: number };
    expect(Object.keys(pong).sort()).toEqual(['event', 'ts']);
    expect(pong.ts).toBeGreaterThanOrEqual(before);
  });

  it('auto-pushes orderbook, trades, ticker and kline for every symbol without a subscription', async () => {
    const client = await connect();
    const seen = new Map<string, Set<string>>();
    const lastUpdate = new Map<string, number>();
    let regressions = 0;
    await client.until(() => {
      for (const f of client.frames.splice(0)) {
        const frame = f.json as { channel?: string; symbol?: string; data?: { lastUpdateId?: number } };
        if (!frame.channel || !frame.symbol) continue;
        const symbols = seen.get(frame.channel) ?? new Set<string>();
        symbols.add(frame.symbol);
        seen.set(frame.channel, symbols);
        if (frame.channel === 'orderbook') {
          const id = frame.data?.lastUpdateId ?? 0;
          if (id <= (lastUpdate.get(frame.symbol) ?? 0)) regressions += 1;
          lastUpdate.set(frame.symbol, id);
        }
        const seed = SEED_PUBLIC[frame.channel as keyof typeof SEED_PUBLIC];
        expect(skeleton(frame), frame.channel).toEqual(skeleton(seed));
        if (frame.channel === 'kline') {
          const candle = (frame as unknown as { data: unknown[][] }).data[0] ?? [];
          expect(candle.map((v) => typeof v)).toEqual(SEED_PUBLIC.kline.data[0].map((v) => typeof v));
        }
      }
      return ['orderbook', 'trades', 'ticker', 'kline'].every((channel) => (seen.get(channel)?.size ?? 0) >= 30);
    }, 15_000);
    expect(regressions).toBe(0);
    expect(seen.has('markprice')).toBe(false);
  });

  it('sends markprice only for subscribed symbols, and stops after unsubscribe', async () => {
    const client = await connect();
    client.send({ action: 'subscribe', channel: 'markprice', symbol: 'ETHUSDT' });
    const ack = await client.waitFor((f) => f.event === 'subscribed');
    expect(ack.json).toEqual({ event: 'subscribed', channel: 'markprice', symbol: 'ETHUSDT' });
    const mark = await client.waitFor((f) => f.channel === 'markprice' && f.event === undefined, ack.seq);
    expect(skeleton(mark.json)).toEqual(skeleton(SEED_PUBLIC.markprice));
    expect((mark.json as { symbol: string }).symbol).toBe('ETHUSDT');
    expect(
      client.frames
        .filter((f) => (f.json as { channel?: string }).channel === 'markprice')
        .every((f) => (f.json as { symbol: string }).symbol === 'ETHUSDT'),
    ).toBe(true);

    client.send({ action: 'unsubscribe', channel: 'markprice', symbol: 'ETHUSDT' });
    const unack = await client.waitFor((f) => f.event === 'unsubscribed');
    expect(unack.json).toEqual({ event: 'unsubscribed', channel: 'markprice', symbol: 'ETHUSDT' });
    // Marks come once a second: once the server's clock is 2.5 s past the ack, none may have followed it.
    client.send({ action: 'ping' });
    const pong = (await client.waitFor((f) => f.event === 'pong', unack.seq)).json as { ts: number };
    await client.waitFor((f) => typeof f.ts === 'number' && f.ts >= pong.ts + 2500 && f.event === undefined, unack.seq);
    expect(
      client.frames.slice(unack.seq + 1).some((f) => (f.json as { channel?: string }).channel === 'markprice'),
    ).toBe(false);
  });

  it('answers unknown actions, channels and symbols with an error frame', async () => {
    const client = await connect();
    client.send({ action: 'dance' });
    client.send({ action: 'subscribe', channel: 'weather' });
    client.send({ action: 'subscribe', channel: 'markprice', symbol: 'NOPEUSDT' });
    client.socket.send('{not json');
    await client.until(() => client.frames.filter((f) => (f.json as { event?: string }).event === 'error').length >= 4);
    const messages = client.frames
      .filter((f) => (f.json as { event?: string }).event === 'error')
      .map((f) => (f.json as { message: string }).message);
    expect(messages).toEqual([
      'Unknown action: dance',
      'Unknown channel: weather',
      'Unknown symbol: NOPEUSDT',
      'Invalid JSON',
    ]);
    expect(client.closed).toBeNull();
  });

  it('closes a connection that sends nothing for the idle timeout [assumption], not one that pings', async () => {
    const idleSim = await startTestSimulator({ tuning: { zdex: { idleTimeoutMs: 1000 } } });
    try {
      const silent = await WsTestClient.connect(idleSim.urls.zdex);
      const pinging = await WsTestClient.connect(idleSim.urls.zdex);
      clients.push(silent, pinging);
      const keepAlive = setInterval(() => pinging.send({ action: 'ping' }), 200);
      expect(await silent.waitForClose()).toEqual({ code: 4408, reason: 'Idle timeout' });
      clearInterval(keepAlive);
      expect(pinging.closed).toBeNull();
    } finally {
      await idleSim.stop();
    }
  });
});

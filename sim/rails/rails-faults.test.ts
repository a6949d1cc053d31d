import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RailsCompletedOrder, RailsOrder } from '../../src/venues/rails/wire';
import { num } from '../core/num';
import { RailsTestClient, loose, refusedUpgrade, startRails, type Frame, type RailsUnderTest } from './test-support';

let sim: RailsUnderTest;
let clients: RailsTestClient[] = [];
const ALL_STREAMS = ['orders', 'trades', 'publicTrades', 'publicOrderBook'];

beforeAll(async () => {
  sim = await startRails({ core: { publicRateScale: 1 } });
  // Account activity only when a test asks for it (the public feed keeps going).
  sim.core.pause();
});

afterEach(() => {
  sim.core.pause();
  for (const c of clients) c.close();
  clients = [];
});

afterAll(async () => {
  await sim.stop();
});

async function connect(market = 'ALL', subscriptions = ALL_STREAMS): Promise<RailsTestClient> {
  const client = await RailsTestClient.connect(sim.wsUrl(market, subscriptions), sim.rails.credential('valid').token);
  clients.push(client);
  return client;
}

const isPrivate = (f: Frame) => ['orderUpdate', 'completedOrdersDelta'].includes(loose(f).resultType ?? '');

/** Rest a BTC limit order far from the market, then cancel it: exactly two orderUpdate frames. */
function placeAndCancel(): void {
  const accountId = sim.rails.accountId;
  sim.core.act(accountId, {
    kind: 'limit',
    symbol: 'BTCUSDT',
    side: 'buy',
    price: num('1000'),
    quantity: num('0.001'),
  });
  const placed = sim.core.accountView(accountId).openOrders.find((o) => o.price === '1000');
  if (!placed) throw new Error('the order did not rest');
  sim.core.act(accountId, { kind: 'cancel', orderId: placed.orderId });
}

/** Unix ms of a frame's event (every pushed Rails frame carries one somewhere). */
function eventTime(f: Frame): number | undefined {
  const data = loose(f).data as Record<string, unknown> | RailsCompletedOrder[] | undefined;
  if (Array.isArray(data)) return data[0]?.orderFilledAt as number;
  if (typeof data?.ts === 'number') return data.ts;
  const order = data?.order as RailsOrder | undefined;
  if (order) return order.updatedAt as number;
  const rows = data?.orders as { updatedAt: number }[] | undefined;
  return rows?.[0]?.updatedAt;
}

describe('Rails fault switches', () => {
  it('drop: terminates every socket without a close frame; the places are freed for reconnecting', async () => {
    const a = await connect('BTC-USDT');
    const b = await connect('BTC-USDT');
    expect(sim.rails.fault({ venue: 'rails', fault: 'drop' })).toMatchObject({ fault: 'drop', clients: 2 });
    expect((await a.waitForClose()).code).toBe(1006);
    expect((await b.waitForClose()).code).toBe(1006);
    const again = [await connect('BTC-USDT'), await connect('BTC-USDT')];
    expect(again.every((c) => c.closed === null)).toBe(true);
  });

  it('stall: sends nothing at all, pongs included, for the duration; then resumes', async () => {
    const client = await connect();
    await client.waitFor('publicOrderBookDelta');
    await client.flush();
    const outcome = sim.rails.fault({ venue: 'rails', fault: 'stall', durationMs: 1500 });
    expect(outcome).toMatchObject({ fault: 'stall', durationMs: 1500 });
    const from = client.frames.length;
    client.send({ message: 'ping', content: { clientRequestId: 'during' } });
    sim.core.resume();
    await client.waitFor('publicOrderBookDelta', from);
    const after = await client.flush();
    const frames = client.frames.slice(from, after.seq);
    // An event is stamped when the account makes it and sent on the hub's next turn: one made in the
    // stall's last milliseconds goes out just after it, so allow that much between stamp and send.
    const SEND_TURN_MS = 5;
    for (const f of frames) expect(eventTime(f)).toBeGreaterThanOrEqual((outcome.until ?? Infinity) - SEND_TURN_MS);
    expect(client.of('pong', from).map((f) => (loose(f).data as { clientRequestId: string }).clientRequestId)).toEqual([
      (loose(after).data as { clientRequestId: string }).clientRequestId,
    ]);
    expect(client.closed).toBeNull();
  });

  it('duplicate: sends each of the next `count` private frames twice', async () => {
    const client = await connect();
    await client.flush();
    const from = client.frames.length;
    expect(sim.rails.fault({ venue: 'rails', fault: 'duplicate', count: 1 })).toMatchObject({ count: 1 });
    placeAndCancel();
    placeAndCancel();
    await client.until(() => client.frames.slice(from).filter(isPrivate).length >= 5);
    await client.flush();
    const texts = client.frames
      .slice(from)
      .filter(isPrivate)
      .map((f) => f.text);
    expect(texts).toHaveLength(5);
    expect(texts[1]).toBe(texts[0]);
    expect(new Set(texts).size).toBe(4);
  });

  it('reorder: swaps the next pair of private frames', async () => {
    const client = await connect();
    await client.flush();
    const from = client.frames.length;
    sim.rails.fault({ venue: 'rails', fault: 'reorder' });
    placeAndCancel();
    await client.until(() => client.frames.slice(from).filter(isPrivate).length >= 2);
    const statuses = client.frames
      .slice(from)
      .filter(isPrivate)
      .map((f) => (loose(f).data as { order: RailsOrder }).order.orderStatus);
    expect(statuses).toEqual(['cancelled', 'active']);
  });

  it('malformed: sends truncated JSON, a JSON array and an unknown resultType to every client', async () => {
    const a = await connect('BTC-USDT', ['orders']);
    const b = await connect('ETH-USDT', ['orders']);
    await a.flush();
    await b.flush();
    const fromA = a.frames.length;
    const fromB = b.frames.length;
    expect(sim.rails.fault({ venue: 'rails', fault: 'malformed', count: 3 })).toMatchObject({ count: 3, clients: 2 });
    for (const [client, from] of [
      [a, fromA],
      [b, fromB],
    ] as const) {
      await client.until(() => client.frames.length >= from + 3);
      const [truncated, array, unknown] = client.frames.slice(from, from + 3);
      expect(() => JSON.parse(truncated?.text ?? '')).toThrow();
      expect(Array.isArray(array?.json)).toBe(true);
      expect(unknown?.json).toMatchObject({ resultType: 'marginCallV2', data: { statusCode: 200 } });
      await client.flush();
      expect(client.closed).toBeNull();
    }
  });

  it('reject-auth: the next `count` upgrades answer 401 like an invalid token, then they succeed again', async () => {
    sim.rails.fault({ venue: 'rails', fault: 'reject-auth', count: 2 });
    const token = [`authorization#${sim.rails.credential('valid').token}`];
    expect(await refusedUpgrade(sim.wsUrl('BTC-USDT'), token)).toEqual({ status: 401, body: 'invalid token' });
    expect(await refusedUpgrade(sim.wsUrl('BTC-USDT'), token)).toEqual({ status: 401, body: 'invalid token' });
    const accepted = await connect('BTC-USDT');
    expect(accepted.socket.protocol).toBe(token[0]);
  });
});

describe('Rails hot standby (two identical connections of one account and market)', () => {
  it('both get the identical private sequence, duplicates and swaps included; a third is refused', async () => {
    const a = await connect('BTC-USDT', ['orders', 'trades']);
    const b = await connect('BTC-USDT', ['orders', 'trades']);
    expect(
      await refusedUpgrade(sim.wsUrl('BTC-USDT'), [`authorization#${sim.rails.credential('valid').token}`]),
    ).toEqual({ status: 403, body: 'at most 2 connections per market' });
    await a.flush();
    await b.flush();
    const [fromA, fromB] = [a.frames.length, b.frames.length];
    sim.rails.fault({ venue: 'rails', fault: 'duplicate', count: 2 });
    sim.rails.fault({ venue: 'rails', fault: 'reorder', count: 1 });
    placeAndCancel();
    placeAndCancel();
    placeAndCancel();
    const privateTexts = (c: RailsTestClient, from: number) =>
      c.frames
        .slice(from)
        .filter(isPrivate)
        .map((f) => f.text);
    await a.until(() => privateTexts(a, fromA).length >= 8);
    await b.until(() => privateTexts(b, fromB).length >= 8);
    await a.flush();
    await b.flush();
    expect(privateTexts(a, fromA)).toHaveLength(8);
    expect(privateTexts(b, fromB)).toEqual(privateTexts(a, fromA));
  });

  it('a drop of one socket leaves the other streaming, and the dropped one may come back into its slot', async () => {
    const a = await connect('BTC-USDT', ['orders', 'trades']);
    const b = await connect('BTC-USDT', ['orders', 'trades']);
    await b.flush();
    a.socket.terminate();
    await a.waitForClose();
    const from = b.frames.length;
    placeAndCancel();
    await b.until(() => b.frames.slice(from).filter(isPrivate).length >= 2);
    // The terminated socket's place is free again once the server has seen the TCP close.
    let again: RailsTestClient | undefined;
    for (let i = 0; i < 40 && !again; i++) {
      again = await connect('BTC-USDT', ['orders', 'trades']).catch(async () => {
        await new Promise((r) => setTimeout(r, 25));
        return undefined;
      });
    }
    await again!.flush();
  });
});

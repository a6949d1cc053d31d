import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RailsBookLevel, RailsCompletedOrder, RailsOrder, RailsPublicTrade } from '../../src/venues/rails/wire';
import { num } from '../core/num';
import {
  DOC_BOOK_DELTA,
  DOC_COMPLETED_ORDER,
  DOC_PUBLIC_TRADE,
  ORDER_FIELDS,
  ULID,
  UUID,
  ulidTime,
} from './doc-examples';
import { RailsTestClient, loose, startRails, type Frame, type RailsUnderTest } from './test-support';

let sim: RailsUnderTest;
let clients: RailsTestClient[] = [];

beforeAll(async () => {
  sim = await startRails({ core: { publicRateScale: 1 } });
});

afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
  sim.core.resume();
});

afterAll(async () => {
  await sim.stop();
});

async function connect(market: string, subscriptions: string[]): Promise<RailsTestClient> {
  const client = await RailsTestClient.connect(sim.wsUrl(market, subscriptions), sim.rails.credential('valid').token);
  clients.push(client);
  return client;
}

const ORDER_STATUS: Record<string, string> = {
  open: 'active',
  partially_filled: 'partiallyFilled',
  filled: 'filled',
  canceled: 'cancelled',
};

const orderOf = (f: Frame) => (loose(f).data as { order: RailsOrder }).order;
const tradesOf = (frames: Frame[]) => frames.flatMap((f) => loose(f).data as RailsCompletedOrder[]);

describe('Rails orders stream', () => {
  it('pushes every order change as orderUpdate with the documented fields, agreeing with the ledger', async () => {
    const client = await connect('ALL', ['orders']);
    const statuses = () => new Set(client.of('orderUpdate').map((f) => orderOf(f).orderStatus));
    await client.until(
      () => ['pending', 'active', 'partiallyFilled', 'filled', 'cancelled'].every((s) => statuses().has(s)),
      20_000,
    );
    sim.core.pause();
    await client.flush();

    const ledger = sim.rails.ledger();
    const byId = new Map(ledger.orders.map((o) => [o.orderId, o]));
    const last = new Map<string, { market: string | undefined; order: RailsOrder }>();
    for (const f of client.of('orderUpdate')) {
      const frame = loose(f);
      const order = orderOf(f);
      expect(Object.keys(frame)).toEqual(['resultType', 'market', 'data']);
      expect(Object.keys(frame.data as object)).toEqual(['statusCode', 'order']);
      expect((frame.data as { statusCode: number }).statusCode).toBe(200);
      // Every documented field, in order; a market order has no price and an unfilled order no average [guess].
      const expected = ORDER_FIELDS.filter(
        (k) => (k !== 'price' || order.tradeType === 'limit') && (k !== 'avgFillPrice' || order.filledQuantity !== '0'),
      );
      expect(Object.keys(order)).toEqual(expected);
      expect(order.orderId).toMatch(ULID);
      expect(ulidTime(order.orderId)).toBe(order.createdAt);
      expect(order.postOnly).toBe(false);
      last.set(order.orderId, { market: frame.market, order });
    }
    expect(last.size).toBeGreaterThan(3);
    for (const [id, { market, order }] of last) {
      const truth = byId.get(id);
      if (!truth) throw new Error(`order ${id} is not in the ledger`);
      expect(market).toBe(truth.symbol);
      expect(order.orderType).toBe(truth.side);
      expect(order.tradeType).toBe(truth.type);
      expect(order.price).toBe(truth.price);
      // quantity is the REMAINING quantity, filledQuantity the cumulative one.
      expect(num(order.quantity!).plus(order.filledQuantity!).eq(truth.quantity)).toBe(true);
      expect(order.filledQuantity).toBe(truth.filledQuantity);
      expect(order.avgFillPrice).toBe(truth.averagePrice);
      expect(order.orderStatus).toBe(ORDER_STATUS[truth.status]);
      expect(order.createdAt).toBe(truth.createdAt);
      expect(order.updatedAt).toBe(truth.updatedAt);
    }
  });

  it("on a one-market connection sends only that market's orders, but trades of every market", async () => {
    const client = await connect('BTC-USDT', ['orders', 'trades']);
    await client.until(
      () =>
        client.of('orderUpdate').length >= 5 &&
        new Set(tradesOf(client.of('completedOrdersDelta')).map((t) => t.market)).size >= 2,
      20_000,
    );
    expect(new Set(client.of('orderUpdate').map((f) => loose(f).market))).toEqual(new Set(['BTC-USDT']));
  });
});

describe('Rails trades stream', () => {
  it('sends one completedOrdersDelta element per execution with the documented fields, matching the ledger', async () => {
    const client = await connect('ETH-USDT', ['trades']);
    const received = () => tradesOf(client.of('completedOrdersDelta'));
    await client.until(() => {
      const rows = received();
      return (
        rows.length >= 20 && rows.some((t) => t.executionType === 'maker') && rows.some((t) => t.fillType === 'partial')
      );
    }, 20_000);
    sim.core.pause();
    await client.flush();

    const ledger = sim.rails.ledger();
    const orders = new Map(ledger.orders.map((o) => [o.orderId, o]));
    const fills = new Map(ledger.fills.map((f, i) => [f.fillId, { fill: f, index: i }]));
    for (const f of client.of('completedOrdersDelta')) {
      expect(Object.keys(f.json as object)).toEqual(['resultType', 'data']);
      expect((loose(f).data as unknown[]).length).toBe(1);
    }
    const rows = received();
    const indexes: number[] = [];
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(Object.keys(DOC_COMPLETED_ORDER));
      expect(row.orderId).toMatch(ULID);
      expect(row.matchId).toMatch(UUID);
      const entry = fills.get(`${row.orderId}:${row.matchId}`);
      if (!entry) throw new Error(`execution ${row.orderId}:${row.matchId} is not in the ledger`);
      indexes.push(entry.index);
      const { fill } = entry;
      const order = orders.get(fill.orderId);
      expect([
        row.market,
        row.orderType,
        row.price,
        row.quantity,
        row.fees,
        row.executionType,
        row.orderFilledAt,
      ]).toEqual([fill.symbol, fill.side, fill.price, fill.quantity, fill.fee, fill.liquidity, fill.time]);
      expect(row.tradeType).toBe(order?.type);
      expect(row.orderCreatedAt).toBe(order?.createdAt);
      expect(row.leverage).toBe(row.market === 'SOL-USDT' ? '10' : '20');
      expect([row.triggerType, row.triggerPrice, row.triggerCreatedAt]).toEqual(['none', '0', 0]);
      // complete when this execution filled the order: the order's fills up to it add up to its quantity.
      const upToHere = ledger.fills.slice(0, entry.index + 1).filter((x) => x.orderId === fill.orderId);
      const filled = upToHere.reduce((sum, x) => sum.plus(x.quantity), num(0));
      expect(row.fillType).toBe(filled.eq(order?.quantity ?? '0') ? 'complete' : 'partial');
    }
    // Every execution since the first one seen, exactly once, in the ledger's order.
    const first = indexes[0] ?? 0;
    expect(indexes).toEqual(ledger.fills.slice(first).map((_, i) => first + i));
  });
});

describe('Rails public streams', () => {
  it('publicTrades: deltas in the documented shape, and a snapshot of the recent ones', async () => {
    const client = await connect('BTC-USDT', ['publicTrades']);
    await client.until(() => client.of('publicCompletedOrdersDelta').length >= 3);
    client.send({ message: 'emitPublicCompletedOrders', content: { clientRequestId: 'snap' } });
    const snapshot = await client.waitFor('publicCompletedOrders');
    const deltas = client.frames
      .slice(0, snapshot.seq)
      .filter((f) => loose(f).resultType === 'publicCompletedOrdersDelta');
    const rows: RailsPublicTrade[] = [];
    for (const f of deltas) {
      expect(Object.keys(f.json as object)).toEqual(['resultType', 'market', 'data']);
      expect(loose(f).market).toBe('BTC-USDT');
      const data = loose(f).data as { orders: RailsPublicTrade[]; statusCode: number };
      expect(Object.keys(data)).toEqual(['orders', 'statusCode']);
      expect(data.statusCode).toBe(200);
      for (const row of data.orders) {
        expect(Object.keys(row)).toEqual(Object.keys(DOC_PUBLIC_TRADE));
        expect(row.matchId).toMatch(UUID);
        expect(['buy', 'sell']).toContain(row.orderType);
        rows.push(row);
      }
    }
    expect(new Set(rows.map((r) => r.matchId)).size).toBe(rows.length);
    const snap = loose(snapshot).data as { orders: RailsPublicTrade[]; statusCode: number; clientRequestId: string };
    expect(snapshot.json).toMatchObject({
      resultType: 'publicCompletedOrders',
      market: 'BTC-USDT',
      data: { statusCode: 200, clientRequestId: 'snap' },
    });
    // The snapshot ends with the trades just delivered (oldest first) [guess: order].
    expect(snap.orders.slice(-rows.length)).toEqual(rows.slice(-snap.orders.length));
  });

  it('publicOrderBook: absolute quantities and "0" deletes rebuild the next snapshot exactly', async () => {
    const client = await connect('ETH-USDT', ['publicOrderBook']);
    await client.waitFor('publicOrderBookDelta');
    client.send({ message: 'emitPublicOrderBook', content: { clientRequestId: 's0' } });
    const s0 = await client.waitFor('publicOrderBook');
    await client.until(() => client.of('publicOrderBookDelta', s0.seq).length >= 8);
    client.send({ message: 'emitPublicOrderBook', content: { clientRequestId: 's1' } });
    const s1 = await client.waitFor('publicOrderBook', s0.seq + 1);

    const key = (l: RailsBookLevel) => `${l.orderType}|${l.price}`;
    const book = new Map((loose(s0).data as { orders: RailsBookLevel[] }).orders.map((l) => [key(l), l.quantity]));
    let deletes = 0;
    for (const f of client.frames.slice(s0.seq + 1, s1.seq)) {
      expect(Object.keys(f.json as object)).toEqual(Object.keys(DOC_BOOK_DELTA));
      const data = loose(f).data as { orders: RailsBookLevel[]; statusCode: number; ts: number };
      expect(Object.keys(data)).toEqual(Object.keys(DOC_BOOK_DELTA.data));
      expect(data.statusCode).toBe(200);
      expect(typeof data.ts).toBe('number');
      for (const level of data.orders) {
        expect(Object.keys(level)).toEqual(['orderType', 'price', 'quantity']);
        if (level.quantity === '0') {
          expect(book.has(key(level))).toBe(true);
          book.delete(key(level));
          deletes += 1;
        } else {
          expect(book.get(key(level))).not.toBe(level.quantity);
          book.set(key(level), level.quantity);
        }
      }
    }
    expect(deletes).toBeGreaterThan(0);
    const snapshot = (loose(s1).data as { orders: RailsBookLevel[] }).orders;
    expect(new Map(snapshot.map((l) => [key(l), l.quantity]))).toEqual(book);
    // The snapshot: bids best first, then asks best first, no empty level, crossed nowhere.
    const bids = snapshot.filter((l) => l.orderType === 'buy').map((l) => Number(l.price));
    const asks = snapshot.filter((l) => l.orderType === 'sell').map((l) => Number(l.price));
    expect(snapshot.map((l) => l.orderType)).toEqual([...bids.map(() => 'buy'), ...asks.map(() => 'sell')]);
    expect(bids).toEqual([...bids].sort((a, b) => b - a));
    expect(asks).toEqual([...asks].sort((a, b) => a - b));
    expect((bids[0] ?? 0) < (asks[0] ?? Infinity)).toBe(true);
    expect(snapshot.every((l) => l.quantity !== '0')).toBe(true);
  });

  it('unsubscribing stops the stream at once', async () => {
    const client = await connect('BTC-USDT', ['publicOrderBook', 'publicTrades']);
    await client.waitFor('publicOrderBookDelta');
    client.send({ message: 'unsubscribe', content: { subscriptions: ['publicOrderBook'] } });
    const reply = await client.waitFor('unsubscribed');
    await client.until(() => client.of('publicCompletedOrdersDelta', reply.seq).length >= 2);
    expect(client.of('publicOrderBookDelta', reply.seq)).toHaveLength(0);
  });
});

describe('Rails deterministic delivery', () => {
  it('gives identical connections the identical sequence of frames', async () => {
    const subscriptions = ['orders', 'trades', 'publicTrades', 'publicOrderBook'];
    const a = await connect('ALL', subscriptions);
    await a.waitFor('publicOrderBookDelta');
    const b = await connect('ALL', subscriptions);
    await b.until(
      () => b.frames.length >= 40 && a.frames.length >= a.frames.findIndex((f) => f.text === b.frames[0]?.text) + 40,
      20_000,
    );
    const start = a.frames.findIndex((f) => f.text === b.frames[0]?.text);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(a.frames.slice(start, start + 40).map((f) => f.text)).toEqual(b.frames.slice(0, 40).map((f) => f.text));
    expect(new Set(b.frames.slice(0, 40).map((f) => loose(f).resultType)).size).toBeGreaterThanOrEqual(3);
  });
});

describe('Rails ledger', () => {
  it('is the ZDEX-shaped ledger in Rails terms: markets, ULID order ids, <orderId>:<matchId> fill ids', () => {
    const ledger = sim.rails.ledger();
    expect(Object.keys(ledger).sort()).toEqual([
      'accountId',
      'balances',
      'fills',
      'funding',
      'marks',
      'orders',
      'positions',
      'totals',
      'venue',
    ]);
    expect(ledger.venue).toBe('rails');
    expect(Object.keys(ledger.marks)).toEqual(['BTC-USDT', 'ETH-USDT', 'SOL-USDT']);
    expect(ledger.orders.length).toBeGreaterThan(0);
    for (const o of ledger.orders) {
      expect(o.orderId).toMatch(ULID);
      expect(['BTC-USDT', 'ETH-USDT', 'SOL-USDT']).toContain(o.symbol);
    }
    const ids = new Set(ledger.orders.map((o) => o.orderId));
    for (const f of ledger.fills) {
      const [orderId = '', matchId = ''] = f.fillId.split(':');
      expect(orderId).toBe(f.orderId);
      expect(ids.has(orderId)).toBe(true);
      expect(matchId).toMatch(UUID);
    }
    expect(new Set(ledger.fills.map((f) => f.fillId)).size).toBe(ledger.fills.length);
  });
});

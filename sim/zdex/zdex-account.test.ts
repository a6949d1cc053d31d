import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../index';
import type { FillRecord } from '../core/records';
import { Num } from '../core/num';
import { startTestSimulator } from '../testing/sim-for-tests';
import { WsTestClient, type ReceivedFrame } from '../testing/ws-test-client';
import { waitUntil } from '../testing/wait';
import { accountKind, asFrame, isAccountFrame } from '../testing/zdex-frames';
import {
  SEED_BALANCE_UPDATE,
  SEED_FULL_STATE,
  SEED_FUTURES_ACCOUNT_UPDATE,
  SEED_ORDER_NEW,
  SEED_ORDER_UPDATE,
  SEED_POSITION_CLOSED,
  SEED_POSITION_UPDATE,
  skeleton,
} from './seed-examples';

interface WirePosition {
  symbol: string;
  quantity: string;
  avgEntryPrice?: string;
  realizedPnl?: string;
  closed?: boolean;
}

let sim: Simulator;
let client: WsTestClient;
/** Account frames received from the first full state on, while the ledger gained `newFills`. */
let accountFrames: ReceivedFrame[];
let initialState: { positions: WirePosition[] };
let newFills: FillRecord[];

beforeAll(async () => {
  sim = await startTestSimulator();
  sim.pause();
  client = await WsTestClient.connect(sim.urls.zdex);
  client.send({ action: 'auth', token: sim.tokens('zdex').token });
  client.send({ action: 'subscribe', channel: 'account' });
  const ack = await client.waitFor((f) => f.event === 'subscribed' && f.channel === 'account');
  const state = await client.waitFor((f) => f.channel === 'account' && f.event === undefined, ack.seq);
  initialState = (state.json as { data: { positions: WirePosition[] } }).data;
  const atStart = sim.ledger('zdex');
  const fillsBefore = atStart.fills.length;
  const startQuantities = new Map(atStart.positions.map((p) => [p.symbol, p.quantity]));

  sim.resume();
  // Run until both kinds of fill happened a few times, including a maker fill that reduced a position.
  await waitUntil(
    () => {
      const fills = sim.ledger('zdex').fills.slice(fillsBefore);
      const makers = fills.filter((f) => f.liquidity === 'maker').length;
      return makers >= 5 && fills.length - makers >= 5 && reducingMakerFills(startQuantities, fills) > 0;
    },
    30_000,
    'maker and taker fills',
  );
  sim.pause();
  await client.flush(); // every frame of the activity so far has arrived
  newFills = sim.ledger('zdex').fills.slice(fillsBefore);
  accountFrames = client.frames.slice(state.seq).filter(isAccountFrame);
}, 60_000);

afterAll(async () => {
  client.close();
  await sim.stop();
});

/** How many maker fills reduced a position without closing or flipping it. */
function reducingMakerFills(start: Map<string, string>, fills: FillRecord[]): number {
  const quantity = new Map([...start].map(([symbol, q]) => [symbol, new Num(q)]));
  let count = 0;
  for (const f of fills) {
    const before = quantity.get(f.symbol) ?? new Num(0);
    const after = before.plus(new Num(f.quantity).mul(f.side === 'buy' ? 1 : -1));
    if (
      f.liquidity === 'maker' &&
      !after.isZero() &&
      after.abs().lt(before.abs()) &&
      after.isPositive() === before.isPositive()
    )
      count += 1;
    quantity.set(f.symbol, after);
  }
  return count;
}

const ofKind = (kind: string) => accountFrames.filter((f) => accountKind(f) === kind).map(asFrame);

describe('ZDEX account channel', () => {
  it('sends the full state with exactly the documented keys and types', () => {
    const full = accountFrames.map(asFrame).find((f) => {
      const data = f.data as { openOrders?: unknown[]; positions?: unknown[] };
      return f.event === undefined && (data.openOrders?.length ?? 0) > 0 && (data.positions?.length ?? 0) > 0;
    });
    expect(full).toBeDefined();
    expect(skeleton(full)).toEqual(skeleton(SEED_FULL_STATE));
    const { openOrders } = full?.data as { openOrders: { status: string; type: string; side: string }[] };
    for (const o of openOrders) {
      expect(['NEW', 'PARTIALLY_FILLED']).toContain(o.status);
      expect(o.type).toBe('LIMIT');
      expect(['BUY', 'SELL']).toContain(o.side);
    }
  });

  it('gives order_new and order_canceled a numeric id and order_update a string cuid', () => {
    const news = ofKind('order_new');
    const updates = ofKind('order_update');
    const cancels = ofKind('order_canceled');
    expect(news.length).toBeGreaterThan(0);
    expect(updates.length).toBeGreaterThan(0);
    expect(cancels.length).toBeGreaterThan(0);
    for (const f of news) expect(skeleton(f)).toEqual(skeleton(SEED_ORDER_NEW));
    for (const f of cancels)
      expect((f.data as { order: { orderId: unknown; status: string } }).order).toMatchObject({
        status: 'CANCELED',
        orderId: expect.any(Number),
      });
    for (const f of updates) {
      expect(skeleton(f)).toEqual(skeleton(SEED_ORDER_UPDATE));
      expect((f.data as { orderId: string }).orderId).toMatch(/^clx[a-z0-9]{22}$/);
    }
    const cuids = updates.map((f) => (f.data as { orderId: string }).orderId);
    expect(new Set(cuids).size).toBe(cuids.length);
  });

  it('sends exactly one position_update per fill, with the quantity the fill left', () => {
    const positionUpdates = ofKind('position_update').map((f) => f.data as WirePosition);
    expect(positionUpdates).toHaveLength(newFills.length);
    const quantity = new Map(initialState.positions.map((p) => [p.symbol, new Num(p.quantity)]));
    newFills.forEach((fill, i) => {
      const next = (quantity.get(fill.symbol) ?? new Num(0)).plus(
        new Num(fill.quantity).mul(fill.side === 'buy' ? 1 : -1),
      );
      quantity.set(fill.symbol, next);
      const update = positionUpdates[i];
      expect(update?.symbol).toBe(fill.symbol);
      expect(new Num(update?.quantity ?? 'NaN').eq(next)).toBe(true);
      expect(update?.closed === true).toBe(next.isZero());
    });
  });

  it('sends no order_update for maker fills and NEW -> FILLED for taker fills, in the documented frame order', () => {
    const takers = newFills.filter((f) => f.liquidity === 'taker');
    expect(ofKind('order_update')).toHaveLength(takers.length);
    for (const f of ofKind('order_update')) expect(f.data).toMatchObject({ oldStatus: 'NEW', newStatus: 'FILLED' });
    for (const fill of takers) {
      const start = accountFrames.findIndex(
        (f) =>
          accountKind(f) === 'order_new' &&
          (asFrame(f).data as { order: { orderId: number } }).order.orderId === Number(fill.orderId),
      );
      expect(start).toBeGreaterThanOrEqual(0);
      expect(accountFrames.slice(start, start + 6).map(accountKind)).toEqual([
        'order_new',
        'order_update',
        'position_update',
        'balance_update',
        'futures_account_update',
        'full',
      ]);
    }
  });

  it('lets a client rebuild a reducing maker fill from two position updates, exactly', () => {
    const last = new Map(initialState.positions.map((p) => [p.symbol, p]));
    const updates = ofKind('position_update').map((f) => f.data as WirePosition);
    let checked = 0;
    newFills.forEach((fill, i) => {
      const before = last.get(fill.symbol);
      const after = updates[i];
      if (!after) return;
      last.set(fill.symbol, after);
      if (fill.liquidity !== 'maker' || !before || after.closed || fill.realizedPnl === '0') return;
      const sameSide = new Num(before.quantity).isPositive() === new Num(after.quantity).isPositive();
      if (!sameSide) return; // a flip resets the entry price
      const change = new Num(after.quantity).minus(before.quantity);
      const realized = new Num(after.realizedPnl ?? 'NaN').minus(before.realizedPnl ?? 'NaN');
      const price = new Num(before.avgEntryPrice ?? 'NaN').minus(realized.div(change));
      expect(price.eq(fill.price)).toBe(true);
      checked += 1;
    });
    expect(checked).toBeGreaterThan(0);
  });

  it('matches the documented position, balance and futures account frames', () => {
    const updates = ofKind('position_update');
    const open = updates.filter((f) => !(f.data as WirePosition).closed);
    expect(open.length).toBeGreaterThan(0);
    for (const f of open) {
      expect(skeleton(f)).toEqual(skeleton(SEED_POSITION_UPDATE));
      const data = f.data as { openedAt: string; adl: number };
      expect(new Date(data.openedAt).toISOString()).toBe(data.openedAt);
      expect(data.adl).toBeGreaterThanOrEqual(0);
      expect(data.adl).toBeLessThanOrEqual(5);
    }
    for (const f of updates.filter((u) => (u.data as WirePosition).closed))
      expect(f).toMatchObject({ data: { quantity: '0', closed: true } });
    for (const f of updates.filter((u) => (u.data as WirePosition).closed))
      expect(skeleton(f)).toEqual(skeleton(SEED_POSITION_CLOSED));
    for (const f of ofKind('balance_update')) expect(skeleton(f)).toEqual(skeleton(SEED_BALANCE_UPDATE));
    const futures = ofKind('futures_account_update');
    expect(futures.length).toBeGreaterThan(0);
    for (const f of futures) {
      expect(skeleton(f)).toEqual(skeleton(SEED_FUTURES_ACCOUNT_UPDATE));
      const data = f.data as Record<string, unknown>;
      for (const key of [
        'availableBalance',
        'maintenanceMargin',
        'marginBalance',
        'balance',
        'accountEquity',
        'unrealizedPnL',
        'marginCallRate',
        'marginRatio',
      ]) {
        expect(typeof data[key], key).toBe('number');
      }
    }
  });

  it('agrees with the ledger once activity stops', async () => {
    const ledger = sim.ledger('zdex');
    const from = client.frames.length;
    client.send({ action: 'subscribe', channel: 'account' });
    const full = asFrame(await client.waitFor((f) => f.channel === 'account' && f.event === undefined, from));
    const data = full.data as {
      balances: { walletBalance: string; availableBalance: string }[];
      openOrders: { orderId: number; executedQty: string }[];
      positions: WirePosition[];
    };
    expect(data.balances[0]?.walletBalance).toBe(ledger.balances[0]?.total);
    expect(data.balances[0]?.availableBalance).toBe(ledger.balances[0]?.free);
    const openIds = ledger.orders
      .filter((o) => o.status === 'open' || o.status === 'partially_filled')
      .map((o) => Number(o.orderId));
    expect(data.openOrders.map((o) => o.orderId).sort()).toEqual(openIds.sort());
    expect(data.positions.map((p) => [p.symbol, p.quantity, p.avgEntryPrice])).toEqual(
      ledger.positions.map((p) => [p.symbol, p.quantity, p.entryPrice]),
    );
  });
});

describe('ZDEX notifications and funding', () => {
  it('sends notifications, and a position_update carrying each funding payment in fundingFee', async () => {
    const busy = await startTestSimulator({
      fundingIntervalMs: 300,
      tuning: { zdex: { notificationIntervalMs: 200 } },
    });
    const c = await WsTestClient.connect(busy.urls.zdex);
    try {
      c.send({ action: 'auth', token: busy.tokens('zdex').token });
      const note = asFrame(await c.waitFor((f) => f.channel === 'account' && f.event === 'notification'));
      expect(note.data).toMatchObject({
        id: expect.stringMatching(/^ntf-\d+$/),
        title: expect.any(String),
        level: expect.stringMatching(/^(info|warning|error)$/),
      });
      await waitUntil(() => busy.ledger('zdex').funding.some((p) => p.amount !== '0'), 15_000, 'a funding payment');
      busy.pause();
      await c.flush();
      const payment = busy.ledger('zdex').funding.find((p) => p.amount !== '0');

      // Funding is the one change that moves fundingFee without moving the quantity.
      const last = new Map<string, { quantity: string; fundingFee: string }>();
      const fundingSeen: { symbol: string; ts: number; amount: string }[] = [];
      for (const f of c.frames.map(asFrame).filter((x) => x.channel === 'account')) {
        if (f.event === undefined) {
          for (const p of (f.data as { positions: { symbol: string; quantity: string; fundingFee: string }[] })
            .positions)
            last.set(p.symbol, p);
        } else if (f.event === 'position_update') {
          const p = f.data as { symbol: string; quantity: string; fundingFee?: string; closed?: boolean };
          const before = last.get(p.symbol);
          if (p.closed || p.fundingFee === undefined) {
            last.delete(p.symbol);
            continue;
          }
          if (before && new Num(before.quantity).eq(p.quantity) && !new Num(before.fundingFee).eq(p.fundingFee)) {
            fundingSeen.push({
              symbol: p.symbol,
              ts: f.ts ?? 0,
              amount: new Num(p.fundingFee).minus(before.fundingFee).toFixed(),
            });
          }
          last.set(p.symbol, { quantity: p.quantity, fundingFee: p.fundingFee });
        }
      }
      expect(fundingSeen).toContainEqual({ symbol: payment?.symbol, ts: payment?.time, amount: payment?.amount });
    } finally {
      c.close();
      await busy.stop();
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { OrderStatus } from '../domain/types';
import { applyBatches, applyEvents } from './apply-batch';
import { selectOpenOrderRows, selectOrderRows } from './selectors';
import { emptyPortfolio, LIMITS, type PortfolioState } from './state';

const C = 'zdex-main';
const T0 = 1_756_478_000_000;

const fill = (id: string, t: number, qty = '0.1'): DomainEvent => ({
  kind: 'fill',
  fill: { connectionId: C, fillId: id, symbol: 'BTCUSDT', side: 'buy', price: '71000', quantity: qty, time: t },
});
const order = (id: string, status: OrderStatus, t: number, filledQuantity?: string): DomainEvent => ({
  kind: 'order',
  order: {
    connectionId: C,
    orderId: id,
    symbol: 'BTCUSDT',
    side: 'buy',
    status,
    updatedAt: t,
    quantity: '1',
    ...(filledQuantity ? { filledQuantity } : {}),
  },
});

/** The parts of state that must not depend on arrival order. */
function core(s: PortfolioState) {
  return {
    orders: [...s.orders.entries()].sort(),
    fills: [...s.fills.keys()].sort(),
    positions: [...s.positions.entries()].sort(),
    balances: [...s.balances.entries()].sort(),
    marks: [...s.marks.entries()].sort(),
  };
}

describe('applyBatches', () => {
  it('a snapshot naming orders unlisted removes those still open (their end unknown), never a terminal one', () => {
    const held = applyEvents(emptyPortfolio(), [
      order('o1', 'open', T0),
      order('o2', 'partially_filled', T0, '0.5'),
      order('o3', 'canceled', T0),
      order('o4', 'open', T0),
    ]);
    const unlisted: DomainEvent = {
      kind: 'account-snapshot',
      connectionId: C,
      time: T0 + 1_000,
      scope: { orders: true, positions: false, balances: false },
      openOrders: [],
      positions: [],
      balances: [],
      unlistedOrders: ['o1', 'o2', 'o3', 'unknown'],
    };
    const after = applyEvents(held, [unlisted]);
    expect([...after.orders.keys()].sort()).toEqual([`${C}|o3`, `${C}|o4`]);
    expect(selectOpenOrderRows(after).map((o) => o.orderId)).toEqual(['o4']);
    // The same ids under another connection are not touched.
    const other = applyEvents(held, [{ ...unlisted, connectionId: 'rails-btc' }]);
    expect(other.orders.size).toBe(4);
  });

  it('keeps one fill per execution id however often it arrives', () => {
    const s = applyEvents(emptyPortfolio(), [fill('e1', T0), fill('e1', T0), fill('e2', T0 + 1), fill('e1', T0)]);
    expect([...s.fills.keys()]).toEqual([`${C}|e1`, `${C}|e2`]);
  });

  it('never regresses an order from a terminal or newer state', () => {
    const s = applyEvents(emptyPortfolio(), [
      order('1', 'filled', T0 + 5, '1'),
      order('1', 'open', T0 + 1),
      order('1', 'partially_filled', T0 + 3, '0.4'),
    ]);
    const o = selectOrderRows(s)[0]!;
    expect(o.status).toBe('filled');
    expect(o.filledQuantity).toBe('1');
    expect(o.updatedAt).toBe(T0 + 5);
    expect(selectOpenOrderRows(s)).toHaveLength(0);
  });

  it('does not resurrect a closed position with an older update', () => {
    const pos = (t: number, q: string): DomainEvent => ({
      kind: 'position',
      position: {
        connectionId: C,
        symbol: 'BTCUSDT',
        quantity: q,
        updatedAt: t,
        realizedPnl: '3',
        settleAsset: 'USDT',
      },
    });
    const s = applyEvents(emptyPortfolio(), [
      pos(T0 + 1, '0.05'),
      { kind: 'position-closed', connectionId: C, symbol: 'BTCUSDT', time: T0 + 2 },
      pos(T0 + 1, '0.05'),
    ]);
    expect(s.positions.size).toBe(0);
    expect(s.closedRealized.get(`${C}|USDT`)).toBe('3');
    const reopened = applyEvents(s, [pos(T0 + 3, '-0.02')]);
    expect(reopened.positions.get(`${C}|BTCUSDT`)?.quantity).toBe('-0.02');
  });

  it('books the final realized PnL a close carries (the closing fill included), once, in its settle asset', () => {
    const pos = (t: number, q: string, realizedPnl: string): DomainEvent => ({
      kind: 'position',
      position: { connectionId: C, symbol: 'BTCUSDT', quantity: q, updatedAt: t, realizedPnl, settleAsset: 'BTC' },
    });
    const close: DomainEvent = {
      kind: 'position-closed',
      connectionId: C,
      symbol: 'BTCUSDT',
      time: T0 + 2,
      realizedPnl: '-0.00000412',
      settleAsset: 'BTC',
    };
    // The position showed 0.00000100 realized before the closing fill; the close says -0.00000412 in all.
    const s = applyEvents(emptyPortfolio(), [pos(T0 + 1, '0.05', '0.000001'), close, close]);
    expect(s.positions.size).toBe(0);
    expect(s.closedRealized.get(`${C}|BTC`)).toBe('-0.00000412');
    // A second position's close adds to the total; a repeated or stale close adds nothing.
    const s2 = applyEvents(s, [pos(T0 + 3, '-0.02', '0'), { ...close, time: T0 + 4, realizedPnl: '0.0000005' }, close]);
    expect(s2.closedRealized.get(`${C}|BTC`)).toBe('-0.00000362');
    // A close without a final figure books what the position last showed (as before).
    const s3 = applyEvents(s2, [
      pos(T0 + 5, '1', '0.25'),
      { kind: 'position-closed', connectionId: C, symbol: 'BTCUSDT', time: T0 + 6 },
    ]);
    expect(s3.closedRealized.get(`${C}|BTC`)).toBe('0.24999638');
  });

  it('books a final realized PnL under the settle asset the close names when the position had none', () => {
    const s = applyEvents(emptyPortfolio(), [
      { kind: 'position', position: { connectionId: C, symbol: 'XBTUSD', quantity: '3', updatedAt: T0 } },
      {
        kind: 'position-closed',
        connectionId: C,
        symbol: 'XBTUSD',
        time: T0 + 1,
        realizedPnl: '12.5',
        settleAsset: 'USD',
      },
    ]);
    expect([...s.closedRealized.entries()]).toEqual([[`${C}|USD`, '12.5']]);
  });

  it('counts the closes whose final realized PnL was priced by inference, once each, per connection and settle asset', () => {
    const open = (t: number): DomainEvent => ({
      kind: 'position',
      position: { connectionId: C, symbol: 'BTCUSDT', quantity: '1', updatedAt: t, settleAsset: 'USDT' },
    });
    const inferred: DomainEvent = {
      kind: 'position-closed',
      connectionId: C,
      symbol: 'BTCUSDT',
      time: T0 + 1,
      realizedPnl: '2',
      settleAsset: 'USDT',
      realizedInferred: true,
    };
    const s = applyEvents(emptyPortfolio(), [open(T0), inferred, inferred]);
    expect([...s.closedRealizedInferred.entries()]).toEqual([[`${C}|USDT`, 1]]);
    // A close with the venue's own figure adds to the total, not to the count.
    const s2 = applyEvents(s, [
      open(T0 + 2),
      {
        kind: 'position-closed',
        connectionId: C,
        symbol: 'BTCUSDT',
        time: T0 + 3,
        realizedPnl: '1',
        settleAsset: 'USDT',
      },
    ]);
    expect(s2.closedRealized.get(`${C}|USDT`)).toBe('3');
    expect(s2.closedRealizedInferred.get(`${C}|USDT`)).toBe(1);
  });

  it('lets a full account snapshot remove positions and balances it no longer lists', () => {
    const s1 = applyEvents(emptyPortfolio(), [
      { kind: 'position', position: { connectionId: C, symbol: 'ETHUSDT', quantity: '1', updatedAt: T0 } },
      { kind: 'balance', balance: { connectionId: C, asset: 'BTC', total: '1', updatedAt: T0 } },
      { kind: 'position', position: { connectionId: 'other', symbol: 'ETHUSDT', quantity: '2', updatedAt: T0 } },
    ]);
    const s2 = applyEvents(s1, [
      {
        kind: 'account-snapshot',
        connectionId: C,
        time: T0 + 10,
        scope: { orders: true, positions: true, balances: true },
        openOrders: [],
        positions: [{ connectionId: C, symbol: 'BTCUSDT', quantity: '0.5', updatedAt: T0 + 10 }],
        balances: [{ connectionId: C, asset: 'USDT', total: '100', updatedAt: T0 + 10 }],
      },
    ]);
    expect([...s2.positions.keys()].sort()).toEqual(['other|ETHUSDT', `${C}|BTCUSDT`]);
    expect([...s2.balances.keys()]).toEqual([`${C}|USDT`]);
  });

  it('forgets everything of a removed connection', () => {
    const s1 = applyEvents(emptyPortfolio(), [fill('e1', T0), order('1', 'open', T0)]);
    const s2 = applyBatches(s1, [{ type: 'batch', seq: 2, events: [], connections: [], removed: [C] }], T0);
    expect(s2.fills.size).toBe(0);
    expect(s2.orders.size).toBe(0);
  });

  it('bounds fills, evicting the oldest', () => {
    const events = Array.from({ length: LIMITS.fills + 10 }, (_, i) => fill(`e${i}`, T0 + i));
    const s = applyEvents(emptyPortfolio(), events);
    expect(s.fills.size).toBe(LIMITS.fills);
    expect(s.fills.has(`${C}|e0`)).toBe(false);
    expect(s.fills.has(`${C}|e${LIMITS.fills + 9}`)).toBe(true);
  });

  it('keeps collection identity when a batch does not touch it', () => {
    const s1 = applyEvents(emptyPortfolio(), [fill('e1', T0)]);
    const s2 = applyEvents(s1, [
      { kind: 'mark', mark: { connectionId: C, symbol: 'BTCUSDT', kind: 'mark', price: '1', time: T0 } },
    ]);
    expect(s2.fills).toBe(s1.fills);
    expect(s2.marks).not.toBe(s1.marks);
  });
});

/** A random but internally consistent event history: unique timestamps per key, forward statuses. */
const historyArb = fc
  .record({
    orders: fc.array(
      fc.array(fc.constantFrom<OrderStatus>('open', 'partially_filled', 'filled', 'canceled'), {
        minLength: 1,
        maxLength: 4,
      }),
      { maxLength: 5 },
    ),
    fills: fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 12 }),
    positions: fc.array(
      fc.option(
        fc.integer({ min: -5, max: 5 }).filter((q) => q !== 0),
        { nil: null },
      ),
      { maxLength: 8 },
    ),
    marks: fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 6 }),
  })
  .map(({ orders, fills, positions, marks }) => {
    let t = T0;
    const events: DomainEvent[] = [];
    orders.forEach((statuses, i) => {
      const rank = ['open', 'partially_filled', 'filled', 'canceled'];
      const forward = [...statuses].sort((a, b) => rank.indexOf(a) - rank.indexOf(b));
      forward.forEach((st, j) => events.push(order(`o${i}`, st, ++t, String(j))));
    });
    fills.forEach((n) => events.push(fill(`f${n}`, ++t, String(n))));
    for (const q of positions) {
      events.push(
        q === null
          ? { kind: 'position-closed', connectionId: C, symbol: 'BTCUSDT', time: ++t }
          : { kind: 'position', position: { connectionId: C, symbol: 'BTCUSDT', quantity: String(q), updatedAt: ++t } },
      );
    }
    for (const p of marks)
      events.push({
        kind: 'mark',
        mark: { connectionId: C, symbol: 'BTCUSDT', kind: 'mark', price: String(p), time: ++t },
      });
    return events;
  });

describe('order independence (property)', () => {
  it('duplicated and reordered event sequences leave the same final state', () => {
    fc.assert(
      fc.property(
        historyArb.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc
              .shuffledSubarray(events, { minLength: 0 })
              .chain((dups) => fc.shuffledSubarray([...events, ...dups], { minLength: events.length + dups.length })),
            fc.integer({ min: 1, max: 5 }),
          ),
        ),
        ([clean, messy, batchSize]) => {
          const expected = core(applyEvents(emptyPortfolio(), clean));
          const batches = [];
          for (let i = 0; i < messy.length; i += batchSize)
            batches.push({
              type: 'batch' as const,
              seq: i,
              events: messy.slice(i, i + batchSize),
              connections: [],
              removed: [],
            });
          let s = emptyPortfolio();
          for (const b of batches) s = applyBatches(s, [b], Number.NaN);
          expect(core(s)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('positions at the same millisecond', () => {
  it('a flip (close and reopen in one venue frame) leaves the new position', () => {
    const s = applyEvents(emptyPortfolio(), [
      { kind: 'position', position: { connectionId: C, symbol: 'OIL-BTC', quantity: '0.5', updatedAt: T0 } },
      { kind: 'position-closed', connectionId: C, symbol: 'OIL-BTC', time: T0 + 5 },
      { kind: 'position', position: { connectionId: C, symbol: 'OIL-BTC', quantity: '-0.4', updatedAt: T0 + 5 } },
    ]);
    expect(s.positions.get(`${C}|OIL-BTC`)?.quantity).toBe('-0.4');
  });
});

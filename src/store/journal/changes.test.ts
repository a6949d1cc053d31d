import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import { applyBatches, applyEvents } from '../apply-batch';
import { emptyPortfolio, LIMITS } from '../state';
import { journalChanges, newFills, newSamples, noChanges } from './changes';
import { JournalBuffer } from './write-buffer';
import { batch, C, diag, fill, fillEvents, order, orderEvents, sample, T0 } from './test-support';

const takeAll = (b: JournalBuffer) => b.take(true, noChanges).changes;

describe('journalChanges', () => {
  it('finds exactly the new fills, also an old one arriving late (sorted into the middle)', () => {
    const s1 = applyEvents(emptyPortfolio(), fillEvents([fill('a', T0), fill('b', T0 + 10), fill('c', T0 + 20)]));
    const s2 = applyEvents(s1, fillEvents([fill('d', T0 + 30), fill('late', T0 + 5), fill('b', T0 + 10)]));
    expect(
      journalChanges(s1, s2)
        .fills.map((f) => f.fillId)
        .sort(),
    ).toEqual(['d', 'late']);
    expect(journalChanges(s2, s2)).toEqual(noChanges());
  });

  it('new fills are found when the oldest are evicted in the same update', () => {
    const many = Array.from({ length: LIMITS.fills }, (_, i) => fill(`f${i}`, T0 + i));
    const s1 = applyEvents(emptyPortfolio(), fillEvents(many));
    const s2 = applyEvents(s1, fillEvents([fill('new1', T0 + LIMITS.fills + 1), fill('new2', T0 + 100.5)]));
    expect(s2.fills.has(`${C}|f0`)).toBe(false);
    expect(
      journalChanges(s1, s2)
        .fills.map((f) => f.fillId)
        .sort(),
    ).toEqual(['new1', 'new2']);
  });

  it('the same fills are found by walking fillsByTime when the fills are a plain Map', () => {
    const many = Array.from({ length: LIMITS.fills }, (_, i) => fill(`f${i}`, T0 + i));
    const s1 = applyEvents(emptyPortfolio(), fillEvents(many));
    const s2 = applyEvents(
      s1,
      fillEvents([fill('new1', T0 + LIMITS.fills + 1), fill('new2', T0 + 100.5), fill('f500', T0 + 500)]),
    );
    const plain = (s: typeof s1) => ({ ...s, fills: new Map(s.fills) });
    expect(
      newFills(plain(s1), plain(s2))
        .map((f) => f.fillId)
        .sort(),
    ).toEqual(['new1', 'new2']);
    expect(newFills(plain(s1), plain(s1))).toEqual([]);
  });

  it('lists only orders whose merged state changed', () => {
    const others = Array.from({ length: 200 }, (_, i) => order(`x${i}`, 'open', T0));
    const s1 = applyEvents(emptyPortfolio(), orderEvents([...others, order('o1', 'open', T0)]));
    const s2 = applyEvents(
      s1,
      orderEvents([order('o1', 'partially_filled', T0 + 1, { filledQuantity: '0.3' }), order('x5', 'open', T0)]),
    );
    const changes = journalChanges(s1, s2);
    // x5 re-sent unchanged merges into a new but equal object: nothing to write. o1 carries its merged state.
    expect(changes.orders).toHaveLength(1);
    expect(changes.orders[0]).toMatchObject({
      orderId: 'o1',
      status: 'partially_filled',
      filledQuantity: '0.3',
      quantity: '1',
    });
    expect(changes.droppedOrders).toEqual([]);
  });

  it('an open order removed while its connection is present is dropped; a removed connection drops nothing', () => {
    const s1 = applyBatches(
      emptyPortfolio(),
      [batch(orderEvents([order('o1', 'open', T0)]), { connections: [diag()] })],
      Number.NaN,
    );
    const without = { ...s1, orders: new Map() };
    expect(journalChanges(s1, without).droppedOrders).toEqual([{ connectionId: C, orderId: 'o1' }]);
    const removed = applyBatches(s1, [batch([], { removed: [C] })], Number.NaN);
    expect(removed.orders.size).toBe(0);
    expect(journalChanges(s1, removed).droppedOrders).toEqual([]);
  });

  it('new samples are those after the previous newest', () => {
    const a = [sample(T0), sample(T0 + 1000)];
    expect(newSamples(a, [...a, sample(T0 + 2000)])).toEqual([sample(T0 + 2000)]);
    expect(newSamples(a, a)).toEqual([]);
    expect(newSamples([], a)).toEqual(a);
  });
});

describe('JournalBuffer', () => {
  it('keeps the latest state per order, each fill and sample once, and a drop cancels a pending write', () => {
    const b = new JournalBuffer();
    b.add({ ...noChanges(), fills: [fill('a', T0)], orders: [order('o1', 'open', T0)], samples: [sample(T0 + 1000)] });
    b.add({
      ...noChanges(),
      fills: [fill('a', T0), fill('b', T0 + 1)],
      orders: [order('o1', 'filled', T0 + 2), order('o2', 'open', T0)],
      samples: [sample(T0)],
    });
    b.add({ ...noChanges(), droppedOrders: [{ connectionId: C, orderId: 'o2' }] });
    const taken = takeAll(b);
    expect(taken.fills.map((f) => f.fillId)).toEqual(['a', 'b']);
    expect(taken.orders.map((o) => [o.orderId, o.status])).toEqual([['o1', 'filled']]);
    expect(taken.droppedOrders).toEqual([{ connectionId: C, orderId: 'o2' }]);
    expect(taken.samples.map((s) => s.time)).toEqual([T0, T0 + 1000]);
    expect(b.size).toBe(0);
  });
});

describe('closed positions realized PnL (closedRealized)', () => {
  const close = (t: number, realizedPnl: string): DomainEvent[] => [
    {
      kind: 'position',
      position: { connectionId: C, symbol: 'BTCUSDT', quantity: '1', updatedAt: t, settleAsset: 'USDT' },
    },
    { kind: 'position-closed', connectionId: C, symbol: 'BTCUSDT', time: t + 1, realizedPnl, settleAsset: 'USDT' },
  ];

  it('writes the running total of a key when it changes, and deletes the keys of a removed connection', () => {
    const s0 = applyBatches(emptyPortfolio(), [batch([], { connections: [diag()] })], Number.NaN);
    const s1 = applyBatches(s0, [batch(close(T0, '2.5'))], Number.NaN);
    expect(journalChanges(s0, s1).realized).toEqual([
      { key: `${C}|USDT`, connectionId: C, asset: 'USDT', amount: '2.5' },
    ]);
    const s2 = applyBatches(s1, [batch(close(T0 + 10, '-0.75'))], Number.NaN);
    expect(journalChanges(s1, s2).realized).toEqual([
      { key: `${C}|USDT`, connectionId: C, asset: 'USDT', amount: '1.75' },
    ]);
    // Nothing closed: nothing to write.
    const s3 = applyBatches(s2, [batch(fillEvents([fill('x', T0 + 20)]))], Number.NaN);
    expect(journalChanges(s2, s3)).toMatchObject({ realized: [], droppedRealized: [] });
    const removed = applyBatches(s3, [batch([], { removed: [C] })], Number.NaN);
    expect(journalChanges(s3, removed)).toMatchObject({ realized: [], droppedRealized: [`${C}|USDT`] });
  });

  it('the buffer keeps the latest total per key; a drop cancels a pending write and a later write cancels the drop', () => {
    const b = new JournalBuffer();
    const r = (amount: string) => ({ key: `${C}|BTC`, connectionId: C, asset: 'BTC', amount });
    b.add({ ...noChanges(), realized: [r('0.001')] });
    b.add({ ...noChanges(), realized: [r('0.0015')] });
    expect(takeAll(b)).toMatchObject({ realized: [r('0.0015')], droppedRealized: [] });
    b.add({ ...noChanges(), realized: [r('0.002')] });
    b.add({ ...noChanges(), droppedRealized: [`${C}|BTC`] });
    expect(takeAll(b)).toMatchObject({ realized: [], droppedRealized: [`${C}|BTC`] });
    b.add({ ...noChanges(), droppedRealized: [`${C}|BTC`] });
    b.add({ ...noChanges(), realized: [r('0.003')] });
    expect(takeAll(b)).toMatchObject({ realized: [r('0.003')], droppedRealized: [] });
    expect(b.size).toBe(0);
  });
});

describe('instruments', () => {
  const eth = {
    connectionId: C,
    symbol: 'ETHUSDT',
    baseAsset: 'ETH',
    quoteAsset: 'USDT',
    settleAsset: 'USDT',
    kind: 'perpetual',
  } as const;

  it('writes an instrument when first announced or changed, and deletes those of a removed connection', () => {
    const s0 = applyBatches(emptyPortfolio(), [batch([], { connections: [diag()] })], Number.NaN);
    const s1 = applyBatches(s0, [batch([{ kind: 'instrument', instrument: eth }])], Number.NaN);
    expect(journalChanges(s0, s1).instruments).toEqual([eth]);
    expect(journalChanges(s1, applyBatches(s1, [batch(fillEvents([fill('x', T0)]))], Number.NaN)).instruments).toEqual(
      [],
    );
    const removed = applyBatches(s1, [batch([], { removed: [C] })], Number.NaN);
    expect(journalChanges(s1, removed).droppedInstruments).toEqual([{ connectionId: C, symbol: 'ETHUSDT' }]);
  });

  it('the buffer keeps the latest per symbol; a drop cancels a pending write', () => {
    const b = new JournalBuffer();
    b.add({ ...noChanges(), instruments: [eth] });
    b.add({ ...noChanges(), droppedInstruments: [{ connectionId: C, symbol: 'ETHUSDT' }] });
    expect(takeAll(b)).toMatchObject({ instruments: [], droppedInstruments: [{ connectionId: C, symbol: 'ETHUSDT' }] });
    b.add({ ...noChanges(), instruments: [eth] });
    b.add({ ...noChanges(), instruments: [{ ...eth, contractSize: '10' }] });
    expect(takeAll(b).instruments).toEqual([{ ...eth, contractSize: '10' }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import { applyBatches, applyEvents } from '../apply-batch';
import { emptyPortfolio, LIMITS } from '../state';
import { quietDiagnostics } from '../../domain/diagnostics';
import type { ConnectionStatus, GapRecord } from '../../domain/types';
import { journalChanges, newFills, newSamples, noChanges, wholeState } from './changes';
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

describe('gap records and liveness', () => {
  const gapEvent = (g: Partial<GapRecord> & { from: number }): DomainEvent => ({
    kind: 'gap',
    gap: { connectionId: C, to: null, recovered: 'pending', ...g },
  });
  const status = (s: ConnectionStatus, lastMessageAt?: number, id = C) =>
    quietDiagnostics(id, 'zdex', s, lastMessageAt === undefined ? {} : { lastMessageAt });

  it('writes a gap record when it opens and each time it changes, nothing when it does not', () => {
    const s0 = applyBatches(emptyPortfolio(), [batch([], { connections: [diag()] })], Number.NaN);
    const s1 = applyBatches(s0, [batch([gapEvent({ from: T0, cause: 'socket closed (1006)' })])], Number.NaN);
    expect(journalChanges(s0, s1).gaps).toEqual([
      { connectionId: C, from: T0, to: null, recovered: 'pending', cause: 'socket closed (1006)' },
    ]);
    const s2 = applyBatches(s1, [batch([gapEvent({ from: T0, to: T0 + 4_000 })])], Number.NaN);
    expect(journalChanges(s1, s2).gaps).toEqual([{ connectionId: C, from: T0, to: T0 + 4_000, recovered: 'pending' }]);
    // A record that says less than the one held is not applied: nothing to write.
    const s3 = applyBatches(s2, [batch([gapEvent({ from: T0 })])], Number.NaN);
    expect(journalChanges(s2, s3).gaps).toEqual([]);
    const s4 = applyBatches(s3, [batch(fillEvents([fill('x', T0 + 5_000)]))], Number.NaN);
    expect(journalChanges(s3, s4)).toMatchObject({ gaps: [], droppedGaps: [] });
  });

  it("deletes a removed connection's gaps; a gap evicted from memory while its connection stays is kept", () => {
    const s0 = applyBatches(emptyPortfolio(), [batch([], { connections: [diag(), diag('other')] })], Number.NaN);
    const s1 = applyBatches(
      s0,
      [batch([gapEvent({ from: T0 }), gapEvent({ from: T0 + 1, connectionId: 'other' })])],
      Number.NaN,
    );
    const removed = applyBatches(s1, [batch([], { removed: [C] })], Number.NaN);
    expect(journalChanges(s1, removed).droppedGaps).toEqual([{ connectionId: C, from: T0 }]);
    const evicted = { ...s1, gaps: new Map([...s1.gaps].filter(([, g]) => g.connectionId !== 'other')) };
    expect(journalChanges(s1, evicted).droppedGaps).toEqual([]);
  });

  it('liveUntil is the last message while live: written when it moves on, never while not live', () => {
    const at = (s: ConnectionStatus, t?: number) =>
      applyBatches(emptyPortfolio(), [batch([], { connections: [status(s, t)] })], Number.NaN);
    const connecting = at('connecting');
    const live1 = applyBatches(connecting, [batch([], { connections: [status('live', T0)] })], Number.NaN);
    expect(journalChanges(connecting, live1).liveness).toEqual([{ connectionId: C, liveUntil: T0 }]);
    const live2 = applyBatches(live1, [batch([], { connections: [status('live', T0 + 900)] })], Number.NaN);
    expect(journalChanges(live1, live2).liveness).toEqual([{ connectionId: C, liveUntil: T0 + 900 }]);
    // Same last message (a diagnostics update for another reason): nothing.
    const same = applyBatches(live2, [batch([], { connections: [status('live', T0 + 900)] })], Number.NaN);
    expect(journalChanges(live2, same).liveness).toEqual([]);
    // Not live: its last message does not count, even when newer.
    for (const s of ['stale', 'reconnecting', 'error', 'disconnected'] as const) {
      const off = applyBatches(live2, [batch([], { connections: [status(s, T0 + 5_000)] })], Number.NaN);
      expect(journalChanges(live2, off).liveness, s).toEqual([]);
    }
    const removed = applyBatches(live2, [batch([], { removed: [C] })], Number.NaN);
    expect(journalChanges(live2, removed)).toMatchObject({ liveness: [], droppedLiveness: [C] });
  });

  it('wholeState lists everything the page holds, as for an empty journal', () => {
    const s = applyBatches(
      emptyPortfolio(),
      [
        batch([...fillEvents([fill('a', T0), fill('b', T0 + 1)]), gapEvent({ from: T0 })], {
          connections: [status('live', T0 + 2)],
        }),
        batch(orderEvents([order('o1', 'open', T0)])),
      ],
      T0 + 1_000,
    );
    const all = wholeState(s);
    expect(all.fills.map((f) => f.fillId).sort()).toEqual(['a', 'b']);
    expect(all.orders.map((o) => o.orderId)).toEqual(['o1']);
    expect(all.gaps).toHaveLength(1);
    expect(all.liveness).toEqual([{ connectionId: C, liveUntil: T0 + 2 }]);
    expect(all.samples.length).toBe(s.equityHistory.length);
    expect(all.droppedOrders).toEqual([]);
  });
});

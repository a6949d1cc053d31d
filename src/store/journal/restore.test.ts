import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import type { Instrument } from '../../domain/instrument';
import type { Order } from '../../domain/types';
import { applyEvents } from '../apply-batch';
import { usePortfolio, useRestoredOpen } from '../portfolio-store';
import { selectOpenOrderRows } from '../selectors';
import { emptyPortfolio, LIMITS } from '../state';
import { journalChanges } from './changes';
import { isUnconfirmedRestored, reconcileRestoredOrders } from './reconcile';
import { emptyRecords, isRealizedRecord, type JournalRecords } from './records';
import { openOrdersAwaitingReconciliation, restoredOpenOrders, restoreFromJournal } from './restore';
import { batch, C, diag, fill, fillEvents, order, orderEvents, sample, T0 } from './test-support';

const records = (over: Partial<JournalRecords>): JournalRecords => ({ ...emptyRecords(), ...over });
const snapshot = (connectionId: string, time: number, openOrders: Order[]): DomainEvent => ({
  kind: 'account-snapshot',
  connectionId,
  time,
  scope: { orders: true, positions: false, balances: false },
  openOrders,
  positions: [],
  balances: [],
});

describe('restoreFromJournal', () => {
  it('puts back the instruments, so restored fills of a symbol the venue has not touched again still convert', () => {
    const eth: Instrument = {
      connectionId: 'rails-btc',
      symbol: 'ETH-USDT',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'spot',
    };
    const restored = restoreFromJournal(emptyPortfolio(), records({ instruments: [eth] }));
    expect(restored.instruments.get('rails-btc|ETH-USDT')).toEqual(eth);
    // An instrument the state already has (the venue announced it) is kept; a later announcement replaces a journaled one.
    const announced = applyEvents(emptyPortfolio(), [
      { kind: 'instrument', instrument: { ...eth, kind: 'perpetual' } },
    ]);
    expect(
      restoreFromJournal(announced, records({ instruments: [eth] })).instruments.get('rails-btc|ETH-USDT')?.kind,
    ).toBe('perpetual');
    const live = applyEvents(restored, [{ kind: 'instrument', instrument: { ...eth, kind: 'perpetual' } }]);
    expect(live.instruments.get('rails-btc|ETH-USDT')?.kind).toBe('perpetual');
    expect(journalChanges(restored, live).instruments).toEqual([{ ...eth, kind: 'perpetual' }]);
  });

  it('puts back the closed positions realized PnL, which counts in the realized total like a live close', () => {
    const restored = restoreFromJournal(
      emptyPortfolio(),
      records({
        realized: [
          { key: `${C}|USDT`, connectionId: C, asset: 'USDT', amount: '4.96' },
          { key: 'roxom-main|BTC', connectionId: 'roxom-main', asset: 'BTC', amount: '0.0001' },
        ],
      }),
    );
    expect([...restored.closedRealized.entries()]).toEqual([
      [`${C}|USDT`, '4.96'],
      ['roxom-main|BTC', '0.0001'],
    ]);
    // After the restore, a live close adds to the restored total; the journal then writes the new total.
    const live = applyEvents(restored, [
      {
        kind: 'position',
        position: { connectionId: C, symbol: 'BTCUSDT', quantity: '1', updatedAt: T0, settleAsset: 'USDT' },
      },
      {
        kind: 'position-closed',
        connectionId: C,
        symbol: 'BTCUSDT',
        time: T0 + 1,
        realizedPnl: '0.04',
        settleAsset: 'USDT',
      },
    ]);
    expect(live.closedRealized.get(`${C}|USDT`)).toBe('5');
    expect(journalChanges(restored, live).realized).toEqual([
      { key: `${C}|USDT`, connectionId: C, asset: 'USDT', amount: '5' },
    ]);
    // A journal without the store (version 1) leaves the state as it is.
    expect(restoreFromJournal(live, records({ realized: undefined })).closedRealized).toBe(live.closedRealized);
  });

  it('keeps the count of closes priced by inference with their total, through the journal and back', () => {
    const live = applyEvents(emptyPortfolio(), [
      {
        kind: 'position',
        position: { connectionId: C, symbol: 'BTCUSDT', quantity: '1', updatedAt: T0, settleAsset: 'USDT' },
      },
      {
        kind: 'position-closed',
        connectionId: C,
        symbol: 'BTCUSDT',
        time: T0 + 1,
        realizedPnl: '0.04',
        settleAsset: 'USDT',
        realizedInferred: true,
      },
    ]);
    const written = journalChanges(emptyPortfolio(), live).realized;
    expect(written).toEqual([{ key: `${C}|USDT`, connectionId: C, asset: 'USDT', amount: '0.04', inferredCloses: 1 }]);
    const restored = restoreFromJournal(emptyPortfolio(), records({ realized: written }));
    expect([...restored.closedRealizedInferred.entries()]).toEqual([[`${C}|USDT`, 1]]);
    expect(isRealizedRecord({ ...written[0], inferredCloses: -1 })).toBe(false);
    expect(isRealizedRecord({ ...written[0], inferredCloses: 1.5 })).toBe(false);
  });

  it('puts back every journaled fill exactly once, newest first, even when the journal and the state overlap', () => {
    const live = applyEvents(emptyPortfolio(), fillEvents([fill('b', T0 + 1)]));
    const restored = restoreFromJournal(
      live,
      records({ fills: [fill('a', T0), fill('b', T0 + 1), fill('c', T0 + 2), fill('a', T0)] }),
    );
    expect(restored.fillsByTime.map((f) => f.fillId)).toEqual(['c', 'b', 'a']);
    expect(restored.fills.size).toBe(3);
  });

  it('keeps the newest LIMITS.fills in memory when the journal holds more', () => {
    const many = Array.from({ length: LIMITS.fills + 10 }, (_, i) => fill(`f${i}`, T0 + i));
    const restored = restoreFromJournal(emptyPortfolio(), records({ fills: many }));
    expect(restored.fills.size).toBe(LIMITS.fills);
    expect(restored.fills.has(`${C}|f9`)).toBe(false);
    expect(restored.fills.has(`${C}|f10`)).toBe(true);
  });

  it('merges orders as updates (a restored state never regresses a newer one) and samples into the history', () => {
    const live = applyEvents(emptyPortfolio(), [
      { kind: 'order', order: order('o1', 'filled', T0 + 5, { filledQuantity: '1' }) },
    ]);
    const restored = restoreFromJournal(
      { ...live, equityHistory: [sample(T0 + 3000, '1300')] },
      records({
        orders: [
          order('o1', 'open', T0, { filledQuantity: '0.5' }),
          order('o2', 'partially_filled', T0, { filledQuantity: '0.2' }),
        ],
        samples: [sample(T0 + 1000), sample(T0 + 2000)],
      }),
    );
    expect(restored.orders.get(`${C}|o1`)).toMatchObject({ status: 'filled', filledQuantity: '1' });
    expect(restored.orders.get(`${C}|o2`)).toMatchObject({ status: 'partially_filled', filledQuantity: '0.2' });
    expect(restored.equityHistory.map((s) => s.time)).toEqual([T0 + 1000, T0 + 2000, T0 + 3000]);
  });

  it('an empty journal changes nothing', () => {
    const s = emptyPortfolio();
    expect(restoreFromJournal(s, emptyRecords())).toBe(s);
  });
});

describe('reconciling restored open orders', () => {
  const journal = records({
    orders: [
      order('gone', 'open', T0),
      order('still', 'partially_filled', T0, { filledQuantity: '0.1' }),
      order('done', 'filled', T0),
      order('updated', 'open', T0),
    ],
  });
  const restored = restoreFromJournal(emptyPortfolio(), journal);
  const pending = restoredOpenOrders(restored, journal);

  it('only open orders await reconciliation', () => {
    expect([...(pending.get(C)?.keys() ?? [])].sort()).toEqual(['gone', 'still', 'updated']);
  });

  it("the connection's first snapshot with orders drops the restored open orders it does not list, unless updated live", () => {
    const liveUpdate = order('updated', 'partially_filled', T0 + 50, { filledQuantity: '0.4' });
    const events: DomainEvent[] = [
      { kind: 'order', order: liveUpdate },
      snapshot(C, T0 + 100, [order('still', 'partially_filled', T0 + 100, { filledQuantity: '0.1' }) as Order]),
    ];
    const b = batch(events, { connections: [diag()] });
    const applied = applyEvents(restored, events);
    const withConnection = { ...applied, connections: new Map([[C, diag()]]) };
    const { state, pending: left } = reconcileRestoredOrders(withConnection, pending, [b]);
    expect(state.orders.has(`${C}|gone`)).toBe(false);
    expect(state.orders.get(`${C}|still`)?.status).toBe('partially_filled');
    expect(state.orders.get(`${C}|updated`)?.filledQuantity).toBe('0.4');
    expect(state.orders.get(`${C}|done`)?.status).toBe('filled');
    expect(left.size).toBe(0);
    // The journal deletes the dropped order too.
    expect(journalChanges(withConnection, state).droppedOrders).toEqual([{ connectionId: C, orderId: 'gone' }]);
  });

  it('a snapshot of another connection, or without orders scope, reconciles nothing; removing the connection forgets them', () => {
    const other = reconcileRestoredOrders(restored, pending, [batch([snapshot('rails-btc', T0 + 100, [])])]);
    expect(other.state).toBe(restored);
    expect(other.pending).toBe(pending);
    const noScope: DomainEvent = {
      ...(snapshot(C, T0 + 100, []) as Extract<DomainEvent, { kind: 'account-snapshot' }>),
      scope: { orders: false, positions: true, balances: false },
    };
    expect(reconcileRestoredOrders(restored, pending, [batch([noScope])]).state.orders.has(`${C}|gone`)).toBe(true);
    expect(reconcileRestoredOrders(restored, pending, [batch([], { removed: [C] })]).pending.size).toBe(0);
  });
});

describe('the store action', () => {
  afterEach(() => usePortfolio.getState().reset());

  it('restoreJournal, then a live snapshot through applyBatches, drops the stale open order once', () => {
    const store = usePortfolio.getState();
    store.restoreJournal(
      records({
        fills: [fill('a', T0)],
        orders: [order('gone', 'open', T0), order('kept', 'open', T0)],
        samples: [sample(T0)],
      }),
    );
    expect(usePortfolio.getState().fills.size).toBe(1);
    expect(
      selectOpenOrderRows(usePortfolio.getState())
        .map((o) => o.orderId)
        .sort(),
    ).toEqual(['gone', 'kept']);
    usePortfolio
      .getState()
      .applyBatches(
        [batch([snapshot(C, T0 + 10, [order('kept', 'open', T0 + 10) as Order])], { connections: [diag()] })],
        Number.NaN,
      );
    expect(selectOpenOrderRows(usePortfolio.getState()).map((o) => o.orderId)).toEqual(['kept']);
    // A later snapshot without `kept` does not drop it: it is live state now, the venue's own events rule.
    usePortfolio.getState().applyBatches([batch([snapshot(C, T0 + 20, [])])], Number.NaN);
    expect(selectOpenOrderRows(usePortfolio.getState()).map((o) => o.orderId)).toEqual(['kept']);
  });
});

describe('restored open orders the venue has not confirmed (the Orders table marks them)', () => {
  afterEach(() => usePortfolio.getState().reset());

  const unconfirmed = (): string[] =>
    [...usePortfolio.getState().orders.values()]
      .filter((o) => isUnconfirmedRestored(useRestoredOpen.getState().pending, o))
      .map((o) => o.orderId)
      .sort();

  it('are unconfirmed from the restore until a live update or their connection snapshot', () => {
    usePortfolio.getState().restoreJournal(
      records({
        orders: [order('a', 'open', T0), order('b', 'open', T0), order('done', 'filled', T0)],
      }),
    );
    // A terminal order is never "unconfirmed".
    expect(unconfirmed()).toEqual(['a', 'b']);
    // A live update (newer) confirms `a`; `b` is still as restored.
    usePortfolio.getState().applyBatches([batch(orderEvents([order('a', 'partially_filled', T0 + 5)]))], Number.NaN);
    expect(unconfirmed()).toEqual(['b']);
    // The connection's first snapshot with orders scope judges the rest: listed, so confirmed.
    usePortfolio
      .getState()
      .applyBatches([batch([snapshot(C, T0 + 10, [order('b', 'open', T0) as Order])])], Number.NaN);
    expect(unconfirmed()).toEqual([]);
    expect(useRestoredOpen.getState().pending.size).toBe(0);
  });

  it('a reset forgets them', () => {
    usePortfolio.getState().restoreJournal(records({ orders: [order('a', 'open', T0)] }));
    expect(unconfirmed()).toEqual(['a']);
    usePortfolio.getState().reset();
    expect(useRestoredOpen.getState().pending.size).toBe(0);
  });
});

describe('after the ingest worker restarts (awaitOrderReconciliation)', () => {
  afterEach(() => usePortfolio.getState().reset());

  const liveOrders = () => {
    usePortfolio
      .getState()
      .applyBatches(
        [
          batch(
            orderEvents([
              order('closed-meanwhile', 'open', T0),
              order('still-open', 'open', T0),
              order('updated-on-the-new-worker', 'open', T0),
              order('done', 'filled', T0),
            ]),
            { connections: [diag()] },
          ),
        ],
        Number.NaN,
      );
    // A live connection's first snapshot (before the restart) is not what judges them: none is pending.
    usePortfolio
      .getState()
      .applyBatches(
        [batch([snapshot(C, T0 + 1, [order('still-open', 'open', T0) as Order])], { connections: [diag()] })],
        Number.NaN,
      );
  };
  const openIds = () =>
    selectOpenOrderRows(usePortfolio.getState())
      .map((o) => o.orderId)
      .sort();

  it("the new session's first snapshot with orders scope drops the open orders it does not list, unless updated since", () => {
    liveOrders();
    expect(openIds()).toEqual(['closed-meanwhile', 'still-open', 'updated-on-the-new-worker']);
    usePortfolio.getState().awaitOrderReconciliation();
    usePortfolio
      .getState()
      .applyBatches(
        [
          batch(
            [
              { kind: 'order', order: order('updated-on-the-new-worker', 'partially_filled', T0 + 50) },
              snapshot(C, T0 + 100, [order('still-open', 'open', T0 + 100) as Order]),
            ],
            { connections: [diag()] },
          ),
        ],
        Number.NaN,
      );
    expect(openIds()).toEqual(['still-open', 'updated-on-the-new-worker']);
    expect(usePortfolio.getState().orders.get(`${C}|done`)?.status).toBe('filled');
  });

  it('without the marking, the same snapshot leaves a live order open (the venue sent no end for it)', () => {
    liveOrders();
    usePortfolio.getState().applyBatches([batch([snapshot(C, T0 + 100, [])])], Number.NaN);
    expect(openIds()).toEqual(['closed-meanwhile', 'still-open', 'updated-on-the-new-worker']);
  });

  it('keeps restored orders still pending and adds the live ones (only open orders)', () => {
    const restored = restoreFromJournal(emptyPortfolio(), records({ orders: [order('restored', 'open', T0)] }));
    const pending = restoredOpenOrders(restored, records({ orders: [order('restored', 'open', T0)] }));
    const live = applyEvents(
      emptyPortfolio(),
      orderEvents([order('live', 'open', T0 + 5), order('other', 'open', T0 + 6, { connectionId: 'rails-btc' })]),
    );
    const marked = openOrdersAwaitingReconciliation(
      applyEvents(live, orderEvents([order('gone', 'canceled', T0)])),
      pending,
    );
    expect([...marked.entries()].map(([id, m]) => [id, [...m.entries()]])).toEqual([
      [
        C,
        [
          ['restored', T0],
          ['live', T0 + 5],
        ],
      ],
      ['rails-btc', [['other', T0 + 6]]],
    ]);
    expect(pending.get(C)?.size).toBe(1);
  });
});

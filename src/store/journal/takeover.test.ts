import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../domain/types';
import { applyBatches } from '../apply-batch';
import { emptyPortfolio } from '../state';
import { emptyRecords, realizedRecord, type JournalRecords } from './records';
import { restoredOpenOrders, restoreFromJournal } from './restore';
import { journalForTakeover, takeoverChanges, withoutResentState } from './takeover';
import { batch, C, diag, fill, fillEvents, order, orderEvents, sample, T0 } from './test-support';

const records = (over: Partial<JournalRecords>): JournalRecords => ({ ...emptyRecords(), ...over });
const gap = (from: number, over: Partial<GapRecord> = {}): GapRecord => ({
  connectionId: C,
  from,
  to: null,
  recovered: 'pending',
  ...over,
});

/**
 * A tab takes over from a closed owner: its mirrored state and the journal each may hold what the
 * other lacks. Merged through the reducer, and only what is newer than the journal is written.
 */
describe('takeover of the journal', () => {
  // The journal as the owner last wrote it: f1, o1 open with 1 filled, a pending gap, realized 5.
  const journal = records({
    fills: [fill('f1', T0)],
    orders: [order('o1', 'partially_filled', T0, { filledQuantity: '0.1' })],
    samples: [sample(T0)],
    gaps: [gap(T0 - 10_000)],
    realized: [realizedRecord(`${C}|USDT`, '5')],
  });
  // The mirror saw more: f2, o1 filled, the gap settled, a newer sample, realized 7. It lacks f0, which
  // only the journal holds (older than what the owner kept in memory, say).
  const mirror = applyBatches(
    emptyPortfolio(),
    [
      batch(
        [
          ...fillEvents([fill('f1', T0), fill('f2', T0 + 1_000)]),
          ...orderEvents([order('o1', 'filled', T0 + 1_000, { filledQuantity: '1' })]),
          { kind: 'gap', gap: gap(T0 - 10_000, { to: T0 - 5_000, recovered: 'full' }) },
        ],
        { connections: [diag()] },
      ),
    ],
    T0 + 1_000,
  );
  const withMirror = {
    ...mirror,
    closedRealized: new Map([[`${C}|USDT`, '7']]),
    equityHistory: [sample(T0), sample(T0 + 1_000, '1001')],
  };
  const journalWithF0 = { ...journal, fills: [fill('f0', T0 - 1_000), ...journal.fills] };

  it('restores the journal into the mirror: nothing doubled, nothing rolled back, realized totals kept', () => {
    const merged = restoreFromJournal(withMirror, journalForTakeover(journalWithF0, withMirror));
    expect([...merged.fills.keys()].sort()).toEqual([`${C}|f0`, `${C}|f1`, `${C}|f2`]);
    expect(merged.orders.get(`${C}|o1`)).toMatchObject({ status: 'filled', filledQuantity: '1' });
    expect(merged.gaps.get(`${C}|${T0 - 10_000}`)).toMatchObject({ recovered: 'full', to: T0 - 5_000 });
    expect(merged.closedRealized.get(`${C}|USDT`)).toBe('7');
  });

  it("counts the mirror's open orders as unconfirmed, as restored ones: the venue's first snapshot settles them", () => {
    const mirrorOpen = applyBatches(emptyPortfolio(), [batch(orderEvents([order('o9', 'open', T0)]))], T0);
    const taken = journalForTakeover(emptyRecords(), mirrorOpen);
    expect(taken.orders.map((o) => o.orderId)).toEqual(['o9']);
    expect(restoredOpenOrders(restoreFromJournal(mirrorOpen, taken), taken).get(C)?.has('o9')).toBe(true);
  });

  it('writes only what the merged state holds newer than the journal, and deletes nothing', () => {
    const merged = restoreFromJournal(withMirror, journalForTakeover(journalWithF0, withMirror));
    const changes = takeoverChanges(journalWithF0, merged);
    expect(changes.fills.map((f) => f.fillId)).toEqual(['f2']);
    expect(changes.orders).toEqual([expect.objectContaining({ orderId: 'o1', status: 'filled', filledQuantity: '1' })]);
    expect(changes.gaps).toEqual([expect.objectContaining({ from: T0 - 10_000, recovered: 'full' })]);
    expect(changes.samples.map((s) => s.time)).toEqual([T0 + 1_000]);
    expect(changes.realized).toEqual([expect.objectContaining({ key: `${C}|USDT`, amount: '7' })]);
    expect(changes.droppedOrders).toEqual([]);
    expect(changes.droppedGaps).toEqual([]);
    expect(changes.droppedRealized).toEqual([]);
    expect(changes.liveness).toEqual([]);
  });

  it('writes nothing when the journal already holds everything the mirror does', () => {
    const merged = restoreFromJournal(emptyPortfolio(), journalForTakeover(journal, emptyPortfolio()));
    const changes = takeoverChanges(journal, { ...merged, closedRealized: new Map([[`${C}|USDT`, '5']]) });
    expect(changes).toMatchObject({ fills: [], orders: [], gaps: [], samples: [], realized: [], instruments: [] });
  });

  it('starts without what the venues send again on connect (positions, balances, summaries), as a reload', () => {
    const held = applyBatches(
      emptyPortfolio(),
      [
        batch([
          { kind: 'position', position: { connectionId: C, symbol: 'BTCUSDT', quantity: '1', updatedAt: T0 } },
          { kind: 'balance', balance: { connectionId: C, asset: 'USDT', total: '10', updatedAt: T0 } },
          ...fillEvents([fill('f1', T0)]),
        ]),
      ],
      T0,
    );
    expect(held.positions.size + held.balances.size).toBe(2);
    const start = withoutResentState(held);
    expect(start.positions.size + start.balances.size + start.summaries.size).toBe(0);
    expect(start.fills).toBe(held.fills);
  });
});

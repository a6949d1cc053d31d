import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../domain/types';
import { noChanges, type JournalChanges } from './changes';
import { C, fill, order, sample, T0 } from './test-support';
import { JournalBuffer } from './write-buffer';

const changes = (over: Partial<JournalChanges>): JournalChanges => ({ ...noChanges(), ...over });
const nothingWhole = () => noChanges();
const gap = (from: number, over: Partial<GapRecord> = {}): GapRecord => ({
  connectionId: C,
  from,
  to: null,
  recovered: 'pending',
  ...over,
});

describe('JournalBuffer: a failed write back in (requeue)', () => {
  it('goes back under newer changes of the same keys and merges with the rest', () => {
    const b = new JournalBuffer();
    b.add(changes({ orders: [order('o1', 'open', T0)], fills: [fill('a', T0)], gaps: [gap(T0)] }));
    const failed = b.take(true, nothingWhole).changes;
    // While the write failed: o1 moved on, the gap closed, a new fill arrived.
    b.add(
      changes({
        orders: [order('o1', 'filled', T0 + 5, { filledQuantity: '1' })],
        gaps: [gap(T0, { to: T0 + 3 })],
        fills: [fill('b', T0 + 1)],
      }),
    );
    b.requeue(failed);
    const next = b.take(true, nothingWhole).changes;
    expect(next.orders.map((o) => o.status)).toEqual(['filled']);
    expect(next.gaps).toEqual([gap(T0, { to: T0 + 3 })]);
    expect(next.fills.map((f) => f.fillId).sort()).toEqual(['a', 'b']);
    expect(b.size).toBe(0);
  });

  it('a deletion made since the failed write is not undone by it, and a failed deletion stays queued', () => {
    const b = new JournalBuffer();
    b.add(changes({ instruments: [], gaps: [gap(T0)] }));
    const failedPut = b.take(true, nothingWhole).changes;
    b.add(changes({ droppedGaps: [{ connectionId: C, from: T0 }] }));
    b.requeue(failedPut);
    expect(b.take(true, nothingWhole).changes).toMatchObject({
      gaps: [],
      droppedGaps: [{ connectionId: C, from: T0 }],
    });

    b.add(changes({ droppedLiveness: [C], droppedOrders: [{ connectionId: C, orderId: 'o9' }] }));
    const failedDrop = b.take(true, nothingWhole).changes;
    b.requeue(failedDrop);
    expect(b.take(true, nothingWhole).changes).toMatchObject({
      droppedLiveness: [C],
      droppedOrders: [{ connectionId: C, orderId: 'o9' }],
    });
  });

  it("keeps a connection's liveUntil for a timed write when the write takes none", () => {
    const b = new JournalBuffer();
    b.add(changes({ liveness: [{ connectionId: C, liveUntil: T0 }], fills: [fill('a', T0)] }));
    const urgent = b.take(false, nothingWhole).changes;
    expect(urgent.liveness).toEqual([]);
    expect(urgent.fills).toHaveLength(1);
    expect(b.hasLiveness).toBe(true);
    b.add(changes({ liveness: [{ connectionId: C, liveUntil: T0 + 700 }] }));
    expect(b.take(true, nothingWhole).changes.liveness).toEqual([{ connectionId: C, liveUntil: T0 + 700 }]);
    expect(b.hasLiveness).toBe(false);
  });
});

describe('JournalBuffer: bounded', () => {
  it('past the bound it lets the records go, keeps the deletions, and the next take is a rewrite of the whole state', () => {
    const b = new JournalBuffer(10);
    b.add(changes({ droppedGaps: [{ connectionId: 'gone', from: T0 }] }));
    b.add(changes({ samples: Array.from({ length: 8 }, (_, i) => sample(T0 + i * 1000)) }));
    expect(b.overflowed).toBe(false);
    b.add(changes({ fills: [fill('a', T0), fill('b', T0), fill('c', T0)] }));
    expect(b.overflowed).toBe(true);
    // More records are not held one by one while overflowed.
    b.add(changes({ fills: [fill('d', T0)] }));
    expect(b.size).toBe(1);

    const whole = changes({ fills: [fill('a', T0), fill('d', T0)], gaps: [gap(T0 + 1)] });
    const { changes: taken, rewrite } = b.take(false, () => whole);
    expect(rewrite).toBe(true);
    expect(taken.fills.map((f) => f.fillId)).toEqual(['a', 'd']);
    expect(taken.gaps).toEqual([gap(T0 + 1)]);
    expect(taken.droppedGaps).toEqual([{ connectionId: 'gone', from: T0 }]);
    expect(b.overflowed).toBe(false);
    expect(b.size).toBe(0);
  });

  it('a failed rewrite is done again (its deletions kept), with the state of the next attempt', () => {
    const b = new JournalBuffer(2);
    b.add(changes({ fills: [fill('a', T0), fill('b', T0), fill('c', T0)], droppedLiveness: ['gone'] }));
    const first = b.take(true, () => changes({ fills: [fill('a', T0)] }));
    expect(first.rewrite).toBe(true);
    // Records that arrive during the rewrite are held as usual; the rewrite fails.
    b.add(changes({ fills: [fill('e', T0)] }));
    b.requeue(first.changes, true);
    expect(b.overflowed).toBe(true);
    const second = b.take(true, () => changes({ fills: [fill('a', T0), fill('e', T0)] }));
    expect(second.rewrite).toBe(true);
    expect(second.changes.fills.map((f) => f.fillId)).toEqual(['a', 'e']);
    expect(second.changes.droppedLiveness).toEqual(['gone']);
  });

  it('in a rewrite, a record the state holds again wins over its older deletion', () => {
    const b = new JournalBuffer(1);
    b.add(changes({ droppedGaps: [{ connectionId: C, from: T0 }] }));
    b.add(changes({ fills: [fill('a', T0), fill('b', T0)] }));
    const { changes: taken } = b.take(true, () => changes({ gaps: [gap(T0)] }));
    expect(taken.gaps).toEqual([gap(T0)]);
    expect(taken.droppedGaps).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { GapRecord } from '../domain/types';
import { applyBatches, applyEvents } from './apply-batch';
import { gapsNeedingAttention, selectGapsByConnection } from './gap-selectors';
import { buildSnapshot } from './snapshot';
import { emptyPortfolio } from './state';

const T0 = 1_756_478_000_000;
const gap = (g: Partial<GapRecord> & Pick<GapRecord, 'connectionId' | 'from'>): DomainEvent => ({
  kind: 'gap',
  gap: { to: null, recovered: 'pending', ...g },
});

describe('gap records in the store', () => {
  it('the newest record of a gap wins, but never one that says less (open over closed, pending over settled)', () => {
    const open = gap({ connectionId: 'a', from: T0, cause: 'socket closed (1006)' });
    const closed = gap({ connectionId: 'a', from: T0, to: T0 + 8_000 });
    const settled = gap({
      connectionId: 'a',
      from: T0,
      to: T0 + 8_000,
      recovered: 'partial',
      detail: 'two fills may be missing',
    });
    const inOrder = applyEvents(emptyPortfolio(), [open, closed, settled]);
    expect([...inOrder.gaps.values()]).toEqual([settled.kind === 'gap' && settled.gap]);
    // Any arrival order of the three ends the same.
    fc.assert(
      fc.property(fc.shuffledSubarray([open, closed, settled], { minLength: 3, maxLength: 3 }), (events) => {
        const s = applyEvents(emptyPortfolio(), events);
        expect([...s.gaps.values()]).toEqual([...inOrder.gaps.values()]);
      }),
    );
  });

  it('the snapshot lists each connection its gaps, oldest first, with from, to and recovered only', () => {
    let s = applyBatches(
      emptyPortfolio(),
      [
        {
          type: 'batch',
          seq: 1,
          events: [
            gap({ connectionId: 'rails-btc', from: T0 + 20_000 }),
            gap({ connectionId: 'rails-btc', from: T0, to: T0 + 5_000, recovered: 'full', cause: 'stall' }),
          ],
          connections: [
            {
              connectionId: 'rails-btc',
              venue: 'rails',
              status: 'reconnecting',
              messagesPerSecond: 0,
              messagesTotal: 1,
              filteredTotal: 0,
              malformedTotal: 0,
              unknownTotal: 0,
              duplicatesDropped: 0,
              reconnects: 1,
              errors: [],
            },
            {
              connectionId: 'zdex-main',
              venue: 'zdex',
              status: 'live',
              messagesPerSecond: 0,
              messagesTotal: 1,
              filteredTotal: 0,
              malformedTotal: 0,
              unknownTotal: 0,
              duplicatesDropped: 0,
              reconnects: 0,
              errors: [],
            },
          ],
          removed: [],
        },
      ],
      T0 + 30_000,
    );
    const snapshot = buildSnapshot(s, T0 + 30_000);
    expect(snapshot.connections).toEqual([
      expect.objectContaining({
        id: 'rails-btc',
        gaps: [
          { from: T0, to: T0 + 5_000, recovered: 'full' },
          { from: T0 + 20_000, to: null, recovered: 'pending' },
        ],
      }),
      expect.objectContaining({ id: 'zdex-main', gaps: [] }),
    ]);
    // A removed connection takes its gaps with it.
    s = applyBatches(s, [{ type: 'batch', seq: 2, events: [], connections: [], removed: ['rails-btc'] }], T0 + 31_000);
    expect(s.gaps.size).toBe(0);
  });

  it('what needs attention: open, recovering, or possibly missing fills within the last day', () => {
    const now = T0 + 2 * 86_400_000;
    const all: GapRecord[] = [
      { connectionId: 'a', from: T0, to: T0 + 1, recovered: 'none' }, // two days ago: no longer shown
      { connectionId: 'a', from: now - 60_000, to: now - 50_000, recovered: 'full' }, // recovered: nothing to say
      { connectionId: 'a', from: now - 40_000, to: now - 30_000, recovered: 'partial' },
      { connectionId: 'a', from: now - 20_000, to: now - 10_000, recovered: 'pending' },
      { connectionId: 'a', from: now - 5_000, to: null, recovered: 'pending' },
    ];
    expect(gapsNeedingAttention(all, now).map((g) => g.from)).toEqual([now - 40_000, now - 20_000, now - 5_000]);
    const s = applyEvents(
      emptyPortfolio(),
      all.map((g) => ({ kind: 'gap', gap: g })),
    );
    expect(
      selectGapsByConnection(s)
        .get('a')
        ?.map((g) => g.from),
    ).toEqual(all.map((g) => g.from));
  });
});

describe('one bad event marks its own connection only', () => {
  it('an event that throws in the reducer is counted on its connection; the other connections of the batch apply', () => {
    const bad: DomainEvent = {
      kind: 'position-closed',
      connectionId: 'broken',
      symbol: 'X',
      time: T0 + 2,
      realizedPnl: 'not a number',
    };
    const events: DomainEvent[] = [
      {
        kind: 'position',
        position: { connectionId: 'broken', symbol: 'X', quantity: '1', realizedPnl: '1', updatedAt: T0 },
      },
      bad,
      {
        kind: 'fill',
        fill: {
          connectionId: 'fine',
          fillId: 'f1',
          symbol: 'BTCUSDT',
          side: 'buy',
          price: '1',
          quantity: '1',
          time: T0 + 3,
        },
      },
    ];
    const s = applyEvents(emptyPortfolio(), events);
    expect(s.fills.size).toBe(1);
    expect(s.applyFaults.get('broken')).toEqual(
      expect.objectContaining({
        count: 1,
        message: expect.stringMatching(/^a position-closed event could not be applied/),
      }),
    );
    expect(s.applyFaults.has('fine')).toBe(false);
  });
});

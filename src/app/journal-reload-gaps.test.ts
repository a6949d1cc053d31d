import { describe, expect, it } from 'vitest';
import { quietDiagnostics } from '../domain/diagnostics';
import type { DomainEvent } from '../domain/events';
import type { GapRecord } from '../domain/types';
import { GapTracker } from '../venues/shared/gap-tracker';
import { PAGE_CLOSED } from '../venues/shared/managed-connection';
import { applyBatches, applyEvents } from '../store/apply-batch';
import { buildSnapshot } from '../store/snapshot';
import { emptyPortfolio, type PortfolioState } from '../store/state';
import { journalChanges, wholeState } from '../store/journal/changes';
import { checkRecords, type JournalRecords } from '../store/journal/records';
import { restoreFromJournal } from '../store/journal/restore';
import { ResumeLiveness } from '../store/journal/resume';
import { batch, C, T0 } from '../store/journal/test-support';

/**
 * Gap records across a reload, with the lifecycle's own gap tracker on both sides: the earlier page's
 * records and liveUntil are journaled (as changes.ts finds them), the new page restores them and the
 * tracker resumes from the journaled liveUntil, as the connect command's `resume.liveUntil` makes it.
 */

/** The lifecycle of one connection in a page: status changes go through a real GapTracker. */
function page(start: PortfolioState) {
  let state = start;
  const events: DomainEvent[] = [];
  const tracker = new GapTracker(C, (gap) => events.push({ kind: 'gap', gap }));
  const update = (lastMessageAt: number | undefined, status: 'live' | 'reconnecting' = 'live') => {
    const prev = state;
    const diag = quietDiagnostics(C, 'zdex', status, lastMessageAt === undefined ? {} : { lastMessageAt });
    state = applyBatches(state, [batch(events.splice(0), { connections: [diag] })], Number.NaN);
    return journalChanges(prev, state);
  };
  return {
    tracker,
    update,
    get state() {
      return state;
    },
  };
}

/** What IndexedDB holds after the earlier page's writes (keyed like the stores), read back through the checks. */
function journalOf(state: PortfolioState): JournalRecords {
  const written = wholeState(state);
  return checkRecords({ fills: [], orders: [], samples: [], gaps: written.gaps, liveness: written.liveness }).records;
}

const gapsOf = (s: PortfolioState): GapRecord[] => [...s.gaps.values()].sort((a, b) => a.from - b.from);

describe('gaps across a reload', () => {
  it("the 'page closed' gap opens from the journaled liveUntil and closes at the first live", () => {
    const before = page(emptyPortfolio());
    before.tracker.status('live', T0, undefined);
    before.tracker.status('reconnecting', T0 + 1_000, T0 + 900, 'socket closed (1006)');
    before.tracker.status('live', T0 + 3_000, undefined);
    before.tracker.report({ recovered: 'full' });
    const changes = before.update(T0 + 5_000);
    expect(changes.liveness).toEqual([{ connectionId: C, liveUntil: T0 + 5_000 }]);
    expect(changes.gaps.map((g) => g.recovered)).toEqual(['full']);

    // Reload: restore, then the first connect carries liveUntil.
    const journal = journalOf(before.state);
    const after = page(restoreFromJournal(emptyPortfolio(), journal));
    expect(gapsOf(after.state)).toEqual(gapsOf(before.state));
    const liveUntil = new ResumeLiveness(journal).take(C);
    expect(liveUntil).toBe(T0 + 5_000);
    after.tracker.resumeAfter(liveUntil!, PAGE_CLOSED);
    after.update(undefined, 'reconnecting');
    expect(gapsOf(after.state).at(-1)).toEqual({
      connectionId: C,
      from: T0 + 5_000,
      to: null,
      recovered: 'pending',
      cause: PAGE_CLOSED,
    });
    expect(after.tracker.status('live', T0 + 60_000, undefined)).toEqual({ from: T0 + 5_000, to: T0 + 60_000 });
    after.tracker.report({ recovered: 'partial', detail: 'fills before the reload may be missing' });
    after.update(T0 + 60_000);
    const snapshot = buildSnapshot(after.state, T0 + 61_000);
    expect(snapshot.connections.find((c) => c.id === C)?.gaps).toEqual([
      { from: T0 + 900, to: T0 + 3_000, recovered: 'full' },
      { from: T0 + 5_000, to: T0 + 60_000, recovered: 'partial' },
    ]);
  });

  it('a gap the earlier page left pending is taken over: same key, replaced, and the ones inside it settle with it', () => {
    const before = page(emptyPortfolio());
    before.tracker.status('live', T0, undefined);
    // Gap A closes but its recovery never reports; gap B is still open when the page closes.
    before.tracker.status('reconnecting', T0 + 1_000, T0 + 900, 'socket closed (1006)');
    before.tracker.status('live', T0 + 3_000, undefined);
    before.update(T0 + 6_500);
    before.tracker.status('reconnecting', T0 + 7_000, T0 + 6_800, 'no message for 10 s');
    before.update(T0 + 6_800, 'reconnecting');
    expect(gapsOf(before.state).map((g) => [g.from, g.to, g.recovered])).toEqual([
      [T0 + 900, T0 + 3_000, 'pending'],
      [T0 + 6_800, null, 'pending'],
    ]);

    const journal = journalOf(before.state);
    const liveUntil = new ResumeLiveness(journal).take(C);
    expect(liveUntil).toBe(T0 + 900);
    const after = page(restoreFromJournal(emptyPortfolio(), journal));
    after.tracker.resumeAfter(liveUntil!, PAGE_CLOSED);
    after.tracker.status('live', T0 + 60_000, undefined);
    after.tracker.report({ recovered: 'none', detail: 'the venue offers no recovery' });
    after.update(T0 + 60_000);
    expect(gapsOf(after.state)).toEqual([
      {
        connectionId: C,
        from: T0 + 900,
        to: T0 + 60_000,
        recovered: 'none',
        cause: PAGE_CLOSED,
        detail: 'the venue offers no recovery',
      },
      {
        connectionId: C,
        from: T0 + 6_800,
        to: T0 + 60_000,
        recovered: 'none',
        cause: 'no message for 10 s',
        detail: 'the venue offers no recovery',
      },
    ]);
    // Nothing stays pending for ever: a later reload opens no gap from the old records.
    const again = new ResumeLiveness(journalOf(after.state));
    expect(again.take(C)).toBe(T0 + 60_000);
  });

  it('restores gap records through the reducer: a record that says less never replaces a settled one', () => {
    const settled: GapRecord = { connectionId: C, from: T0, to: T0 + 10, recovered: 'full' };
    const restored = restoreFromJournal(emptyPortfolio(), { ...journalOf(emptyPortfolio()), gaps: [settled] });
    const stale = applyEvents(restored, [
      { kind: 'gap', gap: { connectionId: C, from: T0, to: null, recovered: 'pending' } },
    ]);
    expect(gapsOf(stale)).toEqual([settled]);
  });
});

import type { GapRecord } from '../domain/types';
import { memo } from './selectors';
import type { PortfolioState } from './state';

/** Every connection's gap records, oldest first (docs/contract.md section 3). */
export const selectGapsByConnection: (s: PortfolioState) => ReadonlyMap<string, readonly GapRecord[]> = memo(
  (s) => [s.gaps],
  (gaps) => {
    const out = new Map<string, GapRecord[]>();
    for (const gap of gaps.values()) {
      const list = out.get(gap.connectionId);
      if (list) list.push(gap);
      else out.set(gap.connectionId, [gap]);
    }
    for (const list of out.values()) list.sort((a, b) => a.from - b.from);
    return out;
  },
);

/** How long after its end a gap whose fills may be missing stays on screen (the trading day that matters). */
export const GAP_ATTENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The gaps a trader must know about now: still open, recovering, or ended within the last day with
 * something possibly missing (`partial`, `none`). A `full` recovery needs no attention.
 */
export function gapsNeedingAttention(gaps: readonly GapRecord[], now: number): GapRecord[] {
  return gaps.filter(
    (g) => g.to === null || g.recovered === 'pending' || (g.recovered !== 'full' && now - g.to <= GAP_ATTENTION_MS),
  );
}

/** How long a gap recovered in full keeps a quiet "recovered" mark on its connection's row. */
export const RECOVERED_MARK_MS = 10 * 60 * 1000;

/**
 * Positions and balances may lag the venue: while a gap is open or its recovery running, and after a
 * recovery that settled `partial` or `none` (e.g. Roxom could not read them back) until fresh state
 * arrives. `newest` is the newest `updatedAt` among the connection's rows in the panel (undefined when
 * it shows none: nothing shown can be stale, and a venue without positions is never marked). A settled
 * gap is kept for a day at most, like the gaps of activity panels.
 */
export function gapsLeavingStateStale(
  gaps: readonly GapRecord[],
  newest: number | undefined = undefined,
  now = Number.NaN,
): GapRecord[] {
  return gaps.filter(
    (g) =>
      g.to === null ||
      g.recovered === 'pending' ||
      (g.recovered !== 'full' && newest !== undefined && newest <= g.to && !(now - g.to > GAP_ATTENTION_MS)),
  );
}

/** Per connection, the newest `updatedAt` among its positions and among its balances (absent: it has none). */
export interface StateFreshness {
  positions: ReadonlyMap<string, number>;
  balances: ReadonlyMap<string, number>;
}

function newestPerConnection(rows: Iterable<{ connectionId: string; updatedAt: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.connectionId, Math.max(out.get(r.connectionId) ?? -Infinity, r.updatedAt));
  return out;
}

export const selectStateFreshness: (s: PortfolioState) => StateFreshness = memo(
  (s) => [s.positions, s.balances],
  (positions, balances) => ({
    positions: newestPerConnection(positions.values()),
    balances: newestPerConnection(balances.values()),
  }),
);

/** What a connection's row shows about its gaps. */
export interface ConnectionGapView {
  /** The gaps needing attention (`gapsNeedingAttention`), newest first. */
  attention: GapRecord[];
  /** The newest gap, when it was recovered in full and ended within `RECOVERED_MARK_MS`. */
  recentlyRecovered?: GapRecord;
}

const newestFirst = (a: GapRecord, b: GapRecord): number => b.from - a.from;

export function connectionGapView(gaps: readonly GapRecord[], now: number): ConnectionGapView {
  const attention = gapsNeedingAttention(gaps, now).sort(newestFirst);
  const newest = gaps.reduce<GapRecord | undefined>((n, g) => (n === undefined || g.from > n.from ? g : n), undefined);
  const recent =
    newest !== undefined && newest.recovered === 'full' && newest.to !== null && now - newest.to <= RECOVERED_MARK_MS;
  return recent ? { attention, recentlyRecovered: newest } : { attention };
}

/**
 * What a panel must mention, over every connection, newest first. `activity` (fills, orders): every
 * gap needing attention, since what happened in it may be missing. `state` (positions, balances): the
 * gaps still open or recovering, and those that did not recover in full until fresh state arrives
 * (`gapsLeavingStateStale`; `newest`: the newest update of the panel's rows per connection), since the
 * venue's figures shown may be older than they look.
 */
export type GapScope = 'activity' | 'state';

export function gapsForPanel(
  byConnection: ReadonlyMap<string, readonly GapRecord[]>,
  scope: GapScope,
  now: number,
  newest: ReadonlyMap<string, number> = new Map(),
): GapRecord[] {
  const out: GapRecord[] = [];
  for (const [connectionId, gaps] of byConnection)
    out.push(
      ...(scope === 'activity'
        ? gapsNeedingAttention(gaps, now)
        : gapsLeavingStateStale(gaps, newest.get(connectionId), now)),
    );
  return out.sort((a, b) => newestFirst(a, b) || a.connectionId.localeCompare(b.connectionId));
}

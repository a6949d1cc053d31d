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

/** Still open, or closed with its recovery running: positions and balances may lag the venue meanwhile. */
export function gapsLeavingStateStale(gaps: readonly GapRecord[]): GapRecord[] {
  return gaps.filter((g) => g.to === null || g.recovered === 'pending');
}

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
 * gaps still open or recovering, since the venue's figures shown may be older than they look.
 */
export type GapScope = 'activity' | 'state';

export function gapsForPanel(
  byConnection: ReadonlyMap<string, readonly GapRecord[]>,
  scope: GapScope,
  now: number,
): GapRecord[] {
  const out: GapRecord[] = [];
  for (const gaps of byConnection.values())
    out.push(...(scope === 'activity' ? gapsNeedingAttention(gaps, now) : gapsLeavingStateStale(gaps)));
  return out.sort((a, b) => newestFirst(a, b) || a.connectionId.localeCompare(b.connectionId));
}

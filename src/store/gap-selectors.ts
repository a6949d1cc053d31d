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

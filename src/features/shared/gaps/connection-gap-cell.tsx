import { useNow } from '../../../components/use-now';
import type { GapRecord } from '../../../domain/types';
import { connectionGapView, selectGapsByConnection, type ConnectionGapView } from '../../../store/gap-selectors';
import { usePortfolio } from '../../../store/portfolio-store';
import type { ApplyFault } from '../../../store/state';
import { applyFaultText, gapExplanation, gapRowSentence, gapState, type GapState } from './gap-text';
import './gaps.css';

const NO_GAPS: readonly GapRecord[] = [];

const GLYPH: Record<GapState, string> = { open: '⚠', recovering: '↻', missing: '⚠', recovered: '✓' };

/**
 * The gap a connection's row shows: the newest one needing attention in words (or a quiet "recovered"
 * mark for a while after a full recovery) and how many more there are; the tooltip tells the whole
 * story, a click opens the connection's gap list. Nothing when there is nothing to say.
 */
export function GapMark({ view, now, onExpand }: { view: ConnectionGapView; now: number; onExpand?: () => void }) {
  const shown = view.attention[0] ?? view.recentlyRecovered;
  if (!shown) return null;
  const more = Math.max(0, view.attention.length - 1);
  const state = gapState(shown);
  return (
    <button
      type="button"
      className={`gap-mark gap-mark--${state}`}
      data-testid="connection-gap"
      data-state={state}
      data-recovered={shown.recovered}
      data-from={shown.from}
      data-to={shown.to ?? ''}
      data-more={more}
      title={`${gapExplanation(shown, now)}\n${more > 0 ? `(+${more} more) ` : ''}click for the list`}
      onClick={onExpand}
    >
      <span aria-hidden="true">{GLYPH[state]} </span>
      {gapRowSentence(shown, now)}
      {more > 0 ? <span className="gap-more"> (+{more} more)</span> : null}
    </button>
  );
}

/** The events the store could not apply for a connection: "3 events could not be applied; …". */
export function ApplyFaults({ fault, now }: { fault: ApplyFault | undefined; now: number }) {
  if (!fault) return null;
  const text = applyFaultText(fault, now);
  return (
    <span className="apply-faults" data-testid="apply-faults" data-count={fault.count} title={text}>
      {text}
    </span>
  );
}

/** A connection's gaps and apply faults, following the store and the clock. */
export function useConnectionGaps(connectionId: string): {
  view: ConnectionGapView;
  fault: ApplyFault | undefined;
  now: number;
} {
  const gaps = usePortfolio((s) => selectGapsByConnection(s).get(connectionId)) ?? NO_GAPS;
  const fault = usePortfolio((s) => s.applyFaults.get(connectionId));
  const now = useNow();
  return { view: connectionGapView(gaps, now), fault, now };
}

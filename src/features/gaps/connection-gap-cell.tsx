import { useNow } from '../../components/use-now';
import type { GapRecord } from '../../domain/types';
import { connectionGapView, selectGapsByConnection, type ConnectionGapView } from '../../store/gap-selectors';
import { usePortfolio } from '../../store/portfolio-store';
import type { ApplyFault } from '../../store/state';
import { applyFaultText, gapExplanation, gapSentence, gapState, type GapState } from './gap-text';
import './gaps.css';

const NO_GAPS: readonly GapRecord[] = [];

const GLYPH: Record<GapState, string> = { open: '⚠', recovering: '↻', missing: '⚠', recovered: '✓' };

/**
 * A connection's gaps and faults on its row: the newest gap needing attention in words (or a quiet
 * "recovered" mark for a while after a full recovery), how many more there are, and the events the
 * store could not apply. Clicking the gap opens the connection's gap list.
 */
export function ConnectionGapCellView({
  view,
  fault,
  now,
  onExpand,
}: {
  view: ConnectionGapView;
  fault: ApplyFault | undefined;
  now: number;
  onExpand?: () => void;
}) {
  const shown = view.attention[0] ?? view.recentlyRecovered;
  const more = Math.max(0, view.attention.length - 1);
  if (!shown && !fault) return <span className="muted">—</span>;
  const state = shown ? gapState(shown) : undefined;
  return (
    <span className="gap-cell">
      {shown && state ? (
        <button
          type="button"
          className={`gap-mark gap-mark--${state}`}
          data-testid="connection-gap"
          data-state={state}
          data-recovered={shown.recovered}
          data-from={shown.from}
          data-to={shown.to ?? ''}
          data-more={more}
          title={`${gapExplanation(shown, now)}${more > 0 ? `\n(+${more} more: click for the list)` : '\n(click for the list)'}`}
          onClick={onExpand}
        >
          <span aria-hidden="true">{GLYPH[state]} </span>
          {gapSentence(shown, now)}
          {more > 0 ? <span className="gap-more"> (+{more} more)</span> : null}
        </button>
      ) : null}
      {fault ? (
        <span
          className="apply-faults"
          data-testid="apply-faults"
          data-count={fault.count}
          title={applyFaultText(fault, now)}
        >
          {applyFaultText(fault, now)}
        </span>
      ) : null}
    </span>
  );
}

/** The cell as the Connections table shows it, following the store and the clock. */
export function ConnectionGapCell({ connectionId, onExpand }: { connectionId: string; onExpand?: () => void }) {
  const gaps = usePortfolio((s) => selectGapsByConnection(s).get(connectionId)) ?? NO_GAPS;
  const fault = usePortfolio((s) => s.applyFaults.get(connectionId));
  const now = useNow();
  return <ConnectionGapCellView view={connectionGapView(gaps, now)} fault={fault} now={now} onExpand={onExpand} />;
}

import { isoTime } from '../../../components/format/time-format';
import { useNow } from '../../../components/use-now';
import type { GapRecord } from '../../../domain/types';
import { selectGapsByConnection } from '../../../store/gap-selectors';
import { usePortfolio } from '../../../store/portfolio-store';
import type { ApplyFault } from '../../../store/state';
import { applyFaultText, gapSentence, gapState } from './gap-text';
import './gaps.css';

/** Gap records listed at most (the store keeps up to a thousand over every connection). */
const LISTED = 30;

const NO_GAPS: readonly GapRecord[] = [];

/** One connection's gap records, newest first, each with its cause and what recovery did; and its apply faults. */
export function ConnectionGapsDetailView({
  label,
  gaps,
  fault,
  now,
  onClose,
}: {
  label: string;
  gaps: readonly GapRecord[];
  fault: ApplyFault | undefined;
  now: number;
  onClose: () => void;
}) {
  const newest = [...gaps].reverse().slice(0, LISTED);
  return (
    <div className="gap-detail" data-testid="connection-gaps-detail">
      <div className="gap-detail-head">
        <span>
          {label}: {gaps.length} gap{gaps.length === 1 ? '' : 's'}
          {gaps.length > newest.length ? `, newest ${newest.length}` : ''}
        </span>
        <button type="button" className="btn btn--xs" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {fault ? <div className="apply-faults">{applyFaultText(fault, now)}</div> : null}
      {newest.length === 0 ? (
        <div className="muted">No gaps: the connection has been live since it was first live.</div>
      ) : (
        <ol className="gap-detail-list">
          {newest.map((g) => (
            <li
              key={g.from}
              data-testid="connection-gaps-detail-item"
              data-state={gapState(g)}
              data-recovered={g.recovered}
              data-from={g.from}
              data-to={g.to ?? ''}
              title={`${isoTime(g.from)} – ${g.to === null ? 'now' : isoTime(g.to)}`}
            >
              <span className={`gap-mark--${gapState(g)}`}>{gapSentence(g, now)}</span>
              {g.cause ? <span className="gap-detail-cause"> · {g.cause}</span> : null}
              <span className="muted"> · recovered: {g.to === null ? 'not yet (not live)' : g.recovered}</span>
              {g.detail ? <div className="gap-detail-text">{g.detail}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function ConnectionGapsDetail({
  connectionId,
  label,
  onClose,
}: {
  connectionId: string;
  label: string;
  onClose: () => void;
}) {
  const gaps = usePortfolio((s) => selectGapsByConnection(s).get(connectionId)) ?? NO_GAPS;
  const fault = usePortfolio((s) => s.applyFaults.get(connectionId));
  const now = useNow();
  return <ConnectionGapsDetailView label={label} gaps={gaps} fault={fault} now={now} onClose={onClose} />;
}

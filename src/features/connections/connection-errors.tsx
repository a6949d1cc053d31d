import { formatClockTime, isoTime } from '../../components/format/time-format';
import type { ConnectionRow } from '../shared/connection-row';

/** The last diagnostic errors of one connection (malformed frames, venue errors), newest first. */
export function ConnectionErrors({ row, onClose }: { row: ConnectionRow; onClose: () => void }) {
  const errors = [...row.errors].reverse();
  return (
    <div className="conn-errors" data-testid="connection-errors">
      <div className="conn-errors-head">
        <span>
          {row.label}: {row.errorCount} failed frame{row.errorCount === 1 ? '' : 's'}
          {errors.length > 0 ? `, last ${errors.length} errors` : ''}
        </span>
        <button type="button" className="btn btn--xs" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {errors.length === 0 ? (
        <div className="muted">No error details kept.</div>
      ) : (
        <ol className="conn-errors-list">
          {errors.map((e, i) => (
            <li key={`${e.time}-${i}`}>
              <time dateTime={isoTime(e.time)} title={isoTime(e.time)}>
                {formatClockTime(e.time)}
              </time>{' '}
              <span className="conn-errors-message">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

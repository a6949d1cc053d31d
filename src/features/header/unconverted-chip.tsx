import type { Totals } from '../../store/selectors';

/** Amounts left out of the USD totals because nothing converts them: flagged, never silently dropped. */
export function UnconvertedChip({ unconverted }: { unconverted: Totals['unconverted'] }) {
  if (unconverted.length === 0) return null;
  const lines = unconverted.map((u) => `${u.connectionId}: ${u.amount} ${u.asset}`);
  return (
    <div className="chip chip--warn" data-testid="unconverted-warning" title={`Not included in the USD totals:\n${lines.join('\n')}`}>
      <span className="chip-icon" aria-hidden>
        !
      </span>
      {unconverted.length} not in USD total:{' '}
      <span className="chip-detail">
        {unconverted
          .slice(0, 3)
          .map((u) => `${u.amount} ${u.asset}`)
          .join(', ')}
        {unconverted.length > 3 ? ` +${unconverted.length - 3} more` : ''}
      </span>
    </div>
  );
}

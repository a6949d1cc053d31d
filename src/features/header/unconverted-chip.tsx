import type { Unconverted } from '../../domain/valuation/portfolio-valuation';

/** Amounts left out of the totals because no live price converts them: flagged, never silently dropped. */
export function UnconvertedChip({ unconverted, currency }: { unconverted: readonly Unconverted[]; currency: string }) {
  if (unconverted.length === 0) return null;
  const lines = unconverted.map((u) => `${u.connectionId}: ${u.amount} ${u.asset}`);
  return (
    <div
      className="chip chip--warn"
      data-testid="unconverted-warning"
      data-count={unconverted.length}
      title={`Not included in the ${currency} totals (no price converts them):\n${lines.join('\n')}`}
    >
      <span className="chip-icon" aria-hidden>
        !
      </span>
      {unconverted.length} not in {currency} total:{' '}
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

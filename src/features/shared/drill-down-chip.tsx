import { useDrillDown } from '../../store/drill-down';
import './drill-down.css';

/**
 * "Filtered: BTCUSDT on zdex-1 ×" while a position's drill-down filters the panel; × clears it (in
 * every panel it filters). Nothing while there is none.
 */
export function DrillDownChip({ panel }: { panel: string }) {
  const target = useDrillDown((s) => s.target);
  const clear = useDrillDown((s) => s.clear);
  if (!target) return null;
  const what = `${target.symbol} on ${target.connectionId}`;
  return (
    <span className="drill-chip" data-testid={`${panel}-drill-down`}>
      Filtered: {what}
      <button
        type="button"
        className="drill-chip-clear"
        data-testid={`${panel}-drill-down-clear`}
        aria-label={`Clear the filter ${what}`}
        title="Show every row again"
        onClick={clear}
      >
        ×
      </button>
    </span>
  );
}

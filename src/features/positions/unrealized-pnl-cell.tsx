import { formatAge, isoTime } from '../../components/format/time-format';
import { NumberCell } from '../../components/number-cell';
import { useNow } from '../../components/use-now';
import type { PositionRow } from '../../store/selectors';

/**
 * Unrealized PnL with its source: the venue's own figure as is; a figure computed here from the latest
 * price mark carries a "mark" tag with the mark's age, so a stale price is visible next to the number.
 */
export function UnrealizedPnlCell({ row }: { row: PositionRow }) {
  const value = row.unrealizedPnlShown;
  const suffix = row.settleAsset;
  if (row.unrealizedSource !== 'mark' || !row.markUsed) {
    return <NumberCell value={value} pnl suffix={suffix} title={value === undefined ? 'no PnL from the venue and no price mark yet' : `${value} (venue)`} />;
  }
  return <MarkedPnl value={value} suffix={suffix} mark={row.markUsed} />;
}

function MarkedPnl({ value, suffix, mark }: { value: string | undefined; suffix: string | undefined; mark: { price: string; kind: string; time: number } }) {
  const now = useNow();
  const age = now - mark.time;
  const title = `computed from ${mark.kind} price ${mark.price} at ${isoTime(mark.time)}`;
  return (
    <span title={title} data-pnl-source="mark">
      <NumberCell value={value} pnl suffix={suffix} title={title} />
      <span className={age > 10_000 ? 'tag' : 'tag tag--info'}>mark {formatAge(mark.time, now).replace(' ago', '')}</span>
    </span>
  );
}

import { formatAge, isoTime } from '../../components/format/time-format';
import { moneyPrecision } from '../../components/format/display-precision';
import { NumberCell } from '../../components/number-cell';
import { useNow } from '../../components/use-now';
import type { PositionRow } from '../../store/selectors';

/** A mark older than this reads amber. */
const OLD_MARK_MS = 10_000;

/**
 * Unrealized PnL with its source: the venue's own figure as is; a figure computed here from the latest
 * price mark carries a "mark" tag with the mark's age, so a stale price is visible next to the number.
 */
export function UnrealizedPnlCell({ row }: { row: PositionRow }) {
  const value = row.unrealizedPnlShown;
  if (row.unrealizedSource !== 'mark' || !row.markUsed) {
    const title =
      value === undefined
        ? 'no PnL from the venue and no price mark yet'
        : `${value} ${row.settleAsset ?? ''} (reported by the venue)`;
    return <NumberCell value={value} precision={moneyPrecision(row.settleAsset)} pnl title={title} />;
  }
  return <MarkedPnl value={value} mark={row.markUsed} asset={row.settleAsset} />;
}

function MarkedPnl({
  value,
  mark,
  asset,
}: {
  value: string | undefined;
  mark: { price: string; kind: string; time: number };
  asset: string | undefined;
}) {
  const now = useNow();
  const title = `${value} computed from the ${mark.kind} price ${mark.price} at ${isoTime(mark.time)}`;
  return (
    <span title={title} data-pnl-source="mark">
      <span className={now - mark.time > OLD_MARK_MS ? 'tag' : 'tag tag--info'}>
        mark {formatAge(mark.time, now).replace(' ago', '')}
      </span>{' '}
      <NumberCell value={value} precision={moneyPrecision(asset)} pnl title={title} />
    </span>
  );
}

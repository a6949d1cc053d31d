import { decimalColumn, textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import { formatDecimalText } from '../../components/format/decimal-format';
import { formatDuration, isoTime } from '../../components/format/time-format';
import { NumberCell } from '../../components/number-cell';
import { useNow } from '../../components/use-now';
import type { MarketRow } from '../../store/market-selectors';
import { connectionColumn, symbolColumn } from '../shared/domain-columns';
import { fundingPercent, spreadBps } from './market-format';

/** A figure older than this reads amber in the age column. */
export const MARKET_STALE_MS = 10_000;

/** The age of the freshest figure, compact ("12s", "1m 05s": the header says "ago"); amber once stale. */
function FigureAge({ time }: { time: number }) {
  const now = useNow();
  const old = now - time > MARKET_STALE_MS;
  return (
    <time
      className={old ? 'age-text age-text--old' : 'age-text'}
      dateTime={isoTime(time)}
      title={`freshest figure at ${isoTime(time)}`}
      data-time={time}
    >
      {formatDuration(now - time)}
    </time>
  );
}

/** "1.5 (book at 2025-…Z)": where a figure came from and when. */
const sourceTitle = (
  value: string | undefined,
  kind: string | undefined,
  time: number | undefined,
): string | undefined =>
  value === undefined ? undefined : `${value} (${kind ?? '?'} at ${time === undefined ? '?' : isoTime(time)})`;

export const marketColumns: DataColumnDef<MarketRow>[] = [
  connectionColumn<MarketRow>(74),
  textColumn<MarketRow>({
    id: 'venue',
    header: 'Venue',
    size: 52,
    value: (r) => r.venue,
    render: (v) => (
      <span className="muted" title={v}>
        {v ?? '—'}
      </span>
    ),
  }),
  symbolColumn<MarketRow>(70),
  decimalColumn<MarketRow>({
    id: 'bid',
    header: 'Bid',
    size: 70,
    value: (r) => r.bid,
    render: (bid, r) => <NumberCell value={bid} title={sourceTitle(bid, r.quoteKind, r.quoteTime)} />,
  }),
  decimalColumn<MarketRow>({
    id: 'ask',
    header: 'Ask',
    size: 70,
    value: (r) => r.ask,
    render: (ask, r) => <NumberCell value={ask} title={sourceTitle(ask, r.quoteKind, r.quoteTime)} />,
  }),
  decimalColumn<MarketRow>({
    id: 'spread',
    header: 'Spread',
    size: 54,
    value: (r) => r.spread,
    render: (spread, r) => {
      const bps = spreadBps(r.bid, r.ask);
      return (
        <NumberCell
          value={spread}
          title={
            spread === undefined ? undefined : `${spread} = ${r.ask} − ${r.bid}${bps ? ` (${bps} bps of mid)` : ''}`
          }
        />
      );
    },
  }),
  decimalColumn<MarketRow>({
    id: 'last',
    header: 'Last',
    size: 70,
    value: (r) => r.last,
    render: (last, r) => (
      <NumberCell
        value={last}
        title={sourceTitle(last, r.lastKind === 'trade' ? 'last trade' : 'ticker last', r.lastTime)}
      />
    ),
  }),
  decimalColumn<MarketRow>({
    id: 'mark',
    header: 'Mark',
    size: 70,
    value: (r) => r.mark,
    render: (mark, r) => (
      <NumberCell
        value={mark}
        title={
          mark === undefined
            ? undefined
            : `${sourceTitle(mark, 'mark', r.markTime)}${r.indexPrice ? `; index ${r.indexPrice}` : ''}`
        }
      />
    ),
  }),
  decimalColumn<MarketRow>({
    id: 'funding',
    header: 'Funding',
    size: 58,
    value: (r) => r.fundingRate,
    render: (rate) => {
      const percent = fundingPercent(rate);
      if (percent === undefined) return <NumberCell value={undefined} />;
      return (
        <span className="num" data-value={rate} title={`funding rate ${rate} per period (${percent}%)`}>
          {formatDecimalText(percent)}%
        </span>
      );
    },
  }),
  {
    id: 'age',
    header: 'Age',
    size: 56,
    accessorFn: (r: MarketRow) => r.updatedAt,
    sortFn: 'basic',
    sortDescFirst: true,
    meta: { numeric: true, exportValue: (v) => (typeof v === 'number' ? isoTime(v) : '') },
    cell: (ctx) => <FigureAge time={ctx.getValue() as number} />,
  },
];

export const marketRowId = (r: MarketRow): string => r.key;

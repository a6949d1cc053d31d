import { ageColumn, decimalColumn, textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import { isoTime } from '../../components/format/time-format';
import { NumberCell } from '../../components/number-cell';
import type { MarketRow } from '../../store/market-selectors';
import { connectionColumn, symbolColumn } from '../shared/domain-columns';
import { fundingPercent, spreadBps } from './market-format';

/** A figure older than this reads amber in the age column. */
export const MARKET_STALE_MS = 10_000;

/** "1.5 (book at 2025-…Z)": where a figure came from and when. */
const sourceTitle = (value: string | undefined, kind: string | undefined, time: number | undefined): string | undefined =>
  value === undefined ? undefined : `${value} (${kind ?? '?'} at ${time === undefined ? '?' : isoTime(time)})`;

export const marketColumns: DataColumnDef<MarketRow>[] = [
  connectionColumn<MarketRow>(66),
  textColumn<MarketRow>({ id: 'venue', header: 'Venue', size: 52, value: (r) => r.venue, render: (v) => <span className="muted">{v ?? '—'}</span> }),
  symbolColumn<MarketRow>(72),
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
    size: 50,
    value: (r) => r.spread,
    render: (spread, r) => {
      const bps = spreadBps(r.bid, r.ask);
      return <NumberCell value={spread} title={spread === undefined ? undefined : `${spread} = ${r.ask} − ${r.bid}${bps ? ` (${bps} bps of mid)` : ''}`} />;
    },
  }),
  decimalColumn<MarketRow>({
    id: 'last',
    header: 'Last',
    size: 70,
    value: (r) => r.last,
    render: (last, r) => <NumberCell value={last} title={sourceTitle(last, r.lastKind === 'trade' ? 'last trade' : 'ticker last', r.lastTime)} />,
  }),
  decimalColumn<MarketRow>({
    id: 'mark',
    header: 'Mark',
    size: 70,
    value: (r) => r.mark,
    render: (mark, r) => (
      <NumberCell value={mark} title={mark === undefined ? undefined : `${sourceTitle(mark, 'mark', r.markTime)}${r.indexPrice ? `; index ${r.indexPrice}` : ''}`} />
    ),
  }),
  decimalColumn<MarketRow>({
    id: 'funding',
    header: 'Fund',
    size: 58,
    value: (r) => r.fundingRate,
    render: (rate) => {
      const percent = fundingPercent(rate);
      return percent === undefined ? (
        <NumberCell value={undefined} />
      ) : (
        <NumberCell value={percent} suffix="%" title={`funding rate ${rate} per period (${percent} %)`} />
      );
    },
  }),
  ageColumn<MarketRow>({ id: 'age', header: 'Age', size: 54, value: (r) => r.updatedAt, warnAfterMs: MARKET_STALE_MS }),
];

export const marketRowId = (r: MarketRow): string => r.key;

import { countColumn, decimalColumn, textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import type { PositionRow } from '../../store/selectors';
import type { BaseCurrency } from '../../store/settings-store';
import type { PositionValue } from '../../store/valuation-selectors';
import { connectionColumn, symbolColumn } from '../shared/domain-columns';
import { GridNumberCell, moneyColumn, priceColumn, quantityColumn } from '../shared/precision-cells';
import { ConvertedCell } from '../shared/valuation/converted-cell';
import { UnrealizedPnlCell } from './unrealized-pnl-cell';

/** A position with its figures in the base currency (valuation-selectors). */
export type PositionViewRow = PositionRow & { value: PositionValue };

/** The mark shown: the venue's mark price on the position, else the latest price mark used for PnL. */
const markOf = (p: PositionViewRow): string | undefined => p.markPrice ?? p.markUsed?.price;

/** Columns for one base currency (the converted columns name it in their header). */
export const positionColumns = (ccy: BaseCurrency): DataColumnDef<PositionViewRow>[] => [
  connectionColumn<PositionViewRow>(76),
  symbolColumn<PositionViewRow>(84),
  quantityColumn<PositionViewRow>({ id: 'quantity', header: 'Qty', size: 72, value: (p) => p.quantity, pnl: true }),
  priceColumn<PositionViewRow>({ id: 'entry', header: 'Entry', size: 80, value: (p) => p.entryPrice }),
  decimalColumn<PositionViewRow>({
    id: 'mark',
    header: 'Mark',
    size: 80,
    value: markOf,
    render: (mark, p) => (
      <GridNumberCell
        value={mark}
        connectionId={p.connectionId}
        symbol={p.symbol}
        field="price"
        title={
          p.markPrice !== undefined
            ? `${mark} (venue mark)`
            : mark
              ? `${mark} (latest ${p.markUsed?.kind} price)`
              : undefined
        }
      />
    ),
  }),
  decimalColumn<PositionViewRow>({
    id: 'unrealizedPnl',
    header: 'uPnL',
    size: 160,
    value: (p) => p.unrealizedPnlShown,
    render: (_value, p) => <UnrealizedPnlCell row={p} />,
  }),
  decimalColumn<PositionViewRow>({
    id: 'notionalBase',
    header: `Notional ${ccy}`,
    size: 96,
    value: (p) => p.value.notional,
    render: (v, p) => (
      <ConvertedCell
        value={v}
        currency={ccy}
        rates={p.value.rates}
        price={p.value.price}
        what="notional"
        testId="position-notional"
      />
    ),
  }),
  decimalColumn<PositionViewRow>({
    id: 'unrealizedBase',
    header: `uPnL ${ccy}`,
    size: 92,
    value: (p) => p.value.unrealized,
    render: (v, p) => (
      <ConvertedCell
        value={v}
        currency={ccy}
        rates={p.value.rates}
        what="unrealized PnL"
        pnl
        testId="position-upnl-base"
      />
    ),
  }),
  moneyColumn<PositionViewRow>({
    id: 'realizedPnl',
    header: 'rPnL',
    size: 72,
    value: (p) => p.realizedPnl,
    asset: (p) => p.settleAsset,
    pnl: true,
  }),
  moneyColumn<PositionViewRow>({
    id: 'funding',
    header: 'Funding',
    size: 64,
    value: (p) => p.fundingFee,
    asset: (p) => p.settleAsset,
    pnl: true,
  }),
  priceColumn<PositionViewRow>({
    id: 'liquidation',
    header: 'Liq price',
    size: 76,
    value: (p) => p.liquidationPrice,
  }),
  countColumn<PositionViewRow>({
    id: 'leverage',
    header: 'Lev',
    size: 44,
    value: (p) => p.leverage,
    format: (x) => `${x}x`,
  }),
  textColumn<PositionViewRow>({ id: 'settleAsset', header: 'Settle', size: 50, value: (p) => p.settleAsset }),
  textColumn<PositionViewRow>({ id: 'pnlSource', header: 'PnL src', size: 54, value: (p) => p.unrealizedSource }),
];

export const positionRowId = (p: PositionViewRow): string => p.key;

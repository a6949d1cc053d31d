import { countColumn, decimalColumn, textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import { NumberCell } from '../../components/number-cell';
import type { PositionRow } from '../../store/selectors';
import { connectionColumn, symbolColumn } from '../shared/domain-columns';
import { UnrealizedPnlCell } from './unrealized-pnl-cell';

/** The mark shown: the venue's mark price on the position, else the latest price mark used for PnL. */
const markOf = (p: PositionRow): string | undefined => p.markPrice ?? p.markUsed?.price;

export const positionColumns: DataColumnDef<PositionRow>[] = [
  connectionColumn<PositionRow>(76),
  symbolColumn<PositionRow>(84),
  decimalColumn<PositionRow>({ id: 'quantity', header: 'Qty', size: 72, value: (p) => p.quantity, pnl: true }),
  decimalColumn<PositionRow>({ id: 'entry', header: 'Entry', size: 80, value: (p) => p.entryPrice }),
  decimalColumn<PositionRow>({
    id: 'mark',
    header: 'Mark',
    size: 80,
    value: markOf,
    render: (mark, p) => (
      <NumberCell value={mark} title={p.markPrice !== undefined ? `${mark} (venue mark)` : mark ? `${mark} (latest ${p.markUsed?.kind} price)` : undefined} />
    ),
  }),
  decimalColumn<PositionRow>({
    id: 'unrealizedPnl',
    header: 'uPnL',
    size: 160,
    value: (p) => p.unrealizedPnlShown,
    render: (_value, p) => <UnrealizedPnlCell row={p} />,
  }),
  decimalColumn<PositionRow>({ id: 'realizedPnl', header: 'rPnL', size: 72, value: (p) => p.realizedPnl, pnl: true }),
  decimalColumn<PositionRow>({ id: 'funding', header: 'Funding', size: 64, value: (p) => p.fundingFee, pnl: true }),
  decimalColumn<PositionRow>({ id: 'liquidation', header: 'Liq price', size: 76, value: (p) => p.liquidationPrice }),
  countColumn<PositionRow>({ id: 'leverage', header: 'Lev', size: 44, value: (p) => p.leverage, format: (x) => `${x}x` }),
  textColumn<PositionRow>({ id: 'settleAsset', header: 'Settle', size: 50, value: (p) => p.settleAsset }),
  textColumn<PositionRow>({ id: 'pnlSource', header: 'PnL src', size: 54, value: (p) => p.unrealizedSource }),
];

export const positionRowId = (p: PositionRow): string => p.key;

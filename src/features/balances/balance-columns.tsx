import { ageColumn, decimalColumn, textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import type { BalanceRow } from '../../store/selectors';
import type { BaseCurrency } from '../../store/settings-store';
import type { BalanceValue } from '../../store/valuation-selectors';
import { connectionColumn } from '../shared/domain-columns';
import { moneyColumn } from '../shared/precision-cells';
import { ConvertedCell } from '../shared/valuation/converted-cell';

/** A balance with its value in the base currency. */
export type BalanceViewRow = BalanceRow & { value: BalanceValue };

export const balanceColumns = (ccy: BaseCurrency): DataColumnDef<BalanceViewRow>[] => [
  connectionColumn<BalanceViewRow>(),
  textColumn<BalanceViewRow>({
    id: 'asset',
    header: 'Asset',
    size: 60,
    value: (b) => b.asset,
    render: (a) => <span className="symbol">{a}</span>,
  }),
  moneyColumn<BalanceViewRow>({
    id: 'total',
    header: 'Total',
    size: 120,
    value: (b) => b.total,
    asset: (b) => b.asset,
  }),
  decimalColumn<BalanceViewRow>({
    id: 'valueBase',
    header: `Value ${ccy}`,
    size: 110,
    value: (b) => b.value.value,
    render: (v, b) =>
      v === undefined ? (
        <span
          className="tag"
          data-testid="balance-unconverted"
          title={`No live price converts ${b.asset} to ${ccy}: left out of the totals`}
        >
          not converted
        </span>
      ) : (
        <ConvertedCell
          value={v}
          currency={ccy}
          rates={b.value.rate ? [b.value.rate] : []}
          what={`${b.total} ${b.asset}`}
          testId="balance-value"
        />
      ),
  }),
  moneyColumn<BalanceViewRow>({ id: 'free', header: 'Free', size: 100, value: (b) => b.free, asset: (b) => b.asset }),
  moneyColumn<BalanceViewRow>({
    id: 'locked',
    header: 'Locked',
    size: 100,
    value: (b) => b.locked,
    asset: (b) => b.asset,
  }),
  ageColumn<BalanceViewRow>({ id: 'updated', header: 'Updated', size: 72, value: (b) => b.updatedAt }),
];

export const balanceRowId = (b: BalanceViewRow): string => b.key;

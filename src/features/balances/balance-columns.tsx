import { ageColumn, decimalColumn, textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import type { BalanceRow } from '../../store/selectors';
import { connectionColumn } from '../shared/domain-columns';

export const balanceColumns: DataColumnDef<BalanceRow>[] = [
  connectionColumn<BalanceRow>(),
  textColumn<BalanceRow>({ id: 'asset', header: 'Asset', size: 60, value: (b) => b.asset, render: (a) => <span className="symbol">{a}</span> }),
  decimalColumn<BalanceRow>({ id: 'total', header: 'Total', size: 130, value: (b) => b.total }),
  decimalColumn<BalanceRow>({ id: 'free', header: 'Free', size: 120, value: (b) => b.free }),
  decimalColumn<BalanceRow>({ id: 'locked', header: 'Locked', size: 120, value: (b) => b.locked }),
  ageColumn<BalanceRow>({ id: 'updated', header: 'Updated', size: 72, value: (b) => b.updatedAt }),
];

export const balanceRowId = (b: BalanceRow): string => b.key;

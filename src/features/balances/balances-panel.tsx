import { useRef, useState } from 'react';
import { DataTable, type DataTableHandle } from '../../components/data-table/data-table';
import { FilterInput } from '../../components/filter-input';
import { Panel } from '../../components/panel';
import { usePortfolio } from '../../store/portfolio-store';
import { selectBalanceRows } from '../../store/selectors';
import { CsvExportButton } from '../shared/csv-export-button';
import { balanceColumns, balanceRowId } from './balance-columns';

/** Balances per connection and asset, as each venue reports them. */
export function BalancesPanel() {
  const [filter, setFilter] = useState('');
  const rows = usePortfolio(selectBalanceRows);
  const tableRef = useRef<DataTableHandle>(null);
  const toolbar = (
    <>
      <FilterInput value={filter} onChange={setFilter} label="Filter balances" testId="balances-filter-text" />
      <CsvExportButton tableRef={tableRef} name="balances" />
    </>
  );
  return (
    <Panel id="balances" title="Balances" meta={rows.length} toolbar={toolbar}>
      <DataTable
        ref={tableRef}
        label="Balances"
        data={rows}
        columns={balanceColumns}
        getRowId={balanceRowId}
        rowTestId="balance-row"
        globalFilter={filter}
        emptyText="No balances yet"
      />
    </Panel>
  );
}

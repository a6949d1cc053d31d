import { useRef, useState } from 'react';
import { DataTable, type DataTableHandle } from '../../components/data-table/data-table';
import { FilterInput } from '../../components/filter-input';
import { Panel } from '../../components/panel';
import { useNow } from '../../components/use-now';
import { useThrottledValue } from '../../components/use-throttled-value';
import { selectMarketRows, type MarketRow } from '../../store/market-selectors';
import { usePortfolio } from '../../store/portfolio-store';
import { CsvExportButton } from '../shared/csv-export-button';
import { MARKET_STALE_MS, marketColumns, marketRowId } from './market-columns';
import './market.css';

/** Row count, and how many rows have gone quiet (amber), refreshed with the shared clock. */
function MarketMeta({ rows }: { rows: readonly MarketRow[] }) {
  const now = useNow();
  const stale = rows.filter((r) => now - r.updatedAt > MARKET_STALE_MS).length;
  return (
    <>
      {rows.length}
      {stale > 0 ? (
        <span
          className="market-stale"
          data-testid="market-stale-count"
          title={`no new price for over ${MARKET_STALE_MS / 1000}s`}
        >
          {' '}
          · {stale} stale
        </span>
      ) : null}
    </>
  );
}

/**
 * Prices per connection and symbol, across venues: top of book, spread, last trade, the venue's mark
 * and funding, and how old the freshest of them is. Figures tick many times a second: the table
 * follows the store at most 4 times a second so digits stay readable.
 */
export function MarketPanel() {
  const [filter, setFilter] = useState('');
  const rows = useThrottledValue(usePortfolio(selectMarketRows), 250);
  const tableRef = useRef<DataTableHandle>(null);
  const toolbar = (
    <>
      <FilterInput value={filter} onChange={setFilter} label="Filter market" testId="market-filter-text" />
      <CsvExportButton tableRef={tableRef} name="market" />
    </>
  );
  return (
    <Panel id="market" title="Market" meta={<MarketMeta rows={rows} />} toolbar={toolbar}>
      <DataTable
        ref={tableRef}
        label="Market"
        data={rows}
        columns={marketColumns}
        getRowId={marketRowId}
        rowTestId="market-row"
        globalFilter={filter}
        emptyText="No prices yet"
      />
    </Panel>
  );
}

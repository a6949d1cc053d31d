import { useMemo, useRef, useState } from 'react';
import { DataTable, type DataTableHandle } from '../../components/data-table/data-table';
import { FilterInput } from '../../components/filter-input';
import { Panel } from '../../components/panel';
import { useThrottledValue } from '../../components/use-throttled-value';
import type { Order } from '../../domain/types';
import { drillDownRows, useDrillDown } from '../../store/drill-down';
import { usePortfolio } from '../../store/portfolio-store';
import { selectOpenOrderRows, selectOrderRows } from '../../store/selectors';
import { CsvExportButton } from '../shared/csv-export-button';
import { DrillDownChip } from '../shared/drill-down-chip';
import { WithGapNotice } from '../shared/gaps/gap-notice';
import { TimeRangeFilter, useTableFilteredRows } from '../shared/time-range-filter';
import { orderColumns, orderRowId } from './order-columns';

const orderTime = (o: Order): number => o.updatedAt;

type OrderScope = 'open' | 'all';

/** Orders across every connection: open ones by default, or all (terminal ones kept up to the store's bound). */
export function OrdersPanel() {
  const [scope, setScope] = useState<OrderScope>('open');
  const [filter, setFilter] = useState('');
  // Thousands of orders with All: the table follows the store at most 4 times a second.
  const held = useThrottledValue(usePortfolio(scope === 'open' ? selectOpenOrderRows : selectOrderRows), 250);
  // The range applies to what the panel lists (open orders, or all the store keeps), by last update.
  const inRange = useTableFilteredRows('orders', held, orderTime);
  // A position's drill-down (clicked in Positions) shows only its orders.
  const drillDown = useDrillDown((s) => s.target);
  const rows = useMemo(() => drillDownRows(inRange, drillDown), [inRange, drillDown]);
  const tableRef = useRef<DataTableHandle>(null);

  const toolbar = (
    <>
      <div className="btn-group" role="group" aria-label="Which orders">
        <button
          type="button"
          className="btn"
          data-testid="orders-filter-open"
          aria-pressed={scope === 'open'}
          onClick={() => setScope('open')}
        >
          Open
        </button>
        <button
          type="button"
          className="btn"
          data-testid="orders-filter-all"
          aria-pressed={scope === 'all'}
          onClick={() => setScope('all')}
        >
          All
        </button>
      </div>
      <DrillDownChip panel="orders" />
      <TimeRangeFilter table="orders" label="Orders" />
      <FilterInput value={filter} onChange={setFilter} label="Filter orders" testId="orders-filter-text" />
      <CsvExportButton tableRef={tableRef} name="orders" />
    </>
  );

  return (
    <Panel id="orders" title={scope === 'open' ? 'Open orders' : 'Orders'} meta={rows.length} toolbar={toolbar}>
      <WithGapNotice panel="orders">
        <DataTable
          ref={tableRef}
          label="Orders"
          data={rows}
          columns={orderColumns}
          getRowId={orderRowId}
          rowTestId="order-row"
          globalFilter={filter}
          emptyText={
            held.length > 0 ? 'No orders in this period' : scope === 'open' ? 'No open orders' : 'No orders yet'
          }
        />
      </WithGapNotice>
    </Panel>
  );
}

import { useMemo, useRef, useState } from 'react';
import { DataTable, type DataTableHandle } from '../../components/data-table/data-table';
import { FilterInput } from '../../components/filter-input';
import { Panel } from '../../components/panel';
import { useThrottledValue } from '../../components/use-throttled-value';
import type { Fill } from '../../domain/types';
import { drillDownRows, useDrillDown } from '../../store/drill-down';
import { usePortfolio } from '../../store/portfolio-store';
import { selectFillRows } from '../../store/selectors';
import { CsvExportButton } from '../shared/csv-export-button';
import { DrillDownChip } from '../shared/drill-down-chip';
import { WithGapNotice } from '../shared/gaps/gap-notice';
import { TimeRangeFilter, useTableFilteredRows } from '../shared/time-range-filter';
import { fillColumns, fillRowId } from './fill-columns';

const fillTime = (f: Fill): number => f.time;

/** Every execution, newest first (bounded by the store), one row per venue execution. */
export function FillsPanel() {
  const [filter, setFilter] = useState('');
  // Up to 100,000 fills: the table follows the store at most 4 times a second.
  const held = useThrottledValue(usePortfolio(selectFillRows), 250);
  // The store holds every fill the journal keeps (store/journal README: maxFills <= LIMITS.fills), so
  // the range covers the journaled history without reading IndexedDB again.
  const inRange = useTableFilteredRows('fills', held, fillTime);
  // A position's drill-down (clicked in Positions) shows only its fills.
  const drillDown = useDrillDown((s) => s.target);
  const rows = useMemo(() => drillDownRows(inRange, drillDown), [inRange, drillDown]);
  const tableRef = useRef<DataTableHandle>(null);
  const toolbar = (
    <>
      <DrillDownChip panel="fills" />
      <TimeRangeFilter table="fills" label="Fills" />
      <FilterInput value={filter} onChange={setFilter} label="Filter fills" testId="fills-filter-text" />
      <CsvExportButton tableRef={tableRef} name="fills" />
    </>
  );
  return (
    <Panel id="fills" title="Fills" meta={rows.length} toolbar={toolbar}>
      <WithGapNotice panel="fills">
        <DataTable
          ref={tableRef}
          label="Fills"
          data={rows}
          columns={fillColumns}
          getRowId={fillRowId}
          rowTestId="fill-row"
          globalFilter={filter}
          emptyText={held.length > 0 ? 'No fills in this period' : 'No fills yet'}
        />
      </WithGapNotice>
    </Panel>
  );
}

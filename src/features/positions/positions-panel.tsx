import { useMemo, useRef, useState } from 'react';
import { DataTable, type DataTableHandle } from '../../components/data-table/data-table';
import { FilterInput } from '../../components/filter-input';
import { Panel } from '../../components/panel';
import { decimalSign } from '../../components/format/decimal-format';
import { useDrillDown } from '../../store/drill-down';
import { usePortfolio } from '../../store/portfolio-store';
import { selectPositionRows } from '../../store/selectors';
import { selectPositionValues } from '../../store/valuation-selectors';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import { CsvExportButton } from '../shared/csv-export-button';
import { WithGapNotice } from '../shared/gaps/gap-notice';
import { positionColumns, positionRowId, type PositionViewRow } from './position-columns';

const sideClass = (p: PositionViewRow): string => (decimalSign(p.quantity) < 0 ? 'row--short' : 'row--long');

/** Open positions per connection and symbol; signed quantity (negative = short). */
export function PositionsPanel() {
  const [filter, setFilter] = useState('');
  const settings = useValuationSettings();
  const positions = usePortfolio(selectPositionRows);
  const values = usePortfolio((s) => selectPositionValues(s, settings));
  const rows = useMemo(
    () => positions.map((p): PositionViewRow => ({ ...p, value: values.get(p.key) ?? { rates: [] } })),
    [positions, values],
  );
  const columns = useMemo(() => positionColumns(settings.baseCurrency), [settings.baseCurrency]);
  const tableRef = useRef<DataTableHandle>(null);
  // Click a position (or Enter on its row): the Fills and Orders panels show only its rows.
  const showDrillDown = useDrillDown((s) => s.show);
  const toolbar = (
    <>
      <FilterInput value={filter} onChange={setFilter} label="Filter positions" testId="positions-filter-text" />
      <CsvExportButton tableRef={tableRef} name="positions" />
    </>
  );
  return (
    <Panel id="positions" title="Positions" meta={rows.length} toolbar={toolbar}>
      <WithGapNotice panel="positions">
        <DataTable
          ref={tableRef}
          label="Positions"
          data={rows}
          columns={columns}
          getRowId={positionRowId}
          rowTestId="position-row"
          rowClassName={sideClass}
          globalFilter={filter}
          emptyText="No open positions"
          onRowActivate={showDrillDown}
        />
      </WithGapNotice>
    </Panel>
  );
}

import { useMemo, useRef, useState } from 'react';
import { DataTable, type DataTableHandle } from '../../components/data-table/data-table';
import { FilterInput } from '../../components/filter-input';
import { Panel } from '../../components/panel';
import { usePortfolio } from '../../store/portfolio-store';
import { selectBalanceRows } from '../../store/selectors';
import { selectBalancesByAsset, selectBalanceValues } from '../../store/valuation-selectors';
import { CsvExportButton } from '../shared/csv-export-button';
import { WithGapNotice } from '../shared/gaps/gap-notice';
import type { AssetBar } from '../shared/valuation/asset-bar-chart';
import { LazyAssetBarChart } from '../shared/valuation/lazy-asset-bar-chart';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import { balanceColumns, balanceRowId, type BalanceViewRow } from './balance-columns';

type View = 'table' | 'chart';

/** Balances per connection and asset, as each venue reports them, valued in the base currency; or a chart by asset. */
export function BalancesPanel() {
  const [filter, setFilter] = useState('');
  const [view, setView] = useState<View>('table');
  const settings = useValuationSettings();
  const balances = usePortfolio(selectBalanceRows);
  const values = usePortfolio((s) => selectBalanceValues(s, settings));
  const byAsset = usePortfolio((s) => selectBalancesByAsset(s, settings));
  const rows = useMemo(
    () => balances.map((b): BalanceViewRow => ({ ...b, value: values.get(b.key) ?? {} })),
    [balances, values],
  );
  const columns = useMemo(() => balanceColumns(settings.baseCurrency), [settings.baseCurrency]);
  const bars = useMemo(
    (): AssetBar[] =>
      byAsset.flatMap((a) =>
        a.value === undefined
          ? []
          : [{ asset: a.asset, value: a.value, detail: `${a.amount} ${a.asset} across venues` }],
      ),
    [byAsset],
  );
  const unconverted = byAsset.filter((a) => a.value === undefined);
  const tableRef = useRef<DataTableHandle>(null);
  const toolbar = (
    <>
      <div className="view-toggle" role="group" aria-label="Balances view">
        <button
          type="button"
          aria-pressed={view === 'table'}
          data-testid="balances-view-table"
          onClick={() => setView('table')}
        >
          Table
        </button>
        <button
          type="button"
          aria-pressed={view === 'chart'}
          data-testid="balances-view-chart"
          onClick={() => setView('chart')}
        >
          By asset
        </button>
      </div>
      {view === 'table' ? (
        <>
          <FilterInput value={filter} onChange={setFilter} label="Filter balances" testId="balances-filter-text" />
          <CsvExportButton tableRef={tableRef} name="balances" />
        </>
      ) : null}
    </>
  );
  return (
    <Panel
      id="balances"
      title="Balances"
      meta={view === 'table' ? rows.length : `by asset · ${settings.baseCurrency}`}
      toolbar={toolbar}
    >
      <WithGapNotice panel="balances">
        {view === 'table' ? (
          <DataTable
            ref={tableRef}
            label="Balances"
            data={rows}
            columns={columns}
            getRowId={balanceRowId}
            rowTestId="balance-row"
            globalFilter={filter}
            emptyText="No balances yet"
          />
        ) : (
          <div
            className="split-view"
            style={{ gridTemplateRows: unconverted.length > 0 ? 'minmax(0, 1fr) auto' : 'minmax(0, 1fr)' }}
          >
            {bars.length === 0 ? (
              <div className="val-note">No balances with a price yet</div>
            ) : (
              <LazyAssetBarChart bars={bars} currency={settings.baseCurrency} testId="balances-chart" />
            )}
            {unconverted.length > 0 ? (
              <div className="val-note" data-testid="balances-chart-unconverted">
                Not converted (no price): {unconverted.map((a) => `${a.amount} ${a.asset}`).join(', ')}
              </div>
            ) : null}
          </div>
        )}
      </WithGapNotice>
    </Panel>
  );
}

import { lazy, Suspense, useMemo } from 'react';
import { Panel } from '../../components/panel';
import { useThrottledValue } from '../../components/use-throttled-value';
import { usePortfolio } from '../../store/portfolio-store';
import { useSettings, type BaseCurrency, type ChartRange } from '../../store/settings-store';
import type { EquitySample } from '../../store/state';
import { buildChartModel, CHART_RANGES, CHART_VIEWS, type ChartView } from './chart-model';
import './chart.css';

// Recharts loads when the chart is first shown, not with the page (initial JS budget).
const HistoryChart = lazy(() => import('./history-chart').then((m) => ({ default: m.HistoryChart })));

const VIEW_LABEL: Record<ChartView, string> = { equity: 'Equity', pnl: 'PnL' };
/**
 * How often a range redraws as samples arrive: every sample on 5m and 1h; on 1d a pixel spans
 * minutes, so every 10 s is as much as the eye can see (and spares a 1,500-point rebuild a second).
 */
const REDRAW_MS: Record<ChartRange, number> = { '5m': 0, '1h': 1_000, '1d': 10_000, all: 10_000 };

/**
 * Equity (total and per connection) or realized vs unrealized PnL over 5m / 1h / 1d / all, in the
 * user's base currency. The store keeps the history tiered and bounded; the chart draws at most
 * 1,500 points per series, recomputed only when the history, range, currency or view changes.
 */
export function ChartPanel() {
  const range = useSettings((s) => s.chartRange);
  const history = useThrottledValue(
    usePortfolio((s) => s.equityHistory),
    REDRAW_MS[range],
  );
  const currency = useSettings((s) => s.baseCurrency);
  const view = useSettings((s) => s.chartView);
  const update = useSettings((s) => s.update);
  return (
    <ChartPanelView
      history={history}
      range={range}
      currency={currency}
      view={view}
      onRange={(chartRange) => update({ chartRange })}
      onView={(chartView) => update({ chartView })}
    />
  );
}

interface ChartPanelViewProps {
  history: readonly EquitySample[];
  range: ChartRange;
  currency: BaseCurrency;
  view: ChartView;
  onRange: (range: ChartRange) => void;
  onView: (view: ChartView) => void;
}

/** The panel from its inputs (the stores' values), so it renders the same in a test. */
export function ChartPanelView({ history, range, currency, view, onRange, onView }: ChartPanelViewProps) {
  const model = useMemo(() => buildChartModel(history, range, currency, view), [history, range, currency, view]);
  const drawn = model.points.length;

  const toolbar = (
    <>
      <div className="btn-group" role="group" aria-label="Chart view">
        {CHART_VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            className="btn"
            data-testid={`chart-view-${v}`}
            aria-pressed={view === v}
            onClick={() => onView(v)}
          >
            {VIEW_LABEL[v]}
          </button>
        ))}
      </div>
      <div className="btn-group" role="group" aria-label="Chart range">
        {CHART_RANGES.map((r) => (
          <button
            key={r}
            type="button"
            className="btn"
            data-testid={`chart-range-${r}`}
            aria-pressed={range === r}
            onClick={() => onRange(r)}
          >
            {r}
          </button>
        ))}
      </div>
    </>
  );
  const meta = `${model.inRange.toLocaleString('en-US')} samples · ${drawn.toLocaleString('en-US')} drawn · ${currency}`;

  let empty: string | null = null;
  if (history.length === 0) empty = 'Collecting equity samples…';
  else if (drawn < 2 && model.withoutPrice > 0)
    empty = 'No BTC price in this range yet: the chart shows in BTC once a venue streams one.';
  else if (drawn < 2) empty = 'Collecting equity samples…';

  return (
    <Panel id="chart" title="Equity & PnL" meta={meta} toolbar={toolbar}>
      <div className="chart-body">
        {model.withoutPrice > 0 ? (
          <div className="chart-note" data-testid="chart-btc-missing">
            {model.withoutPrice.toLocaleString('en-US')} of {model.inRange.toLocaleString('en-US')} samples have no BTC
            price and are left out
          </div>
        ) : null}
        <div
          className="chart-frame"
          data-testid={`chart-${view}`}
          data-points={drawn}
          data-range={range}
          data-currency={currency}
          data-series={model.series.length}
        >
          {empty === null ? (
            <Suspense fallback={<div className="muted">Loading chart…</div>}>
              <HistoryChart model={model} view={view} currency={currency} />
            </Suspense>
          ) : (
            <div className="chart-empty">{empty}</div>
          )}
        </div>
      </div>
    </Panel>
  );
}

import { downsampleMinMax } from '../../store/history/downsample';
import { lowerBound } from '../../store/history/tiers';
import type { BaseCurrency, ChartRange, ChartViewSetting } from '../../store/settings-store';
import type { EquitySample } from '../../store/state';
import { toChartPoint, type ChartPoint } from './chart-points';

export type ChartView = ChartViewSetting;
export const CHART_RANGES: readonly ChartRange[] = ['5m', '1h', '1d', 'all'];
export const CHART_VIEWS: readonly ChartView[] = ['equity', 'pnl'];
/** Points drawn per chart at most (every series shares them). */
export const CHART_POINT_LIMIT = 1_500;

const RANGE_MS: Record<ChartRange, number> = { '5m': 5 * 60_000, '1h': 3_600_000, '1d': 86_400_000, all: Infinity };

/** A series: how to read its value from a point. */
export interface ChartSeries {
  key: string;
  name: string;
  value: (p: ChartPoint) => number | undefined;
}

export interface ChartModel {
  points: readonly ChartPoint[];
  series: readonly ChartSeries[];
  /** Connection ids seen in the range, sorted (the equity view draws one line each). */
  connectionIds: readonly string[];
  /** Samples in the range, before downsampling. */
  inRange: number;
  /** Samples in the range left out of a BTC chart because they carry no BTC price. */
  withoutPrice: number;
}

const TOTAL: ChartSeries = { key: 'equity', name: 'Total', value: (p) => p.equity };
const UNREALIZED: ChartSeries = { key: 'unrealized', name: 'Unrealized', value: (p) => p.unrealized };
const REALIZED: ChartSeries = { key: 'realized', name: 'Realized', value: (p) => p.realized };

/** The samples of a range, ending at the newest sample (so a history restored after a reload shows at once). */
export function samplesInRange(history: readonly EquitySample[], range: ChartRange): readonly EquitySample[] {
  const newest = history[history.length - 1];
  if (!newest || range === 'all') return history;
  return history.slice(lowerBound(history, newest.time - RANGE_MS[range]));
}

/** What a chart draws: the range, in the base currency, downsampled to `limit` points keeping every series' peaks and troughs. */
export function buildChartModel(
  history: readonly EquitySample[],
  range: ChartRange,
  currency: BaseCurrency,
  view: ChartView,
  limit: number = CHART_POINT_LIMIT,
): ChartModel {
  const samples = samplesInRange(history, range);
  const all: ChartPoint[] = [];
  const ids = new Set<string>();
  for (const sample of samples) {
    const point = toChartPoint(sample, currency);
    if (!point) continue;
    all.push(point);
    for (const id in point.perConnection) ids.add(id);
  }
  const connectionIds = [...ids].sort();
  const series =
    view === 'equity'
      ? [
          TOTAL,
          ...connectionIds.map((id): ChartSeries => ({
            key: `conn:${id}`,
            name: id,
            value: (p) => p.perConnection[id],
          })),
        ]
      : [UNREALIZED, REALIZED];
  const points = downsampleMinMax(
    all,
    limit,
    (p) => p.time,
    series.map((s) => s.value),
  );
  return { points, series, connectionIds, inRange: samples.length, withoutPrice: samples.length - all.length };
}

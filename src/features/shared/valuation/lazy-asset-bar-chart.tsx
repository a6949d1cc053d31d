import { lazy, Suspense } from 'react';
import type { AssetBar } from './asset-bar-chart';

// The charting library loads when a chart is first shown, not with the page (initial JS budget).
const AssetBarChart = lazy(() => import('./asset-bar-chart').then((m) => ({ default: m.AssetBarChart })));

export function LazyAssetBarChart(props: {
  bars: readonly AssetBar[];
  currency: string;
  testId: string;
  labelWidth?: number;
}) {
  return (
    <Suspense fallback={<div className="muted">Loading chart…</div>}>
      <AssetBarChart {...props} />
    </Suspense>
  );
}

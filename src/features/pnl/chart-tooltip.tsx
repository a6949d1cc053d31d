import { formatDecimalText } from '../../components/format/decimal-format';
import { formatClockTime } from '../../components/format/time-format';
import type { ChartPoint } from './chart-points';

interface ChartTooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

/** Tooltip with the exact figures of the sample under the cursor (not the plotted floats). */
export function ChartTooltip({ active, payload }: ChartTooltipProps) {
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  const { sample } = point;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-time">{formatClockTime(sample.time)}</div>
      <div className="chart-tooltip-row chart-tooltip-row--equity">
        <span>Equity</span>
        <span className="num">{formatDecimalText(sample.equity, { decimals: 2 })}</span>
      </div>
      <div className="chart-tooltip-row chart-tooltip-row--unrealized">
        <span>Unrealized</span>
        <span className="num">{formatDecimalText(sample.unrealizedPnl, { decimals: 2, signed: true })}</span>
      </div>
      <div className="chart-tooltip-row chart-tooltip-row--realized">
        <span>Realized</span>
        <span className="num">{formatDecimalText(sample.realizedPnl, { decimals: 2, signed: true })}</span>
      </div>
    </div>
  );
}

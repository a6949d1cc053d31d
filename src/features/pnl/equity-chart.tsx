import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EquitySample } from '../../store/state';
import { clockTick, moneyTickFormatter, seriesRange, toChartPoints } from './chart-points';
import { ChartTooltip } from './chart-tooltip';

const AXIS_TICK = { fill: 'var(--text-dim)', fontSize: 10 };
const LEGEND_STYLE = { fontSize: 10, color: 'var(--text-dim)' };

/** Equity (left axis) with unrealized and realized PnL (right axis) over time. No animation: it updates live. */
export function EquityChart({ history }: { history: readonly EquitySample[] }) {
  const points = useMemo(() => toChartPoints(history), [history]);
  const [equityTick, pnlTick] = useMemo(() => {
    const [eMin, eMax] = seriesRange(points, ['equity']);
    const [pMin, pMax] = seriesRange(points, ['unrealized', 'realized']);
    return [moneyTickFormatter(eMax - eMin), moneyTickFormatter(pMax - pMin)];
  }, [points]);
  return (
    <ResponsiveContainer width="100%" height="100%" minHeight={60}>
      <LineChart data={points} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="2 4" />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={clockTick}
          tick={AXIS_TICK}
          stroke="var(--border-strong)"
          minTickGap={40}
        />
        <YAxis yAxisId="equity" orientation="left" domain={['auto', 'auto']} tickFormatter={equityTick} tick={AXIS_TICK} stroke="var(--border-strong)" width={68} />
        <YAxis yAxisId="pnl" orientation="right" domain={['auto', 'auto']} tickFormatter={pnlTick} tick={AXIS_TICK} stroke="var(--border-strong)" width={52} />
        <Tooltip content={ChartTooltip} isAnimationActive={false} cursor={{ stroke: 'var(--border-strong)' }} />
        <Legend verticalAlign="top" height={16} iconSize={8} wrapperStyle={LEGEND_STYLE} />
        <Line yAxisId="equity" name="Equity" dataKey="equity" stroke="var(--chart-equity)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        <Line yAxisId="pnl" name="Unrealized" dataKey="unrealized" stroke="var(--chart-unrealized)" strokeWidth={1.2} dot={false} isAnimationActive={false} />
        <Line yAxisId="pnl" name="Realized" dataKey="realized" stroke="var(--chart-realized)" strokeWidth={1.2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

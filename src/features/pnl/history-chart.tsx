import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BaseCurrency } from '../../store/settings-store';
import type { ChartModel, ChartView } from './chart-model';
import { moneyTickFormatter, seriesRange, timeTickFormatter } from './chart-points';
import { ChartTooltip } from './chart-tooltip';

const AXIS_TICK = { fill: 'var(--text-dim)', fontSize: 10 };
const LEGEND_STYLE = { fontSize: 10, color: 'var(--text-dim)' };
/** Colours of the per-connection lines, from the theme (--chart-1 is the total's equity blue). */
const CONNECTION_COLOURS = [2, 3, 4, 5, 6, 7, 8].map((n) => `var(--chart-${n})`);

function colourOf(key: string, index: number): string {
  if (key === 'equity') return 'var(--chart-equity)';
  if (key === 'unrealized') return 'var(--chart-unrealized)';
  if (key === 'realized') return 'var(--chart-realized)';
  return CONNECTION_COLOURS[(index - 1) % CONNECTION_COLOURS.length] as string;
}

/** The colour of each connection's line, for the tooltip rows. */
function connectionColours(model: ChartModel): Record<string, string> {
  const colours: Record<string, string> = {};
  model.connectionIds.forEach((id, i) => (colours[id] = colourOf(`conn:${id}`, i + 1)));
  return colours;
}

/** The equity (total and per connection) or PnL (unrealized, realized) lines of a model. No animation: it updates live. */
export function HistoryChart({
  model,
  view,
  currency,
}: {
  model: ChartModel;
  view: ChartView;
  currency: BaseCurrency;
}) {
  const { points, series } = model;
  const [timeTick, valueTick] = useMemo(() => {
    const first = points[0]?.time ?? 0;
    const last = points[points.length - 1]?.time ?? 0;
    const [min, max] = seriesRange(
      points,
      series.map((s) => s.value),
    );
    return [timeTickFormatter(last - first), moneyTickFormatter(max - min)];
  }, [points, series]);
  const colours = useMemo(() => connectionColours(model), [model]);
  return (
    <ResponsiveContainer width="100%" height="100%" minHeight={60}>
      <LineChart data={points} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="2 4" />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={timeTick}
          tick={AXIS_TICK}
          stroke="var(--border-strong)"
          minTickGap={40}
        />
        <YAxis
          domain={['auto', 'auto']}
          tickFormatter={valueTick}
          tick={AXIS_TICK}
          stroke="var(--border-strong)"
          width={currency === 'BTC' ? 76 : 68}
        />
        <Tooltip
          content={<ChartTooltip view={view} currency={currency} colours={colours} />}
          isAnimationActive={false}
          cursor={{ stroke: 'var(--border-strong)' }}
        />
        <Legend verticalAlign="top" height={16} iconSize={8} wrapperStyle={LEGEND_STYLE} itemSorter={null} />
        {series.map((s, i) => (
          <Line
            key={s.key}
            name={s.name}
            dataKey={s.value}
            stroke={colourOf(s.key, i)}
            strokeWidth={s.key === 'equity' ? 1.6 : 1.1}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

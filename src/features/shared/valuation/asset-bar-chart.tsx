import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDecimalText } from '../../../components/format/decimal-format';
import { CURRENCY_DECIMALS } from '../total-figure';
import './valuation.css';

export interface AssetBar {
  asset: string;
  /** Exact value in the base currency. */
  value: string;
  /** Shown in the tooltip under the value (amount held, long/short...). */
  detail: string;
}

const AXIS_TICK = { fill: 'var(--text-dim)', fontSize: 10 };
const ZERO_DOMAIN: [(min: number) => number, (max: number) => number] = [
  (min) => Math.min(0, min),
  (max) => Math.max(0, max),
];

/**
 * One horizontal bar per asset, value in the base currency (positive right, negative left). Recharts
 * needs numbers to draw: the bar lengths are floats, the tooltip shows the exact decimal text.
 */
export function AssetBarChart({
  bars,
  currency,
  testId,
  labelWidth = 52,
}: {
  bars: readonly AssetBar[];
  currency: string;
  testId: string;
  /** Room for the labels left of the bars, px (venue names and days need more than asset codes). */
  labelWidth?: number;
}) {
  const data = bars.map((b) => ({ ...b, length: Number(b.value) }));
  const decimals = CURRENCY_DECIMALS[currency] ?? 2;
  return (
    <div className="asset-chart" data-testid={testId} data-bars={bars.length}>
      <ResponsiveContainer width="100%" height="100%" minHeight={60}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="2 4" horizontal={false} />
          {/* Zero always on the axis: a bar starts at zero, also when every value has one sign. */}
          <XAxis
            type="number"
            domain={ZERO_DOMAIN}
            tick={AXIS_TICK}
            stroke="var(--border-strong)"
            tickFormatter={(v: number) => compact(v)}
          />
          {/* Every asset labelled: a category axis would skip labels when bars are thin. */}
          <YAxis
            type="category"
            dataKey="asset"
            interval={0}
            tick={AXIS_TICK}
            stroke="var(--border-strong)"
            width={labelWidth}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: 'var(--row-hover)' }}
            content={({ active, payload }) => {
              const bar = active ? (payload?.[0]?.payload as AssetBar | undefined) : undefined;
              if (!bar) return null;
              return (
                <div className="chart-tip">
                  <div className="chart-tip-title">{bar.asset}</div>
                  <div>
                    {formatDecimalText(bar.value, { decimals })} {currency}
                  </div>
                  <div className="muted">{bar.detail}</div>
                </div>
              );
            }}
          />
          <Bar dataKey="length" isAnimationActive={false} maxBarSize={14}>
            {data.map((d) => (
              <Cell key={d.asset} fill={d.length < 0 ? 'var(--neg)' : 'var(--chart-equity)'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function compact(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return abs >= 1 || abs === 0 ? String(Math.round(v * 100) / 100) : v.toPrecision(2);
}

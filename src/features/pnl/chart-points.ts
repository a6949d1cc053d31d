import type { EquitySample } from '../../store/state';

/** One plotted point. Numbers are for drawing only; the tooltip shows the exact decimal text in `sample`. */
export interface ChartPoint {
  time: number;
  equity: number;
  unrealized: number;
  realized: number;
  sample: EquitySample;
}

export function toChartPoints(history: readonly EquitySample[]): ChartPoint[] {
  return history.map((sample) => ({
    time: sample.time,
    equity: Number(sample.equity),
    unrealized: Number(sample.unrealizedPnl),
    realized: Number(sample.realizedPnl),
    sample,
  }));
}

/** Axis tick: "14:03:07". */
export function clockTick(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Compact axis tick for money: 12.3k, 1.2M, -450. */
export function moneyTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
  return abs >= 100 ? value.toFixed(0) : String(Number(value.toFixed(2)));
}

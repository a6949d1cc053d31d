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

/** Axis tick for money: whole units grouped from 100 up ("10,000,512"), else up to 2 decimals. */
export function moneyTick(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toFixed(2)));
}

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

/**
 * A money tick formatter for an axis spanning `span`: enough decimals that neighbouring ticks differ
 * (about five ticks), grouped thousands. 49,996.2 / 49,996.4 rather than 49,996 twice.
 */
export function moneyTickFormatter(span: number): (value: number) => string {
  const step = span > 0 ? span / 5 : 1;
  const decimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step))));
  return (value) => value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Smallest and largest of the given series over all points ([0, 0] when empty). */
export function seriesRange(points: readonly ChartPoint[], keys: readonly ('equity' | 'unrealized' | 'realized')[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    for (const k of keys) {
      const v = p[k];
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min === Infinity ? [0, 0] : [min, max];
}

import { dec, decText } from '../../domain/decimal';
import type { BaseCurrency } from '../../store/settings-store';
import type { EquitySample } from '../../store/state';

/**
 * One plotted point: the sample's figures in the base currency as numbers, for drawing only. The
 * tooltip shows exact decimal text computed from `sample` (exactIn), never these floats.
 */
export interface ChartPoint {
  time: number;
  equity: number;
  unrealized: number;
  realized: number;
  perConnection: Record<string, number>;
  sample: EquitySample;
}

/** USD per BTC of a sample, when it has a usable one (a price of 0 or garbage is no price). */
function btcPrice(sample: EquitySample): number | undefined {
  if (sample.btcUsd === undefined) return undefined;
  const price = Number(sample.btcUsd);
  return Number.isFinite(price) && price > 0 ? price : undefined;
}

function convert(sample: EquitySample, currency: BaseCurrency): ChartPoint | null {
  const divisor = currency === 'BTC' ? btcPrice(sample) : 1;
  if (divisor === undefined) return null;
  const perConnection: Record<string, number> = {};
  for (const [id, equity] of Object.entries(sample.perConnection ?? {})) perConnection[id] = Number(equity) / divisor;
  return {
    time: sample.time,
    equity: Number(sample.equity) / divisor,
    unrealized: Number(sample.unrealizedPnl) / divisor,
    realized: Number(sample.realizedPnl) / divisor,
    perConnection,
    sample,
  };
}

// Samples never change once taken: each is converted once per currency, however often the chart redraws.
const converted: Record<BaseCurrency, WeakMap<EquitySample, ChartPoint | null>> = {
  USD: new WeakMap(),
  BTC: new WeakMap(),
};

/** The sample in the base currency, or null in BTC when the sample has no BTC price (left out, and said so). */
export function toChartPoint(sample: EquitySample, currency: BaseCurrency): ChartPoint | null {
  const cache = converted[currency];
  let point = cache.get(sample);
  if (point === undefined) {
    point = convert(sample, currency);
    cache.set(sample, point);
  }
  return point;
}

/** Exact decimal text of a USD figure of `sample` in the base currency (BTC: divided by the sample's btcUsd). */
export function exactIn(usd: string, sample: EquitySample, currency: BaseCurrency): string {
  if (currency === 'USD') return usd;
  if (btcPrice(sample) === undefined) return usd;
  return decText(dec(usd).div(sample.btcUsd as string));
}

/** Decimals shown for a figure in the base currency. */
export const CURRENCY_DECIMALS: Record<BaseCurrency, number> = { USD: 2, BTC: 8 };

const pad = (n: number) => String(n).padStart(2, '0');

/** Axis tick for a time span: "14:03:07" within 10 minutes, "14:03" within a day, "11-21 14:03" beyond. */
export function timeTickFormatter(span: number): (time: number) => string {
  return (time) => {
    const d = new Date(time);
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (span <= 10 * 60_000) return `${hm}:${pad(d.getSeconds())}`;
    if (span <= 24 * 3_600_000) return hm;
    return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
  };
}

const moneyFormats: Intl.NumberFormat[] = [];
const moneyFormat = (decimals: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/**
 * A money tick formatter for an axis spanning `span`: enough decimals that neighbouring ticks differ
 * (about five ticks), grouped thousands. 49,996.2 / 49,996.4 rather than 49,996 twice.
 */
export function moneyTickFormatter(span: number): (value: number) => string {
  const step = span > 0 ? span / 5 : 1;
  const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(step))));
  // One formatter per precision: toLocaleString with options builds a new Intl.NumberFormat on every tick.
  const format = moneyFormats[decimals] ?? (moneyFormats[decimals] = moneyFormat(decimals));
  return (value) => format.format(value);
}

/** Smallest and largest of the given series over all points ([0, 0] when empty). */
export function seriesRange(
  points: readonly ChartPoint[],
  series: readonly ((p: ChartPoint) => number | undefined)[],
): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    for (const pick of series) {
      const v = pick(p);
      if (v === undefined || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min === Infinity ? [0, 0] : [min, max];
}

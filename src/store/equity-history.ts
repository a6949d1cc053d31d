import { LIMITS, type EquitySample, type PortfolioState } from './state';
import { selectTotals } from './selectors';

/** One sample a second at most; the series never grows past LIMITS.equitySamples points. */
export const SAMPLE_INTERVAL_MS = 1_000;

export function equitySampleAfter(state: PortfolioState, now: number): readonly EquitySample[] {
  const history = state.equityHistory;
  const last = history[history.length - 1];
  if (last && now - last.time < SAMPLE_INTERVAL_MS) return history;
  if (state.balances.size === 0 && state.summaries.size === 0 && state.positions.size === 0) return history;
  const totals = selectTotals(state);
  const sample: EquitySample = { time: now, equity: totals.equity, unrealizedPnl: totals.unrealizedPnl, realizedPnl: totals.realizedPnl };
  return downsample([...history, sample], LIMITS.equitySamples);
}

/**
 * Keep a long session within `limit` points: when full, halve the resolution of the older half
 * (every second point dropped), so recent history stays sharp and old history stays present.
 */
export function downsample(samples: EquitySample[], limit: number): EquitySample[] {
  if (samples.length <= limit) return samples;
  const half = Math.floor(samples.length / 2);
  const older = samples.slice(0, half).filter((_, i) => i % 2 === 0);
  return [...older, ...samples.slice(half)];
}

import type { EquitySample, PortfolioState } from './state';
import { selectTotals, type Totals } from './selectors';
import { appendEquitySample, mergeEquitySamples } from './history/tiers';

export { mergeEquitySamples };
export { HISTORY_MAX_POINTS, HISTORY_TIERS } from './history/tiers';

/**
 * One sample a second at most, in USD, with equity per connection and the BTC price of the moment
 * when the valuation knows it. The series is kept ascending and bounded by the tiers in
 * history/tiers.ts (1 s for the last hour, 1 min for the last day, 10 min before; 7,200 points at most).
 */
export const SAMPLE_INTERVAL_MS = 1_000;

export function equitySampleAfter(state: PortfolioState, now: number): readonly EquitySample[] {
  const history = state.equityHistory;
  const last = history[history.length - 1];
  if (last && now - last.time < SAMPLE_INTERVAL_MS) return history;
  if (state.balances.size === 0 && state.summaries.size === 0 && state.positions.size === 0) return history;
  return appendEquitySample(history, sampleOf(selectTotals(state), now));
}

export function sampleOf(totals: Totals, time: number): EquitySample {
  const sample: EquitySample = { time, equity: totals.equity, unrealizedPnl: totals.unrealizedPnl, realizedPnl: totals.realizedPnl };
  // A connection whose venue streams no balances (fills and orders only) has no equity to plot.
  const valued = totals.perConnection.filter((c) => c.equityKnown);
  if (valued.length > 0) sample.perConnection = Object.fromEntries(valued.map((c) => [c.connectionId, c.equity]));
  if (totals.btcUsd !== undefined) sample.btcUsd = totals.btcUsd;
  return sample;
}

/**
 * @deprecated The history is bounded by tiers now (history/tiers.ts). This older thinning (halve the
 * older half when full) is kept only because src/store/selectors.test.ts still imports it.
 */
export function downsample(samples: EquitySample[], limit: number): EquitySample[] {
  if (samples.length <= limit) return samples;
  const half = Math.floor(samples.length / 2);
  const older = samples.slice(0, half).filter((_, i) => i % 2 === 0);
  return [...older, ...samples.slice(half)];
}

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
  const totals = selectTotals(state);
  if (last && waitingForEquity(state, totals, last)) return history;
  return appendEquitySample(history, sampleOf(totals, now));
}

/**
 * A connection valued in the last sample has no equity now but is on its way back (connecting after a
 * reload, or re-added after an edit): a sample now would show a drop that never happened, so none is
 * taken until it is back. One in `error` or disconnected by the user is not waited for, nor is a
 * connection the user removed (gone from `connections`).
 */
function waitingForEquity(state: PortfolioState, totals: Totals, last: EquitySample): boolean {
  if (!last.perConnection) return false;
  const known = new Set(totals.perConnection.filter((c) => c.equityKnown).map((c) => c.connectionId));
  for (const id of Object.keys(last.perConnection)) {
    if (known.has(id)) continue;
    const status = state.connections.get(id)?.status;
    if (status !== undefined && status !== 'error' && status !== 'disconnected') return true;
  }
  return false;
}

export function sampleOf(totals: Totals, time: number): EquitySample {
  const sample: EquitySample = { time, equity: totals.equity, unrealizedPnl: totals.unrealizedPnl, realizedPnl: totals.realizedPnl };
  // A connection whose venue streams no balances (fills and orders only) has no equity to plot.
  const valued = totals.perConnection.filter((c) => c.equityKnown);
  if (valued.length > 0) sample.perConnection = Object.fromEntries(valued.map((c) => [c.connectionId, c.equity]));
  if (totals.btcUsd !== undefined) sample.btcUsd = totals.btcUsd;
  return sample;
}

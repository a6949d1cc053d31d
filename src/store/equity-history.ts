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
  if (waitingForEquity(state, totals, last, now)) return history;
  return appendEquitySample(history, sampleOf(totals, now));
}

/** How long after going live a connection may take to send its account state (balances, positions). */
export const ACCOUNT_STATE_GRACE_MS = 3_000;
/** How long a first attempt may stay authenticating before sampling goes on without it. */
export const AUTHENTICATING_WAIT_MS = 10_000;

/**
 * A total that leaves out a connection which is about to be valued would show a jump or a drop that
 * never happened, so no sample is taken while:
 * - a connection valued in the last sample has no equity now but is on its way back (connecting after
 *   a reload, or re-added after an edit); one in `error`, disconnected by the user or removed is not
 *   waited for;
 * - a connection is on its very first attempt (nothing received, no reconnect yet): a page just
 *   opened would otherwise start its chart with the first venue alone;
 * - a connection went live moments ago and has sent no account state yet. A venue that streams none
 *   (fills and orders only) delays sampling by this grace once, when it goes live.
 */
function waitingForEquity(state: PortfolioState, totals: Totals, last: EquitySample | undefined, now: number): boolean {
  const known = new Set(totals.perConnection.filter((c) => c.equityKnown).map((c) => c.connectionId));
  for (const id of Object.keys(last?.perConnection ?? {})) {
    if (known.has(id)) continue;
    const status = state.connections.get(id)?.status;
    if (status !== undefined && status !== 'error' && status !== 'disconnected') return true;
  }
  for (const c of state.connections.values()) {
    if (known.has(c.connectionId)) continue;
    const sinceOpen = c.connectedAt === undefined ? 0 : now - c.connectedAt;
    // A first attempt ends in a retry (`reconnecting`) when the socket fails; one stuck authenticating is not waited for long.
    const firstAttempt =
      (c.status === 'connecting' || (c.status === 'authenticating' && sinceOpen < AUTHENTICATING_WAIT_MS)) &&
      c.reconnects === 0;
    const justLive = c.status === 'live' && c.connectedAt !== undefined && sinceOpen < ACCOUNT_STATE_GRACE_MS;
    if (firstAttempt || justLive) return true;
  }
  return false;
}

export function sampleOf(totals: Totals, time: number): EquitySample {
  const sample: EquitySample = {
    time,
    equity: totals.equity,
    unrealizedPnl: totals.unrealizedPnl,
    realizedPnl: totals.realizedPnl,
  };
  // A connection whose venue streams no balances (fills and orders only) has no equity to plot.
  const valued = totals.perConnection.filter((c) => c.equityKnown);
  if (valued.length > 0) sample.perConnection = Object.fromEntries(valued.map((c) => [c.connectionId, c.equity]));
  if (totals.btcUsd !== undefined) sample.btcUsd = totals.btcUsd;
  return sample;
}

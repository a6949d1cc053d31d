import type { Decimal } from '../../domain/decimal';
import { dec, decText } from '../../domain/decimal';
import { instrumentKey } from '../../domain/instrument';
import { isStable, pnlStyleOf } from '../../domain/pnl';
import { convert } from '../../domain/valuation/price-book';
import { selectPositionRows, selectTotals, type PositionRow, type Totals } from '../selectors';
import type { BaseCurrency } from '../settings-store';
import type { EquitySample, PortfolioState } from '../state';
import { selectPriceBook } from '../valuation-selectors';
import type { AlertInputs, PositionInput } from './alert-types';
import type { ConnectionTrack } from './connection-tracker';

/**
 * The alert engine's inputs, computed from the portfolio: totals are USD (selectTotals) and are
 * converted to the base currency here with the BTC price the totals carry. Whatever cannot be valued
 * is left out of the inputs (its rule holds still) and explained in `unavailable`, which the alert
 * settings show.
 */
export interface AlertValuation {
  inputs: AlertInputs;
  unavailable: {
    drawdown?: string;
    unrealized?: string;
    /** One line per position whose notional cannot be valued. */
    positions: string[];
  };
}

export interface AlertInputOptions {
  now: number;
  baseCurrency: BaseCurrency;
  stablesAtPar: boolean;
  /** Each connection's status since-when and drops (trackConnections, fed every store change). */
  track: ConnectionTrack;
  /** USD per BTC; by default the price selectTotals reports. */
  btcUsd?: string;
}

export function alertValuation(state: PortfolioState, options: AlertInputOptions): AlertValuation {
  const totals = selectTotals(state);
  const btcUsd = options.btcUsd ?? totals.btcUsd;
  const toBase = usdConverter(options.baseCurrency, btcUsd);
  const unavailable: AlertValuation['unavailable'] = { positions: [] };
  const inputs: AlertInputs = {
    now: options.now,
    currency: options.baseCurrency,
    connections: [...state.connections.values()].map((c) => {
      const tracked = options.track.get(c.connectionId);
      const current = tracked?.status === c.status;
      return {
        connectionId: c.connectionId,
        status: c.status,
        since: current ? tracked.since : options.now,
        drops: tracked?.drops ?? 0,
        ...(tracked?.lastDrop ? { lastDrop: tracked.lastDrop } : {}),
        ...(c.reason !== undefined ? { reason: c.reason } : {}),
      };
    }),
    positions: [],
  };

  const hasAnything = state.balances.size > 0 || state.summaries.size > 0 || state.positions.size > 0;
  // Fees, funding or realized PnL that cannot be valued do not make equity or unrealized PnL incomplete.
  const unconverted = totals.unconverted.filter(
    (u) => u.part === 'balance' || u.part === 'equity' || u.part === 'unrealized',
  );
  const noBtc = options.baseCurrency === 'BTC' && toBase.missing;
  if (!hasAnything) unavailable.drawdown = 'no balances yet';
  else if (noBtc) unavailable.drawdown = toBase.missing;
  else if (unconverted.length > 0)
    unavailable.drawdown = `equity incomplete: ${describeUnconverted(unconverted)} cannot be valued`;
  else {
    const composition = totals.perConnection.filter((c) => c.equityKnown).map((c) => c.connectionId);
    const equityUsd = decText(
      totals.perConnection.filter((c) => c.equityKnown).reduce((sum, c) => sum.plus(c.equity), dec(0)),
    );
    inputs.equity = toBase.convert(equityUsd);
    inputs.peakEquity = peakEquity(state, composition, options.baseCurrency, inputs.equity);
  }

  const unconvertedPnl = unconverted.filter((u) => u.part === 'unrealized');
  if (noBtc) unavailable.unrealized = toBase.missing;
  else if (unconvertedPnl.length > 0)
    unavailable.unrealized = `unrealized PnL incomplete: ${describeUnconverted(unconvertedPnl)} cannot be valued`;
  else inputs.unrealizedPnl = toBase.convert(totals.unrealizedPnl);

  const positions: PositionInput[] = [];
  for (const row of selectPositionRows(state)) {
    const valued = positionNotional(state, row, options, btcUsd);
    if (typeof valued === 'string')
      positions.push({ connectionId: row.connectionId, symbol: row.symbol, notional: valued });
    else {
      positions.push({ connectionId: row.connectionId, symbol: row.symbol });
      unavailable.positions.push(`${row.symbol} on ${row.connectionId}: ${valued.problem}`);
    }
  }
  inputs.positions = positions;
  return { inputs, unavailable };
}

interface Converter {
  convert(usd: string): string;
  /** Why USD amounts cannot be converted, when they cannot. */
  missing?: string;
}

function usdConverter(base: BaseCurrency, btcUsd: string | undefined): Converter {
  if (base === 'USD') return { convert: (usd) => usd };
  if (btcUsd === undefined || !dec(btcUsd).gt(0))
    return { convert: (usd) => usd, missing: 'no BTC price yet to convert to BTC' };
  return { convert: (usd) => decText(dec(usd).div(btcUsd)) };
}

/**
 * The highest equity in the history (in the base currency: each sample at its own BTC price) and now,
 * of the connections valued now: a connection removed or not yet valued is neither a drawdown nor a
 * peak, so a sample counts only the connections valued now and is skipped when it lacks one of them.
 */
function peakEquity(
  state: PortfolioState,
  composition: readonly string[],
  base: BaseCurrency,
  current: string,
): string {
  const fromHistory = historyPeak(state.equityHistory, composition, base);
  const now = dec(current);
  return decText(fromHistory !== undefined && fromHistory.gt(now) ? fromHistory : now);
}

/**
 * The history holds thousands of samples and gains one a second: the peak is kept incrementally
 * (only samples newer than the last one seen are read) for one composition and base currency at a
 * time; a different composition or currency, or older samples put in front (a journal restore),
 * reads it all again. A sample thinned out of the history later still counts: it was seen.
 */
interface PeakCache {
  key: string;
  history: readonly EquitySample[];
  firstTime: number;
  lastTime: number;
  peak: Decimal | undefined;
}
let peakCache: PeakCache | undefined;

function historyPeak(
  history: readonly EquitySample[],
  composition: readonly string[],
  base: BaseCurrency,
): Decimal | undefined {
  if (history.length === 0) return undefined;
  const key = `${base}|${composition.join(',')}`;
  const cached = peakCache;
  if (cached && cached.key === key && cached.history === history) return cached.peak;
  const incremental = cached !== undefined && cached.key === key && history[0]!.time >= cached.firstTime;
  let peak = incremental ? cached.peak : undefined;
  const from = incremental ? firstAfter(history, cached.lastTime) : 0;
  for (let i = from; i < history.length; i++) {
    const sample = history[i]!;
    const usd = sampleEquity(sample, composition);
    if (usd === undefined) continue;
    let value: Decimal;
    if (base === 'USD') value = usd;
    else if (sample.btcUsd !== undefined && dec(sample.btcUsd).gt(0)) value = usd.div(sample.btcUsd);
    else continue;
    if (peak === undefined || value.gt(peak)) peak = value;
  }
  peakCache = {
    key,
    history,
    firstTime: incremental ? cached.firstTime : history[0]!.time,
    lastTime: history[history.length - 1]!.time,
    peak,
  };
  return peak;
}

/** Index of the first sample strictly newer than `time` (the history is sorted ascending). */
function firstAfter(history: readonly EquitySample[], time: number): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A sample's USD equity of these connections; a sample without a per-connection split counts whole. */
function sampleEquity(sample: EquitySample, composition: readonly string[]): Decimal | undefined {
  if (sample.perConnection === undefined) return dec(sample.equity);
  let sum = dec(0);
  for (const id of composition) {
    const equity = sample.perConnection[id];
    if (equity === undefined) return undefined;
    sum = sum.plus(equity);
  }
  return sum;
}

/**
 * |quantity| x contract size x price (the mark used for PnL, else the venue's mark, else the entry), in
 * the quote currency, then in the base currency: a USD or stablecoin quote (at par when the user
 * says so) is USD; a BTC quote is BTC; USD <-> BTC through the live BTC price.
 */
function positionNotional(
  state: PortfolioState,
  row: PositionRow,
  options: AlertInputOptions,
  btcUsd: string | undefined,
): string | { problem: string } {
  const price = row.markUsed?.price ?? row.markPrice ?? row.entryPrice;
  if (price === undefined) return { problem: 'no price' };
  const instrument = state.instruments.get(instrumentKey(row.connectionId, row.symbol));
  const quote = (instrument?.quoteAsset ?? row.settleAsset)?.toUpperCase();
  if (quote === undefined) return { problem: 'quote currency unknown' };
  const size = dec(row.quantity)
    .abs()
    .times(instrument?.contractSize ?? '1');
  // Inverse: the contract size is already a quote amount per contract.
  const inQuote = pnlStyleOf(instrument) === 'inverse' ? size : size.times(price);
  let currency: 'USD' | 'BTC' | undefined;
  if (quote === 'USD' || (isStable(quote) && options.stablesAtPar)) currency = 'USD';
  else if (quote === 'BTC') currency = 'BTC';
  if (currency === options.baseCurrency) return decText(inQuote);
  if (currency !== undefined && btcUsd !== undefined && dec(btcUsd).gt(0))
    return decText(currency === 'USD' ? inQuote.div(btcUsd) : inQuote.times(btcUsd));
  // Anything else through the live prices the valuation uses (a stablecoin not at par, another quote).
  const converted = convert(selectPriceBook(state, options), inQuote, quote, options.baseCurrency);
  if (converted) return converted.value;
  if (currency !== undefined)
    return { problem: `quoted in ${quote}, no BTC price yet to convert to ${options.baseCurrency}` };
  if (isStable(quote))
    return { problem: `quoted in ${quote}, not at par (stablecoins at par is off) and no live ${quote} price` };
  return { problem: `quoted in ${quote}, no live price to convert it to ${options.baseCurrency}` };
}

function describeUnconverted(list: Totals['unconverted']): string {
  const shown = list.slice(0, 3).map((u) => `${u.asset} on ${u.connectionId}`);
  return list.length > 3 ? `${shown.join(', ')} and ${list.length - 3} more` : shown.join(', ');
}

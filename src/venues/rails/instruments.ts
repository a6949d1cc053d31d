import type { Instrument } from '../../domain/instrument';
import { RAILS_ALL_MARKETS } from './wire';

/**
 * What a Rails market stands for. Rails names markets BASE-QUOTE (`BTC-USDT`, `ETH-USD`; seed 002).
 * They are derivatives, not spot: every execution on the trade stream and the order carry a
 * `leverage` (docs/venues/rails.md), and a spot market has none. No market name carries an expiry, and
 * nothing documents one, so they are perpetuals [guess], linear, settled in the quote [guess: the
 * fees are charged in it]. Pure; never throws.
 */

/** Exactly two parts of upper-case letters and digits: `BTC-USDT`, `1000PEPE-USDT`. */
const MARKET = /^([A-Z0-9]{1,20})-([A-Z0-9]{1,20})$/;

export function describeRailsMarket(market: string): Omit<Instrument, 'connectionId'> | undefined {
  if (market === RAILS_ALL_MARKETS) return undefined;
  const parts = MARKET.exec(market);
  const base = parts?.[1];
  const quote = parts?.[2];
  if (base === undefined || quote === undefined || base === quote) return undefined;
  return { symbol: market, baseAsset: base, quoteAsset: quote, settleAsset: quote, kind: 'perpetual' };
}

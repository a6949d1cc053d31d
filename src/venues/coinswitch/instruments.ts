import type { Instrument } from '../../domain/instrument';
import { QUOTE_ASSETS } from './normalize';

/**
 * What a CoinSwitch PRO HFT symbol stands for. The HFT venue trades linear perpetual futures: every
 * private payload is `category: "linear"` / `event_type: "order.linear"` (seed 001), the public
 * subjects are `v1.f.public.futures.*`, and Bybit V5's linear contracts are quoted and settled in
 * their quote asset. Events carry the payload's symbol (`BTCUSDT`); the ticker subjects' `BTC/USDT`
 * form (options.tickerSymbols) is described the same way. Known quotes only (USDT, USDC, INR, USD, as
 * for fee assets in normalize.ts); anything else is undefined. Pure; never throws.
 */

const BARE = /^[A-Z0-9]{2,40}$/;
const SLASHED = /^([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})$/;

export function describeCoinswitchSymbol(symbol: string): Omit<Instrument, 'connectionId'> | undefined {
  const pair = splitPair(symbol);
  if (pair === undefined) return undefined;
  const [base, quote] = pair;
  return { symbol, baseAsset: base, quoteAsset: quote, settleAsset: quote, kind: 'perpetual' };
}

/** [base, quote] of `BTCUSDT` or `BTC/USDT`, the quote being a known one; else undefined. */
function splitPair(symbol: string): [string, string] | undefined {
  const slashed = SLASHED.exec(symbol);
  if (slashed) {
    const [, base, quote] = slashed;
    return base !== undefined && quote !== undefined && isKnownQuote(quote) && !isKnownQuote(base)
      ? [base, quote]
      : undefined;
  }
  if (!BARE.test(symbol)) return undefined;
  const quote = QUOTE_ASSETS.find((q) => symbol.length > q.length && symbol.endsWith(q));
  if (quote === undefined) return undefined;
  const base = symbol.slice(0, -quote.length);
  // USDTUSD, USDCUSDT: a quote asset against another is not a contract this venue lists.
  return isKnownQuote(base) ? undefined : [base, quote];
}

const isKnownQuote = (asset: string): boolean => (QUOTE_ASSETS as readonly string[]).includes(asset);

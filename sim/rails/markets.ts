/**
 * The core's traded symbols as Rails markets ("BTC-USDT": base, dash, quote). The 141 public-noise
 * symbols of the core have no Rails market: Rails lists a handful of markets, not hundreds.
 */
const SYMBOL_TO_MARKET: ReadonlyMap<string, string> = new Map([
  ['BTCUSDT', 'BTC-USDT'],
  ['ETHUSDT', 'ETH-USDT'],
  ['SOLUSDT', 'SOL-USDT'],
]);
const MARKET_TO_SYMBOL: ReadonlyMap<string, string> = new Map(
  [...SYMBOL_TO_MARKET].map(([symbol, market]) => [market, symbol]),
);

export const RAILS_MARKETS: readonly string[] = [...SYMBOL_TO_MARKET.values()];

/** The Rails market of a core symbol, or undefined when Rails does not list it. */
export function marketOf(symbol: string): string | undefined {
  return SYMBOL_TO_MARKET.get(symbol);
}

/** The core symbol behind a Rails market, or undefined for an unknown market. */
export function symbolOf(market: string): string | undefined {
  return MARKET_TO_SYMBOL.get(market);
}

/** The market of a core symbol the core trades; throws for a symbol Rails does not list. */
export function requireMarket(symbol: string): string {
  const market = marketOf(symbol);
  if (market === undefined) throw new Error(`no Rails market for ${symbol}`);
  return market;
}

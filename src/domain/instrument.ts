/**
 * What a venue symbol stands for: the asset it gives exposure to, the currency its price is quoted in
 * and the one its PnL settles in. Each venue folder describes its own symbols (no symbol parsing
 * outside a venue folder); valuation, exposure and PnL only read these.
 */
export type InstrumentKind = 'spot' | 'perpetual' | 'future' | 'cfd';

export interface Instrument {
  connectionId: string;
  /** The venue's own symbol, as on the wire (BTCUSDT, BTC-USDT, btcusd, US500-BTC, ...). */
  symbol: string;
  /** Upper case: BTC, ETH, US500. */
  baseAsset: string;
  /** The currency prices are quoted in: USDT, USD, BTC. */
  quoteAsset: string;
  /** The currency PnL and margin settle in (the quote for linear contracts, the account currency for CFDs). */
  settleAsset: string;
  kind: InstrumentKind;
  /** Base units per 1 of quantity, as a decimal string; absent means 1. */
  contractSize?: string;
  /**
   * The price grid (tick) and the quantity grid (step), as decimal strings, when the venue states them.
   * Display only: prices and quantities are shown to these decimals (src/store/display-precision.ts
   * reads them from the prices and quantities the venue sends where absent).
   */
  priceTick?: string;
  quantityStep?: string;
}

export const instrumentKey = (connectionId: string, symbol: string): string => `${connectionId}|${symbol}`;

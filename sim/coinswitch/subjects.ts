/**
 * Subjects, written from the seed and the hft/sockets pages (not taken from the adapter, so a slip
 * there shows up against the simulator).
 */
export const privateOrderSubject = (subAccountId: string): string =>
  `v1.f.ex1.private.subAccountId.${subAccountId}.order`;
export const privateTradeSubject = (subAccountId: string): string =>
  `v1.f.ex1.private.subAccountId.${subAccountId}.trade`;
export const tickerSubject = (market: string): string => `v1.f.ex1.public.futures.ticker.${market}`;

/** The market token of a public subject: the docs' tokens keep a slash ("BTC/USDT"); payloads say "BTCUSDT". */
export function marketToken(symbol: string): string {
  for (const quote of ['USDT', 'USDC', 'INR']) {
    if (symbol.endsWith(quote) && symbol.length > quote.length) return `${symbol.slice(0, -quote.length)}/${quote}`;
  }
  return symbol;
}

/**
 * CoinSwitch times are Unix milliseconds: numbers in the envelope (`t`, `E`, `T`), decimal text in
 * the Bybit payloads (`updatedTime`, `execTime`), and the socket credential's `expires`.
 */

/** "04:29:00 UTC" for a reason shown on the connection. */
export function utcClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

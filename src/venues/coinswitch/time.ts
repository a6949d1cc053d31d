/**
 * CoinSwitch times are Unix milliseconds: numbers in the envelope (`t`, `E`, `T`), decimal text in
 * the Bybit payloads (`updatedTime`, `execTime`), and the socket credential's `expires`.
 */

/** "04:29:00 UTC" for a reason shown on the connection. */
export function utcClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/**
 * "between 14:02:06 and 14:02:19 UTC" for a gap shown to the user; with dates when the two ends are
 * not on the same UTC day ("between 2025-08-29 14:02:06 and 2025-08-30 09:00:00 UTC").
 */
export function utcBetween(from: number, to: number): string {
  const a = new Date(from).toISOString();
  const b = new Date(to).toISOString();
  if (a.slice(0, 10) === b.slice(0, 10)) return `between ${a.slice(11, 19)} and ${b.slice(11, 19)} UTC`;
  return `between ${a.slice(0, 10)} ${a.slice(11, 19)} and ${b.slice(0, 10)} ${b.slice(11, 19)} UTC`;
}

/**
 * Rails timestamps. The docs show Unix milliseconds (`orderFilledAt: 1745376015255`,
 * docs.rails.xyz/latest/websocket-api/transaction-stream) but the order pages are inconsistent about
 * formats, so ISO-8601 text is accepted too (decided with the simulator). Seconds are recognised by
 * size (below 1e11 a millisecond value would be before 1973).
 */

const EARLIEST_SECONDS = 1e8; // 1973-03-03
const EARLIEST_MS = 1e11; // 1973-03-03 in ms

/** Unix ms for a Rails timestamp, or undefined when it is not one (0 and empty mean "none"). */
export function millisOf(value: unknown): number | undefined {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return fromNumber(Number(value));
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function fromNumber(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value >= EARLIEST_MS) return Math.round(value);
  if (value >= EARLIEST_SECONDS) return Math.round(value * 1000);
  return undefined;
}

/** "04:29:00 UTC" for a reason shown on the connection. */
export function utcClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

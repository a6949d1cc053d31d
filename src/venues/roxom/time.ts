/**
 * Roxom times are nanoseconds since the Unix epoch (seed 000 "timestamp (ns)"; docs/venues/roxom.md), larger
 * than 2^53, so they live as `bigint` and are converted to the domain's Unix milliseconds with exact
 * integer division. A position's `openDate` is the one millisecond field.
 */

export const NS_PER_MS = 1_000_000n;

/** 2001-01-01 and 2100-01-01 in nanoseconds: the range the domain validators accept as Unix ms. */
export const MIN_NS = BigInt(Date.UTC(2001, 0, 1)) * NS_PER_MS;
export const MAX_NS = BigInt(Date.UTC(2100, 0, 1)) * NS_PER_MS;

/** Unix ms of a nanosecond time, rounded down (exact: BigInt division, never a double in between). */
export function nsToMs(ns: bigint): number {
  return Number(ns / NS_PER_MS);
}

/**
 * Creation time of a UUIDv7 (RFC 9562 section 5.7: the first 48 bits are Unix ms), or undefined when
 * the id is not a version-7 UUID. Roxom's order ids are UUIDv7 (seed 000 "orderId (UUIDv7)").
 */
export function uuidV7Millis(id: string): number | undefined {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.exec(id);
  if (!m) return undefined;
  const ms = parseInt(`${m[1]}${m[2]}`, 16);
  return ms >= Date.UTC(2001, 0, 1) && ms <= Date.UTC(2100, 0, 1) ? ms : undefined;
}

/**
 * JSON text with BigInts written as bare integers. Roxom's nanosecond timestamps (about 1.77e18)
 * exceed 2^53, so they must never pass through a JS number: JSON.stringify refuses BigInts and a
 * number would lose the last digits. Key order is preserved; `undefined` members are left out.
 */
export function toJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: unknown) => toJson(v)).join(',')}]`;
  const members: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) members.push(`${JSON.stringify(key)}:${toJson(v)}`);
  }
  return `{${members.join(',')}}`;
}

const NS_PER_MS = 1_000_000n;

/**
 * Nanosecond timestamps from the core's millisecond clock, strictly increasing: the first stamp of
 * a millisecond is ms x 10^6 + 1, each further one 1 microsecond later. The trailing 1 makes every
 * stamp odd, so it is never exactly representable as a double (doubles above 2^53 are even): a
 * client that parses it as a plain number visibly loses it.
 */
export class NanoClock {
  private last = 0n;

  stamp(ms: number): bigint {
    const base = BigInt(Math.floor(ms)) * NS_PER_MS + 1n;
    this.last = base > this.last ? base : this.last + 1000n;
    return this.last;
  }
}

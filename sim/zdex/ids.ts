import type { Prng } from '../core/prng';

const CUID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A cuid-looking id: "clx" and 22 lowercase letters or digits. */
export function cuid(rng: Prng): string {
  let id = 'clx';
  for (let i = 0; i < 22; i++) id += CUID_ALPHABET.charAt(rng.int(0, CUID_ALPHABET.length - 1));
  return id;
}

/**
 * ZDEX names one order two ways: order_new / order_canceled carry the numeric id, order_update a
 * cuid. The front end keeps the mapping (bounded: the oldest entries go first).
 */
export class OrderIdMap {
  private readonly cuids = new Map<string, string>();

  constructor(
    private readonly rng: Prng,
    private readonly capacity = 50_000,
  ) {}

  cuidFor(numericId: string): string {
    let id = this.cuids.get(numericId);
    if (id === undefined) {
      id = cuid(this.rng);
      this.cuids.set(numericId, id);
      if (this.cuids.size > this.capacity) {
        const oldest = this.cuids.keys().next().value;
        if (oldest !== undefined) this.cuids.delete(oldest);
      }
    }
    return id;
  }
}

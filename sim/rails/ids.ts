import { createHash } from 'node:crypto';

/** Crockford base32, the ULID alphabet. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function digest(label: string): Buffer {
  return createHash('sha256').update(label).digest();
}

/**
 * A ULID (26 characters: 48-bit millisecond time, 80 "random" bits) whose random part is a hash of
 * `label`: the same label and time always give the same id, so a seed gives the same ids every run.
 */
export function ulidFrom(timeMs: number, label: string): string {
  let time = '';
  let t = Math.max(0, Math.floor(timeMs));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let random = '';
  let value = 0;
  let bits = 0;
  for (const byte of digest(label).subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      random += CROCKFORD.charAt((value >> bits) & 31);
    }
    value &= (1 << bits) - 1;
  }
  return time + random;
}

/** A version-4-shaped UUID made from a hash of `label` (deterministic). */
export function uuidFrom(label: string): string {
  const b = Buffer.from(digest(label).subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Rails ids for the core's records, all derived from the seed: order ids are ULIDs (as the venue's
 * are), match ids UUIDs (as in the docs' examples). The ULID of an order is a pure function of the
 * seed, the core order id and its creation time; the map only serves the reverse lookup.
 */
export class RailsIds {
  private readonly ulids = new Map<string, string>();

  constructor(private readonly seed: number) {}

  accountId(): string {
    return uuidFrom(`rails-account:${this.seed}`);
  }

  orderId(coreOrderId: string, createdAt: number): string {
    let id = this.ulids.get(coreOrderId);
    if (id === undefined) {
      id = ulidFrom(createdAt, `rails-order:${this.seed}:${coreOrderId}`);
      this.ulids.set(coreOrderId, id);
    }
    return id;
  }

  /** One execution of the account (the core's fill id). */
  matchId(coreFillId: string): string {
    return uuidFrom(`rails-match:${this.seed}:${coreFillId}`);
  }

  /** One public trade of a market (the core's per-symbol trade id). */
  publicMatchId(symbol: string, tradeId: number): string {
    return uuidFrom(`rails-public-match:${this.seed}:${symbol}:${tradeId}`);
  }
}

import { createHash } from 'node:crypto';
import { Prng } from '../core/prng';

/** A UUID of the given version made from a hash of `label` (deterministic: same seed, same ids). */
export function uuidFrom(label: string, version: 4 | 5): string {
  const b = Buffer.from(createHash('sha256').update(label).digest().subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | (version << 4);
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * CoinSwitch ids for the core's records, all pure functions of the seed and the core id (no table):
 * orderId and orderLinkId are version-4 UUIDs and execId a version-5 one, as in the seed's examples;
 * the sub-account id is nine digits ("491363048" in the seed) and doubles as `user_id` [guess: the
 * seed shows the two equal].
 */
export class CoinswitchIds {
  readonly subAccountId: string;
  /** Bybit's `seq` starts high (448368491576 in the seed); here at a seeded offset near it. */
  private seq: number;

  constructor(private readonly seed: number) {
    const rng = Prng.derive(seed, 'coinswitch-account');
    this.subAccountId = String(rng.int(100_000_000, 999_999_999));
    this.seq = 448_000_000_000 + rng.int(0, 999_999_999);
  }

  orderId(coreOrderId: string): string {
    return uuidFrom(`coinswitch-order:${this.seed}:${coreOrderId}`, 4);
  }

  /** The client order id: the simulated account always sets one [guess: the seed's orders have one]. */
  orderLinkId(coreOrderId: string): string {
    return uuidFrom(`coinswitch-order-link:${this.seed}:${coreOrderId}`, 4);
  }

  execId(coreFillId: string): string {
    return uuidFrom(`coinswitch-exec:${this.seed}:${coreFillId}`, 5);
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The REST api key (X-AUTH-APIKEY) and the socket api_key: 64 hex digits each [guess: format]. */
  restApiKey(): string {
    return createHash('sha256').update(`coinswitch-rest-key:${this.seed}`).digest('hex');
  }

  socketApiKey(): string {
    return createHash('sha256').update(`coinswitch-socket-key:${this.seed}`).digest('hex');
  }
}

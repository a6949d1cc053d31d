import { createHash } from 'node:crypto';

function digest(label: string): Buffer {
  return createHash('sha256').update(label).digest();
}

function format(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A UUIDv7 (RFC 9562: 48-bit Unix ms, version 7, variant 10) whose 74 "random" bits are a hash of
 * `label`: the same time and label always give the same id, so one seed gives the same ids every run.
 */
export function uuidV7(timeMs: number, label: string): string {
  const b = Buffer.alloc(16);
  digest(label).copy(b, 6, 0, 10);
  b.writeUIntBE(Math.max(0, Math.floor(timeMs)), 0, 6);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x70;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return format(b);
}

/** A version-4-shaped UUID from a hash of `label` (the docs' accountId example is a v4). */
export function uuidV4(label: string): string {
  const b = Buffer.from(digest(label).subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return format(b);
}

/** Roxom ids of the core's records, all pure functions of the seed. */
export class RoxomIds {
  constructor(private readonly seed: number) {}

  accountId(): string {
    return uuidV4(`roxom-account:${this.seed}`);
  }

  /** Default API key of the demo account [guess: the docs show only "your_api_key_here"]. */
  apiKey(): string {
    return `rx-${digest(`roxom-api-key:${this.seed}`).toString('hex').slice(0, 32)}`;
  }

  orderId(coreOrderId: string, createdAt: number): string {
    return uuidV7(createdAt, `roxom-order:${this.seed}:${coreOrderId}`);
  }

  /** A Roxom position starts with the core fill that opened it (or flipped the core position). */
  positionId(openingCoreFillId: string, openedAt: number): string {
    return uuidV7(openedAt, `roxom-position:${this.seed}:${openingCoreFillId}`);
  }

  connId(sequence: number): string {
    return uuidV4(`roxom-conn:${this.seed}:${sequence}`);
  }
}

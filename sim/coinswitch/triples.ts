import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CoinswitchSocketSignature } from '../../src/venues/coinswitch/wire';
import type { TokenVariant } from '../shared/front-end';

/** The auth replies' error texts [guess: the venue's wording is not documented]. */
export const AUTH_ERRORS = {
  unknownKey: 'unknown api key',
  badSignature: 'invalid signature',
  expired: 'expired',
  badMessage: 'invalid auth message',
} as const;
export type AuthError = (typeof AUTH_ERRORS)[keyof typeof AUTH_ERRORS];

export type TripleCheck = { ok: true; apiKey: string; expires: number } | { ok: false; error: AuthError };

/**
 * The socket credentials `{api_key, expires, signature}`. The venue computes the signature on its
 * side and does not say how; here it is hex HMAC-SHA256(server secret, `<api_key>:<expires>`), so a
 * signature proves the simulator minted exactly this (api_key, expires) pair and no table of minted
 * triples is needed (the HMAC is the record). Expiry and "close to it" are checked at auth time.
 */
export class SocketTriples {
  /** How many triples the endpoint and `credential()` have handed out. */
  minted = 0;

  constructor(
    private readonly secret: Buffer,
    /** The socket api_key (not the REST key: the docs call the two separate). */
    readonly apiKey: string,
    private readonly now: () => number,
    /** An auth whose `expires` is less than this far ahead is refused as expired ("or close to it"). */
    private readonly minRemainingMs: number,
  ) {}

  mint(lifetimeMs: number): CoinswitchSocketSignature {
    this.minted += 1;
    const expires = this.now() + lifetimeMs;
    return { api_key: this.apiKey, expires, signature: this.sign(this.apiKey, expires) };
  }

  /** valid: 5 minutes ahead; expired: an hour ago (correctly signed); invalid: a signature nobody minted. */
  issue(variant: TokenVariant): CoinswitchSocketSignature {
    if (variant === 'valid') return this.mint(300_000);
    const expires = variant === 'expired' ? this.now() - 3_600_000 : this.now() + 300_000;
    const signature = this.sign(this.apiKey, expires);
    if (variant === 'expired') return { api_key: this.apiKey, expires, signature };
    // Flip the last hex digit: the right length and alphabet, the wrong value.
    const last = signature.slice(-1) === '0' ? '1' : '0';
    return { api_key: this.apiKey, expires, signature: signature.slice(0, -1) + last };
  }

  check(apiKey: string, expires: number, signature: string): TripleCheck {
    if (apiKey !== this.apiKey) return { ok: false, error: AUTH_ERRORS.unknownKey };
    const expected = Buffer.from(this.sign(apiKey, expires), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, error: AUTH_ERRORS.badSignature };
    if (expires - this.now() < this.minRemainingMs) return { ok: false, error: AUTH_ERRORS.expired };
    return { ok: true, apiKey, expires };
  }

  private sign(apiKey: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${apiKey}:${expires}`).digest('hex');
  }
}

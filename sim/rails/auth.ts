import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenVariant } from '../shared/front-end';
import { signJwt, verifyJwt } from '../shared/jwt';

/** Claims of the seed's example token (seed 002): issuer and audience of Rails' staging platform. */
export const RAILS_ISSUER = 'staging.fungible.xyz';
export const RAILS_AUDIENCE = 'staging-app.fungible.xyz';

export interface RailsClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
}

export type RailsTokenCheck =
  { ok: true; accountId: string; expiresAtMs: number } | { ok: false; reason: 'invalid token' | 'token expired' };

/**
 * Rails access tokens: HS256 JWTs signed with the simulator's own secret, `sub` naming the
 * account, valid for `lifetimeS` (the venue: 1800 s, `expires_in` of the token endpoint).
 */
export class RailsAuth {
  constructor(
    private readonly secret: Buffer,
    private readonly accountId: string,
    private readonly lifetimeS: number,
    private readonly now: () => number,
  ) {}

  /** A token valid from now for the configured lifetime. */
  mint(): { token: string; expiresIn: number } {
    const iat = Math.floor(this.now() / 1000);
    return { token: this.sign(iat, iat + this.lifetimeS, this.secret), expiresIn: this.lifetimeS };
  }

  issue(variant: TokenVariant): string {
    const iat = Math.floor(this.now() / 1000);
    if (variant === 'expired') return this.sign(iat - 2 * this.lifetimeS, iat - this.lifetimeS, this.secret);
    // A bad signature: the same claims signed with a throwaway key.
    return this.sign(iat, iat + this.lifetimeS, variant === 'invalid' ? randomBytes(32) : this.secret);
  }

  /** Signature, algorithm, expiry, issuer, audience and subject. */
  check(token: string): RailsTokenCheck {
    const result = verifyJwt(token, this.secret, this.now());
    if (!result.ok) return { ok: false, reason: result.reason };
    // verifyJwt types the claims it needs; the parsed payload also carries `aud`.
    const claims = result.claims as unknown as Record<string, unknown>;
    const audience: unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== RAILS_ISSUER || !audience.includes(RAILS_AUDIENCE) || claims.sub !== this.accountId) {
      return { ok: false, reason: 'invalid token' };
    }
    return { ok: true, accountId: this.accountId, expiresAtMs: result.claims.exp * 1000 };
  }

  private sign(iat: number, exp: number, secret: Buffer): string {
    // Claim order as in the seed's example token.
    const claims: RailsClaims = { iss: RAILS_ISSUER, sub: this.accountId, aud: [RAILS_AUDIENCE], exp, iat };
    return signJwt(claims, secret);
  }
}

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

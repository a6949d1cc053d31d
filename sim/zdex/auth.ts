import { randomBytes } from 'node:crypto';
import type { TokenVariant } from '../shared/front-end';
import { signJwt, verifyJwt } from '../shared/jwt';

const ISSUER = 'zdex-sim';
const VALID_FOR_S = 7 * 24 * 3600;
const HOUR_S = 3600;

export type AuthCheck = { ok: true } | { ok: false; message: string };

/**
 * ZDEX session JWTs (HS256, the web-app session token the venue's WS accepts). The simulator signs
 * them with its own secret; `sub` names the account.
 */
export class ZdexAuth {
  constructor(
    private readonly secret: Buffer,
    private readonly accountId: string,
    private readonly now: () => number,
  ) {}

  issue(variant: TokenVariant): string {
    const nowS = Math.floor(this.now() / 1000);
    if (variant === 'expired')
      return signJwt({ sub: this.accountId, iat: nowS - 2 * HOUR_S, exp: nowS - HOUR_S, iss: ISSUER }, this.secret);
    const claims = { sub: this.accountId, iat: nowS, exp: nowS + VALID_FOR_S, iss: ISSUER };
    // A bad signature: the same claims signed with a throwaway key.
    return signJwt(claims, variant === 'invalid' ? randomBytes(32) : this.secret);
  }

  /** The error message follows the venue's "Authentication failed: ..." wording. */
  check(token: unknown): AuthCheck {
    if (typeof token !== 'string') return { ok: false, message: 'Authentication failed: invalid token' };
    const result = verifyJwt(token, this.secret, this.now());
    if (!result.ok) return { ok: false, message: `Authentication failed: ${result.reason}` };
    if (result.claims.sub !== this.accountId) return { ok: false, message: 'Authentication failed: invalid token' };
    return { ok: true };
  }
}

import { randomBytes } from 'node:crypto';
import type { TokenVariant } from '../shared/front-end';
import { signJwt, verifyJwt, type JwtClaims } from '../shared/jwt';

const ISSUER = 'scaletrade-sim';
/** Client API tokens are long-lived [guess]: one day. */
export const TOKEN_VALID_S = 24 * 3600;
const HOUR_S = 3600;

/** The session type of a Client API sign-in [guess: the docs name SESSION_USER only]. */
export const USER_SESSION = 'SESSION_USER';
/** Any other session type is refused with UNSUPPORTED_SESSION (e.g. a manager session). */
export const MANAGER_SESSION = 'SESSION_MANAGER';

interface ScaletradeClaims extends JwtClaims {
  session: string;
  /** Trading accounts this session may switch to. */
  logins: number[];
}

export type TokenCheck = { ok: true; logins: number[] } | { ok: false; error: 'INVALID_TOKEN' | 'UNSUPPORTED_SESSION' };

/** HS256 session tokens for one demo account, signed with the simulator's own secret. */
export class ScaletradeAuth {
  constructor(
    private readonly secret: Buffer,
    private readonly login: number,
    private readonly now: () => number,
  ) {}

  issue(variant: TokenVariant, session = USER_SESSION): string {
    const nowS = Math.floor(this.now() / 1000);
    const base = { sub: String(this.login), iss: ISSUER, session, logins: [this.login] };
    if (variant === 'expired') return this.sign({ ...base, iat: nowS - 2 * HOUR_S, exp: nowS - HOUR_S }, this.secret);
    // A bad signature: the same claims signed with a throwaway key.
    return this.sign(
      { ...base, iat: nowS, exp: nowS + TOKEN_VALID_S },
      variant === 'invalid' ? randomBytes(32) : this.secret,
    );
  }

  check(token: unknown): TokenCheck {
    if (typeof token !== 'string') return { ok: false, error: 'INVALID_TOKEN' };
    const result = verifyJwt(token, this.secret, this.now());
    if (!result.ok) return { ok: false, error: 'INVALID_TOKEN' };
    // verifyJwt checks sub/iat/exp; the ScaleTrade claims ride along in the same object.
    const claims = result.claims as Partial<ScaletradeClaims>;
    if (claims.session !== USER_SESSION) return { ok: false, error: 'UNSUPPORTED_SESSION' };
    const logins = Array.isArray(claims.logins) ? claims.logins.filter((l): l is number => Number.isInteger(l)) : [];
    if (logins.length === 0) return { ok: false, error: 'INVALID_TOKEN' };
    return { ok: true, logins };
  }

  private sign(claims: ScaletradeClaims, secret: Buffer): string {
    return signJwt(claims, secret);
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** A minimal HS256 JWT, enough for the simulators' session tokens. */
export interface JwtClaims {
  sub: string;
  /** Seconds since the epoch, as in RFC 7519. */
  iat: number;
  exp: number;
  iss?: string;
}

export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: 'invalid token' | 'token expired' };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function signature(input: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const input = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${signature(input, secret).toString('base64url')}`;
}

function isClaims(value: unknown): value is JwtClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sub === 'string' && typeof v.iat === 'number' && typeof v.exp === 'number';
}

/** Checks the algorithm, the signature (constant time) and the expiry against `nowMs`. */
export function verifyJwt(token: string, secret: Buffer, nowMs: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid token' };
  const [header = '', payload = '', sig = ''] = parts;
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid token' };
  let claims: unknown;
  try {
    const head: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    if (typeof head !== 'object' || head === null || (head as { alg?: unknown }).alg !== 'HS256')
      return { ok: false, reason: 'invalid token' };
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid token' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'invalid token' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'token expired' };
  return { ok: true, claims };
}

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from './jwt';

const secret = Buffer.from('a-test-secret-of-some-length-0123456789');
const now = 1_767_225_600_000;
const claims = { sub: 'clxaccount', iat: now / 1000, exp: now / 1000 + 60 };

describe('HS256 JWT', () => {
  it('round-trips and matches an independent HS256 signature', () => {
    const token = signJwt(claims, secret);
    expect(verifyJwt(token, secret, now)).toEqual({ ok: true, claims });
    const [header, payload, sig] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(sig).toBe(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  });

  it('rejects an expired token', () => {
    expect(verifyJwt(signJwt(claims, secret), secret, now + 60_000)).toEqual({ ok: false, reason: 'token expired' });
  });

  it('rejects a wrong key, a tampered payload, alg none and garbage', () => {
    const token = signJwt(claims, secret);
    expect(verifyJwt(signJwt(claims, Buffer.from('other')), secret, now)).toEqual({
      ok: false,
      reason: 'invalid token',
    });
    const [header, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    expect(verifyJwt(`${header}.${forged}.${sig}`, secret, now).ok).toBe(false);
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const unsignedInput = `${none}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const noneSig = createHmac('sha256', secret).update(unsignedInput).digest('base64url');
    expect(verifyJwt(`${unsignedInput}.${noneSig}`, secret, now).ok).toBe(false);
    expect(verifyJwt('not-a-jwt', secret, now).ok).toBe(false);
  });
});

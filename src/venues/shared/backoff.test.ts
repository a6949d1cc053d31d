import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF, backoffDelay, nominalDelay, type BackoffPolicy } from './backoff';

const noJitter: BackoffPolicy = { ...DEFAULT_BACKOFF, jitter: 'none' };

describe('nominalDelay', () => {
  it('starts at 1 s and grows by 1.5 per attempt', () => {
    expect([0, 1, 2, 3].map((a) => nominalDelay(a, DEFAULT_BACKOFF))).toEqual([1_000, 1_500, 2_250, 3_375]);
  });

  it('never exceeds the 30 s cap', () => {
    expect(nominalDelay(8, DEFAULT_BACKOFF)).toBeCloseTo(1_000 * 1.5 ** 8);
    expect(nominalDelay(9, DEFAULT_BACKOFF)).toBe(30_000);
    expect(nominalDelay(500, DEFAULT_BACKOFF)).toBe(30_000);
  });
});

describe('backoffDelay jitter bounds', () => {
  const attempt = fc.integer({ min: 0, max: 60 });
  const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('full jitter stays within [min(floor, nominal), nominal]', () => {
    fc.assert(
      fc.property(attempt, random, (a, r) => {
        const delay = backoffDelay(a, 0, DEFAULT_BACKOFF, () => r);
        const nominal = nominalDelay(a, DEFAULT_BACKOFF);
        return delay >= Math.min(DEFAULT_BACKOFF.minMs, nominal) && delay <= nominal;
      }),
    );
  });

  it('decorrelated jitter stays within [base, cap] and within 3x the previous delay', () => {
    const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, jitter: 'decorrelated' };
    fc.assert(
      fc.property(attempt, fc.double({ min: 0, max: 60_000, noNaN: true }), random, (a, previous, r) => {
        const delay = backoffDelay(a, previous, policy, () => r);
        return delay >= policy.baseMs && delay <= policy.capMs && delay <= Math.max(policy.baseMs, previous * 3);
      }),
    );
  });

  it('clamps a misbehaving random source into range', () => {
    expect(backoffDelay(0, 0, DEFAULT_BACKOFF, () => 7)).toBe(1_000);
    expect(backoffDelay(0, 0, DEFAULT_BACKOFF, () => -1)).toBe(DEFAULT_BACKOFF.minMs);
  });
});

describe('Backoff', () => {
  it('walks the sequence and resets', () => {
    const backoff = new Backoff(noJitter);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([1_000, 1_500, 2_250]);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.next()).toBe(1_000);
  });

  it('reaches the cap and stays there', () => {
    const backoff = new Backoff(noJitter);
    const delays = Array.from({ length: 20 }, () => backoff.next());
    expect(Math.max(...delays)).toBe(30_000);
    expect(delays.slice(-5)).toEqual([30_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('resets only after a socket stayed up long enough', () => {
    const backoff = new Backoff(noJitter);
    backoff.next();
    backoff.next();
    backoff.socketLasted(29_999);
    expect(backoff.next()).toBe(2_250);
    backoff.socketLasted(30_000);
    expect(backoff.next()).toBe(1_000);
  });

  it('uses the injected random for full jitter', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 0.5);
    expect(backoff.next()).toBe(250 + 0.5 * 750);
    expect(backoff.next()).toBe(250 + 0.5 * 1_250);
  });
});

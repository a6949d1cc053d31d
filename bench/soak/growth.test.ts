import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SOAK_MINUTES,
  baselineSample,
  heapGrowth,
  soakMinutes,
  warmUpMinutes,
  type HeapSample,
} from './growth';

const samples = (...bytes: number[]): HeapSample[] => bytes.map((b, minute) => ({ minute, bytes: b }));

describe('soakMinutes', () => {
  it('is absent without the flag, the default with --soak, the number with --soak=MIN', () => {
    expect(soakMinutes(['--quick'])).toBeUndefined();
    expect(soakMinutes(['--soak'])).toBe(DEFAULT_SOAK_MINUTES);
    expect(soakMinutes(['--reuse-build', '--soak=3'])).toBe(3);
  });

  it('refuses a length that leaves no sample after the baseline, or is not whole minutes', () => {
    expect(() => soakMinutes(['--soak=1'])).toThrow(RangeError);
    expect(() => soakMinutes(['--soak=2.5'])).toThrow(RangeError);
    expect(() => soakMinutes(['--soak=abc'])).toThrow(RangeError);
  });
});

describe('the baseline', () => {
  it('is after a 2-minute warm-up in a long run, after 10 % of a short one', () => {
    expect(warmUpMinutes(30)).toBe(2);
    expect(warmUpMinutes(3)).toBeCloseTo(0.3);
    expect(baselineSample(samples(10, 20, 30, 40), warmUpMinutes(30))).toEqual({ minute: 2, bytes: 30 });
    expect(baselineSample(samples(10, 20, 30, 40), warmUpMinutes(3))).toEqual({ minute: 1, bytes: 20 });
  });
});

describe('heapGrowth', () => {
  it('is (last − baseline) / baseline, whatever the samples in between', () => {
    const g = heapGrowth(samples(50, 90, 100, 300, 40, 110), 2);
    expect(g?.baseline).toEqual({ minute: 2, bytes: 100 });
    expect(g?.last).toEqual({ minute: 5, bytes: 110 });
    expect(g?.growth).toBeCloseTo(0.1);
  });

  it('is negative when the heap shrank', () => {
    expect(heapGrowth(samples(0, 200, 150), 1)?.growth).toBeCloseTo(-0.25);
  });

  it('is NaN when the run ended at the baseline, undefined before it', () => {
    expect(heapGrowth(samples(10, 20, 30), 2)?.growth).toBeNaN();
    expect(heapGrowth(samples(10, 20), 2)).toBeUndefined();
    expect(heapGrowth([], 2)).toBeUndefined();
  });
});

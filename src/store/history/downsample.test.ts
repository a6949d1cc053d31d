import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from './downsample';

interface P {
  t: number;
  v?: number;
  w?: number;
}
const time = (p: P) => p.t;
const v = (p: P) => p.v;
const w = (p: P) => p.w;
const series = (values: number[]): P[] => values.map((value, t) => ({ t, v: value }));

/** A deterministic pseudo-random walk (no Math.random in tests). */
function walk(n: number, seed = 1): P[] {
  let x = seed;
  let level = 0;
  return Array.from({ length: n }, (_, t) => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    level += (x / 2_147_483_648 - 0.5) * 10;
    return { t: t * 1_000, v: level, w: Math.sin(t / 37) * 100 };
  });
}

describe('downsampleMinMax', () => {
  it('keeps the lowest and the highest point of each time bucket, the first and the last', () => {
    // 12 points, limit 6, one series: 2 buckets over t = 1..10 (t <= 5 and t >= 6).
    const points = series([5, 3, 9, 1, 4, 4, 8, 2, 7, 0, 6, 5]);
    const out = downsampleMinMax(points, 6, time, [v]);
    expect(out.map((p) => p.t)).toEqual([0, 2, 3, 6, 9, 11]);
    expect(out.map((p) => p.v)).toEqual([5, 9, 1, 8, 0, 5]);
  });

  it('keeps each series extremes when several share the points', () => {
    const points: P[] = [
      { t: 0, v: 0, w: 0 },
      { t: 1, v: 10, w: 0 },
      { t: 2, v: 0, w: -7 },
      { t: 3, v: 0, w: 0 },
      { t: 4, v: -3, w: 0 },
      { t: 5, v: 0, w: 0 },
      { t: 6, v: 0, w: 0 },
      { t: 7, v: 0, w: 2 },
    ];
    // Limit 7, two series: 2 buckets (t <= 3 and t >= 4) are tried first and fit: v peaks at 1, w dips
    // at 2 (v's first lowest too), then v dips at 4 (w's first highest and lowest there) and v's first highest at 5.
    const out = downsampleMinMax(points, 7, time, [v, w]);
    expect(out.map((p) => p.t)).toEqual([0, 1, 2, 4, 5, 7]);
    // Limit 5 holds the extremes of one series only (2 ends + 2 + 2 > 5): the first series decides.
    expect(downsampleMinMax(points, 5, time, [v, w]).map((p) => p.t)).toEqual([0, 1, 4, 7]);
  });

  it('uses fewer buckets when the series peak apart', () => {
    const points: P[] = [
      { t: 0, v: 0, w: 0 },
      { t: 1, v: 5, w: 0 },
      { t: 2, v: -5, w: 1 },
      { t: 3, v: 0, w: 9 },
      { t: 4, v: 0, w: -9 },
      { t: 5, v: 6, w: 0 },
      { t: 6, v: -6, w: 2 },
      { t: 7, v: 0, w: 8 },
      { t: 8, v: 0, w: -8 },
      { t: 9, v: 0, w: 0 },
    ];
    // Two buckets would keep 2 + 4 + 4 = 10 > 6 points: one bucket keeps each series' extremes.
    expect(downsampleMinMax(points, 6, time, [v, w]).map((p) => p.t)).toEqual([0, 3, 4, 5, 6, 9]);
  });

  it('stays within the limit on a long series and keeps its global extremes', () => {
    const day = walk(86_400);
    const out = downsampleMinMax(day, 1_500, time, [v, w]);
    expect(out.length).toBeLessThanOrEqual(1_500);
    expect(out[0]).toBe(day[0]);
    expect(out.at(-1)).toBe(day.at(-1));
    const values = day.map((p) => p.v as number);
    const kept = out.map((p) => p.v as number);
    expect(Math.max(...kept)).toBe(Math.max(...values));
    expect(Math.min(...kept)).toBe(Math.min(...values));
    const ws = day.map((p) => p.w as number);
    expect(Math.max(...out.map((p) => p.w as number))).toBe(Math.max(...ws));
    expect(Math.min(...out.map((p) => p.w as number))).toBe(Math.min(...ws));
    // The limit is put to use: more than the 374 buckets (floor(1,498 / 4)) that always fit are tried first.
    expect(out.length).toBeGreaterThan(1_000);
    expect(out.every((p, i) => i === 0 || (out[i - 1] as P).t < p.t)).toBe(true);
  });

  it('returns a short series as it is, and is idempotent', () => {
    const short = series([1, 2, 3]);
    expect(downsampleMinMax(short, 1_500, time, [v])).toBe(short);
    const once = downsampleMinMax(walk(10_000), 1_500, time, [v, w]);
    expect(downsampleMinMax(once, 1_500, time, [v, w])).toBe(once);
  });

  it('skips points a series does not have (a connection that joined later)', () => {
    const points: P[] = [{ t: 0, v: 1 }, { t: 1 }, { t: 2 }, { t: 3, v: 4 }, { t: 4, v: 2 }, { t: 5, v: 3 }];
    expect(downsampleMinMax(points, 4, time, [v]).map((p) => p.t)).toEqual([0, 3, 4, 5]);
  });
});

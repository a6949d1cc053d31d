/** Small timing and memory helpers: every figure is a ratio of two measurements taken in one run. */

export function timePerOp(iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(1000, iterations); i++) fn(i); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / iterations; // ns per op
}

/**
 * ns per op of `a` and of `b`, each the median of `rounds` interleaved rounds: a busy machine slows
 * both sides of a ratio alike instead of whichever happened to run during a burst.
 */
export function medianTimesPerOp(rounds: number, iterations: number, a: () => void, b: () => void): [number, number] {
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    as.push(timePerOp(iterations, a));
    bs.push(timePerOp(iterations, b));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(as), median(bs)];
}

export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** A detail beside a figure: a number, a word, or a list of them (the soak's per-minute samples). */
export type BenchDetail = number | string | readonly BenchDetail[] | { readonly [key: string]: BenchDetail };

export interface BenchResult {
  name: string;
  what: string;
  figure: number;
  unit: string;
  /** The target the figure must meet: figure <= max, figure >= min (one or both). */
  max?: number;
  min?: number;
  details: Record<string, BenchDetail>;
}

export function meetsTarget(r: Pick<BenchResult, 'figure' | 'max' | 'min'>): boolean {
  if (!Number.isFinite(r.figure)) return false;
  return (r.max === undefined || r.figure <= r.max) && (r.min === undefined || r.figure >= r.min);
}

export function targetText(r: Pick<BenchResult, 'max' | 'min'>): string {
  const parts: string[] = [];
  if (r.min !== undefined) parts.push(`>= ${r.min}`);
  if (r.max !== undefined) parts.push(`<= ${r.max}`);
  return parts.join(' and ');
}

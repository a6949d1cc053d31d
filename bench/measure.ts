/** Small timing and memory helpers: every figure is a ratio of two measurements taken in one run. */

export function timePerOp(iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(1000, iterations); i++) fn(i); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / iterations; // ns per op
}

export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export interface BenchResult {
  name: string;
  what: string;
  figure: number;
  unit: string;
  /** The target the figure must meet (figure <= max). */
  max: number;
  details: Record<string, number>;
}

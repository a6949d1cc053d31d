/**
 * The soak's arithmetic (docs/performance.md, "Soak"): which sample is the baseline, and how much the
 * heap grew from it to the last sample. Pure, so it is tested on its own (growth.test.ts).
 */

/** One reading, taken after a forced GC. */
export interface HeapSample {
  /** Minutes since every connection was live. */
  minute: number;
  bytes: number;
}

export interface HeapGrowth {
  baseline: HeapSample;
  last: HeapSample;
  /** (last − baseline) / baseline. */
  growth: number;
}

export const DEFAULT_SOAK_MINUTES = 30;
/** A long run warms up for 2 minutes (panels mounted, JIT warm, the first full states in). */
const WARM_UP_MINUTES = 2;
/** A short run warms up for this share of itself instead, so it still measures something. */
const SHORT_RUN_WARM_UP_SHARE = 0.1;

/** `--soak` → the default length, `--soak=MIN` → MIN minutes; undefined when the flag is absent. */
export function soakMinutes(args: readonly string[]): number | undefined {
  const arg = args.find((a) => a === '--soak' || a.startsWith('--soak='));
  if (arg === undefined) return undefined;
  if (arg === '--soak') return DEFAULT_SOAK_MINUTES;
  const minutes = Number(arg.slice('--soak='.length));
  // Samples are a minute apart: whole minutes, at least a baseline and one sample after it.
  if (!Number.isInteger(minutes) || minutes < 2)
    throw new RangeError(`--soak=MIN takes a whole number of minutes, at least 2, got "${arg}"`);
  return minutes;
}

/** 2 minutes, or 10 % of a run shorter than 20 minutes. */
export function warmUpMinutes(runMinutes: number): number {
  return Math.min(WARM_UP_MINUTES, runMinutes * SHORT_RUN_WARM_UP_SHARE);
}

/** The first sample taken once the warm-up is over; undefined when there is none. */
export function baselineSample(samples: readonly HeapSample[], warmUp: number): HeapSample | undefined {
  return samples.find((s) => s.minute >= warmUp);
}

/**
 * Growth from the baseline to the last sample; NaN (a missed target) when the run ended before a
 * sample after the baseline, or the baseline is empty.
 */
export function heapGrowth(samples: readonly HeapSample[], warmUp: number): HeapGrowth | undefined {
  const baseline = baselineSample(samples, warmUp);
  const last = samples.at(-1);
  if (!baseline || !last) return undefined;
  const growth =
    last.minute > baseline.minute && baseline.bytes > 0 ? (last.bytes - baseline.bytes) / baseline.bytes : Number.NaN;
  return { baseline, last, growth };
}

export const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;

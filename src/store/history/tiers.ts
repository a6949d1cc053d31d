import { LIMITS, type EquitySample } from '../state';

/**
 * How the equity history stays bounded for a whole-day session and beyond.
 *
 * Age is measured from the newest sample (not the wall clock, so the functions stay pure and a
 * history restored after a reload compacts the same way):
 *   age <= 1 hour           one sample per second  (<= 3,600 points: the 5m and 1h ranges)
 *   1 hour < age <= 1 day   one sample per minute  (<= 1,380 points: the 1d range)
 *   older                   one sample per 10 min  (the "all" range; 144 points a day)
 * and never more than HISTORY_MAX_POINTS in all (oldest dropped first): 3,600 + 1,380 + 2,220 points
 * of 10 min, i.e. about 16 days, longer than the journal's default retention (7 days).
 *
 * Buckets are aligned to the epoch (minute m is [m*60s, (m+1)*60s)) and keep their LAST sample (the
 * value at the close of that minute). Buckets nest (10 min = 10 x 1 min = 600 x 1 s), so compacting
 * every second as samples arrive gives exactly the same series as compacting the raw samples once:
 * the order in which live and journaled samples meet does not matter.
 */
export interface HistoryTier {
  /** Samples at most this old (ms before the newest) fall in this tier. */
  maxAgeMs: number;
  /** One sample kept per bucket of this width (ms). */
  resolutionMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const HISTORY_TIERS: readonly HistoryTier[] = [
  { maxAgeMs: HOUR, resolutionMs: SECOND },
  { maxAgeMs: DAY, resolutionMs: MINUTE },
  { maxAgeMs: Infinity, resolutionMs: 10 * MINUTE },
];

/** Hard cap on the points held (a sample with five connections is well under 1 KB: < 7 MB in all). */
export const HISTORY_MAX_POINTS: number = LIMITS.equitySamples;

function tierOf(age: number, tiers: readonly HistoryTier[]): number {
  for (let i = 0; i < tiers.length; i++) if (age <= (tiers[i] as HistoryTier).maxAgeMs) return i;
  return tiers.length - 1;
}

/**
 * Keep the last sample of each (tier, bucket) of an ascending series, then the newest `maxPoints`.
 * `now` is the time ages are measured from (the newest sample's time).
 */
export function compactHistory(
  sorted: readonly EquitySample[],
  now: number,
  tiers: readonly HistoryTier[] = HISTORY_TIERS,
  maxPoints: number = HISTORY_MAX_POINTS,
): EquitySample[] {
  const out: EquitySample[] = [];
  let pendingTier = -1;
  let pendingBucket = NaN;
  let pending: EquitySample | undefined;
  for (const sample of sorted) {
    const tier = tierOf(now - sample.time, tiers);
    const bucket = Math.floor(sample.time / (tiers[tier] as HistoryTier).resolutionMs);
    if (pending && (tier !== pendingTier || bucket !== pendingBucket)) out.push(pending);
    pending = sample;
    pendingTier = tier;
    pendingBucket = bucket;
  }
  if (pending) out.push(pending);
  return out.length > maxPoints ? out.slice(out.length - maxPoints) : out;
}

/** First index whose sample is at `time` or later (the series is ascending). */
export function lowerBound(sorted: readonly EquitySample[], time: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as EquitySample).time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Append a newer sample to a history this module compacted. Samples still within the finest tier
 * stay where they were (already one a second) and so do those already in the coarsest tier, so only
 * the part in between (about a day at 1 min) is compacted again: cheap enough to run every second. A sample not newer than the last one goes through a full merge.
 */
export function appendEquitySample(
  history: readonly EquitySample[],
  sample: EquitySample,
  tiers: readonly HistoryTier[] = HISTORY_TIERS,
  maxPoints: number = HISTORY_MAX_POINTS,
): EquitySample[] {
  const last = history[history.length - 1];
  if (last && sample.time <= last.time) return mergeEquitySamples(history, [sample], tiers, maxPoints);
  const now = sample.time;
  const split = lowerBound(history, now - (tiers[0] as HistoryTier).maxAgeMs);
  // Samples already in the coarsest tier stay there, compacted; only the newest of them can share a
  // bucket with a sample that just aged into that tier.
  const coarseEnd =
    last && tiers.length > 1 ? lowerBound(history, last.time - (tiers[tiers.length - 2] as HistoryTier).maxAgeMs) : 0;
  const from = Math.min(split, Math.max(0, coarseEnd - 1));
  const middle = compactHistory(history.slice(from, split), now, tiers, Infinity);
  const out = history.slice(0, from).concat(middle, history.slice(split), [sample]);
  return out.length > maxPoints ? out.slice(out.length - maxPoints) : out;
}

/**
 * Put two histories together (the live one and one restored from the journal after a reload):
 * sorted ascending, one sample per time (the live `history` wins a tie: it is the fresher copy),
 * samples without a finite time dropped, then the same tiers and cap as live sampling.
 */
export function mergeEquitySamples(
  history: readonly EquitySample[],
  restored: readonly EquitySample[],
  tiers: readonly HistoryTier[] = HISTORY_TIERS,
  maxPoints: number = HISTORY_MAX_POINTS,
): EquitySample[] {
  const byTime = new Map<number, EquitySample>();
  for (const s of restored) if (Number.isFinite(s.time)) byTime.set(s.time, s);
  for (const s of history) if (Number.isFinite(s.time)) byTime.set(s.time, s);
  const sorted = [...byTime.values()].sort((a, b) => a.time - b.time);
  const newest = sorted[sorted.length - 1];
  return newest ? compactHistory(sorted, newest.time, tiers, maxPoints) : [];
}

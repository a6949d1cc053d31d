import { percentile } from '../stats';
import type { PageWindow } from './page-probes';

/** Behind by more than this at the end of a rate's window: the page did not keep up. */
export const MAX_LAG_MS = 300;
/** A main-thread task longer than this is a long task (the browser's own definition). */
export const LONG_TASK_MS = 50;
/** Smooth: the 95th percentile of frame gaps within this (60 Hz is 16.7 ms). */
export const SMOOTH_FRAME_MS = 20;

export interface RungInput {
  rate: number;
  durationMs: number;
  /** The feed's last sequence number when the window started and when it ended. */
  firstSeq: number;
  lastSeq: number;
  /** The highest probe number the page had reached when the window ended, and when that was read (epoch ms). */
  reachedSeq: number;
  readAt: number;
  /** Whether the page reached the window's last probe within the drain time after the feed stopped. */
  drained: boolean;
  window: PageWindow;
  probeSentAt: ReadonlyMap<number, number>;
}

export interface Rung {
  rate: number;
  /** Frames per second the feed actually sent (a loaded machine may not reach `rate`). */
  sentRate: number;
  /** Share of the window's frames the page had reached by its end. */
  ingested: number;
  /** How old the newest frame on screen (or parsed) was when the window ended. */
  lagMs: number;
  keptUp: boolean;
  longTasks: number;
  longestTaskMs: number;
  frameP95Ms: number;
  smooth: boolean;
  /** Event-to-screen (or to-parse) latency of each probe reached in the window: p50 and p99, ms. */
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export function summarizeRung(r: RungInput): Rung {
  const sent = r.lastSeq - r.firstSeq;
  const latencies = r.window.seen.flatMap(([seq, at]) => {
    const sentAt = r.probeSentAt.get(seq);
    return seq > r.firstSeq && sentAt !== undefined ? [at - sentAt] : [];
  });
  const newestSentAt = r.probeSentAt.get(r.reachedSeq);
  const lagMs = newestSentAt === undefined ? Number.POSITIVE_INFINITY : Math.max(0, r.readAt - newestSentAt);
  const long = r.window.longTasks.filter((d) => d > LONG_TASK_MS);
  const frameP95Ms = percentile(r.window.frameGaps, 95);
  return {
    rate: r.rate,
    sentRate: Math.round((sent * 1000) / r.durationMs),
    ingested: sent <= 0 ? 0 : Math.min(1, Math.max(0, r.reachedSeq - r.firstSeq) / sent),
    lagMs: Math.round(lagMs),
    keptUp: lagMs <= MAX_LAG_MS && r.drained,
    longTasks: long.length,
    longestTaskMs: Math.round(Math.max(0, ...r.window.longTasks)),
    frameP95Ms: Math.round(frameP95Ms * 10) / 10,
    smooth: long.length === 0 && frameP95Ms <= SMOOTH_FRAME_MS,
    latencyP50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    latencyP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
  };
}

/** The highest rate a page kept up with, climbing until the first rung it did not. 0 when none. */
export function ceilingOf(rungs: readonly Rung[]): number {
  let ceiling = 0;
  for (const r of rungs) {
    if (!r.keptUp) break;
    ceiling = r.rate;
  }
  return ceiling;
}

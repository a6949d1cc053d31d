import type { GapRecord } from '../../domain/types';
import type { JournalSettings } from '../settings-store';
import { compactHistory } from '../history/tiers';
import { LIMITS, type EquitySample } from '../state';

/**
 * How much history the journal keeps (settings `journal`): nothing older than `retentionDays` (fills by
 * `time`, orders by `updatedAt`, samples by `time`: an order not updated for that long is forgotten even
 * if it was open, its venue re-sends it if it still is), at most `maxFills` fills (oldest first), and
 * the equity samples thinned by the same tiers as the live history (history/tiers.ts), so the journal
 * never holds more samples than a restore can use.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_DAYS_RANGE = { min: 1, max: 365 } as const;
/**
 * At most what the page holds (LIMITS.fills): a restore then brings back every journaled fill, as
 * docs/contract.md section 3 says, instead of keeping fills on disk that the page would never show.
 */
export const MAX_FILLS_RANGE = { min: 100, max: LIMITS.fills } as const;

const clampInt = (value: number, { min, max }: { min: number; max: number }, fallback: number) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

/** Settings as typed by the user, brought into range (whole numbers; NaN keeps the fallback). */
export function normalizeJournalSettings(s: JournalSettings, fallback: JournalSettings): JournalSettings {
  return {
    retentionDays: clampInt(s.retentionDays, RETENTION_DAYS_RANGE, fallback.retentionDays),
    maxFills: clampInt(s.maxFills, MAX_FILLS_RANGE, fallback.maxFills),
  };
}

export interface RetentionPlan {
  /** Records strictly older than this (Unix ms) are deleted. */
  cutoff: number;
  /** After the cutoff: this many of the oldest fills go too. */
  excessFills: number;
}

/** `fillsAfterCutoff`: how many fills are at or after the cutoff (the bridge counts them by index). */
export function planRetention(settings: JournalSettings, now: number, fillsAfterCutoff: number): RetentionPlan {
  return {
    cutoff: now - settings.retentionDays * DAY_MS,
    excessFills: Math.max(0, fillsAfterCutoff - settings.maxFills),
  };
}

/**
 * Times of journaled samples to delete: those the history tiers would drop (ages measured from the
 * newest sample, as the live history does). `times` ascending.
 */
export function samplesToThin(times: readonly number[]): number[] {
  if (times.length === 0) return [];
  const standIns = times.map((time): EquitySample => ({ time, equity: '0', unrealizedPnl: '0', realizedPnl: '0' }));
  const kept = new Set(compactHistory(standIns, times[times.length - 1]!).map((s) => s.time));
  return times.filter((t) => !kept.has(t));
}

/**
 * A gap record goes once its end is older than the cutoff (it is kept while the fills it concerns
 * are); an open gap (`to` null) stays however long ago it began.
 */
export const gapExpired = (gap: Pick<GapRecord, 'to'>, cutoff: number): boolean => gap.to !== null && gap.to < cutoff;

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../settings-store';
import { LIMITS } from '../state';
import { DAY_MS, gapExpired, normalizeJournalSettings, planRetention, samplesToThin } from './retention';

describe('journal retention', () => {
  it('cuts at retentionDays and removes the fills beyond maxFills', () => {
    const now = 1_756_478_000_000;
    expect(planRetention({ retentionDays: 7, maxFills: 100 }, now, 130)).toEqual({
      cutoff: now - 7 * DAY_MS,
      excessFills: 30,
    });
    expect(planRetention({ retentionDays: 1, maxFills: 100 }, now, 90).excessFills).toBe(0);
  });

  it('brings typed settings into range', () => {
    const fallback = DEFAULT_SETTINGS.journal;
    expect(normalizeJournalSettings({ retentionDays: 0, maxFills: 5 }, fallback)).toEqual({
      retentionDays: 1,
      maxFills: 100,
    });
    expect(normalizeJournalSettings({ retentionDays: 2.6, maxFills: Number.NaN }, fallback)).toEqual({
      retentionDays: 3,
      maxFills: fallback.maxFills,
    });
  });

  it('keeps at most the fills the page holds, so a reload restores every journaled fill', () => {
    const fallback = DEFAULT_SETTINGS.journal;
    expect(fallback.maxFills).toBeLessThanOrEqual(LIMITS.fills);
    expect(normalizeJournalSettings({ retentionDays: 7, maxFills: 500_000 }, fallback).maxFills).toBe(LIMITS.fills);
  });

  it('thins samples like the live history: one a second for the last hour, one a minute before', () => {
    const newest = 1_756_478_400_000; // a whole minute
    const recent = Array.from({ length: 10 }, (_, i) => newest - 9_000 + i * 1_000);
    const olderMinute = Array.from({ length: 30 }, (_, i) => newest - 2 * 3_600_000 + i * 1_000); // 30 samples in one minute, 2 h ago
    const times = [...olderMinute, ...recent];
    const thinned = samplesToThin(times);
    expect(thinned).toEqual(olderMinute.slice(0, -1)); // the minute keeps its last sample
    expect(samplesToThin([])).toEqual([]);
  });

  it('a gap goes once it ended before the cutoff; an open gap stays however old its start', () => {
    const cutoff = 1_756_478_000_000;
    expect(gapExpired({ to: cutoff - 1 }, cutoff)).toBe(true);
    expect(gapExpired({ to: cutoff }, cutoff)).toBe(false);
    expect(gapExpired({ to: null }, cutoff)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClockTime,
  formatCountdown,
  formatDayTime,
  formatDuration,
  formatTableTime,
  isoTime,
  startOfDay,
} from './time-format';

describe('formatAge', () => {
  const now = 1_756_478_182_146;
  it('reads as seconds, minutes, hours, days ago', () => {
    expect(formatAge(now - 3_000, now)).toBe('3s ago');
    expect(formatAge(now - 3_999, now)).toBe('3s ago');
    expect(formatAge(now, now)).toBe('0s ago');
    expect(formatAge(now - 65_000, now)).toBe('1m 05s ago');
    expect(formatAge(now - (2 * 3600 + 10 * 60) * 1000, now)).toBe('2h 10m ago');
    expect(formatAge(now - (3 * 86_400 + 4 * 3600) * 1000, now)).toBe('3d 4h ago');
  });

  it('never shows a negative age (clock skew)', () => {
    expect(formatAge(now + 5_000, now)).toBe('0s ago');
  });
});

describe('formatCountdown', () => {
  it('counts down to a moment, then says expired', () => {
    expect(formatCountdown(250_000, 0)).toBe('in 4m 10s');
    expect(formatCountdown(1_000, 1_000)).toBe('expired');
    expect(formatCountdown(0, 5_000)).toBe('expired');
  });
});

describe('formatDuration / clock / iso', () => {
  it('formats durations compactly', () => {
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(60_000)).toBe('1m 00s');
  });

  it('shows local wall-clock time with milliseconds', () => {
    expect(formatClockTime(new Date(2025, 0, 2, 3, 4, 5, 6).getTime())).toBe('03:04:05.006');
  });

  it('gives ISO 8601 UTC for tooltips and exports', () => {
    expect(isoTime(1_756_478_182_146)).toBe('2025-08-29T14:36:22.146Z');
  });
});

describe('formatDayTime', () => {
  const now = new Date(2025, 7, 29, 14, 30, 0).getTime();
  it("shows today's moments as HH:MM:SS, local time", () => {
    expect(formatDayTime(new Date(2025, 7, 29, 14, 2, 11, 999).getTime(), now)).toBe('14:02:11');
    expect(formatDayTime(new Date(2025, 7, 29, 0, 0, 0).getTime(), now)).toBe('00:00:00');
  });

  it('puts the date before a moment of another day (yesterday, or a clock ahead past midnight)', () => {
    expect(formatDayTime(new Date(2025, 7, 28, 23, 59, 59).getTime(), now)).toBe('2025-08-28 23:59:59');
    expect(formatDayTime(new Date(2024, 7, 29, 14, 2, 11).getTime(), now)).toBe('2024-08-29 14:02:11');
    expect(formatDayTime(new Date(2025, 7, 30, 0, 0, 1).getTime(), now)).toBe('2025-08-30 00:00:01');
  });
});

describe('formatTableTime', () => {
  // A fixed "now": 29 August 2025, 14:30 local time.
  const now = new Date(2025, 7, 29, 14, 30, 0).getTime();
  it("shows today's times as the clock alone, with milliseconds", () => {
    expect(formatTableTime(new Date(2025, 7, 29, 14, 2, 11, 125).getTime(), now, 'en-GB')).toBe('14:02:11.125');
    expect(formatTableTime(new Date(2025, 7, 29, 0, 0, 0, 0).getTime(), now, 'de-DE')).toBe('00:00:00.000');
  });
  it('puts the date, in the locale, before a time of an earlier day', () => {
    const yesterday = new Date(2025, 7, 28, 23, 59, 59, 999).getTime();
    expect(formatTableTime(yesterday, now, 'en-GB')).toBe('28 Aug 23:59:59');
    expect(formatTableTime(yesterday, now, 'en-US')).toBe('Aug 28 23:59:59');
    expect(formatTableTime(yesterday, now, 'de-DE')).toBe('28. Aug. 23:59:59');
    expect(formatTableTime(new Date(2024, 11, 6, 14, 2, 11).getTime(), now, 'en-GB')).toBe('6 Dec 2024 14:02:11');
  });
  it('dates a time on a later day too (a clock ahead past midnight)', () => {
    expect(formatTableTime(new Date(2025, 7, 30, 0, 0, 1).getTime(), now, 'en-GB')).toBe('30 Aug 00:00:01');
  });
  it('the day starts at local midnight', () => {
    expect(startOfDay(new Date(2025, 7, 29, 14, 30).getTime())).toBe(new Date(2025, 7, 29).getTime());
  });
});

/** Time display helpers. Inputs are Unix milliseconds; "now" is passed in so the functions stay pure. */
import { dateFormatter } from './number-locale';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A compact duration: "3s", "4m 05s", "2h 10m", "3d 4h". Negative durations count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (ms < MINUTE) return `${seconds}s`;
  if (ms < HOUR) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  if (ms < DAY) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${days}d ${hours}h`;
}

/** "3s ago", "4m 05s ago". A time slightly in the future (clock skew) reads as "0s ago". */
export function formatAge(time: number, now: number): string {
  return `${formatDuration(now - time)} ago`;
}

/** "in 4m 10s", or "expired" once the moment has passed. */
export function formatCountdown(until: number, now: number): string {
  const left = until - now;
  return left <= 0 ? 'expired' : `in ${formatDuration(left)}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time with milliseconds: "14:03:07.125". */
export function formatClockTime(time: number): string {
  const d = new Date(time);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Unambiguous UTC timestamp for tooltips and exports: "2025-08-29T14:36:22.146Z". */
export function isoTime(time: number): string {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? String(time) : d.toISOString();
}

/**
 * A moment a trader reads at a glance: "14:02:11" when it falls on today's local date (of `now`),
 * "2025-08-28 14:02:11" otherwise.
 */
export function formatDayTime(time: number, now: number): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return String(time);
  const clock = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  const today = new Date(now);
  const sameDay =
    d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? clock : `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${clock}`;
}

/** Local midnight starting the day of `time`. */
export function startOfDay(time: number): number {
  const d = new Date(time);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * A table's time cell: "14:02:11.125" on today's local date (of `now`), else the date first, in the
 * locale's words: "6 Dec 14:02:11" (en-GB), "Dec 6 14:02:11" (en-US), "6. Dez. 14:02:11" (de-DE), with
 * the year when it is not the current one ("6 Dec 2024 14:02:11"). The tooltip has the ISO time.
 */
export function formatTableTime(time: number, now: number, locale: string): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return String(time);
  const today = new Date(now);
  if (startOfDay(time) === startOfDay(now)) return formatClockTime(time);
  const clock = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  const sameYear = d.getFullYear() === today.getFullYear();
  const date = sameYear
    ? dateFormatter(locale, 'day-month', { day: 'numeric', month: 'short' }).format(d)
    : dateFormatter(locale, 'day-month-year', { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
  return `${date} ${clock}`;
}

import { normalizeDecimal } from '../../domain/decimal';
import { fail } from '../shared/shape';
import { SECONDS_VS_MS_THRESHOLD } from './wire';

/** The shared readers (../shared/shape.ts), plus ScaleTrade's numbers-or-text decimals and second/ms times. */
export * from '../shared/shape';

/**
 * A price or amount sent as a JSON number (as the docs show) or as decimal text, returned as
 * canonical decimal text. Numbers are read from their shortest round-trip text, so 1.0851 stays
 * "1.0851".
 */
export function decimal(value: unknown, path: string): string {
  const canonical = typeof value === 'number' || typeof value === 'string' ? normalizeDecimal(value) : null;
  if (canonical === null) fail(path, 'a decimal (number or decimal text)');
  return canonical;
}

/** Like `decimal`, but `null` (an unset field) gives undefined. */
export function optionalDecimal(value: unknown, path: string): string | undefined {
  return value === null ? undefined : decimal(value, path);
}

/**
 * A time in seconds or milliseconds (the Client API example shows seconds, the TCP doc ms), as Unix
 * ms. Below 1e11 it is seconds. 0 means "not set" (a ticket's close_time while open) and gives undefined.
 */
export function time(value: unknown, path: string): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(path, 'a time (seconds or milliseconds)');
  if (value === 0) return undefined;
  return value < SECONDS_VS_MS_THRESHOLD ? Math.round(value * 1000) : Math.round(value);
}

/** Like `time`, but `null` gives undefined too. */
export function optionalTime(value: unknown, path: string): number | undefined {
  return value === null ? undefined : time(value, path);
}

import { fail, decimalText } from '../shared/shape';
import { millisOf } from './time';

/** The shared readers (../shared/shape.ts), plus the two Rails needs. */
export * from '../shared/shape';

/** Decimal text or a JSON number (Rails' `leverage` is "1" in the docs; a number is accepted too). */
export function decimalOrNumber(value: unknown, path: string): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return decimalText(value, path);
}

/** A timestamp the venue sends as Unix ms or ISO-8601 text (see ./time.ts); kept as sent. */
export function timestamp(value: unknown, path: string): number | string {
  if ((typeof value !== 'number' && typeof value !== 'string') || millisOf(value) === undefined)
    fail(path, 'a timestamp (Unix ms or ISO-8601)');
  return value;
}

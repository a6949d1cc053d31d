import { normalizeDecimal } from '../../domain/decimal';
import { ShapeError } from '../shared/shape';
import { JsonNumber } from './lossless-json';
import { MAX_NS, MIN_NS } from './time';

/**
 * A tiny run-time shape checker for the codec (the same readers as ../zdex/shape.ts, kept per venue so
 * the folders stay independent), over the values `parseJsonLossless` returns: numbers arrive as
 * {@link JsonNumber} (their exact text), never as rounded doubles. Each reader takes `unknown` and
 * either returns the typed value or throws a `ShapeError` naming the path
 * ("order.data.executedQty: expected decimal text or a number"). Only the codec catches these.
 *
 * `null` and absent are the same to the optional readers (`opt*`): Roxom's field lists do not say
 * which fields may be null, and a null never carries information.
 */
export { ShapeError };

export type Fields = Record<string, unknown>;

function fail(path: string, expected: string): never {
  throw new ShapeError(`${path}: expected ${expected}`);
}

export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function record(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof JsonNumber)
    fail(path, 'an object');
  return value as Fields;
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  return value;
}

export function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'a non-empty string');
  return value;
}

/** A non-empty string, or undefined when absent, null or "". */
export function optText(value: unknown, path: string): string | undefined {
  if (isAbsent(value) || value === '') return undefined;
  return text(value, path);
}

/** An id sent as a string or as an integer (its exact digits). */
export function idText(value: unknown, path: string): string {
  if (value instanceof JsonNumber && value.isInteger) return value.text;
  return text(value, path);
}

export function optIdText(value: unknown, path: string): string | undefined {
  if (isAbsent(value) || value === '') return undefined;
  return idText(value, path);
}

/**
 * Decimal text ("0.015") or a JSON number (read from its literal text, so 0.1 stays "0.1" and a long
 * fraction keeps every digit), as canonical decimal text.
 */
export function decimal(value: unknown, path: string): string {
  const source = value instanceof JsonNumber ? value.text : typeof value === 'string' ? value : undefined;
  const canonical = source === undefined ? null : normalizeDecimal(source);
  if (canonical === null) fail(path, 'decimal text or a number');
  return canonical;
}

export function optDecimal(value: unknown, path: string): string | undefined {
  if (isAbsent(value) || value === '') return undefined;
  return decimal(value, path);
}

/** A safe integer sent as a number or as digits. */
export function safeInteger(value: unknown, path: string): number {
  const source = value instanceof JsonNumber ? value.text : typeof value === 'string' ? value.trim() : undefined;
  if (source === undefined || !/^-?\d+$/.test(source) || !Number.isSafeInteger(Number(source)))
    fail(path, 'an integer');
  return Number(source);
}

/**
 * Nanoseconds since the Unix epoch, exact: a bare integer literal (the documented form) or the same
 * digits as a string. A value that is not a nanosecond time between 2001 and 2100 is refused, with a
 * hint when it looks like milliseconds or seconds.
 */
export function nanos(value: unknown, path: string): bigint {
  const source = value instanceof JsonNumber ? value.text : typeof value === 'string' ? value.trim() : undefined;
  if (source === undefined || !/^\d+$/.test(source)) fail(path, 'nanoseconds since the epoch (an integer)');
  const ns = BigInt(source);
  if (ns < MIN_NS || ns > MAX_NS) {
    const hint = source.length <= 13 ? ` (got ${source.length} digits: milliseconds or seconds?)` : '';
    fail(path, `nanoseconds since the epoch${hint}`);
  }
  return ns;
}

export function optNanos(value: unknown, path: string): bigint | undefined {
  if (isAbsent(value) || value === '') return undefined;
  return nanos(value, path);
}

/** A string compared case-insensitively with `_`, `-` and spaces removed: "Partially_Filled" → "partiallyfilled". */
export function token(value: unknown, path: string): string {
  return text(value, path)
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

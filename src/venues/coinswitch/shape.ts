import { isDecimalText } from '../../domain/decimal';

/**
 * A tiny run-time shape checker for the codec (the same readers as ../rails/shape.ts, kept per venue
 * so the folders stay independent): each reader takes `unknown` and either returns the typed value
 * or throws a `ShapeError` naming the path ("order.o.qty: expected decimal text"). Only the codec
 * catches these; nothing outside this folder sees an exception.
 */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export type Fields = Record<string, unknown>;

function fail(path: string, expected: string): never {
  throw new ShapeError(`${path}: expected ${expected}`);
}

export function record(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
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

/** A string that may be empty (Bybit sends "" for "none": `orderLinkId`, `avgPrice`). */
export function textOrEmpty(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string');
  return value;
}

export function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(path, 'an integer');
  return value;
}

export function flag(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'a boolean');
  return value;
}

/** Plain decimal text as the venue sends it ("108476.4", "-0.5"); kept verbatim, normalized later. */
export function decimalText(value: unknown, path: string): string {
  if (!isDecimalText(value)) fail(path, 'decimal text');
  return value;
}

/** Decimal text or "" (Bybit's "no value": `avgPrice` before a fill, `price` of some market orders). */
export function decimalOrEmpty(value: unknown, path: string): string {
  if (value === '') return '';
  return decimalText(value, path);
}

/** Unix ms as decimal text ("1756478182110"), as Bybit sends `updatedTime` and `execTime`. */
export function millisText(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value) || Number(value) <= 0) fail(path, 'Unix ms as decimal text');
  return value;
}

/** Unix ms as a JSON number (the envelope's `t`, `E`; `T` may be 0). */
export function millis(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(path, 'Unix ms');
  return value;
}

/** An optional field: absent or null is "not sent". */
export function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

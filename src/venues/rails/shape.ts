import { isDecimalText } from '../../domain/decimal';
import { millisOf } from './time';

/**
 * A tiny run-time shape checker for the codec (the same readers as ../zdex/shape.ts, kept per venue
 * so the folders stay independent): each reader takes `unknown` and either returns the typed value
 * or throws a `ShapeError` naming the path ("completedOrdersDelta.data[0].price: expected decimal
 * text"). Only the codec catches these; nothing outside this folder sees an exception.
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

export function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(path, 'an integer');
  return value;
}

export function flag(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'a boolean');
  return value;
}

/** Plain decimal text as the venue sends it ("92911.48605", "-0.5"); kept verbatim, normalized later. */
export function decimalText(value: unknown, path: string): string {
  if (!isDecimalText(value)) fail(path, 'decimal text');
  return value;
}

/** Decimal text or a JSON number (Rails' `leverage` is "1" in the docs; a number is accepted too). */
export function decimalOrNumber(value: unknown, path: string): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return decimalText(value, path);
}

/** One of a fixed set of strings. */
export function member<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(path, `one of ${allowed.join('|')}`);
  return value as T;
}

/** A timestamp the venue sends as Unix ms or ISO-8601 text (see ./time.ts); kept as sent. */
export function timestamp(value: unknown, path: string): number | string {
  if ((typeof value !== 'number' && typeof value !== 'string') || millisOf(value) === undefined) fail(path, 'a timestamp (Unix ms or ISO-8601)');
  return value;
}

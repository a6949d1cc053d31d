import { isDecimalText } from '../../domain/decimal';

/**
 * A tiny run-time shape checker for the venue codecs: each reader takes `unknown` and either returns
 * the typed value or throws a `ShapeError` naming the path ("ticker.data.lastPrice: expected decimal
 * text"). Only a codec catches these; nothing outside a venue folder sees the exception. A venue's own
 * `shape.ts` re-exports these and adds the readers only it needs.
 */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export type Fields = Record<string, unknown>;

export function fail(path: string, expected: string): never {
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

/** A compact array of exactly one of the given lengths. */
export function tuple(value: unknown, path: string, lengths: readonly number[]): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  if (!lengths.includes(value.length)) fail(path, `${lengths.join(' or ')} elements, got ${value.length}`);
  return value;
}

/** A non-empty string (symbols, ids, tokens). */
export function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'a non-empty string');
  return value;
}

/** Any string, empty allowed (comments, messages). */
export function anyText(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string');
  return value;
}

export function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number');
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

/** Plain decimal text as the venue sends it ("71034.50", "-1.23"); kept verbatim, normalized later. */
export function decimalText(value: unknown, path: string): string {
  if (!isDecimalText(value)) fail(path, 'decimal text');
  return value;
}

/** One of a fixed set of strings. */
export function member<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    fail(path, `one of ${allowed.join('|')}`);
  return value as T;
}

/** An id that the venue sends as a string or a number ("34696153" vs 34696153), as text. */
export function idText(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return text(value, path);
}

import { normalizeDecimal } from '../../domain/decimal';
import { SECONDS_VS_MS_THRESHOLD } from './wire';

/**
 * A tiny run-time shape checker for the codec: each reader takes `unknown` and either returns the
 * typed value or throws a `ShapeError` naming the path ("o[6] open_price: expected a decimal").
 * Only the codec catches these; nothing outside this folder sees an exception.
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

/** A compact array of exactly one of the given lengths. */
export function tuple(value: unknown, path: string, lengths: readonly number[]): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  if (!lengths.includes(value.length)) fail(path, `${lengths.join(' or ')} elements, got ${value.length}`);
  return value;
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  return value;
}

/** A non-empty string (symbols, tokens). */
export function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'a non-empty string');
  return value;
}

/** Any string, empty allowed (comments, messages). */
export function anyText(value: unknown, path: string): string {
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

/** An id sent as a string or a number ("2000009" vs 2000009), as text. */
export function idText(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return text(value, path);
}

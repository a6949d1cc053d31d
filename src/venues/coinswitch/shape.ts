import { decimalText, fail } from '../shared/shape';

/** The shared readers (../shared/shape.ts), plus the ones the Bybit V5 payloads need. */
export * from '../shared/shape';

/** Decimal text or "" (Bybit's "no value": `avgPrice` before a fill, `price` of some market orders). */
export function decimalOrEmpty(value: unknown, path: string): string {
  if (value === '') return '';
  return decimalText(value, path);
}

/** Unix ms as decimal text ("1756478182110"), as Bybit sends `updatedTime` and `execTime`. */
export function millisText(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value) || Number(value) <= 0)
    fail(path, 'Unix ms as decimal text');
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

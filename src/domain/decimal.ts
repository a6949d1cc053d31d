import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic. Domain objects carry decimals as canonical strings (they cross
 * postMessage and land in snapshots as-is); arithmetic goes through Decimal, never floats.
 */
export { Decimal };

const DECIMAL_TEXT = /^-?(?:\d+)(?:\.\d+)?$/;

/** True for plain decimal text such as "71034.5", "-0.05", "0" (no exponent, no spaces). */
export function isDecimalText(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_TEXT.test(value);
}

export function dec(value: string | number | Decimal): Decimal {
  return new Decimal(value);
}

/** Canonical text for a computed value: plain notation, no trailing zeros, "0" for zero. */
export function decText(value: Decimal): string {
  if (value.isZero()) return '0';
  return value.toFixed();
}

/** Parse venue text into canonical decimal text, or null when it is not a decimal. */
export function normalizeDecimal(value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // Numbers from JSON are shortest round-trip representations: read their text, not their binary value.
    return decText(new Decimal(String(value)));
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const plain = canonicalPlainDecimal(text);
  if (plain !== undefined) return plain;
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return null;
  return decText(new Decimal(text));
}

const PLAIN_DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;
const CODE_ZERO = 48;

/**
 * The canonical text of a decimal written without an exponent, by string surgery: what
 * `decText(new Decimal(text))` returns (leading zeros and trailing fraction zeros dropped, "0" for any
 * zero), without building a Decimal. Venues send every price and quantity this way and the codecs
 * canonicalize each one, so this is the hot path of normalizing a frame (docs/performance.md).
 * Undefined when `text` is not such a decimal (the caller falls back to decimal.js or rejects it).
 */
export function canonicalPlainDecimal(text: string): string | undefined {
  const m = PLAIN_DECIMAL.exec(text);
  if (m === null) return undefined;
  const whole = m[2]!;
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return undefined;
  let start = 0;
  while (start < whole.length && whole.charCodeAt(start) === CODE_ZERO) start++;
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === CODE_ZERO) end--;
  if (start === whole.length && end === 0) return '0';
  const body = (start === whole.length ? '0' : whole.slice(start)) + (end === 0 ? '' : '.' + fraction.slice(0, end));
  return m[1] === '-' ? '-' + body : body;
}

export function addText(a: string, b: string): string {
  return decText(dec(a).plus(b));
}

export function subText(a: string, b: string): string {
  return decText(dec(a).minus(b));
}

export function sumText(values: Iterable<string>): string {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return decText(total);
}

export function compareText(a: string, b: string): number {
  return dec(a).comparedTo(b);
}

export function isZeroText(a: string): boolean {
  return dec(a).isZero();
}

import Decimal from 'decimal.js';

/**
 * Display helpers for decimal strings. Values arrive as exact decimal text ("71034.5", "-0.05");
 * they are formatted as text, never through a float, so what the trader sees is what the venue said.
 */

const PLAIN_DECIMAL = /^([-+]?)(\d+)(?:\.(\d+))?$/;

export interface DecimalFormatOptions {
  /** Round (half away from zero, exactly) to this many decimals; omitted keeps every digit given. */
  decimals?: number;
  /** Prefix "+" to positive values (for PnL). */
  signed?: boolean;
  /** Thousands separator; default ",". */
  groupSeparator?: string;
}

/** Insert a separator every three digits of an unsigned integer string. */
export function groupDigits(integer: string, separator = ','): string {
  if (integer.length <= 3 || separator === '') return integer;
  const head = integer.length % 3;
  const groups: string[] = head ? [integer.slice(0, head)] : [];
  for (let i = head; i < integer.length; i += 3) groups.push(integer.slice(i, i + 3));
  return groups.join(separator);
}

/** Plain notation for anything Decimal can read (exponents, ".5"); null when it is not a number. */
function toPlainText(text: string, decimals: number | undefined): string | null {
  try {
    const value = new Decimal(text.trim());
    if (!value.isFinite()) return null;
    return decimals === undefined ? value.toFixed() : value.toFixed(decimals, Decimal.ROUND_HALF_UP);
  } catch {
    return null;
  }
}

/**
 * "1234567.891" -> "1,234,567.891"; "-0.05" -> "-0.05"; with `decimals: 2`, "-26.725" -> "-26.73".
 * Text that is not a number is returned unchanged (it is still shown, never hidden).
 */
export function formatDecimalText(text: string, options: DecimalFormatOptions = {}): string {
  const { decimals, signed = false, groupSeparator = ',' } = options;
  let source = text;
  if (decimals !== undefined || !PLAIN_DECIMAL.test(text)) {
    const plain = toPlainText(text, decimals);
    if (plain === null) return text;
    source = plain;
  }
  const match = PLAIN_DECIMAL.exec(source);
  if (!match) return text;
  const [, sign = '', integerDigits = '0', fraction] = match;
  const integer = integerDigits.replace(/^0+(?=\d)/, '');
  const isZero = /^0*$/.test(integer) && (fraction === undefined || /^0*$/.test(fraction));
  const body = groupDigits(integer, groupSeparator) + (fraction === undefined ? '' : `.${fraction}`);
  if (isZero) return body;
  if (sign === '-') return `-${body}`;
  return signed ? `+${body}` : body;
}

/** -1, 0 or 1 from decimal text, without parsing to a float. Non-numbers count as 0. */
export function decimalSign(text: string | undefined): -1 | 0 | 1 {
  if (text === undefined) return 0;
  const match = PLAIN_DECIMAL.exec(text.trim());
  if (!match) {
    const plain = toPlainText(text, undefined);
    return plain === null || !PLAIN_DECIMAL.test(plain) ? 0 : decimalSign(plain);
  }
  const [, sign, integer = '', fraction = ''] = match;
  if (/^0*$/.test(integer) && /^0*$/.test(fraction)) return 0;
  return sign === '-' ? -1 : 1;
}

interface DecimalParts {
  sign: -1 | 0 | 1;
  integer: string;
  fraction: string;
}

function parts(text: string): DecimalParts | null {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) {
    const plain = toPlainText(text, undefined);
    return plain === null ? null : parts(plain);
  }
  const [, sign, integerDigits = '', fractionDigits = ''] = match;
  const integer = integerDigits.replace(/^0+/, '');
  const fraction = fractionDigits.replace(/0+$/, '');
  if (integer === '' && fraction === '') return { sign: 0, integer, fraction };
  return { sign: sign === '-' ? -1 : 1, integer, fraction };
}

function compareMagnitude(a: DecimalParts, b: DecimalParts): number {
  if (a.integer.length !== b.integer.length) return a.integer.length < b.integer.length ? -1 : 1;
  if (a.integer !== b.integer) return a.integer < b.integer ? -1 : 1;
  if (a.fraction !== b.fraction) return a.fraction < b.fraction ? -1 : 1;
  return 0;
}

/**
 * Numeric order of two decimal strings, by their text (no floats, no allocation-heavy parsing), so a
 * 20,000-row table sorts exactly. Text that is not a number sorts before every number.
 */
export function compareDecimalText(a: string, b: string): number {
  if (a === b) return 0;
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  if (pa.sign !== pb.sign) return pa.sign < pb.sign ? -1 : 1;
  if (pa.sign === 0) return 0;
  const magnitude = compareMagnitude(pa, pb);
  return pa.sign === 1 ? magnitude : -magnitude;
}

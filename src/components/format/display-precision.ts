import Decimal from 'decimal.js';
import { numberFormatter } from './number-locale';

/**
 * How many fraction digits a figure shows. The value is rounded (exactly, half away from zero) to
 * `maxDecimals`, then trailing zeros are trimmed down to `minDecimals`: a price on a 0.5 tick is
 * {1, 1} ("71,000.0"), a coin amount {0, 8} ("0.4999894"), a USD amount {2, 2}.
 */
export interface DisplayPrecision {
  minDecimals: number;
  maxDecimals: number;
}

export const fixedPrecision = (decimals: number): DisplayPrecision => ({
  minDecimals: decimals,
  maxDecimals: decimals,
});

/** Fraction digits of a tick or step: "0.5" -> 1, "0.001" -> 3, "1" -> 0, "1e-8" -> 8; undefined if not a positive number. */
export function stepDecimals(step: string): number | undefined {
  try {
    const value = new Decimal(step.trim());
    return value.isFinite() && value.isPositive() && !value.isZero() ? value.decimalPlaces() : undefined;
  } catch {
    return undefined;
  }
}

/** Significant digits kept where nothing says a figure's precision (no instrument, no asset rule). */
export const FALLBACK_SIGNIFICANT_DIGITS = 6;
const FALLBACK_MAX_DECIMALS = 12;

/**
 * The precision for a value nothing else describes: whole digits are always kept, and fraction digits
 * only up to `digits` significant ones (at least 2 for a number of 1 or more), trimmed:
 * 49998.6801404 -> 49,998.68; 0.499989400453 -> 0.499989; -0.00000126000006 -> -0.00000126.
 */
export function significantPrecision(text: string, digits = FALLBACK_SIGNIFICANT_DIGITS): DisplayPrecision {
  const key = `${digits}|${text}`;
  let known = significant.get(key);
  if (known === undefined) {
    if (significant.size >= ROUNDED_KEPT) significant.clear();
    significant.set(key, (known = significantUncached(text, digits)));
  }
  return known;
}
const significant = new Map<string, DisplayPrecision>();

function significantUncached(text: string, digits: number): DisplayPrecision {
  let value: Decimal;
  try {
    value = new Decimal(text.trim());
  } catch {
    return { minDecimals: 0, maxDecimals: 0 };
  }
  if (!value.isFinite() || value.isZero()) return { minDecimals: 0, maxDecimals: 0 };
  // Position of the first significant digit: 0 for 1..9.99, 4 for 49998.68, -7 for 0.00000126.
  const exponent = value.abs().e;
  const maxDecimals =
    exponent >= 0 ? Math.max(2, digits - 1 - exponent) : Math.min(FALLBACK_MAX_DECIMALS, digits - 1 - exponent);
  return { minDecimals: 0, maxDecimals };
}

/** Assets whose amounts read in cents (fiat and USD stablecoins); JPY has no minor unit. */
const TWO_DECIMAL_ASSETS = new Set([
  'USD',
  'USDT',
  'USDC',
  'BUSD',
  'FDUSD',
  'TUSD',
  'DAI',
  'USDE',
  'PYUSD',
  'EUR',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'INR',
]);
const ZERO_DECIMAL_ASSETS = new Set(['JPY']);
/** Coins and anything else: up to 8 decimals (a satoshi), trailing zeros trimmed. */
const COIN_PRECISION: DisplayPrecision = { minDecimals: 0, maxDecimals: 8 };

/** Money (PnL, balances, fees, notional, equity) in an asset. */
export function moneyPrecision(asset: string | undefined): DisplayPrecision {
  const code = asset?.trim().toUpperCase() ?? '';
  if (TWO_DECIMAL_ASSETS.has(code)) return fixedPrecision(2);
  if (ZERO_DECIMAL_ASSETS.has(code)) return fixedPrecision(0);
  return COIN_PRECISION;
}

/**
 * Round decimal text to a precision, exactly: "71000.37" with {1, 1} -> "71000.4"; "0.50000" with
 * {0, 8} -> "0.5"; a value that rounds to zero loses its minus sign. Null when the text is not a number.
 */
export function roundDecimalText(text: string, precision: DisplayPrecision): string | null {
  // The same figures are drawn again on every frame (a row re-rendered for another cell's change).
  const key = `${precision.minDecimals}|${precision.maxDecimals}|${text}`;
  const known = rounded.get(key);
  if (known !== undefined) return known;
  const result = roundUncached(text, precision);
  if (rounded.size >= ROUNDED_KEPT) rounded.clear();
  rounded.set(key, result);
  return result;
}

/** Recently rounded figures (bounded: cleared when full, a cheap stand-in for least-recently-used). */
const rounded = new Map<string, string | null>();
const ROUNDED_KEPT = 20_000;

function roundUncached(text: string, precision: DisplayPrecision): string | null {
  let value: Decimal;
  try {
    value = new Decimal(text.trim());
  } catch {
    return null;
  }
  if (!value.isFinite()) return null;
  let fixed = value.toFixed(precision.maxDecimals, Decimal.ROUND_HALF_UP);
  const dot = fixed.indexOf('.');
  if (dot >= 0) {
    let end = fixed.length;
    const keepUntil = dot + 1 + precision.minDecimals;
    while (end > keepUntil && fixed[end - 1] === '0') end--;
    if (end === dot + 1) end = dot;
    fixed = fixed.slice(0, end);
  }
  return /^-[0.]*$/.test(fixed) ? fixed.slice(1) : fixed;
}

export interface DisplayFormatOptions {
  locale: string;
  /** Omitted: the significant-digits fallback. */
  precision?: DisplayPrecision;
  /** "+" before a positive value (PnL); zero is never signed. */
  signed?: boolean;
}

/**
 * Decimal text for the eye, in the locale's grouping and decimal separator: "-26.725" -> "-26.73"
 * (en-US, 2 decimals), "1234.5" -> "1.234,5" (de-DE). Text that is not a number comes back unchanged.
 */
export function formatDisplayDecimal(text: string, options: DisplayFormatOptions): string {
  const precision = options.precision ?? significantPrecision(text);
  const rounded = roundDecimalText(text, precision);
  if (rounded === null) return text;
  const dot = rounded.indexOf('.');
  const decimals = dot < 0 ? 0 : rounded.length - dot - 1;
  // A string argument is formatted as an exact decimal (Intl.NumberFormat v3), never through a float.
  return numberFormatter(options.locale, decimals, options.signed ?? false).format(rounded as unknown as number);
}

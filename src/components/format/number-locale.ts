/**
 * The locale numbers and dates are shown in, and one cached Intl formatter per locale and precision
 * (building an Intl.NumberFormat costs far more than using one, and a table formats thousands of cells).
 */

/** The setting's "browser default" value. */
export const BROWSER_LOCALE = '';

/** The browser's language (navigator.language), or en-US where there is none (Node tests). */
export function browserLocale(): string {
  const language = typeof navigator === 'undefined' ? undefined : navigator.language;
  return language && isSupportedLocale(language) ? language : 'en-US';
}

/** Asked for every number drawn (thousands a second while the feed is busy): answered once per tag. */
const supported = new Map<string, boolean>();

function isSupportedLocale(locale: string): boolean {
  let known = supported.get(locale);
  if (known === undefined) {
    try {
      known = Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
    } catch {
      known = false;
    }
    supported.set(locale, known);
  }
  return known;
}

/** The locale to format with: the user's choice when Intl knows it, else the browser's. */
export function resolveLocale(setting: string | undefined): string {
  return setting && setting !== BROWSER_LOCALE && isSupportedLocale(setting) ? setting : browserLocale();
}

const numberFormatters = new Map<string, Intl.NumberFormat>();

/**
 * A formatter that shows exactly `decimals` fraction digits. Callers round the decimal text first
 * (exactly, with decimal.js) and pass it as a string: Intl formats a string as an exact decimal, never
 * through a float, so digits beyond 2^53 stay as they are.
 */
export function numberFormatter(locale: string, decimals: number, signed: boolean): Intl.NumberFormat {
  const key = `${locale}|${decimals}|${signed ? 's' : ''}`;
  let formatter = numberFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: signed ? 'exceptZero' : 'auto',
    });
    numberFormatters.set(key, formatter);
  }
  return formatter;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** A cached date formatter per locale and option set (`name` keys the options). */
export function dateFormatter(locale: string, name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${name}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    dateFormatters.set(key, formatter);
  }
  return formatter;
}

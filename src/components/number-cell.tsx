import './components.css';
import { decimalSign } from './format/decimal-format';
import {
  fixedPrecision,
  formatDisplayDecimal,
  roundDecimalText,
  significantPrecision,
  type DisplayPrecision,
} from './format/display-precision';
import { useNumberLocale } from './use-number-locale';

interface NumberCellProps {
  /** Exact decimal text; undefined renders a dash. */
  value: string | undefined;
  /** Fixed decimals (rounded exactly). */
  decimals?: number;
  /**
   * Decimals shown (an instrument's tick or step, an asset's money rule); with neither this nor
   * `decimals`, the value is trimmed to a few significant digits.
   */
  precision?: DisplayPrecision;
  /** Colour by sign and prefix "+" (PnL). */
  pnl?: boolean;
  /** Text after the number, e.g. an asset. */
  suffix?: string;
  /** Tooltip; the default is the exact value. */
  title?: string;
  testId?: string;
}

/**
 * A right-aligned, tabular number, rounded for the eye in the user's locale. Rounding works on the
 * text itself (decimal.js, then Intl on the rounded string), so no digit is lost to a float. The
 * exact venue value stays in `data-value` (tests, copy) and in the tooltip; CSV exports read the
 * exact value from the table, never this text. The cell's accessible name is what it shows; the
 * tooltip (its description) gives the exact value.
 */
export function NumberCell({ value, decimals, precision, pnl = false, suffix, title, testId }: NumberCellProps) {
  const locale = useNumberLocale();
  if (value === undefined) {
    return (
      <span className="num muted" data-testid={testId}>
        —
      </span>
    );
  }
  const shown = precision ?? (decimals === undefined ? significantPrecision(value) : fixedPrecision(decimals));
  const text = formatDisplayDecimal(value, { locale, precision: shown, signed: pnl });
  // Colour follows what is shown: a PnL of -0.001 shown as "0.00" is neutral (the tooltip has the exact value).
  const sign = pnl ? decimalSign(roundDecimalText(value, shown) ?? value) : 0;
  const tone = sign > 0 ? ' num--pos' : sign < 0 ? ' num--neg' : '';
  return (
    <span className={`num${tone}`} data-value={value} data-testid={testId} title={title ?? value}>
      {text}
      {suffix ? <span className="num-suffix"> {suffix}</span> : null}
    </span>
  );
}

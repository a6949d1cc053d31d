import './components.css';
import { decimalSign, formatDecimalText } from './format/decimal-format';

interface NumberCellProps {
  /** Exact decimal text; undefined renders a dash. */
  value: string | undefined;
  /** Fixed decimals (rounded exactly); omitted shows every digit the venue sent. */
  decimals?: number;
  /** Colour by sign and prefix "+" (PnL). */
  pnl?: boolean;
  /** Text after the number, e.g. an asset. */
  suffix?: string;
  title?: string;
  testId?: string;
}

/**
 * A right-aligned, tabular number. Formatting works on the text itself (grouping, exact rounding),
 * so no digit is lost to a float. `data-value` carries the exact text for tests and copy-paste.
 */
export function NumberCell({ value, decimals, pnl = false, suffix, title, testId }: NumberCellProps) {
  if (value === undefined) {
    return (
      <span className="num muted" data-testid={testId}>
        —
      </span>
    );
  }
  const text = formatDecimalText(value, { decimals, signed: pnl });
  // Colour follows what is shown: a PnL of -0.001 shown as "0.00" is neutral (the tooltip has the exact value).
  const sign = pnl ? decimalSign(text.replace(/[,+]/g, '')) : 0;
  const tone = sign > 0 ? ' num--pos' : sign < 0 ? ' num--neg' : '';
  return (
    <span className={`num${tone}`} data-value={value} data-testid={testId} title={title ?? value}>
      {text}
      {suffix ? <span className="num-suffix"> {suffix}</span> : null}
    </span>
  );
}

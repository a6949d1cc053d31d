import { NumberCell } from '../../../components/number-cell';
import { formatAge } from '../../../components/format/time-format';
import { useNow } from '../../../components/use-now';
import type { Rate } from '../../../domain/valuation/price-book';
import { CURRENCY_DECIMALS } from '../total-figure';
import { ratesTooltip } from './rate-text';
import '../features.css';

interface ConvertedCellProps {
  value: string | undefined;
  currency: string;
  rates: readonly Rate[];
  /** What is converted (tooltip wording). */
  what: string;
  /** The price a notional was computed at. */
  price?: { value: string; source: string; time?: number };
  pnl?: boolean;
  testId?: string;
}

/** A figure in the base currency; its tooltip names the prices (venue, symbol, kind, age) that converted it. */
export function ConvertedCell({ value, currency, rates, what, price, pnl = false, testId }: ConvertedCellProps) {
  const now = useNow();
  if (value === undefined) {
    return (
      <span
        className="num muted"
        data-testid={testId}
        data-unconverted="true"
        title={`no price converts this ${what} to ${currency} yet`}
      >
        —
      </span>
    );
  }
  const at = price
    ? `at ${price.value} (${price.source}${price.time !== undefined ? `, ${formatAge(price.time, now)}` : ''})\n`
    : '';
  const title = `${value} ${currency} ${what}\n${at}${ratesTooltip(rates, now)}`;
  return (
    <NumberCell value={value} decimals={CURRENCY_DECIMALS[currency] ?? 2} pnl={pnl} title={title} testId={testId} />
  );
}

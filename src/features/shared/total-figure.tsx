import { NumberCell } from '../../components/number-cell';

interface TotalFigureProps {
  label: string;
  value: string;
  /** The base currency the value is in. */
  currency: string;
  testId: string;
  pnl?: boolean;
  /** Where the number comes from and which prices converted it (tooltip). */
  source: string;
}

/** Decimals shown per base currency (the exact text stays in data-value). */
export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = { USD: 2, BTC: 8 };

/** One headline figure in the top bar: label above, the number in the base currency (exact text in data-value). */
export function TotalFigure({ label, value, currency, testId, pnl = false, source }: TotalFigureProps) {
  const title = `${value} ${currency}\n${source}`;
  return (
    <div className="total" title={title} data-testid={`${testId}-figure`} data-currency={currency}>
      <span className="total-label">
        {label} <span className="total-currency">{currency}</span>
      </span>
      <span className="total-value">
        <NumberCell value={value} decimals={CURRENCY_DECIMALS[currency] ?? 2} pnl={pnl} testId={testId} title={title} />
      </span>
    </div>
  );
}

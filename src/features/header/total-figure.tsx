import { NumberCell } from '../../components/number-cell';

interface TotalFigureProps {
  label: string;
  value: string;
  testId: string;
  pnl?: boolean;
  /** Where the number comes from (tooltip). */
  source: string;
}

/** One headline figure in the top bar: label above, the number (USD, 2 decimals, exact text in data-value). */
export function TotalFigure({ label, value, testId, pnl = false, source }: TotalFigureProps) {
  return (
    <div className="total" title={`${value} USD — ${source}`}>
      <span className="total-label">{label}</span>
      <span className="total-value">
        <NumberCell value={value} decimals={2} pnl={pnl} testId={testId} title={`${value} USD`} />
      </span>
    </div>
  );
}

import { BASE_CURRENCIES, useSettings, type BaseCurrency } from '../../../store/settings-store';

/** The base currency every total and converted figure is shown in. */
export function BaseCurrencySelect({
  testId,
  id,
  compact = false,
}: {
  testId: string;
  id?: string;
  compact?: boolean;
}) {
  const baseCurrency = useSettings((s) => s.baseCurrency);
  const update = useSettings((s) => s.update);
  return (
    <select
      id={id}
      className={compact ? 'base-currency-select base-currency-select--compact' : 'base-currency-select'}
      data-testid={testId}
      aria-label="Base currency"
      title="Base currency: every total and converted figure is shown in it"
      value={baseCurrency}
      onChange={(e) => update({ baseCurrency: e.target.value as BaseCurrency })}
    >
      {BASE_CURRENCIES.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  );
}

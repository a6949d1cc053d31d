import './components.css';

interface FilterInputProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
  testId?: string;
}

/** The quick-filter box in a panel's toolbar. */
export function FilterInput({ value, onChange, label, testId }: FilterInputProps) {
  return (
    <input
      type="search"
      className="filter-input"
      placeholder="Filter…"
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

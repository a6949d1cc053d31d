import { useMemo } from 'react';
import { useToday } from '../../components/use-today';
import { isoTime } from '../../components/format/time-format';
import {
  filterRows,
  RANGE_PRESETS,
  useTableFilters,
  type FilteredTable,
  type RangePreset,
  type TimeRange,
} from '../../store/table-filters';
import './features.css';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Unix ms as a `datetime-local` value (local time, to the minute). */
function toLocalInput(time: number | undefined): string {
  if (time === undefined) return '';
  const d = new Date(time);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** A `datetime-local` value as Unix ms (local time); `end` takes the last moment of that minute. */
function fromLocalInput(value: string, end: boolean): number | undefined {
  if (value === '') return undefined;
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return undefined;
  return end ? time + 59_999 : time;
}

/** The rows of a table its range and symbol filter keep (re-evaluated when the day changes). */
export function useTableFilteredRows<T extends { connectionId: string; symbol?: string }>(
  table: FilteredTable,
  rows: readonly T[],
  timeOf: (row: T) => number,
): readonly T[] {
  const filter = useTableFilters((s) => s[table]);
  // Day presets move at midnight; a custom range is absolute: "now" within the day is enough.
  const today = useToday();
  return useMemo(() => filterRows(rows, filter, today, timeOf), [rows, filter, today, timeOf]);
}

/** Preset (All, Today, Yesterday, 7 days, From/To) and the From/To fields, in a panel's toolbar. */
export function TimeRangeFilter({ table, label }: { table: FilteredTable; label: string }) {
  const range = useTableFilters((s) => s[table].range);
  const setRange = useTableFilters((s) => s.setRange);
  const change = (next: TimeRange) => setRange(table, next);
  return (
    <div className="time-range" role="group" aria-label={`${label}: time range`}>
      <select
        className="time-range-preset"
        aria-label={`${label}: period`}
        data-testid={`${table}-range-preset`}
        value={range.preset}
        onChange={(e) => {
          const preset = e.target.value as RangePreset;
          change(preset === 'custom' ? { preset, from: range.from, to: range.to } : { preset });
        }}
      >
        {RANGE_PRESETS.map(({ preset, label: text }) => (
          <option key={preset} value={preset}>
            {text}
          </option>
        ))}
      </select>
      {range.preset === 'custom' ? (
        <>
          <input
            type="datetime-local"
            className="filter-input time-range-input"
            aria-label={`${label}: from`}
            data-testid={`${table}-range-from`}
            title={range.from === undefined ? 'From: no lower bound' : `From ${isoTime(range.from)}`}
            value={toLocalInput(range.from)}
            onChange={(e) => change({ ...range, from: fromLocalInput(e.target.value, false) })}
          />
          <input
            type="datetime-local"
            className="filter-input time-range-input"
            aria-label={`${label}: to`}
            data-testid={`${table}-range-to`}
            title={range.to === undefined ? 'To: no upper bound' : `To ${isoTime(range.to)}`}
            value={toLocalInput(range.to)}
            onChange={(e) => change({ ...range, to: fromLocalInput(e.target.value, true) })}
          />
        </>
      ) : null}
    </div>
  );
}

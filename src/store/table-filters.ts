import { create } from 'zustand';

/**
 * The time range the Fills and Orders panels are narrowed to, beyond their text filter (a preset or
 * From/To; a position's drill-down is store/drill-down.ts). Page state, not saved. The filtering
 * itself is pure (`filterRows`), so it is tested without React.
 */

export type FilteredTable = 'fills' | 'orders';
export type RangePreset = 'all' | 'today' | 'yesterday' | '7d' | 'custom';
export const RANGE_PRESETS: readonly { preset: RangePreset; label: string }[] = [
  { preset: 'all', label: 'All' },
  { preset: 'today', label: 'Today' },
  { preset: 'yesterday', label: 'Yesterday' },
  { preset: '7d', label: '7 days' },
  { preset: 'custom', label: 'From/To' },
];

export interface TimeRange {
  preset: RangePreset;
  /** With `custom`: first moment included (Unix ms); absent = no lower bound. */
  from?: number;
  /** With `custom`: last moment included (Unix ms); absent = no upper bound. */
  to?: number;
}

export interface TableFilter {
  range: TimeRange;
}

/** Inclusive bounds in Unix ms; an absent bound is open. */
export interface TimeBounds {
  from?: number;
  to?: number;
}

/** Local midnight of the day `days` after the day of `now` (negative: before), DST-safe. */
function midnight(now: number, days = 0): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
}

/**
 * The bounds a range stands for at `now`: Today from local midnight; Yesterday the whole local day
 * before; 7 days = today and the six days before it; custom its own From/To.
 */
export function rangeBounds(range: TimeRange, now: number): TimeBounds {
  switch (range.preset) {
    case 'all':
      return {};
    case 'today':
      return { from: midnight(now) };
    case 'yesterday':
      return { from: midnight(now, -1), to: midnight(now) - 1 };
    case '7d':
      return { from: midnight(now, -6) };
    case 'custom':
      return { from: range.from, to: range.to };
  }
}

export const isFiltering = (filter: TableFilter): boolean => filter.range.preset !== 'all';

/**
 * The rows a filter keeps, in their order: time within the range's bounds at `now`. The same array
 * comes back when nothing filters.
 */
export function filterRows<T>(
  rows: readonly T[],
  filter: TableFilter,
  now: number,
  timeOf: (row: T) => number,
): readonly T[] {
  if (!isFiltering(filter)) return rows;
  const { from = -Infinity, to = Infinity } = rangeBounds(filter.range, now);
  return rows.filter((row) => {
    const time = timeOf(row);
    return time >= from && time <= to;
  });
}

const NO_FILTER: TableFilter = { range: { preset: 'all' } };

interface TableFiltersState {
  fills: TableFilter;
  orders: TableFilter;
  setRange(table: FilteredTable, range: TimeRange): void;
  clear(table: FilteredTable): void;
}

export const useTableFilters = create<TableFiltersState>()((set) => ({
  fills: NO_FILTER,
  orders: NO_FILTER,
  setRange: (table, range) => set((s) => ({ [table]: { ...s[table], range } })),
  clear: (table) => set({ [table]: NO_FILTER }),
}));

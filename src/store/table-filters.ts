import { create } from 'zustand';

/**
 * What the Fills and Orders panels are narrowed to, beyond their text filter: a time range (a preset
 * or From/To) and a symbol (a drill-down from elsewhere on the board). Page state, not saved. The
 * filtering itself is pure (`filterRows`), so it is tested without React.
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

export interface SymbolFilter {
  connectionId: string;
  symbol: string;
}

export interface TableFilter {
  range: TimeRange;
  symbol?: SymbolFilter;
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

export const isFiltering = (filter: TableFilter): boolean =>
  filter.symbol !== undefined || filter.range.preset !== 'all';

/**
 * The rows a filter keeps, in their order: time within the range's bounds at `now`, and the symbol's
 * rows only when a symbol is set. The same array comes back when nothing filters.
 */
export function filterRows<T extends { connectionId: string; symbol?: string }>(
  rows: readonly T[],
  filter: TableFilter,
  now: number,
  timeOf: (row: T) => number,
): readonly T[] {
  if (!isFiltering(filter)) return rows;
  const { from = -Infinity, to = Infinity } = rangeBounds(filter.range, now);
  const symbol = filter.symbol;
  return rows.filter((row) => {
    const time = timeOf(row);
    if (time < from || time > to) return false;
    return symbol === undefined || (row.connectionId === symbol.connectionId && row.symbol === symbol.symbol);
  });
}

const NO_FILTER: TableFilter = { range: { preset: 'all' } };

interface TableFiltersState {
  fills: TableFilter;
  orders: TableFilter;
  setRange(table: FilteredTable, range: TimeRange): void;
  setSymbol(table: FilteredTable, symbol: SymbolFilter | undefined): void;
  clear(table: FilteredTable): void;
}

export const useTableFilters = create<TableFiltersState>()((set) => ({
  fills: NO_FILTER,
  orders: NO_FILTER,
  setRange: (table, range) => set((s) => ({ [table]: { ...s[table], range } })),
  setSymbol: (table, symbol) => set((s) => ({ [table]: { ...s[table], symbol } })),
  clear: (table) => set({ [table]: NO_FILTER }),
}));

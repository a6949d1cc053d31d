import type { RowData } from '@tanstack/react-table';
import type { DataColumnDef } from './data-table-features';

type TextReader<T> = (row: T, index: number) => unknown;

/** How to read each searchable column: text columns (not numeric) with an accessor. */
function textReaders<T extends RowData>(columns: readonly DataColumnDef<T>[]): TextReader<T>[] {
  const readers: TextReader<T>[] = [];
  for (const column of columns) {
    if (column.meta?.numeric) continue;
    if ('accessorFn' in column && typeof column.accessorFn === 'function') {
      readers.push(column.accessorFn as TextReader<T>);
    } else if ('accessorKey' in column && column.accessorKey !== undefined) {
      const key = column.accessorKey as string;
      readers.push((row) => (row as Record<string, unknown>)[key]);
    }
  }
  return readers;
}

/**
 * Each row's searchable text, per column set: rows are immutable records (a change is a new object),
 * so a row's text is built once, not on every keystroke (100,000 fills: ~150 ms -> ~15 ms a filter).
 */
const textCache = new WeakMap<object, WeakMap<object, string>>();

function rowTexts<T extends RowData>(columns: readonly DataColumnDef<T>[]): (row: T, index: number) => string {
  const readers = textReaders(columns);
  let cache = textCache.get(columns);
  if (!cache) textCache.set(columns, (cache = new WeakMap()));
  const known = cache;
  const build = (row: T, index: number) => {
    let text = '';
    for (const read of readers) {
      const v = read(row, index);
      if (v !== undefined && v !== null) text += (text === '' ? '' : '\u0000') + String(v);
    }
    return text.toLowerCase();
  };
  return (row, index) => {
    if (typeof row !== 'object' || row === null) return build(row, index);
    let text = known.get(row);
    if (text === undefined) known.set(row, (text = build(row, index)));
    return text;
  };
}

/** Rows below this count filter fast enough with their texts built on the first keystroke. */
const WARM_FROM_ROWS = 5_000;

/**
 * Builds the search texts of a large table in the browser's idle time (slices that stop when the idle
 * period ends), so the first keystroke in its filter does not build 100,000 of them at once (~200 ms).
 * Returns a function that stops the warming.
 */
export function warmRowTexts<T extends RowData>(data: readonly T[], columns: readonly DataColumnDef<T>[]): () => void {
  if (data.length < WARM_FROM_ROWS || typeof requestIdleCallback !== 'function') return () => undefined;
  const textOf = rowTexts(columns);
  let next = 0;
  let handle = 0;
  const work = (deadline: IdleDeadline) => {
    while (next < data.length && deadline.timeRemaining() > 1) {
      const end = Math.min(data.length, next + 500);
      for (; next < end; next++) textOf(data[next]!, next);
    }
    if (next < data.length) handle = requestIdleCallback(work);
  };
  handle = requestIdleCallback(work);
  return () => cancelIdleCallback(handle);
}

/**
 * Rows whose text columns contain `query` (case-insensitive; several words must all match somewhere).
 * Done before the table sees the data, so a filtered table only builds the rows it shows.
 */
export function filterRowsByText<T extends RowData>(
  data: readonly T[],
  columns: readonly DataColumnDef<T>[],
  query: string,
): readonly T[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return data;
  const textOf = rowTexts(columns);
  return data.filter((row, index) => {
    const text = textOf(row, index);
    return words.every((w) => text.includes(w));
  });
}

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
  const readers = textReaders(columns);
  return data.filter((row, index) => {
    const text = readers
      .map((read) => read(row, index))
      .filter((v) => v !== undefined && v !== null)
      .join('\u0000')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

import type { DataColumnMeta } from './data-table-features';

/** What a table shows, as text: the visible columns' labels and the displayed rows in display order. */
export interface TableExport {
  header: string[];
  rows: string[][];
}

/** The parts of a TanStack table an export reads (structural, so any feature set fits). */
interface ExportColumn {
  id: string;
  columnDef: { header?: unknown; meta?: DataColumnMeta };
}
interface ExportRow {
  getValue: (columnId: string) => unknown;
}
export interface ExportableTable {
  getVisibleLeafColumns: () => readonly ExportColumn[];
  getRowModel: () => { rows: readonly ExportRow[] };
}

/** The label a column's header shows, for the CSV header row. */
export function columnLabel(column: ExportColumn): string {
  const { header, meta } = column.columnDef;
  if (typeof header === 'string') return header;
  return meta?.label ?? column.id;
}

/** Default cell text: strings as they are (decimals stay exact), numbers and booleans as text, missing as "". */
export function defaultExportValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * Read the table exactly as displayed: visible, exportable columns in their order, and the final row
 * model (filtered, then sorted), so a CSV matches the screen row for row.
 */
export function extractTableExport(table: ExportableTable): TableExport {
  const columns = table.getVisibleLeafColumns().filter((c) => c.columnDef.meta?.exportable !== false);
  const header = columns.map(columnLabel);
  const rows = table.getRowModel().rows.map((row) =>
    columns.map((column) => {
      const value = row.getValue(column.id);
      const format = column.columnDef.meta?.exportValue;
      return format ? format(value) : defaultExportValue(value);
    }),
  );
  return { header, rows };
}

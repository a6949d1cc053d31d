import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  constructSortFn,
  createColumnHelper,
  createSortedRowModel,
  metaHelper,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  type ColumnDef,
  type ColumnHelper,
  type RowData,
} from '@tanstack/react-table';
import { compareDecimalText } from '../format/decimal-format';

/** What a DataTable column may say about itself beyond TanStack's own options. */
export interface DataColumnMeta {
  /** Right-aligned, tabular digits; not searched by the quick filter. */
  numeric?: boolean;
  /** Header label for CSV when `header` is not a plain string. */
  label?: string;
  /** Text for CSV export from the cell value (default: the value as text, "" when missing). */
  exportValue?: (value: unknown) => string;
  /** False for columns that are UI only (action buttons): left out of CSV exports. */
  exportable?: boolean;
}

/** Sorts decimal strings numerically by their text: exact, no floats. */
export const sortFn_decimal = constructSortFn({
  sort: (a: unknown, b: unknown) => compareDecimalText(String(a), String(b)),
});

/**
 * The one feature set every DataTable uses (module scope, so it is stable): client sorting, column
 * sizes, resizing, visibility and order (the user's, saved per workspace: column-prefs.ts). The quick text filter runs before the table (quick-filter.ts): TanStack's
 * filtering features add per-row state to every one of up to 20,000 rows on each rebuild.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, text: sortFn_text, decimal: sortFn_decimal },
  columnSizingFeature,
  columnResizingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  columnMeta: metaHelper<DataColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

// The column array holds heterogeneous value types; `any` is TanStack's own erasure for that case.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataColumnDef<T extends RowData> = ColumnDef<DataTableFeatures, T, any>;

/** A typed column helper for rows of type T. Build the columns once, at module scope. */
export function dataColumnHelper<T extends RowData>(): ColumnHelper<DataTableFeatures, T> {
  return createColumnHelper<DataTableFeatures, T>();
}

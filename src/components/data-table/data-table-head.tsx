import { memo } from 'react';
import { FlexRender, type Header, type RowData, type SortingState } from '@tanstack/react-table';
import type { DataTableFeatures } from './data-table-features';

function sortIndicator<T extends RowData>(header: Header<DataTableFeatures, T, unknown>, multiSort: boolean): string {
  const sorted = header.column.getIsSorted();
  if (!sorted) return '';
  const arrow = sorted === 'asc' ? '▲' : '▼';
  return multiSort ? `${arrow}${header.column.getSortIndex() + 1}` : arrow;
}

/** Drag (or arrow keys, when focused) to change a column's width; double-click for its default. */
function ColumnResizer<T extends RowData>({ header }: { header: Header<DataTableFeatures, T, unknown> }) {
  const column = header.column;
  if (!column.getCanResize()) return null;
  const name =
    column.columnDef.meta?.label ?? (typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id);
  const handler = header.getResizeHandler();
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${name}`}
      aria-valuenow={column.getSize()}
      tabIndex={0}
      className={column.getIsResizing() ? 'dt-resizer dt-resizer--active' : 'dt-resizer'}
      data-testid={`dt-resize-${column.id}`}
      onMouseDown={handler}
      onTouchStart={handler}
      onDoubleClick={() => column.resetSize()}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        e.stopPropagation();
        const size = column.getSize() + (e.key === 'ArrowRight' ? 10 : -10);
        header.getContext().table.setColumnSizing((old) => ({ ...old, [column.id]: Math.max(36, size) }));
      }}
    />
  );
}

interface DataTableHeadProps<T extends RowData> {
  headers: readonly Header<DataTableFeatures, T, unknown>[];
  /** What the header shows besides the columns: the sort, the user's column state, a resize in progress. */
  sorting: SortingState;
  columns: unknown;
  resizing: unknown;
}

function DataTableHeadView<T extends RowData>({ headers, sorting }: DataTableHeadProps<T>) {
  return (
    <div role="row" className="dt-row dt-row--head" aria-rowindex={1}>
      {headers.map((header) => {
        const sorted = header.column.getIsSorted();
        const numeric = header.column.columnDef.meta?.numeric;
        return (
          <div
            key={header.id}
            role="columnheader"
            className={numeric ? 'dt-th dt-th--num' : 'dt-th'}
            aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
          >
            {header.column.getCanSort() ? (
              <button
                type="button"
                className="dt-sort"
                onClick={header.column.getToggleSortingHandler()}
                title="Sort (shift-click to add)"
              >
                <FlexRender header={header} />
                <span className="dt-sort-mark">{sortIndicator(header, sorting.length > 1)}</span>
              </button>
            ) : (
              <FlexRender header={header} />
            )}
            <ColumnResizer header={header} />
          </div>
        );
      })}
    </div>
  );
}

/**
 * The header row. Memoized: a data change (every frame while the feed is busy) re-renders the body's
 * changed rows, not a dozen header cells with their sort buttons and resizers.
 */
export const DataTableHead = memo(DataTableHeadView) as typeof DataTableHeadView;

import { memo } from 'react';
import { FlexRender, type Column, type Row, type RowData } from '@tanstack/react-table';
import type { DataTableFeatures } from './data-table-features';
import { sameRecord } from './row-equality';

interface DataRowProps<T extends RowData> {
  row: Row<DataTableFeatures, T>;
  /** Visible leaf columns (identity changes when the column set or visibility changes). */
  columns: readonly Column<DataTableFeatures, T, unknown>[];
  /** Display index (0-based) and pixel offset inside the body. */
  index: number;
  top: number;
  testId: string | undefined;
  className: string | undefined;
  /** The row the keyboard is on (focusable; the others are reached with the arrow keys). */
  focused: boolean;
}

function DataRowView<T extends RowData>({ row, index, top, testId, className, focused }: DataRowProps<T>) {
  return (
    <div
      role="row"
      className={`dt-row${index % 2 ? ' dt-row--odd' : ''}${focused ? ' dt-row--focused' : ''}${className ? ` ${className}` : ''}`}
      tabIndex={focused ? 0 : -1}
      data-focused={focused || undefined}
      aria-rowindex={index + 2}
      data-testid={testId}
      data-row-id={row.id}
      style={{ transform: `translateY(${top}px)` }}
    >
      {row.getVisibleCells().map((cell) => (
        <div key={cell.id} role="cell" className={cell.column.columnDef.meta?.numeric ? 'dt-td dt-td--num' : 'dt-td'}>
          <FlexRender cell={cell} />
        </div>
      ))}
    </div>
  );
}

function sameRowProps<T extends RowData>(prev: DataRowProps<T>, next: DataRowProps<T>): boolean {
  return (
    prev.index === next.index &&
    prev.top === next.top &&
    prev.columns === next.columns &&
    prev.testId === next.testId &&
    prev.className === next.className &&
    prev.focused === next.focused &&
    prev.row.id === next.row.id &&
    sameRecord(prev.row.original, next.row.original)
  );
}

/** One body row; re-renders only when its record, position or columns change. */
export const DataRow = memo(DataRowView, sameRowProps) as typeof DataRowView;

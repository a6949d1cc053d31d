import { useId, useRef, useState, type CSSProperties } from 'react';
import type { Column, RowData, Table } from '@tanstack/react-table';
import type { DataTableFeatures } from './data-table-features';

function columnLabel<T extends RowData>(column: Column<DataTableFeatures, T, unknown>): string {
  const def = column.columnDef;
  return def.meta?.label ?? (typeof def.header === 'string' ? def.header : column.id);
}

/** Moves one id a step up or down in the full column order. */
function moved(order: readonly string[], id: string, step: -1 | 1): string[] {
  const next = [...order];
  const at = next.indexOf(id);
  const to = at + step;
  if (at < 0 || to < 0 || to >= next.length) return next;
  [next[at], next[to]] = [next[to] as string, next[at] as string];
  return next;
}

/**
 * The table's column chooser: show or hide each column and move it earlier or later. A button at the
 * header's right end opens it (a popover); Escape or a click elsewhere closes it. Saved with the workspace.
 */
export function ColumnMenu<T extends RowData>({ table, label }: { table: Table<DataTableFeatures, T>; label: string }) {
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<CSSProperties>({});
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);

  const columns = table.getAllLeafColumns();
  const order = columns.map((c) => c.id);
  return (
    <div className="dt-colmenu">
      <button
        ref={buttonRef}
        type="button"
        className="dt-colmenu-button"
        aria-label={`Columns of ${label}`}
        aria-expanded={open}
        popoverTarget={menuId}
        title="Show, hide and reorder columns"
        data-testid="dt-columns-button"
      >
        <span aria-hidden="true">⋮</span>
      </button>
      {/* A popover: in the top layer (no panel clips it), closed by Escape or a click elsewhere. */}
      <div
        id={menuId}
        popover="auto"
        className="dt-colmenu-list"
        role="dialog"
        aria-label={`Columns of ${label}`}
        style={place}
        onBeforeToggle={(e) => {
          const rect = buttonRef.current?.getBoundingClientRect();
          if (e.newState === 'open' && rect) setPlace({ top: rect.bottom, right: window.innerWidth - rect.right });
        }}
        onToggle={(e) => setOpen(e.newState === 'open')}
      >
        {open ? (
          <div data-testid="dt-columns-menu">
            <ul>
              {columns.map((column, i) => {
                const name = columnLabel(column);
                return (
                  <li key={column.id}>
                    <label>
                      <input
                        type="checkbox"
                        data-testid={`dt-column-visible-${column.id}`}
                        checked={column.getIsVisible()}
                        disabled={!column.getCanHide()}
                        onChange={(e) => column.toggleVisibility(e.target.checked)}
                      />
                      {name}
                    </label>
                    <button
                      type="button"
                      className="dt-colmenu-move"
                      aria-label={`Move ${name} earlier`}
                      data-testid={`dt-column-up-${column.id}`}
                      disabled={i === 0}
                      onClick={() => table.setColumnOrder(moved(order, column.id, -1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="dt-colmenu-move"
                      aria-label={`Move ${name} later`}
                      data-testid={`dt-column-down-${column.id}`}
                      disabled={i === columns.length - 1}
                      onClick={() => table.setColumnOrder(moved(order, column.id, 1))}
                    >
                      ↓
                    </button>
                  </li>
                );
              })}
            </ul>
            <button
              type="button"
              className="btn"
              onClick={() => {
                table.setColumnOrder([]);
                table.setColumnVisibility({});
                table.setColumnSizing({});
              }}
            >
              Default columns
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}

import {
  memo,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent as ReactFocusEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';
import { useTable, type RowData, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ColumnMenu } from './column-menu';
import { useColumnPrefs } from './column-prefs';
import { DataRow } from './data-row';
import { DataTableHead } from './data-table-head';
import { dataTableFeatures, type DataColumnDef } from './data-table-features';
import { filterRowsByText, warmRowTexts } from './quick-filter';
import { canSortRows, createRowSorter } from './sort-rows';
import { extractTableExport, type TableExport } from './table-export';
import './data-table.css';

/** What a panel can ask of its table: the rows as displayed, for CSV. */
export interface DataTableHandle {
  getExport: () => TableExport;
}

export interface DataTableProps<T extends RowData> {
  data: readonly T[];
  /** Build once (module scope or useMemo): a new array re-creates every column. */
  columns: DataColumnDef<T>[];
  /** Stable row identity (the store's keys), so sorting and re-renders follow the record. */
  getRowId: (row: T) => string;
  /** Accessible name of the table. */
  label: string;
  /** `data-testid` of every body row, e.g. "order-row". */
  rowTestId?: string;
  /** Quick filter: rows whose text columns contain every word (case-insensitive). */
  globalFilter?: string;
  initialSorting?: SortingState;
  emptyText?: ReactNode;
  /** Extra class per row (e.g. long/short tint). */
  rowClassName?: (row: T) => string | undefined;
  /** Row height in px (compact density by default). */
  rowHeight?: number;
  /** A row clicked, or Enter pressed on the focused row (e.g. a position: show its fills). */
  onRowActivate?: (row: T) => void;
  ref?: Ref<DataTableHandle>;
}

const DEFAULT_COLUMN = { size: 90, minSize: 36, sortUndefined: 'last' as const };
const NO_SORTING: SortingState = [];

/** id -> displayed index, the Map built on first use (only a focused or clicked row needs it). */
function indexLookup<T>(displayed: readonly T[], getRowId: (row: T) => string): (id: string) => number {
  let byId: Map<string, number> | undefined;
  return (id) => {
    if (!byId) {
      byId = new Map();
      for (let i = 0; i < displayed.length; i++) byId.set(getRowId(displayed[i]!), i);
    }
    return byId.get(id) ?? -1;
  };
}

function DataTableView<T extends RowData>({
  data,
  columns,
  getRowId,
  label,
  rowTestId,
  globalFilter = '',
  initialSorting = NO_SORTING,
  emptyText = 'Nothing yet',
  rowClassName,
  rowHeight = 20,
  onRowActivate,
  ref,
}: DataTableProps<T>) {
  // The sort is held here: the rows are filtered and sorted before the table sees them, so TanStack
  // builds rows only for the window in view (100,000 fills: a full row model per update took ~0.5 s).
  const [sorting, setSorting] = useState(initialSorting);
  const filtered = useMemo(() => filterRowsByText(data, columns, globalFilter), [data, columns, globalFilter]);
  // A large table's search texts are built while the page is idle, ready for the first keystroke.
  useEffect(() => warmRowTexts(data, columns), [data, columns]);
  const windowed = canSortRows(columns, sorting, dataTableFeatures.sortFns);
  // Live data while a column is sorted: new rows are merged into the last sort (sort-rows.ts).
  const [sortRows] = useState(createRowSorter<T>);
  const displayed = useMemo(
    () => (windowed ? sortRows(filtered, columns, sorting, dataTableFeatures.sortFns) : filtered),
    [filtered, columns, sorting, windowed, sortRows],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  // The build has no React Compiler, and the virtualizer is only read during this render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: displayed.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    // Items keyed by index (the default): rows have a fixed height and React keys them by id, and a
    // key per row made every data change re-key all 100,000 measurements (~80 ms).
    overscan: 12,
    // The sticky header row sits above the first body row inside the scroll element.
    scrollMargin: rowHeight,
  });
  const items = virtualizer.getVirtualItems();
  // The rows the table builds: the window in view (or all of them when TanStack must sort: a sort
  // function sortRows cannot run, which no column of ours has).
  const first = windowed ? (items[0]?.index ?? 0) : 0;
  const last = windowed ? (items.at(-1)?.index ?? -1) : displayed.length - 1;
  const tableData = useMemo(
    () => (windowed ? displayed.slice(first, last + 1) : displayed),
    [displayed, windowed, first, last],
  );
  const prefs = useColumnPrefs(label);
  const state = useMemo(() => ({ ...prefs.state, sorting }), [prefs.state, sorting]);
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: tableData,
    getRowId,
    defaultColumn: DEFAULT_COLUMN,
    state,
    onSortingChange: setSorting,
    manualSorting: windowed,
    ...prefs.handlers,
    columnResizeMode: 'onChange',
  });
  const rows = table.getRowModel().rows;
  // A displayed index -> its row of the table (the table holds the window, or everything, sorted).
  const rowAt = (index: number) => (windowed ? rows[index - first] : rows[index]);
  const idAt = (index: number): string | undefined =>
    windowed ? (index < displayed.length ? getRowId(displayed[index]!) : undefined) : rows[index]?.id;
  const displayedIndexOf = useMemo(() => indexLookup(displayed, getRowId), [displayed, getRowId]);
  const indexOfId = (id: string): number => (windowed ? displayedIndexOf(id) : rows.findIndex((r) => r.id === id));
  const total = displayed.length;

  useImperativeHandle(
    ref,
    () => ({
      // Every displayed row, not just the window: the CSV is the whole table as shown.
      getExport: () =>
        extractTableExport({
          getVisibleLeafColumns: () => table.getVisibleLeafColumns(),
          getRowModel: () =>
            windowed
              ? {
                  rows: displayed.map((d, i) => ({
                    getValue: (id: string) => table.getColumn(id)?.accessorFn?.(d, i),
                  })),
                }
              : table.getRowModel(),
        }),
    }),
    [table, displayed, windowed],
  );

  // Keyboard: the focused row (roving focus) moves with the arrow keys, Home/End and PgUp/PgDn.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusPending = useRef(false);
  // The latest focused row as the keys moved it: two keys pressed before React renders again must
  // both count (the state of this render would still say the row before the first).
  const keyedId = useRef<string | null>(null);
  const focusedIndex = focusedId === null ? -1 : indexOfId(focusedId);
  const visibleColumns = table.getVisibleLeafColumns();

  const sizeVars: Record<string, string> = { '--dt-row-h': `${rowHeight}px` };
  const template: string[] = [];
  for (const column of visibleColumns) {
    const size = column.getSize();
    sizeVars[`--col-${column.id}-size`] = `${size}px`;
    template.push(`minmax(var(--col-${column.id}-size), ${size}fr)`);
  }
  sizeVars['--dt-columns'] = template.join(' ');
  const rootStyle = sizeVars as CSSProperties;

  // The body row an event happened in (its id), if any.
  const rowOf = (target: EventTarget): T | undefined => {
    const element = target instanceof Element ? target.closest<HTMLElement>('[role="row"][data-row-id]') : null;
    const id = element?.dataset.rowId;
    if (id === undefined) return undefined;
    const index = indexOfId(id);
    return index < 0 ? undefined : windowed ? displayed[index] : rows[index]?.original;
  };
  const activate = (target: EventTarget) => {
    const row = onRowActivate ? rowOf(target) : undefined;
    if (row !== undefined) onRowActivate?.(row);
  };

  const moveFocus = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && onRowActivate) {
      e.preventDefault();
      activate(e.target);
      return;
    }
    if (total === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const current = keyedId.current ?? focusedId;
    const from = current === null ? -1 : current === focusedId ? focusedIndex : indexOfId(current);
    const to =
      e.key === 'ArrowDown'
        ? from + 1
        : e.key === 'ArrowUp'
          ? from - 1
          : e.key === 'PageDown'
            ? from + page
            : e.key === 'PageUp'
              ? from - page
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? total - 1
                  : null;
    if (to === null) return;
    e.preventDefault();
    const index = Math.min(total - 1, Math.max(0, to));
    const id = idAt(index);
    if (id === undefined) return;
    keyedId.current = id;
    setFocusedId(id);
    focusPending.current = true;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  // A row clicked (or focused any other way) is where the arrow keys start from.
  const followFocus = (e: ReactFocusEvent<HTMLDivElement>) => {
    const id =
      e.target instanceof HTMLElement && e.target.getAttribute('role') === 'row' ? e.target.dataset.rowId : undefined;
    if (id === undefined) return;
    keyedId.current = id;
    if (id !== focusedId) setFocusedId(id);
  };

  // The row a key moved to gets the DOM focus once it is rendered: far away (End, PgDn) it appears only
  // after the virtualizer has scrolled and rendered again, so this runs after every render until then.
  useEffect(() => {
    if (!focusPending.current || focusedId === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(focusedId)}"]`);
    if (!element) return;
    focusPending.current = false;
    element.focus({ preventScroll: true });
  });
  // Roving tab stop: the focused row when it is in the DOM, otherwise the scroll area (arrow keys start there).
  const focusedRendered = focusedIndex >= 0 && items.some((item) => item.index === focusedIndex);

  const headerGroup = table.getHeaderGroups().at(-1);

  return (
    <div className="dt" style={rootStyle}>
      <ColumnMenu table={table} label={label} />
      <div
        className="dt-scroll"
        ref={scrollRef}
        // The table is one tab stop (this area, or the focused row once there is one): arrow keys,
        // Home/End and PgUp/PgDn then move between rows.
        tabIndex={focusedRendered ? -1 : 0}
        aria-label={`${label}: use the arrow keys to move between rows`}
        role="group"
        data-testid="dt-rows"
        onKeyDown={moveFocus}
        onFocus={followFocus}
        onClick={onRowActivate ? (e) => activate(e.target) : undefined}
        data-activatable={onRowActivate ? true : undefined}
      >
        {/* The table role holds only its row groups (axe: a table's children are rows). */}
        <div
          className="dt-inner"
          role="table"
          aria-label={label}
          aria-rowcount={total + 1}
          data-row-count={total}
          style={{ minWidth: table.getTotalSize() }}
        >
          <div role="rowgroup" className="dt-head">
            <DataTableHead
              headers={headerGroup?.headers ?? []}
              sorting={sorting}
              columns={state}
              resizing={table.state.columnResizing}
            />
          </div>
          <div role="rowgroup" className="dt-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              if (!row) return null;
              return (
                <DataRow
                  key={row.id}
                  row={row}
                  columns={visibleColumns}
                  index={item.index}
                  top={item.start - virtualizer.options.scrollMargin}
                  testId={rowTestId}
                  className={rowClassName?.(row.original)}
                  focused={row.id === focusedId}
                />
              );
            })}
          </div>
        </div>
        {total === 0 ? <div className="dt-empty">{emptyText}</div> : null}
      </div>
    </div>
  );
}

/**
 * A dense, virtualized, sortable table on TanStack Table v9 (memoized: a parent re-render with the same
 * data does not rebuild anything). Only the rows in view are in the DOM and in TanStack's row model
 * (tables hold up to 100,000 fills); `aria-rowcount` and `data-row-count` give the full displayed count. Column widths live in CSS
 * variables (`--col-<id>-size`) on the table element. `ref.getExport()` returns what is displayed.
 */
export const DataTable = memo(DataTableView) as typeof DataTableView;

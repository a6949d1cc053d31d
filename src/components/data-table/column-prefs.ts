import { functionalUpdate, type Updater } from '@tanstack/react-table';
import { useCallback, useMemo } from 'react';
import { EMPTY_COLUMN_PREFS, setColumnPrefs, type ColumnPrefs } from '../../store/layout-settings';
import { useSettings } from '../../store/settings-store';

/**
 * A table's column widths, hidden columns and order as the user left them, kept with the current
 * workspace (settings-store `layout.columns`, by table key), and the TanStack change handlers that
 * write them back.
 */
export function useColumnPrefs(tableKey: string) {
  const prefs = useSettings((s) => s.layout.columns[tableKey]) ?? EMPTY_COLUMN_PREFS;
  const update = useCallback(
    (change: (p: ColumnPrefs) => ColumnPrefs) =>
      useSettings
        .getState()
        .changeLayout((l) => setColumnPrefs(l, tableKey, change(l.columns[tableKey] ?? EMPTY_COLUMN_PREFS))),
    [tableKey],
  );
  const handlers = useMemo(
    () => ({
      onColumnSizingChange: (u: Updater<Record<string, number>>) =>
        update((p) => ({ ...p, sizing: functionalUpdate(u, p.sizing) })),
      onColumnVisibilityChange: (u: Updater<Record<string, boolean>>) =>
        update((p) => ({ ...p, visibility: functionalUpdate(u, p.visibility) })),
      onColumnOrderChange: (u: Updater<string[]>) => update((p) => ({ ...p, order: functionalUpdate(u, p.order) })),
    }),
    [update],
  );
  const state = useMemo(
    () => ({ columnSizing: prefs.sizing, columnVisibility: prefs.visibility, columnOrder: prefs.order }),
    [prefs],
  );
  return { state, handlers };
}

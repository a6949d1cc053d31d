/**
 * The saved panel layout and theme as plain data, and the pure changes the UI makes to them. Panel and
 * area ids are opaque strings here: the app's panel registry gives them meaning, so an id saved by an
 * older or newer build (a panel since renamed or removed) is harmless and simply matches nothing.
 */
export type Theme = 'dark' | 'light';
export const THEMES: readonly Theme[] = ['dark', 'light'];

export interface LayoutSettings {
  /** Panels the user hid (panel ids). */
  hidden: string[];
  /** Panels the user collapsed to their title bar. */
  collapsed: string[];
  /** The selected tab of each area that holds several panels: area id -> panel id. */
  tabs: Record<string, string>;
  /**
   * The docking library's own serialized layout (where every panel sits, group sizes, popouts), as the
   * board last saw it; absent until the user moves something, and for a layout an older build saved (the
   * board then builds the default arrangement from hidden, collapsed and tabs above).
   */
  dock?: unknown;
  /** Each table's column widths, hidden columns and order, by table key. */
  columns: Record<string, ColumnPrefs>;
}

/** One table's columns as the user arranged them (TanStack Table's own state shapes). */
export interface ColumnPrefs {
  sizing: Record<string, number>;
  visibility: Record<string, boolean>;
  order: string[];
}

export const EMPTY_COLUMN_PREFS: ColumnPrefs = { sizing: {}, visibility: {}, order: [] };

export const DEFAULT_LAYOUT: LayoutSettings = { hidden: [], collapsed: [], tabs: {}, columns: {} };

/** Toggle a panel id in a list (hidden or collapsed), keeping the list free of duplicates. */
function toggled(list: readonly string[], id: string, on: boolean): string[] {
  const without = list.filter((x) => x !== id);
  return on ? [...without, id] : without;
}

export function setPanelHidden(layout: LayoutSettings, panelId: string, hidden: boolean): LayoutSettings {
  return { ...layout, hidden: toggled(layout.hidden, panelId, hidden) };
}

export function setPanelCollapsed(layout: LayoutSettings, panelId: string, collapsed: boolean): LayoutSettings {
  return { ...layout, collapsed: toggled(layout.collapsed, panelId, collapsed) };
}

export function selectTab(layout: LayoutSettings, areaId: string, panelId: string): LayoutSettings {
  return { ...layout, tabs: { ...layout.tabs, [areaId]: panelId } };
}

export function resetLayout(): LayoutSettings {
  return { hidden: [], collapsed: [], tabs: {}, columns: {} };
}

export function setColumnPrefs(layout: LayoutSettings, tableKey: string, prefs: ColumnPrefs): LayoutSettings {
  return { ...layout, columns: { ...layout.columns, [tableKey]: prefs } };
}

function numberRecord(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}

function booleanRecord(value: unknown): Record<string, boolean> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
}

/** Column preferences read back from storage: whatever has the wrong shape is dropped. */
export function mergeColumns(saved: unknown): Record<string, ColumnPrefs> {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return {};
  return Object.fromEntries(
    Object.entries(saved as Record<string, unknown>).map(([key, value]) => {
      const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      return [
        key,
        { sizing: numberRecord(v.sizing), visibility: booleanRecord(v.visibility), order: stringList(v.order) ?? [] },
      ];
    }),
  );
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return [...new Set(value.filter((x): x is string => typeof x === 'string'))];
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  return Object.fromEntries(entries);
}

/**
 * A layout read back from localStorage, whatever build wrote it: fields an older build did not have
 * (`tabs`, `dock`, `columns`) or that do not have the expected shape take their defaults; the rest is kept.
 */
export function mergeLayout(defaults: LayoutSettings, saved: unknown): LayoutSettings {
  const s = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  return {
    hidden: stringList(s.hidden) ?? defaults.hidden,
    collapsed: stringList(s.collapsed) ?? defaults.collapsed,
    tabs: stringRecord(s.tabs) ?? defaults.tabs,
    ...(typeof s.dock === 'object' && s.dock !== null ? { dock: s.dock } : {}),
    columns: mergeColumns(s.columns),
  };
}

export function mergeTheme(defaultTheme: Theme, saved: unknown): Theme {
  return THEMES.includes(saved as Theme) ? (saved as Theme) : defaultTheme;
}

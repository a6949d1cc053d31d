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
}

export const DEFAULT_LAYOUT: LayoutSettings = { hidden: [], collapsed: [], tabs: {} };

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
  return { hidden: [], collapsed: [], tabs: {} };
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
 * (`tabs`) or that do not have the expected shape take their defaults; the rest is kept.
 */
export function mergeLayout(defaults: LayoutSettings, saved: unknown): LayoutSettings {
  const s = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  return {
    hidden: stringList(s.hidden) ?? defaults.hidden,
    collapsed: stringList(s.collapsed) ?? defaults.collapsed,
    tabs: stringRecord(s.tabs) ?? defaults.tabs,
  };
}

export function mergeTheme(defaultTheme: Theme, saved: unknown): Theme {
  return THEMES.includes(saved as Theme) ? (saved as Theme) : defaultTheme;
}

import type { LayoutSettings } from '../store/layout-settings';
import type { AreaSpec, ColumnId, PanelSpec } from './panel-specs';

/** One area as drawn: its visible panels (tabs when more than one), the one shown, and whether it is folded. */
export interface BoardArea {
  id: string;
  weight: number;
  panels: readonly PanelSpec[];
  /** The panel on show: the saved tab when it is visible, else the area's first visible panel. */
  activeId: string;
  /** The panel on show is collapsed to its title bar. */
  collapsed: boolean;
}

export interface BoardColumn {
  id: ColumnId;
  weight: number;
  areas: readonly BoardArea[];
}

/**
 * What the board draws for a saved layout: hidden panels are left out, an area with no visible panel
 * disappears (its column's other areas take the room), and so does a column with no visible area.
 * Saved ids that name no panel (from another build) change nothing.
 */
export function arrangeBoard(
  columns: readonly { id: ColumnId; weight: number }[],
  areas: readonly AreaSpec[],
  panels: readonly PanelSpec[],
  layout: LayoutSettings,
): BoardColumn[] {
  const hidden = new Set(layout.hidden);
  const collapsed = new Set(layout.collapsed);
  const boardAreas = areas.flatMap((area): { column: ColumnId; area: BoardArea }[] => {
    const visible = panels.filter((p) => p.area === area.id && !hidden.has(p.id));
    const first = visible[0];
    if (!first) return [];
    const saved = layout.tabs[area.id];
    const activeId = visible.some((p) => p.id === saved) ? (saved as string) : first.id;
    return [
      {
        column: area.column,
        area: { id: area.id, weight: area.weight, panels: visible, activeId, collapsed: collapsed.has(activeId) },
      },
    ];
  });
  return columns
    .map((c) => ({ id: c.id, weight: c.weight, areas: boardAreas.filter((a) => a.column === c.id).map((a) => a.area) }))
    .filter((c) => c.areas.length > 0);
}

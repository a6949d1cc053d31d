import type { DockviewApi } from 'dockview-react';
import type { LayoutSettings } from '../../store/layout-settings';
import { arrangeBoard } from '../layout-model';
import { AREAS, COLUMNS, PANEL_SPECS } from '../panel-specs';

/** The dock's component name for every panel (the panel's own id says which one). */
export const PANEL_COMPONENT = 'panel';

const TITLE_BY_ID = new Map<string, string>(PANEL_SPECS.map((p) => [p.id, p.title]));
const AREA_BY_ID = new Map<string, string>(PANEL_SPECS.map((p) => [p.id, p.area]));
const COLUMN_BY_AREA = new Map<string, string>(AREAS.map((a) => [a.id, a.column]));

/**
 * Lays the default board out in the dock (panel-specs.ts says where and why): two columns, each a stack
 * of groups sized by the areas' weights, the panels of one area as tabs of one group. What an older
 * build saved (hidden, collapsed, selected tabs) is honoured, so a saved layout still loads.
 */
export function buildDefaultDock(api: DockviewApi, layout: LayoutSettings): void {
  const columns = arrangeBoard(COLUMNS, AREAS, PANEL_SPECS, layout);
  columns.forEach((column, ci) => {
    column.areas.forEach((area, ai) => {
      const first = area.panels[0];
      if (!first) return;
      area.panels.forEach((panel, pi) => {
        const above = column.areas[ai - 1]?.panels[0];
        const position =
          pi > 0
            ? { referencePanel: first.id, direction: 'within' as const }
            : above
              ? { referencePanel: above.id, direction: 'below' as const }
              : ci > 0
                ? { direction: 'right' as const }
                : undefined;
        api.addPanel({
          id: panel.id,
          component: PANEL_COMPONENT,
          title: panel.title,
          inactive: panel.id !== area.activeId,
          ...(position ? { position } : {}),
        });
      });
    });
  });
  // Column widths and area heights by weight (the dock starts with equal shares).
  const totalWidth = columns.reduce((sum, c) => sum + c.weight, 0);
  for (const column of columns) {
    const lead = column.areas[0]?.panels[0];
    if (lead && api.width > 0)
      api.getPanel(lead.id)?.group.api.setSize({ width: (api.width * column.weight) / totalWidth });
    const totalHeight = column.areas.reduce((sum, a) => sum + a.weight, 0);
    for (const area of column.areas) {
      const panel = area.panels[0];
      if (panel && api.height > 0)
        api.getPanel(panel.id)?.group.api.setSize({ height: (api.height * area.weight) / totalHeight });
    }
  }
}

/**
 * Puts a panel the user shows again back near where it belongs: a tab next to a panel of its area, else
 * below a panel of its column, else a column of its own on the right.
 */
export function addPanelNearHome(api: DockviewApi, panelId: string, behind = false): void {
  const title = TITLE_BY_ID.get(panelId);
  if (title === undefined || api.getPanel(panelId)) return;
  const area = AREA_BY_ID.get(panelId);
  const column = area ? COLUMN_BY_AREA.get(area) : undefined;
  const sameArea = PANEL_SPECS.find((p) => p.area === area && p.id !== panelId && api.getPanel(p.id));
  const sameColumn = [...PANEL_SPECS]
    .reverse()
    .find((p) => COLUMN_BY_AREA.get(p.area) === column && p.id !== panelId && api.getPanel(p.id));
  const position = sameArea
    ? { referencePanel: sameArea.id, direction: 'within' as const }
    : sameColumn
      ? { referencePanel: sameColumn.id, direction: 'below' as const }
      : { direction: 'right' as const };
  api.addPanel({
    id: panelId,
    component: PANEL_COMPONENT,
    title,
    position,
    ...(behind && sameArea ? { inactive: true } : {}),
  });
}

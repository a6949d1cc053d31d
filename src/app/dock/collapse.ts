import type { DockviewApi } from 'dockview-react';

/** The least height of a group that is not collapsed: its tabs, a title bar and a few rows. */
const OPEN_MIN_HEIGHT = 90;
/** A collapsed panel's title bar under the group's tabs, borders included. */
const PANEL_HEAD_HEIGHT = 28;

/** What each group's height was before it collapsed, to give it back on expand. */
const heightBefore = new WeakMap<object, number>();

/**
 * A group whose panel on show is collapsed shrinks to its tabs and that panel's title bar, and its
 * neighbours take the room; expanded again, it gets its old height back. Only groups in the grid: a
 * popped-out window keeps its size.
 */
export function applyCollapsed(api: DockviewApi, collapsed: readonly string[]): void {
  const folded = new Set(collapsed);
  for (const group of api.groups) {
    if (group.api.location.type !== 'grid') continue;
    const active = group.activePanel?.id;
    const tabs = group.element.querySelector<HTMLElement>('.dv-tabs-and-actions-container');
    const closed = (tabs?.offsetHeight ?? 30) + PANEL_HEAD_HEIGHT;
    if (active !== undefined && folded.has(active)) {
      if (group.height > closed) heightBefore.set(group, group.height);
      group.api.setConstraints({ minimumHeight: closed, maximumHeight: closed });
      group.api.setSize({ height: closed });
    } else if (group.maximumHeight === group.minimumHeight && group.minimumHeight < OPEN_MIN_HEIGHT) {
      group.api.setConstraints({ minimumHeight: OPEN_MIN_HEIGHT, maximumHeight: Number.MAX_SAFE_INTEGER });
      const before = heightBefore.get(group);
      if (before !== undefined) group.api.setSize({ height: before });
    }
  }
}

/**
 * Every dashboard panel and where it sits, as data (the components are attached in panels.tsx). Sized
 * for one 1600×1000 screen: two columns (the tables' column minimums rule out three), the wide left one
 * for the account tables and the feed of notices, the right one for what explains them. An area that
 * lists several panels shows them as tabs in its title bar. `weight` is an area's share of its
 * column's height; a collapsed area shrinks to its title bar and the others share the rest.
 *
 *   left (7/12, ~925 px: connections and positions need ~915 px)  right (5/12, ~660 px)
 *   connections                                                   equity chart | Daily PnL
 *   positions        where the eye goes first                     PnL summary | Exposure | PnL by symbol | Allocation
 *   open orders                                                   market      next to the positions
 *   fills                                                         balances
 *   notifications    alerts and venue notices, wide messages
 */
export type ColumnId = 'left' | 'right';

export interface AreaSpec {
  id: string;
  column: ColumnId;
  weight: number;
}

export interface PanelSpec {
  /** The Panel's id: its frame is `data-testid="panel-<id>"`. */
  id: string;
  /** Title in the settings drawer and on its tab. */
  title: string;
  area: string;
}

export const COLUMNS: readonly { id: ColumnId; weight: number }[] = [
  { id: 'left', weight: 7 },
  { id: 'right', weight: 5 },
];

export const AREAS: readonly AreaSpec[] = [
  { id: 'connections', column: 'left', weight: 0.9 },
  { id: 'positions', column: 'left', weight: 1 },
  { id: 'orders', column: 'left', weight: 1 },
  { id: 'fills', column: 'left', weight: 1 },
  { id: 'notifications', column: 'left', weight: 0.8 },
  { id: 'chart', column: 'right', weight: 1 },
  { id: 'summary', column: 'right', weight: 1.2 },
  { id: 'market', column: 'right', weight: 1.1 },
  { id: 'balances', column: 'right', weight: 0.75 },
];

/** In display order; panels of one area in tab order (the first is the default tab). */
export const PANEL_SPECS = [
  { id: 'connections', title: 'Connections', area: 'connections' },
  { id: 'positions', title: 'Positions', area: 'positions' },
  { id: 'orders', title: 'Open orders', area: 'orders' },
  { id: 'fills', title: 'Fills', area: 'fills' },
  { id: 'notifications', title: 'Notifications', area: 'notifications' },
  { id: 'chart', title: 'Equity & PnL', area: 'chart' },
  { id: 'pnl-summary', title: 'PnL summary', area: 'summary' },
  { id: 'exposure', title: 'Exposure', area: 'summary' },
  { id: 'market', title: 'Market', area: 'market' },
  { id: 'balances', title: 'Balances', area: 'balances' },
  // Added later: last, so the number keys 1–0 still go where they went (a tab keeps its area's order).
  { id: 'pnl-daily', title: 'Daily PnL', area: 'chart' },
  { id: 'pnl-breakdown', title: 'PnL by symbol', area: 'summary' },
  { id: 'allocation', title: 'Allocation', area: 'summary' },
] as const satisfies readonly PanelSpec[];

export type PanelId = (typeof PANEL_SPECS)[number]['id'];

import { createContext } from 'react';

export interface PanelTab {
  id: string;
  title: string;
}

/**
 * What the board tells a panel about its place in the layout: whether it is collapsed, and the tabs of
 * the area it shares with other panels. A Panel rendered without it (outside the board) keeps its own
 * collapsed state and shows no tabs.
 */
export interface PanelChrome {
  collapsed: boolean;
  onToggleCollapsed(): void;
  /** Every visible panel of the area, this one included, in tab order. One or none: no tab strip. */
  tabs: readonly PanelTab[];
  /** This panel is the area's tab on show: only that one draws the tab strip, so each tab is in the page once. */
  active: boolean;
  onSelectTab(panelId: string): void;
  /** The panel sits in the dock, whose tab already shows its title: the heading is kept for screen readers only. */
  docked?: boolean;
}

export const PanelChromeContext = createContext<PanelChrome | null>(null);

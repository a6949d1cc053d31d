import { useLayoutEffect } from 'react';
import { TopBar } from '../features/header/top-bar';
import { JournalWriteNotice } from '../features/journal/journal-write-notice';
import { SettingsDrawer } from '../features/settings/settings-drawer';
import type { LayoutPanelEntry } from '../features/settings/layout-settings-section';
import { useSettings } from '../store/settings-store';
import { Board } from './dock/board';
import { PANELS } from './panels';
import './theme.css';
import './layout.css';

/** The drawer's list: every panel, with the panels it shares an area (tabs) with. */
const DRAWER_PANELS: readonly LayoutPanelEntry[] = PANELS.map((p) => ({
  id: p.id,
  title: p.title,
  tabsWith: PANELS.filter((o) => o.area === p.area && o.id !== p.id).map((o) => o.title),
}));

/** Keeps <html data-theme> in step with the saved theme (index.html set it before the first paint). */
function useDocumentTheme() {
  const theme = useSettings((s) => s.theme);
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/**
 * The dashboard: totals on top, then the panels in the dock (the saved arrangement of the current
 * workspace; panel-specs.ts has the default and the reasons for it), and the settings drawer.
 */
export function App() {
  useDocumentTheme();
  return (
    <div className="app">
      <TopBar />
      <JournalWriteNotice />
      <Board />
      <SettingsDrawer panels={DRAWER_PANELS} />
    </div>
  );
}

export default App;

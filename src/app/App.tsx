import { lazy, Suspense, useLayoutEffect, useState } from 'react';
import { TopBar } from '../features/header/top-bar';
import { JournalWriteNotice } from '../features/journal/journal-write-notice';
import { unreadTitle } from '../features/notifications/unread-title';
import { useUnreadCount } from '../features/notifications/use-unread-count';
import type { LayoutPanelEntry } from '../features/settings/layout-settings-section';
import { useSettingsDrawer } from '../features/shared/settings-drawer-store';
import { useSettings } from '../store/settings-store';
import { useConnections } from '../store/connections-store';
import { useProfileLink } from '../store/profile-link-store';
import { useConnectionsPersistence } from '../store/connections-persistence';
import { PANEL_SPECS } from './panel-specs';
import './theme.css';
import './layout.css';

/*
 * Initial JS budget (scripts/initial-js.test.ts): the page paints the top bar from the entry script;
 * the dock (dockview, the panels, the tables) is fetched as soon as the entry runs, in parallel with
 * that first render, and the settings drawer when it is first opened.
 */
const boardModule = import('./dock/board');
const Board = lazy(() => boardModule.then((m) => ({ default: m.Board })));
const SettingsDrawer = lazy(() =>
  import('../features/settings/settings-drawer').then((m) => ({ default: m.SettingsDrawer })),
);

// The first-run welcome (and the venue descriptors it shows) only when there is nothing connected.
const Welcome = lazy(() => import('../features/connections/welcome'));

/**
 * No connection, and none on its way: the saved connections have been read (no welcome flashing by on
 * a reload; a follower tab, which reads none, never shows it), and no ?profile= link is loading (or
 * about to: the link is read once the saved connections are back).
 */
function useFirstRun(): boolean {
  const none = useConnections((s) => s.configs.length === 0);
  const restoring = useConnectionsPersistence((s) => s.phase === 'opening');
  const link = useProfileLink((s) => s.outcome.state);
  const linkPending = link === 'loading' || (link === 'none' && new URLSearchParams(location.search).has('profile'));
  return none && !restoring && !linkPending;
}

/** The drawer's list: every panel, with the panels it shares an area (tabs) with. */
const DRAWER_PANELS: readonly LayoutPanelEntry[] = PANEL_SPECS.map((p) => ({
  id: p.id,
  title: p.title,
  tabsWith: PANEL_SPECS.filter((o) => o.area === p.area && o.id !== p.id).map((o) => o.title),
}));

/** Keeps <html data-theme> in step with the saved theme (index.html set it before the first paint). */
function useDocumentTheme() {
  const theme = useSettings((s) => s.theme);
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/** `(N) Venueboard` in the tab while N notifications are unread (Mark read in the panel clears it). */
function useUnreadInTitle() {
  const unread = useUnreadCount();
  useLayoutEffect(() => {
    document.title = unreadTitle(unread);
  }, [unread]);
}

/** The settings drawer, loaded the first time it is opened and kept from then on. */
function SettingsDrawerWhenOpened() {
  const open = useSettingsDrawer((s) => s.open);
  const [wanted, setWanted] = useState(open);
  if (open && !wanted) setWanted(true);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <SettingsDrawer panels={DRAWER_PANELS} />
    </Suspense>
  );
}

/**
 * The dashboard: totals on top, then the panels in the dock (the saved arrangement of the current
 * workspace; panel-specs.ts has the default and the reasons for it), and the settings drawer.
 */
export function App() {
  useDocumentTheme();
  useUnreadInTitle();
  const firstRun = useFirstRun();
  return (
    <div className="app">
      <TopBar />
      <JournalWriteNotice />
      {firstRun ? (
        <Suspense fallback={null}>
          <Welcome />
        </Suspense>
      ) : null}
      <Suspense
        fallback={
          <main className="board board--loading" aria-label="Dashboard panels" aria-busy="true">
            Loading the panels…
          </main>
        }
      >
        <Board />
      </Suspense>
      <SettingsDrawerWhenOpened />
    </div>
  );
}

export default App;

import {
  DockviewReact,
  themeDark,
  themeLight,
  type DockviewApi,
  type DockviewReadyEvent,
  type IDockviewHeaderActionsProps,
  type IDockviewPanelProps,
} from 'dockview-react';
import 'dockview-react/dist/styles/dockview.css';
import { Activity, createElement, Fragment, useEffect, useRef, useState, type ReactElement } from 'react';
import { PanelChromeContext, type PanelChrome } from '../../components/panel-chrome';
import { useDrillDown } from '../../store/drill-down';
import { setPanelCollapsed, setPanelHidden, type LayoutSettings } from '../../store/layout-settings';
import { useSettings } from '../../store/settings-store';
import { PANELS } from '../panels';
import { addPanelNearHome, buildDefaultDock, PANEL_COMPONENT } from './default-dock';
import { applyCollapsed } from './collapse';
import { isTypingTarget, panelForDigit } from '../keyboard/shortcuts';
import { ShortcutsDialog } from '../keyboard/shortcuts-dialog';
import '../keyboard/keyboard.css';
import './dock.css';
import { PanelTab } from './panel-tab';

/** Each panel's element, made once: the dock only decides where it goes. */
const ELEMENT_BY_ID = new Map<string, ReactElement>(PANELS.map((p) => [p.id, createElement(p.component)]));
const PANEL_IDS = PANELS.map((p) => p.id);

/** One dock panel: the registry's component in its frame, told whether it is collapsed. */
function DockPanel({ api }: IDockviewPanelProps) {
  const id = api.id;
  const collapsed = useSettings((s) => s.layout.collapsed.includes(id));
  const changeLayout = useSettings((s) => s.changeLayout);
  // A panel that comes back from a popped-out window is mounted afresh: its old elements were made
  // in the other window's document, where React's event handlers no longer reach them.
  const [mount, setMount] = useState(0);
  const [visible, setVisible] = useState(api.isVisible);
  useEffect(() => {
    const sub = api.onDidVisibilityChange((e) => setVisible(e.isVisible));
    return () => sub.dispose();
  }, [api]);
  useEffect(() => {
    let where = api.group.api.location.type;
    const sub = api.onDidLocationChange((e) => {
      if (where === 'popout' && e.location.type !== 'popout') setMount((n) => n + 1);
      where = e.location.type;
    });
    return () => sub.dispose();
  }, [api]);
  const element = ELEMENT_BY_ID.get(id);
  if (!element) return null;
  const chrome: PanelChrome = {
    collapsed,
    onToggleCollapsed: () => changeLayout((l) => setPanelCollapsed(l, id, !l.collapsed.includes(id))),
    tabs: [],
    active: true,
    onSelectTab: () => undefined,
    docked: true,
  };
  return (
    <PanelChromeContext.Provider value={chrome}>
      {/* A tab not shown keeps its state but leaves its store subscriptions and renders only when React
          is idle: at thousands of messages a second it costs nothing (docs/performance.md). */}
      <Activity mode={visible ? 'visible' : 'hidden'}>
        <Fragment key={mount}>{element}</Fragment>
      </Activity>
    </PanelChromeContext.Provider>
  );
}

/** The buttons right of a group's tabs: pop the group out to a window of its own. */
function GroupActions({ containerApi, group, activePanel }: IDockviewHeaderActionsProps) {
  if (group.api.location.type !== 'grid' || !activePanel) return null;
  return (
    <div className="dock-actions">
      <button
        type="button"
        className="dock-action"
        data-testid={`dock-popout-${activePanel.id}`}
        aria-label={`Open ${activePanel.title ?? activePanel.id} in a new window`}
        title="Open in a new window"
        onClick={() => void containerApi.addPopoutGroup(group, { popoutUrl: '/popout.html' })}
      >
        <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12" fill="none" stroke="currentColor">
          <path d="M7 1h4v4M11 1 6 6M9 7v4H1V3h4" />
        </svg>
      </button>
    </div>
  );
}

const COMPONENTS = { [PANEL_COMPONENT]: DockPanel };

/**
 * Shows and hides panels until the dock holds exactly the visible ones. `behind`: a panel added goes
 * behind its area's tab on show (a saved layout from a build without that panel keeps its tabs).
 */
function reconcileHidden(api: DockviewApi, hidden: readonly string[], behind = false) {
  const hide = new Set(hidden);
  for (const id of PANEL_IDS) {
    const panel = api.getPanel(id);
    if (hide.has(id) && panel) panel.api.close();
    else if (!hide.has(id) && !panel) addPanelNearHome(api, id, behind);
  }
}

/** The saved dock layout, or the default one when there is none or the library refuses it. */
function loadLayout(api: DockviewApi, layout: LayoutSettings) {
  if (layout.dock !== undefined) {
    try {
      api.fromJSON(layout.dock as Parameters<DockviewApi['fromJSON']>[0]);
      reconcileHidden(api, layout.hidden, true);
      return;
    } catch {
      api.clear();
    }
  }
  buildDefaultDock(api, layout);
}

/**
 * The board: every visible panel in a dock (dockview) where it can be dragged to another place, resized,
 * stacked as a tab or popped out to a window. Each change of the arrangement is saved with the current
 * workspace (`layout.dock`); reset and switching workspaces rebuild it (`layoutRevision`).
 */
export function Board() {
  const theme = useSettings((s) => s.theme);
  const revision = useSettings((s) => s.layoutRevision);
  return <DockBoard key={revision} revision={revision} theme={theme} />;
}

function DockBoard({ theme, revision }: { theme: 'dark' | 'light'; revision: number }) {
  const [api, setApi] = useState<DockviewApi | null>(null);
  const loading = useRef(true);
  const hidden = useSettings((s) => s.layout.hidden);
  const collapsed = useSettings((s) => s.layout.collapsed);

  const onReady = (event: DockviewReadyEvent) => {
    const dock = event.api;
    const { layout } = useSettings.getState();
    // A dock being torn down (reset, another workspace) must not write into the layout that replaced it.
    const changeLayout = (change: (l: LayoutSettings) => LayoutSettings) => {
      const state = useSettings.getState();
      if (state.layoutRevision === revision) state.changeLayout(change);
    };
    loading.current = true;
    loadLayout(dock, layout);
    loading.current = false;
    dock.onDidLayoutChange(() => {
      if (loading.current) return;
      const json = dock.toJSON();
      changeLayout((l) => ({ ...l, dock: json }));
    });
    // A tab closed in the dock is a panel hidden (the drawer shows it again). A panel moved between
    // groups is removed and added in one step: only a panel that is gone afterwards counts.
    dock.onDidRemovePanel((panel) => {
      if (loading.current) return;
      queueMicrotask(() => {
        if (!dock.getPanel(panel.id)) changeLayout((l) => setPanelHidden(l, panel.id, true));
      });
    });
    setApi(dock);
  };

  useEffect(() => {
    if (!api) return;
    loading.current = true;
    reconcileHidden(api, hidden);
    loading.current = false;
    useSettings.getState().changeLayout((l) => ({ ...l, dock: api.toJSON() }));
  }, [api, hidden]);

  useEffect(() => {
    if (!api) return;
    applyCollapsed(api, collapsed);
    const sub = api.onDidActivePanelChange(() => applyCollapsed(api, useSettings.getState().layout.collapsed));
    return () => sub.dispose();
  }, [api, collapsed]);

  // A position's drill-down brings the Fills panel forward (shown again first if it was closed).
  useEffect(() => {
    if (!api) return;
    return useDrillDown.subscribe((s, before) => {
      if (s.shown === before.shown) return;
      const front = () => api.getPanel('fills')?.api.setActive();
      if (api.getPanel('fills')) front();
      else {
        useSettings.getState().changeLayout((l) => setPanelHidden(l, 'fills', false));
        requestAnimationFrame(front);
      }
    });
  }, [api]);

  const [help, setHelp] = useState(false);
  useEffect(() => {
    if (!api) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTypingTarget(e.target)) return;
      // While a dialog is open, its own keys rule (Escape closes it).
      if (document.querySelector('dialog[open]')) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
        return;
      }
      if (e.key === '/') {
        const id = api.activePanel?.id;
        const filter = id
          ? document.querySelector<HTMLInputElement>(`[data-testid="panel-${id}"] input[type=search]`)
          : null;
        if (filter) {
          e.preventDefault();
          filter.focus();
          filter.select();
        }
        return;
      }
      const id = panelForDigit(e.key);
      const panel = id ? api.getPanel(id) : undefined;
      if (!id || !panel) return;
      e.preventDefault();
      panel.api.setActive();
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="panel-${id}"]`)?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api]);

  return (
    <main className="board" aria-label="Dashboard panels">
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
      <DockviewReact
        className="dock"
        theme={theme === 'light' ? themeLight : themeDark}
        components={COMPONENTS}
        rightHeaderActionsComponent={GroupActions}
        defaultTabComponent={PanelTab}
        onReady={onReady}
        popoutUrl="/popout.html"
      />
    </main>
  );
}

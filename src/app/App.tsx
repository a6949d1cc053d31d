import { Activity, useLayoutEffect, useMemo } from 'react';
import { PanelChromeContext, type PanelChrome } from '../components/panel-chrome';
import { TopBar } from '../features/header/top-bar';
import { JournalWriteNotice } from '../features/journal/journal-write-notice';
import { SettingsDrawer } from '../features/settings/settings-drawer';
import type { LayoutPanelEntry } from '../features/settings/layout-settings-section';
import { selectTab, setPanelCollapsed, type LayoutSettings } from '../store/layout-settings';
import { useSettings } from '../store/settings-store';
import { arrangeBoard, type BoardArea } from './layout-model';
import { AREAS, COLUMNS } from './panel-specs';
import { PANELS } from './panels';
import './theme.css';
import './layout.css';

const COMPONENT_BY_ID = new Map(PANELS.map((p) => [p.id, p.component]));

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
 * One area of the board. Every visible panel of it stays mounted (a table keeps its filter, sort and
 * scroll, the notifications their read marks); only the selected tab is displayed.
 */
function Area({
  area,
  layout,
  changeLayout,
}: {
  area: BoardArea;
  layout: LayoutSettings;
  changeLayout: (change: (l: LayoutSettings) => LayoutSettings) => void;
}) {
  const tabs = useMemo(() => area.panels.map((p) => ({ id: p.id, title: p.title })), [area.panels]);
  return (
    <div
      className={`area${area.collapsed ? ' area--collapsed' : ''}`}
      // A collapsed area keeps only its title bar (layout.css); the others share the column by weight.
      style={area.collapsed ? undefined : { flexGrow: area.weight }}
      data-testid={`layout-area-${area.id}`}
      data-active={area.activeId}
    >
      {area.panels.map((p) => {
        const Component = COMPONENT_BY_ID.get(p.id);
        if (!Component) return null;
        const active = p.id === area.activeId;
        const chrome: PanelChrome = {
          collapsed: layout.collapsed.includes(p.id),
          onToggleCollapsed: () => changeLayout((l) => setPanelCollapsed(l, p.id, !l.collapsed.includes(p.id))),
          tabs,
          active,
          onSelectTab: (id) => changeLayout((l) => selectTab(l, area.id, id)),
        };
        return (
          <div key={p.id} className={`area-slot${active ? '' : ' area-slot--inactive'}`}>
            {/* A tab not shown keeps its state but leaves its store subscriptions and renders only when
                React is idle: at thousands of messages a second it costs nothing (docs/performance.md). */}
            <Activity mode={active ? 'visible' : 'hidden'}>
              <PanelChromeContext.Provider value={chrome}>
                <Component />
              </PanelChromeContext.Provider>
            </Activity>
          </div>
        );
      })}
    </div>
  );
}

/**
 * The dashboard: totals on top, then the panels in the saved layout (panel-specs.ts has the default
 * and the reasons for it), and the settings drawer.
 */
export function App() {
  useDocumentTheme();
  const layout = useSettings((s) => s.layout);
  const changeLayout = useSettings((s) => s.changeLayout);
  const columns = useMemo(() => arrangeBoard(COLUMNS, AREAS, PANELS, layout), [layout]);
  return (
    <div className="app">
      <TopBar />
      <JournalWriteNotice />
      <main className="board">
        {columns.map((column) => (
          <div
            key={column.id}
            className={`board-column board-column--${column.id}`}
            style={{ flexGrow: column.weight }}
          >
            {column.areas.map((area) => (
              <Area key={area.id} area={area} layout={layout} changeLayout={changeLayout} />
            ))}
          </div>
        ))}
      </main>
      <SettingsDrawer panels={DRAWER_PANELS} />
    </div>
  );
}

export default App;

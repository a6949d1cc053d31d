import './components.css';
import { useContext, useState, type ReactNode } from 'react';
import { PanelChromeContext, type PanelChrome, type PanelTab } from './panel-chrome';

interface PanelProps {
  /** Panel id: the frame gets `data-testid="panel-<id>"`. */
  id: string;
  title: ReactNode;
  /** Small text next to the title (row count, source). */
  meta?: ReactNode;
  /** Buttons and inputs on the right of the title bar (left out while the panel is collapsed). */
  toolbar?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** The title, or the area's tabs with this panel's own title as the selected one. */
function PanelTitle({
  id,
  title,
  headingId,
  tabs,
  onSelectTab,
  docked,
}: {
  id: string;
  title: ReactNode;
  headingId: string;
  tabs: readonly PanelTab[] | null;
  onSelectTab: (id: string) => void;
  docked: boolean;
}) {
  if (!tabs) {
    return (
      <h2 id={headingId} className={docked ? 'panel-title visually-hidden' : 'panel-title'}>
        {title}
      </h2>
    );
  }
  return (
    <div className="panel-tabs" role="tablist">
      {tabs.map((tab) =>
        tab.id === id ? (
          <h2
            key={tab.id}
            id={headingId}
            className="panel-title panel-tab panel-tab--selected"
            role="tab"
            aria-selected="true"
            data-testid={`panel-tab-${tab.id}`}
          >
            {title}
          </h2>
        ) : (
          <button
            key={tab.id}
            type="button"
            className="panel-title panel-tab"
            role="tab"
            aria-selected="false"
            data-testid={`panel-tab-${tab.id}`}
            onClick={() => onSelectTab(tab.id)}
          >
            {tab.title}
          </button>
        ),
      )}
    </div>
  );
}

/** Collapse state from the board when there is one, else the panel's own. */
function useChrome(): Pick<PanelChrome, 'collapsed' | 'onToggleCollapsed'> & {
  tabs: readonly PanelTab[] | null;
  onSelectTab: (id: string) => void;
  docked: boolean;
} {
  const chrome = useContext(PanelChromeContext);
  const [ownCollapsed, setOwnCollapsed] = useState(false);
  if (!chrome)
    return {
      collapsed: ownCollapsed,
      onToggleCollapsed: () => setOwnCollapsed((c) => !c),
      tabs: null,
      onSelectTab: () => undefined,
      docked: false,
    };
  return {
    ...chrome,
    tabs: chrome.active && chrome.tabs.length > 1 ? chrome.tabs : null,
    docked: chrome.docked === true,
  };
}

/**
 * The frame every dashboard panel sits in: a title bar (collapse button, title or tabs, meta, toolbar),
 * then a body that fills the rest. Collapsed, only the title bar remains; the body stays mounted (and
 * hidden) so a table keeps its filter, sort and scroll.
 */
export function Panel({ id, title, meta, toolbar, className, children }: PanelProps) {
  const { collapsed, onToggleCollapsed, tabs, onSelectTab, docked } = useChrome();
  const headingId = `panel-${id}-title`;
  const bodyId = `panel-${id}-body`;
  return (
    <section
      className={`panel${collapsed ? ' panel--collapsed' : ''} ${className ?? ''}`}
      data-testid={`panel-${id}`}
      data-collapsed={collapsed}
      aria-labelledby={headingId}
      // Number keys bring a panel to the front and focus it (app/keyboard).
      tabIndex={-1}
    >
      <header className="panel-head">
        <button
          type="button"
          className="panel-collapse"
          data-testid={`panel-collapse-${id}`}
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          title={collapsed ? 'Expand' : 'Collapse to the title bar'}
          onClick={onToggleCollapsed}
        >
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span>
        </button>
        <PanelTitle id={id} title={title} headingId={headingId} tabs={tabs} onSelectTab={onSelectTab} docked={docked} />
        {meta !== undefined ? <span className="panel-meta">{meta}</span> : null}
        {collapsed ? null : <div className="panel-tools">{toolbar}</div>}
      </header>
      <div className="panel-body" id={bodyId} hidden={collapsed}>
        {children}
      </div>
    </section>
  );
}

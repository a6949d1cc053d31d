import { setPanelCollapsed, setPanelHidden } from '../../store/layout-settings';
import { useSettings } from '../../store/settings-store';

export interface LayoutPanelEntry {
  id: string;
  title: string;
  /** Titles of the other panels it shares an area with (shown as tabs). */
  tabsWith: readonly string[];
}

/** Theme switch, which panels are shown or collapsed, and a reset to the default layout. */
export function LayoutSettingsSection({ panels }: { panels: readonly LayoutPanelEntry[] }) {
  const theme = useSettings((s) => s.theme);
  const layout = useSettings((s) => s.layout);
  const update = useSettings((s) => s.update);
  const changeLayout = useSettings((s) => s.changeLayout);
  const resetBoard = useSettings((s) => s.resetBoard);
  const hidden = new Set(layout.hidden);
  const collapsed = new Set(layout.collapsed);
  const light = theme === 'light';
  return (
    <section className="settings-section" data-testid="settings-layout">
      <h3>Layout &amp; theme</h3>
      <div className="settings-row">
        <span className="settings-label">Theme</span>
        <button
          type="button"
          role="switch"
          aria-checked={light}
          className="switch"
          data-testid="theme-toggle"
          data-theme={theme}
          onClick={() => update({ theme: light ? 'dark' : 'light' })}
        >
          <span className={`switch-option${light ? '' : ' switch-option--on'}`}>Dark</span>
          <span className={`switch-option${light ? ' switch-option--on' : ''}`}>Light</span>
        </button>
      </div>
      <table className="settings-panels">
        <thead>
          <tr>
            <th scope="col">Panel</th>
            <th scope="col">Shown</th>
            <th scope="col">Collapsed</th>
          </tr>
        </thead>
        <tbody>
          {panels.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <label htmlFor={`layout-toggle-${p.id}`}>{p.title}</label>
                {p.tabsWith.length > 0 ? <span className="muted"> · tab with {p.tabsWith.join(', ')}</span> : null}
              </th>
              <td>
                <input
                  id={`layout-toggle-${p.id}`}
                  type="checkbox"
                  data-testid={`layout-toggle-${p.id}`}
                  checked={!hidden.has(p.id)}
                  onChange={(e) => changeLayout((l) => setPanelHidden(l, p.id, !e.target.checked))}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${p.title} collapsed`}
                  data-testid={`layout-collapsed-${p.id}`}
                  checked={collapsed.has(p.id)}
                  onChange={(e) => changeLayout((l) => setPanelCollapsed(l, p.id, e.target.checked))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="settings-row">
        <button
          type="button"
          className="btn"
          data-testid="layout-reset"
          onClick={resetBoard}
          title="Every panel back in its default place, expanded, first tab of each area; table columns at their default widths and order"
        >
          Reset layout
        </button>
      </div>
    </section>
  );
}

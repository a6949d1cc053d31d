import { useSettingsDrawer } from './settings-drawer-store';

/** Opens the settings drawer (layout, theme, valuation, journal, alerts). */
export function SettingsButton() {
  const open = useSettingsDrawer((s) => s.open);
  const setOpen = useSettingsDrawer((s) => s.setOpen);
  return (
    <button
      type="button"
      className="btn"
      data-testid="settings-open"
      aria-haspopup="dialog"
      aria-expanded={open}
      onClick={() => setOpen(true)}
      title="Layout, theme, valuation, journal and alerts"
    >
      Settings
    </button>
  );
}

import { useModalDialog } from '../../components/use-modal-dialog';
import { AlertSettingsSection } from './alert-settings';
import { JournalSettingsSection } from './journal-settings';
import { NumberLocaleSettingsSection } from './number-locale-settings';
import { SoundSettingsSection } from './sound-settings';
import { ValuationSettingsSection } from '../shared/valuation/valuation-settings';
import { WorkspaceSection } from './workspace-section';
import { LayoutSettingsSection, type LayoutPanelEntry } from './layout-settings-section';
import { useSettingsDrawer } from '../shared/settings-drawer-store';
import './settings.css';

/**
 * The settings drawer, on the right over the board: a modal <dialog> (focus stays inside, Escape
 * closes it, the browser puts it in the top layer). Every setting applies at once and is saved.
 */
export function SettingsDrawer({ panels }: { panels: readonly LayoutPanelEntry[] }) {
  const open = useSettingsDrawer((s) => s.open);
  const setOpen = useSettingsDrawer((s) => s.setOpen);
  const ref = useModalDialog(open);

  return (
    <dialog
      ref={ref}
      className="settings-drawer"
      data-testid="settings-drawer"
      aria-labelledby="settings-drawer-title"
      // Escape and close() both end here: keep the store in step with the dialog.
      onClose={() => setOpen(false)}
      // A click on the backdrop (the dialog element itself, outside its content) closes it.
      onClick={(e) => {
        if (e.target === e.currentTarget) setOpen(false);
      }}
    >
      {open ? (
        <div className="settings-content">
          <header className="settings-head">
            <h2 id="settings-drawer-title">Settings</h2>
            <button
              type="button"
              className="btn"
              data-testid="settings-close"
              onClick={() => setOpen(false)}
              aria-label="Close settings"
            >
              Close
            </button>
          </header>
          <div className="settings-body">
            <LayoutSettingsSection panels={panels} />
            <WorkspaceSection panelIds={panels.map((p) => p.id)} />
            <ValuationSettingsSection />
            <NumberLocaleSettingsSection />
            <JournalSettingsSection />
            <AlertSettingsSection />
            <SoundSettingsSection />
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

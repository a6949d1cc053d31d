import { useModalDialog } from '../../components/use-modal-dialog';
import { SHORTCUTS } from './shortcuts';

/** The `?` list of every shortcut: a modal dialog (Escape or Close dismisses it). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="shortcuts-dialog"
      data-testid="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts-table">
        <caption className="visually-hidden">Keys and what they do</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys} data-testid="shortcut-row">
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn" data-testid="shortcuts-close" onClick={onClose} autoFocus>
        Close
      </button>
    </dialog>
  );
}

import { createContext, useContext, useState } from 'react';
import { useConnections } from '../../store/connections-store';
import type { ConnectionRow } from '../shared/connection-row';
import { RecordControls, ReplayRowActions } from './record-replay';
import { RowMenu } from './row-menu';

/** What the panel does for a row (opening its form, its error list or its gap list); store actions are called directly. */
export interface ConnectionPanelActions {
  edit: (id: string) => void;
  showErrors: (id: string) => void;
  showGaps: (id: string) => void;
}

export const ConnectionPanelActionsContext = createContext<ConnectionPanelActions>({
  edit: () => {},
  showErrors: () => {},
  showGaps: () => {},
});

/**
 * The row's actions in one menu (five buttons did not fit the column): edit, reconnect, disconnect,
 * record, remove (remove asks once more, inside the menu, before it forgets the connection).
 */
export function ConnectionActionsCell({ row }: { row: ConnectionRow }) {
  const { edit } = useContext(ConnectionPanelActionsContext);
  const [confirming, setConfirming] = useState(false);
  if (!row.configured) return <ReplayRowActions row={row} />;
  const { reconnect, disconnect, remove } = useConnections.getState();
  return (
    <RowMenu label={`Actions for ${row.label}`} testId="connection-actions">
      <button
        type="button"
        role="menuitem"
        className="row-menu-item"
        data-testid="edit-connection"
        onClick={() => edit(row.id)}
      >
        Edit
      </button>
      <button
        type="button"
        role="menuitem"
        className="row-menu-item"
        data-testid="reconnect-connection"
        onClick={() => reconnect(row.id)}
        title="Open a fresh connection"
      >
        Reconnect
      </button>
      <button
        type="button"
        role="menuitem"
        className="row-menu-item"
        data-testid="disconnect-connection"
        disabled={!row.enabled}
        onClick={() => disconnect(row.id)}
        title="Close the connection and keep it closed"
      >
        Disconnect
      </button>
      <RecordControls row={row} />
      {confirming ? (
        <>
          <button
            type="button"
            role="menuitem"
            className="row-menu-item row-menu-item--danger"
            data-testid="confirm-remove-connection"
            onClick={() => remove(row.id)}
          >
            Remove {row.label} for good
          </button>
          <button
            type="button"
            role="menuitem"
            className="row-menu-item"
            data-keeps-menu=""
            onClick={() => setConfirming(false)}
          >
            Keep it
          </button>
        </>
      ) : (
        <button
          type="button"
          role="menuitem"
          className="row-menu-item row-menu-item--danger"
          data-testid="remove-connection"
          data-keeps-menu=""
          onClick={() => setConfirming(true)}
        >
          Remove…
        </button>
      )}
    </RowMenu>
  );
}

/** The error count (malformed + unknown frames); hover for the latest error, click for the list. */
export function ConnectionErrorsCell({ row }: { row: ConnectionRow }) {
  const { showErrors } = useContext(ConnectionPanelActionsContext);
  const latest = row.errors.at(-1);
  if (row.errorCount === 0 && !latest) return <span className="num muted">0</span>;
  return (
    <button
      type="button"
      className={`btn btn--xs btn--link ${row.errorCount > 0 ? 'num-bad' : 'num-warn'}`}
      data-testid="connection-errors-count"
      title={latest ? `latest: ${latest.message}` : `${row.errorCount} frames failed`}
      onClick={() => showErrors(row.id)}
    >
      {row.errorCount}
    </button>
  );
}

import { useMemo, useState } from 'react';
import { DataTable } from '../../components/data-table/data-table';
import { Panel } from '../../components/panel';
import { useConnections } from '../../store/connections-store';
import { ConnectionPanelActionsContext, type ConnectionPanelActions } from './connection-actions';
import { connectionColumns, connectionRowId } from './connection-columns';
import { ConnectionErrors } from './connection-errors';
import { ConnectionForm } from './connection-form';
import { ConnectionGapsDetail } from '../shared/gaps/connection-gaps-detail';
import { ImportResultBanner, ProfileImportButton, type ImportResult } from './profile-import';
import { ProfileExport } from './profile-export';
import { ReplayButton } from './record-replay';
import { useConnectionRows } from '../shared/use-connection-rows';
import { VaultButton } from '../shared/vault-manager';
import { SavedConnectionsNotice } from './saved-connections-notice';
import './connections.css';

/** Which form is open: none, a new connection, or the edit form of one id. */
type FormState = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; id: string };

/** Connections: their health at a glance, and the profile (add, edit, remove, import, export). */
export function ConnectionsPanel() {
  const rows = useConnectionRows();
  const configs = useConnections((s) => s.configs);
  const [form, setForm] = useState<FormState>({ mode: 'closed' });
  const [errorsOf, setErrorsOf] = useState<string | null>(null);
  const [gapsOf, setGapsOf] = useState<string | null>(null);
  const [importResult, setImportResult] = useState<ImportResult | null>(null);

  const actions = useMemo<ConnectionPanelActions>(
    () => ({ edit: (id) => setForm({ mode: 'edit', id }), showErrors: setErrorsOf, showGaps: setGapsOf }),
    [],
  );
  const editing = form.mode === 'edit' ? configs.find((c) => c.id === form.id) : undefined;
  const errorsRow = errorsOf === null ? undefined : rows.find((r) => r.id === errorsOf);
  const gapsRow = gapsOf === null ? undefined : rows.find((r) => r.id === gapsOf);
  const live = rows.filter((r) => r.status === 'live').length;

  const toolbar = (
    <>
      <button
        type="button"
        className="btn btn--primary"
        data-testid="add-connection"
        onClick={() => setForm({ mode: 'add' })}
      >
        Add
      </button>
      <ProfileImportButton onResult={setImportResult} />
      <ReplayButton />
      <span className="toolbar-sep" aria-hidden />
      <ProfileExport />
      <span className="toolbar-sep" aria-hidden />
      <VaultButton />
    </>
  );

  return (
    <Panel id="connections" title="Connections" meta={`${live}/${rows.length} live`} toolbar={toolbar}>
      <ConnectionPanelActionsContext value={actions}>
        <div className="conn-body">
          {importResult ? <ImportResultBanner result={importResult} onDismiss={() => setImportResult(null)} /> : null}
          <SavedConnectionsNotice />
          <div className="conn-table">
            <DataTable
              label="Connections"
              data={rows}
              columns={connectionColumns}
              getRowId={connectionRowId}
              rowTestId="connection-row"
              rowHeight={22}
              emptyText="No connections: add one or import a profile"
            />
          </div>
          {errorsRow ? <ConnectionErrors row={errorsRow} onClose={() => setErrorsOf(null)} /> : null}
          {gapsRow ? (
            <ConnectionGapsDetail connectionId={gapsRow.id} label={gapsRow.label} onClose={() => setGapsOf(null)} />
          ) : null}
        </div>
        {form.mode !== 'closed' && (form.mode === 'add' || editing) ? (
          <div className="conn-form-overlay">
            <ConnectionForm
              key={form.mode === 'edit' ? form.id : 'add'}
              existing={editing}
              onSave={(config) => {
                const store = useConnections.getState();
                return editing ? store.update(editing.id, config) : store.add(config);
              }}
              onClose={() => setForm({ mode: 'closed' })}
            />
          </div>
        ) : null}
      </ConnectionPanelActionsContext>
    </Panel>
  );
}

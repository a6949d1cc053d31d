import { useId, useRef, useState } from 'react';
import { downloadText } from '../../components/download';
import { useSettings } from '../../store/settings-store';
import { parseWorkspaceFile, workspaceFileText, workspaceNameSchema } from '../../store/workspace-file';
import * as v from 'valibot';
import './workspaces.css';

/** A file name from a workspace name: letters, digits and dashes only. */
function fileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `venueboard-workspace-${slug || 'unnamed'}.json`;
}

/**
 * Named workspaces: save the current board under a name, switch, delete, and move one between browsers
 * as a JSON file (`venueboard.workspace/v1`, checked on import: a bad file changes nothing and says why).
 */
export function WorkspaceSection({ panelIds }: { panelIds: readonly string[] }) {
  const workspace = useSettings((s) => s.workspace);
  const workspaces = useSettings((s) => s.workspaces);
  const { saveWorkspaceAs, switchWorkspace, deleteWorkspace, addWorkspace } = useSettings.getState();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; lines: string[] } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const names = Object.keys(workspaces).sort((a, b) => a.localeCompare(b));

  const save = () => {
    const parsed = v.safeParse(workspaceNameSchema, name);
    if (!parsed.success) {
      setMessage({ kind: 'error', lines: [`The name ${parsed.issues[0]?.message ?? 'is not valid'}.`] });
      return;
    }
    saveWorkspaceAs(parsed.output);
    setName('');
    setMessage({ kind: 'ok', lines: [`Saved as “${parsed.output}”.`] });
  };

  const importFile = async () => {
    const input = fileRef.current;
    const file = input?.files?.[0];
    if (!input || !file) return;
    const result = parseWorkspaceFile(await file.text(), panelIds);
    input.value = '';
    if (!result.ok) {
      setMessage({ kind: 'error', lines: ['This file is not a workspace this version can open:', ...result.problems] });
      return;
    }
    addWorkspace(result.workspace.name, result.workspace.layout);
    setMessage({ kind: 'ok', lines: [`Imported “${result.workspace.name}”.`] });
  };

  return (
    <section className="settings-section" data-testid="settings-workspaces" aria-labelledby={`${nameId}-title`}>
      <h3 id={`${nameId}-title`}>Workspaces</h3>
      <p className="muted">
        A workspace is where each panel sits, its size, tabs and windows, and each table&apos;s columns. Changes are
        kept in the current workspace as you make them.
      </p>
      <ul className="workspace-list" data-testid="workspace-list">
        {names.map((n) => (
          <li key={n} data-testid="workspace-item" data-current={n === workspace}>
            <span className="workspace-name">{n}</span>
            {n === workspace ? (
              <span className="muted"> (current)</span>
            ) : (
              <>
                <button
                  type="button"
                  className="btn"
                  onClick={() => switchWorkspace(n)}
                  aria-label={`Open workspace ${n}`}
                >
                  Open
                </button>
                <button
                  type="button"
                  className="btn btn--danger"
                  onClick={() => deleteWorkspace(n)}
                  aria-label={`Delete workspace ${n}`}
                >
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form
        className="settings-row"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={nameId} className="settings-label">
          Save current as
        </label>
        <input
          id={nameId}
          data-testid="workspace-name"
          value={name}
          maxLength={60}
          placeholder="e.g. Scalping"
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn" data-testid="workspace-save">
          Save
        </button>
      </form>
      <div className="settings-row">
        <button
          type="button"
          className="btn"
          data-testid="workspace-export"
          onClick={() =>
            downloadText(
              fileName(workspace),
              workspaceFileText(workspace, useSettings.getState().layout),
              'application/json',
            )
          }
        >
          Export workspace
        </button>
        <button type="button" className="btn" data-testid="workspace-import" onClick={() => fileRef.current?.click()}>
          Import workspace…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="workspace-import-file"
          aria-label="Workspace file to import"
          onChange={() => void importFile()}
        />
      </div>
      {message ? (
        <div
          className={message.kind === 'error' ? 'workspace-message workspace-message--error' : 'workspace-message'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="workspace-message"
        >
          {message.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      ) : null}
    </section>
  );
}

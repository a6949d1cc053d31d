import { useState } from 'react';
import { useConnectionsPersistence } from '../../store/connections-persistence';

/**
 * Over the connection table when saving connections in this browser fails (no IndexedDB, a failed
 * write) or a saved connection could not be restored; dismissible. Problems name fields, never values.
 */
export function SavedConnectionsNotice() {
  const phase = useConnectionsPersistence((s) => s.phase);
  const problem = useConnectionsPersistence((s) => s.problem);
  const restoreProblems = useConnectionsPersistence((s) => s.restoreProblems);
  const [dismissed, setDismissed] = useState<readonly unknown[] | null>(null);
  const shown = [problem, restoreProblems];
  if (!problem && restoreProblems.length === 0) return null;
  if (dismissed && dismissed.every((v, i) => v === shown[i])) return null;
  return (
    <div
      className={`notice notice--${phase === 'unavailable' ? 'bad' : 'warn'}`}
      role="status"
      data-testid="saved-connections-notice"
    >
      {problem ? <span>Saved connections: {problem}.</span> : null}
      {restoreProblems.length > 0 ? (
        <>
          <span> Some saved connections were not restored:</span>
          <ul>
            {restoreProblems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
      <button
        type="button"
        className="btn btn--xs notice-close"
        onClick={() => setDismissed(shown)}
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}

import { useState } from 'react';
import { useJournalStatus } from '../../store/journal';
import '../shared/journal.css';

/** Shown over the board when the journal cannot run (no IndexedDB, a failed open): the app runs on, without history across reloads. */
export function JournalUnavailableNotice() {
  const phase = useJournalStatus((s) => s.phase);
  const problem = useJournalStatus((s) => s.problem);
  const [dismissed, setDismissed] = useState(false);
  if (phase !== 'unavailable' || dismissed) return null;
  return (
    <div className="journal-notice" role="status" data-testid="journal-unavailable">
      <span>History journal off: {problem}</span>
      <button
        type="button"
        className="btn"
        data-testid="journal-unavailable-dismiss"
        onClick={() => setDismissed(true)}
      >
        Dismiss
      </button>
    </div>
  );
}

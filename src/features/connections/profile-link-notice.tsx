import { useState } from 'react';
import { useProfileLink } from '../../store/profile-link-store';
import './connections.css';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Over the board when the page's `?profile=` link was refused or did not load, or loaded with problems.
 * It says why in fixed words and never shows the link itself (someone else may have written it).
 */
export function ProfileLinkNotice() {
  const outcome = useProfileLink((s) => s.outcome);
  const [dismissed, setDismissed] = useState<typeof outcome | null>(null);
  if (dismissed === outcome) return null;
  if (outcome.state === 'none' || outcome.state === 'loading') return null;
  if (outcome.state === 'loaded' && outcome.problems.length === 0) return null;

  const bad = outcome.state !== 'loaded';
  return (
    <div
      className={`profile-link-notice profile-link-notice--${bad ? 'bad' : 'warn'}`}
      role={bad ? 'alert' : 'status'}
      data-testid="profile-link-notice"
      data-state={outcome.state}
    >
      <div>
        {outcome.state === 'refused' ? (
          <>
            <strong>Profile link refused:</strong> {outcome.reason}. Nothing was loaded. A link loads a profile only
            from a path on this dashboard&apos;s own origin (e.g. <code>?profile=/demo-profile.json</code>); use Import…
            for any other profile file.
          </>
        ) : outcome.state === 'failed' ? (
          <>
            <strong>Profile link not loaded:</strong> {outcome.problem}. Nothing was imported.
          </>
        ) : (
          <>
            <strong>Profile link:</strong> imported {plural(outcome.imported, 'connection')};{' '}
            {plural(outcome.problems.length, 'problem')}:
            <ul data-testid="profile-link-problems">
              {outcome.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <button type="button" className="btn btn--xs" onClick={() => setDismissed(outcome)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

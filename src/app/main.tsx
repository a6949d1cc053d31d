import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useConnections } from '../store/connections-store';
import { App } from './App';
import { startAlertsBridge } from './alerts-bridge';
import { startIngestBridge } from './ingest-bridge';
import { startJournal } from './journal-bridge';
import { JournalUnavailableNotice } from '../features/journal/journal-notice';
import { sessionResumeFor } from '../store/journal';
import { usePortfolio } from '../store/portfolio-store';
import { reportProfileLink } from '../store/profile-link-store';
import { ProfileLinkNotice } from '../features/connections/profile-link-notice';
import { openProfileLink } from './profile-link-load';
import './theme.css';

/**
 * Composition root. `?profile=<path>` imports a connection profile served by this origin at start
 * (the demo: `npm start` opens the dashboard on the simulators' demo profile this way); any other
 * link is refused with a notice over the board (profile-link.ts).
 */
function loadProfileFromQuery(): Promise<void> {
  return openProfileLink(window.location.search, window.location.origin, {
    importProfile: (text) => useConnections.getState().importProfile(text),
    report: reportProfileLink,
  });
}

// The journal restores first (fills, orders, equity history), so after a reload the store holds every
// journaled fill before any connection can be live; without IndexedDB the app runs without it.
void startJournal().then(() => {
  startIngestBridge({ resumeFor: (id) => sessionResumeFor(usePortfolio.getState(), id) });
  void loadProfileFromQuery();
});
startAlertsBridge();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
    <JournalUnavailableNotice />
    <ProfileLinkNotice />
  </StrictMode>,
);

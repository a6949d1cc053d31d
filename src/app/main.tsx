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
import './theme.css';

/**
 * Composition root. `?profile=<url>` imports a connection profile at start (the demo: `npm start`
 * opens the dashboard on the simulators' demo profile this way).
 */
async function loadProfileFromQuery(): Promise<void> {
  const url = new URLSearchParams(window.location.search).get('profile');
  if (!url) return;
  if (!url.startsWith('/') && new URL(url).origin !== window.location.origin) {
    // A profile holds secrets: only load one from this origin, never from a link to elsewhere.
    console.error('profile: only profiles served by this origin are loaded from the address bar');
    return;
  }
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { problems } = useConnections.getState().importProfile(await response.text());
    for (const p of problems) console.warn('profile:', p);
  } catch (e) {
    console.error(`could not load the profile from ${url}: ${(e as Error).message}`);
  }
}

// The journal restores first (fills, orders, gap records, equity history), so after a reload the store
// holds every journaled fill before any connection can be live; without IndexedDB the app runs without
// it. Each connection's first `connect` carries its journaled liveUntil: the "page closed" gap.
void startJournal().then((journal) => {
  startIngestBridge({
    resumeFor: (id) => sessionResumeFor(usePortfolio.getState(), id, journal?.takeLiveUntil(id)),
  });
  void loadProfileFromQuery();
});
startAlertsBridge();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
    <JournalUnavailableNotice />
  </StrictMode>,
);

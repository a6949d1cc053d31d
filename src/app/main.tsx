import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useConnections } from '../store/connections-store';
import { App } from './App';
import { startAlertsBridge } from './alerts-bridge';
import { startAttentionBridge } from './attention-bridge';
import { startConnectionPersistence } from './connections-db';
import { liveUntilByConnection, markEveryConnection, startIngestBridge } from './ingest-bridge';
import { startJournal } from './journal-bridge';
import { JournalUnavailableNotice } from '../features/journal/journal-notice';
import { sessionResumeFor, withoutResentState } from '../store/journal';
import { pendingRestoredOpen, usePortfolio } from '../store/portfolio-store';
import { reportProfileLink } from '../store/profile-link-store';
import { SETTINGS_STORAGE_KEY, useSettings } from '../store/settings-store';
import { ProfileLinkNotice } from '../features/connections/profile-link-notice';
import { openProfileLink } from './profile-link-load';
import { VaultUnlockDialog } from '../features/vault/vault-unlock-dialog';
import { startTabOwnership } from './tab-ownership/start';
import { TabRoleBadge } from './tab-ownership/tab-badge';
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

const TAKEOVER_REASON = 'the tab that held the connections closed: this tab takes them over';

/**
 * The first owner. The journal restores first (fills, orders, gap records, equity history), so after
 * a reload the store holds every journaled fill before any connection can be live; without IndexedDB
 * the app runs without it. The saved connections come back in the same step, so the bridge starts on
 * them (and a ?profile= link imported after them replaces those with the same id). Each connection's
 * first `connect` carries its journaled liveUntil: the "page closed" gap.
 */
function startFirstOwner(): void {
  void Promise.all([startJournal(), startConnectionPersistence()]).then(([journal]) => {
    startIngestBridge({
      resumeFor: (id) => sessionResumeFor(usePortfolio.getState(), id, journal?.takeLiveUntil(id)),
    });
    void loadProfileFromQuery();
  });
  startAlertsBridge();
}

/**
 * A follower becomes the owner (the owner's tab closed, reloaded or crashed). Its store holds the
 * mirrored state (less what the venues send again on connect: positions, balances, account summaries)
 * and the connections (with the secrets the owner held in memory): the journal is
 * merged in and only what is newer written; each connection's first `connect` carries the moment it
 * was last live (mirrored or journaled, the earlier), so the handover is a gap the session recovers.
 */
function takeOver(): void {
  const liveUntil = liveUntilByConnection();
  const mirrored = usePortfolio.getState();
  mirrored.adoptMirror(withoutResentState(mirrored), pendingRestoredOpen());
  markEveryConnection('reconnecting', TAKEOVER_REASON);
  void Promise.all([startJournal({ takeover: true }), startConnectionPersistence({ restore: false })]).then(
    ([journal]) => {
      startIngestBridge({
        resumeFor: (id) => sessionResumeFor(usePortfolio.getState(), id, journal?.takeLiveUntil(id)),
        liveUntil,
      });
    },
  );
  startAlertsBridge();
}

// Sounds in every tab, owner or follower: each applies the same events as they arrive.
startAttentionBridge();

startTabOwnership({
  startOwner: (takeover) => (takeover ? takeOver() : startFirstOwner()),
  // A ?profile= link opened in a follower goes to the owner like any change to the connections.
  startFollower: (synced) => void synced.then(loadProfileFromQuery),
});

// Settings are saved in localStorage: another tab's change is read back, so every tab shows the same.
window.addEventListener('storage', (event) => {
  if (event.key === SETTINGS_STORAGE_KEY) void useSettings.persist.rehydrate();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <TabRoleBadge />
    <App />
    <JournalUnavailableNotice />
    <ProfileLinkNotice />
    <VaultUnlockDialog />
  </StrictMode>,
);

import { useRecordings } from '../store/recording-store';
import { withoutConnections } from '../store/journal/without-connections';
import { usePortfolio } from '../store/portfolio-store';
import { DEFAULT_SETTINGS, useSettings } from '../store/settings-store';
import {
  journalChanges,
  JournalWriter,
  normalizeJournalSettings,
  journalForTakeover,
  ResumeLiveness,
  takeoverChanges,
  useJournalStatus,
  wholeState,
  type JournalChanges,
  type JournalStats,
} from '../store/journal';
import { clearDb, loadAll, openJournalDb, pruneDb, readStats, writeChanges, type JournalDb } from './journal-db';

/**
 * The journal's I/O edge: IndexedDB (journal-db.ts) behind the pure rules of src/store/journal.
 *
 *   start   ask the browser for persistent storage (once; the answer is shown), open the database
 *           (versioned schema) -> prune per retention -> load -> restore into the store. main.tsx
 *           awaits this before the ingest bridge starts, so after a reload the store holds every
 *           journaled fill and gap record (exactly once: keyed like the store) before any connection
 *           can be live (docs/contract.md section 3); each connection's journaled liveUntil goes with
 *           its first `connect` (`takeLiveUntil`).
 *   then    write-behind: every store update is diffed against the previous one (cheap: identity of
 *           the persistent collections) into the JournalWriter (store/journal/journal-writer.ts: when
 *           to write, one transaction each, retries with backoff when a write fails); pruned again
 *           every PRUNE_INTERVAL_MS and when the retention settings change.
 *
 * A journal that cannot open (no IndexedDB, private mode, a blocked upgrade, a failed read) never stops
 * the app: the status says so (shown by the page) and everything runs without it.
 */

export const PRUNE_INTERVAL_MS = 5 * 60_000;
export const STATS_DELAY_MS = 1_000;

export interface JournalBridge {
  stats(): Promise<JournalStats>;
  /** Delete every journaled record. The page keeps what it shows; a reload starts empty. */
  clear(): Promise<void>;
  /** Apply the retention settings now. */
  prune(): Promise<void>;
  /** Write what is pending now (page hidden or closing). */
  flush(): Promise<void>;
  /**
   * The journaled liveUntil of a connection (store/journal/resume.ts), once: for its first `connect`
   * after the reload, so the lifecycle opens the "page closed" gap from then.
   */
  takeLiveUntil(connectionId: string): number | undefined;
  stop(): void;
}

const message = (e: unknown) =>
  e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);

function unavailable(problem: string): null {
  console.error(`journal: ${problem}`);
  useJournalStatus.setState({ phase: 'unavailable', problem, controller: undefined });
  return null;
}

/**
 * Asks once for persistent storage: without it the browser may evict the journal when the disk runs
 * low. Not awaited (a browser may ask the user); the answer is shown in the settings section.
 */
function requestPersistence(): void {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (typeof storage?.persist !== 'function') {
    useJournalStatus.setState({ persistence: 'unsupported' });
    return;
  }
  storage.persist().then(
    (granted) => useJournalStatus.setState({ persistence: granted ? 'persistent' : 'best-effort' }),
    (e: unknown) => useJournalStatus.setState({ persistence: 'unsupported', persistenceProblem: message(e) }),
  );
}

const currentSettings = () => normalizeJournalSettings(useSettings.getState().journal, DEFAULT_SETTINGS.journal);

export interface StartJournalOptions {
  /**
   * This tab takes over from the tab that owned the sockets (src/app/tab-ownership): the store holds
   * that tab's state as mirrored. The journal is restored into it (nothing doubled, nothing rolled
   * back: store/journal/takeover.ts) and only what the mirror holds newer than the journal is written.
   */
  takeover?: boolean;
}

/**
 * Open, prune, restore, then journal every change. Resolves once the restore is in the store (or
 * the journal is known unavailable: null). Never rejects.
 */
export async function startJournal(options: StartJournalOptions = {}): Promise<JournalBridge | null> {
  useJournalStatus.setState({ phase: 'opening', problem: undefined });
  requestPersistence();
  if (typeof indexedDB === 'undefined')
    return unavailable('IndexedDB is not available in this browser: history is not kept across reloads');
  let db: JournalDb;
  try {
    db = await openJournalDb({
      blocking(opening) {
        // A newer build in another tab wants to upgrade: step aside instead of blocking it.
        void opening.then((db) => db.close());
        unavailable('a newer version of the app opened the journal in another tab; this tab no longer keeps history');
      },
      terminated() {
        unavailable('the browser closed the journal database');
      },
    });
  } catch (e) {
    return unavailable(`could not open IndexedDB (${message(e)}): history is not kept across reloads`);
  }
  let liveness: ResumeLiveness;
  let catchUp: JournalChanges | undefined;
  try {
    await pruneDb(db, currentSettings(), Date.now());
    const { records, skipped } = await loadAll(db);
    usePortfolio
      .getState()
      .restoreJournal(options.takeover ? journalForTakeover(records, usePortfolio.getState()) : records);
    if (options.takeover) catchUp = takeoverChanges(records, usePortfolio.getState());
    liveness = new ResumeLiveness(records);
    useJournalStatus.setState({
      restored: {
        fills: records.fills.length,
        orders: records.orders.length,
        samples: records.samples.length,
        gaps: records.gaps?.length ?? 0,
        skipped,
      },
    });
  } catch (e) {
    db.close();
    return unavailable(`could not read the journal (${message(e)}): running without it`);
  }
  return runWriteBehind(db, liveness, catchUp);
}

function runWriteBehind(db: JournalDb, liveness: ResumeLiveness, catchUp: JournalChanges | undefined): JournalBridge {
  let statsTimer: ReturnType<typeof setTimeout> | undefined;
  let pruneTimer: ReturnType<typeof setTimeout> | undefined;
  // One database operation at a time, in order (a clear never interleaves with a write). Once the
  // journal went unavailable (another tab upgraded it, the browser closed it) nothing more is tried.
  let chain: Promise<unknown> = Promise.resolve();
  const run = (op: () => Promise<void>): Promise<void> => {
    const result = chain.then(() => (useJournalStatus.getState().phase === 'unavailable' ? undefined : op()));
    chain = result.catch(() => undefined);
    return result;
  };
  const problem = (what: string) => (e: unknown) => {
    console.error(`journal: ${what}:`, message(e));
    useJournalStatus.setState({ problem: `${what}: ${message(e)}` });
  };
  /** Queue an operation; a failure is shown (status `problem`), never thrown. */
  const serial = (op: () => Promise<void>, what: string): Promise<void> => run(op).catch(problem(what));

  const refreshStats = (): Promise<void> =>
    serial(async () => {
      useJournalStatus.setState({ stats: await readStats(db) });
    }, 'could not count the journal');
  const scheduleStats = () => {
    statsTimer ??= setTimeout(() => {
      statsTimer = undefined;
      void refreshStats();
    }, STATS_DELAY_MS);
  };

  const writer = new JournalWriter({
    write: (changes) => run(() => writeChanges(db, changes)),
    wholeState: () => wholeState(usePortfolio.getState()),
    now: Date.now,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    status: ({ failure, rewrite }) => {
      if (failure) console.error(`journal: could not write (attempt ${failure.failures}): ${failure.error}`);
      useJournalStatus.setState({ writeFailure: failure, rewrite });
    },
    written: () => {
      if (useJournalStatus.getState().problem !== undefined) useJournalStatus.setState({ problem: undefined });
      scheduleStats();
    },
  });

  if (catchUp) writer.add(catchUp);
  const unsubscribe = usePortfolio.subscribe((state, prev) => {
    if (state === prev) return;
    // Replay rows are shown, never journaled (docs/record-replay.md).
    const replays = useRecordings.getState().replays;
    writer.add(withoutConnections(journalChanges(prev, state), (id) => replays[id] !== undefined));
  });

  const prune = (): Promise<void> => {
    const done = serial(() => pruneDb(db, currentSettings(), Date.now()), 'could not prune the journal');
    scheduleStats();
    return done;
  };
  let stopped = false;
  const prunePeriodically = () => {
    pruneTimer = setTimeout(() => {
      void prune().then(() => {
        if (!stopped) prunePeriodically();
      });
    }, PRUNE_INTERVAL_MS);
  };
  prunePeriodically();
  const unsubscribeSettings = useSettings.subscribe((s, prev) => {
    if (s.journal !== prev.journal) void prune();
  });

  const clear = async (): Promise<void> => {
    writer.clear();
    await run(() => clearDb(db)).catch((e: unknown) => {
      problem('could not clear the journal')(e);
      throw e instanceof Error ? e : new Error(String(e));
    });
    useJournalStatus.setState({ clearedAt: Date.now(), problem: undefined });
    await refreshStats();
  };

  // A reload or a closed tab should not lose the last half second.
  const onHide = () => {
    if (document.visibilityState === 'hidden') void writer.flush();
  };
  const onPageHide = () => void writer.flush();
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);

  const retryNow = () => writer.retryNow();
  const bridge: JournalBridge = {
    stats: () => readStats(db),
    clear,
    prune,
    flush: () => writer.flush(),
    takeLiveUntil: (id) => liveness.take(id),
    stop() {
      void writer.stop();
      stopped = true;
      unsubscribe();
      unsubscribeSettings();
      clearTimeout(statsTimer);
      clearTimeout(pruneTimer);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      void chain.then(() => db.close());
      useJournalStatus.setState({ controller: undefined });
    },
  };
  useJournalStatus.setState({ phase: 'ready', controller: { clear, refreshStats, retryNow } });
  void refreshStats();
  return bridge;
}

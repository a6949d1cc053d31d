import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { usePortfolio } from '../store/portfolio-store';
import { DEFAULT_SETTINGS, useSettings } from '../store/settings-store';
import {
  checkRecords,
  isEmpty,
  JournalBuffer,
  journalChanges,
  JOURNAL_DB_NAME,
  JOURNAL_DB_VERSION,
  JOURNAL_STORES,
  normalizeJournalSettings,
  orderRecordKey,
  instrumentRecordKey,
  planRetention,
  samplesToThin,
  useJournalStatus,
  type FillRecord,
  type JournalChanges,
  type JournalStats,
  type InstrumentRecord,
  type OrderRecord,
  type RealizedRecord,
  type SampleRecord,
} from '../store/journal';

/**
 * The journal's I/O edge: IndexedDB (through `idb`) behind the pure rules of src/store/journal.
 *
 *   start   open the database (versioned schema) -> prune per retention -> load -> restore into the
 *           store. main.tsx awaits this before the ingest bridge starts, so after a reload the store
 *           holds every journaled fill (exactly once: keyed like the store) before any connection can
 *           be live (docs/contract.md section 3).
 *   then    write-behind: every store update is diffed against the previous one (cheap: identity of
 *           the persistent collections) into a buffer, written as ONE transaction: at once when it
 *           holds new fills, else at most every WRITE_DELAY_MS; pruned again every PRUNE_INTERVAL_MS and
 *           when the retention settings change.
 *
 * A journal that cannot open (no IndexedDB, private mode, a blocked upgrade, a failed read) never stops
 * the app: the status says so (shown by the page) and everything runs without it.
 */

export const WRITE_DELAY_MS = 500;
export const PRUNE_INTERVAL_MS = 5 * 60_000;
export const STATS_DELAY_MS = 1_000;
const OPEN_TIMEOUT_MS = 10_000;

interface JournalDB extends DBSchema {
  fills: { key: [string, string]; value: FillRecord; indexes: { time: number } };
  orders: { key: [string, string]; value: OrderRecord; indexes: { updatedAt: number } };
  samples: { key: number; value: SampleRecord };
  realized: { key: string; value: RealizedRecord };
  instruments: { key: [string, string]; value: InstrumentRecord };
}
type Db = IDBPDatabase<JournalDB>;
const ALL = ['fills', 'orders', 'samples', 'realized', 'instruments'] as const;

export interface JournalBridge {
  stats(): Promise<JournalStats>;
  /** Delete every journaled record. The page keeps what it shows; a reload starts empty. */
  clear(): Promise<void>;
  /** Apply the retention settings now. */
  prune(): Promise<void>;
  /** Write what is pending now (page hidden or closing). */
  flush(): Promise<void>;
  stop(): void;
}

const message = (e: unknown) =>
  e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);

function unavailable(problem: string): null {
  console.error(`journal: ${problem}`);
  useJournalStatus.setState({ phase: 'unavailable', problem, controller: undefined });
  return null;
}

function openJournalDb(): Promise<Db> {
  const opening = openDB<JournalDB>(JOURNAL_DB_NAME, JOURNAL_DB_VERSION, {
    upgrade(db, oldVersion) {
      // Version 1: the three stores. A later version adds its migration below this one.
      if (oldVersion < 1) {
        const fills = db.createObjectStore('fills', { keyPath: [...JOURNAL_STORES.fills.keyPath] });
        fills.createIndex('time', JOURNAL_STORES.fills.timeIndex);
        const orders = db.createObjectStore('orders', { keyPath: [...JOURNAL_STORES.orders.keyPath] });
        orders.createIndex('updatedAt', JOURNAL_STORES.orders.timeIndex);
        db.createObjectStore('samples', { keyPath: JOURNAL_STORES.samples.keyPath });
      }
      // Version 2: the closed positions' realized PnL totals and the instruments (a version-1 journal keeps its records).
      if (oldVersion < 2) {
        db.createObjectStore('realized', { keyPath: JOURNAL_STORES.realized.keyPath });
        db.createObjectStore('instruments', { keyPath: [...JOURNAL_STORES.instruments.keyPath] });
      }
    },
    blocking() {
      // A newer build in another tab wants to upgrade: step aside instead of blocking it.
      void opening.then((db) => db.close());
      unavailable('a newer version of the app opened the journal in another tab; this tab no longer keeps history');
    },
    terminated() {
      unavailable('the browser closed the journal database');
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('opening IndexedDB took too long (blocked by another tab?)')),
      OPEN_TIMEOUT_MS,
    );
  });
  return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
}

async function loadAll(db: Db) {
  const tx = db.transaction(ALL, 'readonly');
  const [fills, orders, samples, realized, instruments] = await Promise.all([
    tx.objectStore('fills').getAll(),
    tx.objectStore('orders').getAll(),
    tx.objectStore('samples').getAll(),
    tx.objectStore('realized').getAll(),
    tx.objectStore('instruments').getAll(),
  ]);
  await tx.done;
  return checkRecords({ fills, orders, samples, realized, instruments });
}

async function writeChanges(db: Db, c: JournalChanges): Promise<void> {
  const tx = db.transaction(ALL, 'readwrite');
  const fills = tx.objectStore('fills');
  const orders = tx.objectStore('orders');
  const samples = tx.objectStore('samples');
  const realized = tx.objectStore('realized');
  const instruments = tx.objectStore('instruments');
  // Requests are queued synchronously; only the transaction's end is awaited.
  for (const f of c.fills) void fills.put(f);
  for (const o of c.orders) void orders.put(o);
  for (const d of c.droppedOrders) void orders.delete(orderRecordKey(d));
  for (const s of c.samples) void samples.put(s);
  for (const r of c.realized) void realized.put(r);
  for (const key of c.droppedRealized) void realized.delete(key);
  for (const i of c.instruments) void instruments.put(i);
  for (const d of c.droppedInstruments) void instruments.delete(instrumentRecordKey(d));
  await tx.done;
}

async function pruneDb(db: Db, now: number): Promise<void> {
  const settings = normalizeJournalSettings(useSettings.getState().journal, DEFAULT_SETTINGS.journal);
  const tx = db.transaction(ALL, 'readwrite');
  const fills = tx.objectStore('fills');
  const orders = tx.objectStore('orders');
  const samples = tx.objectStore('samples');
  const cutoff = planRetention(settings, now, 0).cutoff;
  const before = IDBKeyRange.upperBound(cutoff, true);
  for (const key of await fills.index('time').getAllKeys(before)) void fills.delete(key);
  for (const key of await orders.index('updatedAt').getAllKeys(before)) void orders.delete(key);
  void samples.delete(before);
  const plan = planRetention(settings, now, await fills.index('time').count(IDBKeyRange.lowerBound(cutoff)));
  if (plan.excessFills > 0)
    for (const key of await fills.index('time').getAllKeys(IDBKeyRange.lowerBound(cutoff), plan.excessFills))
      void fills.delete(key);
  for (const time of samplesToThin(await samples.getAllKeys(IDBKeyRange.lowerBound(cutoff)))) void samples.delete(time);
  await tx.done;
}

async function readStats(db: Db): Promise<JournalStats> {
  const tx = db.transaction(ALL, 'readonly');
  const [fills, orders, samples, oldestFill, oldestSample] = await Promise.all([
    tx.objectStore('fills').count(),
    tx.objectStore('orders').count(),
    tx.objectStore('samples').count(),
    tx.objectStore('fills').index('time').openKeyCursor(),
    tx.objectStore('samples').openKeyCursor(),
  ]);
  await tx.done;
  const times = [oldestFill?.key, oldestSample?.key].filter((t): t is number => typeof t === 'number');
  const stats: JournalStats = { fills, orders, samples };
  if (times.length > 0) stats.oldest = Math.min(...times);
  return stats;
}

/**
 * Open, prune, restore, then journal every change. Resolves once the restore is in the store (or
 * the journal is known unavailable: null). Never rejects.
 */
export async function startJournal(): Promise<JournalBridge | null> {
  useJournalStatus.setState({ phase: 'opening', problem: undefined });
  if (typeof indexedDB === 'undefined')
    return unavailable('IndexedDB is not available in this browser: history is not kept across reloads');
  let db: Db;
  try {
    db = await openJournalDb();
  } catch (e) {
    return unavailable(`could not open IndexedDB (${message(e)}): history is not kept across reloads`);
  }
  try {
    await pruneDb(db, Date.now());
    const { records, skipped } = await loadAll(db);
    usePortfolio.getState().restoreJournal(records);
    useJournalStatus.setState({
      restored: {
        fills: records.fills.length,
        orders: records.orders.length,
        samples: records.samples.length,
        skipped,
      },
    });
  } catch (e) {
    db.close();
    return unavailable(`could not read the journal (${message(e)}): running without it`);
  }
  return runWriteBehind(db);
}

function runWriteBehind(db: Db): JournalBridge {
  const buffer = new JournalBuffer();
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  let statsTimer: ReturnType<typeof setTimeout> | undefined;
  let pruneTimer: ReturnType<typeof setTimeout> | undefined;
  // One database operation at a time, in order (a clear never interleaves with a write).
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const problem = (what: string) => (e: unknown) => {
    console.error(`journal: ${what}:`, message(e));
    useJournalStatus.setState({ problem: `${what}: ${message(e)}` });
  };
  /** Queue an operation after the previous ones; a failure is shown (status `problem`), never thrown. */
  // Once the journal went unavailable (another tab upgraded it, the browser closed it) nothing more is tried.
  const serial = (op: () => Promise<void>, what: string): Promise<void> => {
    chain = chain
      .then(() => (useJournalStatus.getState().phase === 'unavailable' ? undefined : op()))
      .catch(problem(what));
    return chain;
  };

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

  const flush = (): Promise<void> => {
    clearTimeout(writeTimer);
    writeTimer = undefined;
    if (buffer.size === 0) return chain;
    const changes = buffer.take();
    const done = serial(async () => {
      await writeChanges(db, changes);
      useJournalStatus.setState({ problem: undefined });
    }, 'could not write the journal');
    scheduleStats();
    return done;
  };

  const unsubscribe = usePortfolio.subscribe((state, prev) => {
    if (state === prev) return;
    const changes = journalChanges(prev, state);
    if (isEmpty(changes)) return;
    buffer.add(changes);
    // New fills (and the realized totals their closes book) are what a quick reload must not lose, and
    // several venues replay none: they go out at once, at most one transaction per applied frame.
    // Equity samples and order states wait up to WRITE_DELAY_MS to share a transaction.
    if (changes.fills.length > 0 || changes.realized.length > 0) void flush();
    else writeTimer ??= setTimeout(() => void flush(), WRITE_DELAY_MS);
  });

  const prune = (): Promise<void> => {
    const done = serial(() => pruneDb(db, Date.now()), 'could not prune the journal');
    scheduleStats();
    return done;
  };
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
    buffer.clear();
    clearTimeout(writeTimer);
    writeTimer = undefined;
    let failed: unknown;
    await serial(async () => {
      try {
        const tx = db.transaction(ALL, 'readwrite');
        await Promise.all([...ALL.map((name) => tx.objectStore(name).clear()), tx.done]);
      } catch (e) {
        failed = e;
        throw e;
      }
    }, 'could not clear the journal');
    if (failed !== undefined) throw failed instanceof Error ? failed : new Error(String(failed));
    useJournalStatus.setState({ clearedAt: Date.now(), problem: undefined });
    await refreshStats();
  };

  // A reload or a closed tab should not lose the last half second.
  const onHide = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  const onPageHide = () => void flush();
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);

  const bridge: JournalBridge = {
    stats: () => readStats(db),
    clear,
    prune,
    flush,
    stop() {
      void flush();
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
  useJournalStatus.setState({ phase: 'ready', controller: { clear, refreshStats } });
  void refreshStats();
  return bridge;
}

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  checkRecords,
  gapExpired,
  gapRecordKey,
  instrumentRecordKey,
  JOURNAL_DB_NAME,
  JOURNAL_DB_VERSION,
  JOURNAL_STORES,
  orderRecordKey,
  planRetention,
  samplesToThin,
  type FillRecord,
  type GapJournalRecord,
  type InstrumentRecord,
  type JournalChanges,
  type JournalStats,
  type LivenessRecord,
  type OrderRecord,
  type RealizedRecord,
  type SampleRecord,
} from '../store/journal';
import type { JournalSettings } from '../store/settings-store';

/**
 * The journal's IndexedDB operations (through `idb`): the schema and its upgrades, and one
 * transaction per operation. The rules (what to write, what to prune) are src/store/journal's.
 */

interface JournalDB extends DBSchema {
  fills: { key: [string, string]; value: FillRecord; indexes: { time: number } };
  orders: { key: [string, string]; value: OrderRecord; indexes: { updatedAt: number } };
  samples: { key: number; value: SampleRecord };
  realized: { key: string; value: RealizedRecord };
  instruments: { key: [string, string]; value: InstrumentRecord };
  gaps: { key: [string, number]; value: GapJournalRecord; indexes: { from: number } };
  liveness: { key: string; value: LivenessRecord };
}
export type JournalDb = IDBPDatabase<JournalDB>;
const ALL = ['fills', 'orders', 'samples', 'realized', 'instruments', 'gaps', 'liveness'] as const;
const OPEN_TIMEOUT_MS = 10_000;

export function openJournalDb(events: {
  blocking(db: Promise<JournalDb>): void;
  terminated(): void;
}): Promise<JournalDb> {
  const opening: Promise<JournalDb> = openDB<JournalDB>(JOURNAL_DB_NAME, JOURNAL_DB_VERSION, {
    upgrade(db, oldVersion) {
      // Each version adds its stores; an older journal keeps its records and upgrades in place.
      if (oldVersion < 1) {
        const fills = db.createObjectStore('fills', { keyPath: [...JOURNAL_STORES.fills.keyPath] });
        fills.createIndex('time', JOURNAL_STORES.fills.timeIndex);
        const orders = db.createObjectStore('orders', { keyPath: [...JOURNAL_STORES.orders.keyPath] });
        orders.createIndex('updatedAt', JOURNAL_STORES.orders.timeIndex);
        db.createObjectStore('samples', { keyPath: JOURNAL_STORES.samples.keyPath });
      }
      // Version 2: the closed positions' realized PnL totals and the instruments.
      if (oldVersion < 2) {
        db.createObjectStore('realized', { keyPath: JOURNAL_STORES.realized.keyPath });
        db.createObjectStore('instruments', { keyPath: [...JOURNAL_STORES.instruments.keyPath] });
      }
      // Version 3: gap records and each connection's last live moment.
      if (oldVersion < 3) {
        const gaps = db.createObjectStore('gaps', { keyPath: [...JOURNAL_STORES.gaps.keyPath] });
        gaps.createIndex('from', JOURNAL_STORES.gaps.timeIndex);
        db.createObjectStore('liveness', { keyPath: JOURNAL_STORES.liveness.keyPath });
      }
    },
    blocking() {
      events.blocking(opening);
    },
    terminated() {
      events.terminated();
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

export async function loadAll(db: JournalDb) {
  const tx = db.transaction(ALL, 'readonly');
  const [fills, orders, samples, realized, instruments, gaps, liveness] = await Promise.all([
    tx.objectStore('fills').getAll(),
    tx.objectStore('orders').getAll(),
    tx.objectStore('samples').getAll(),
    tx.objectStore('realized').getAll(),
    tx.objectStore('instruments').getAll(),
    tx.objectStore('gaps').getAll(),
    tx.objectStore('liveness').getAll(),
  ]);
  await tx.done;
  return checkRecords({ fills, orders, samples, realized, instruments, gaps, liveness });
}

/**
 * Every change in ONE transaction: all of it commits, or none (a request that throws aborts the
 * transaction, so a retry never finds half a write).
 */
export async function writeChanges(db: JournalDb, c: JournalChanges): Promise<void> {
  const tx = db.transaction(ALL, 'readwrite');
  try {
    const fills = tx.objectStore('fills');
    const orders = tx.objectStore('orders');
    const samples = tx.objectStore('samples');
    const realized = tx.objectStore('realized');
    const instruments = tx.objectStore('instruments');
    const gaps = tx.objectStore('gaps');
    const liveness = tx.objectStore('liveness');
    // Requests are queued synchronously; only the transaction's end is awaited (a failed request
    // aborts it and rejects `tx.done`).
    const queue = (request: Promise<unknown>) => void request.catch(() => undefined);
    for (const f of c.fills) queue(fills.put(f));
    for (const o of c.orders) queue(orders.put(o));
    for (const d of c.droppedOrders) queue(orders.delete(orderRecordKey(d)));
    for (const s of c.samples) queue(samples.put(s));
    for (const r of c.realized) queue(realized.put(r));
    for (const key of c.droppedRealized) queue(realized.delete(key));
    for (const i of c.instruments) queue(instruments.put(i));
    for (const d of c.droppedInstruments) queue(instruments.delete(instrumentRecordKey(d)));
    for (const g of c.gaps) queue(gaps.put(g));
    for (const d of c.droppedGaps) queue(gaps.delete(gapRecordKey(d)));
    for (const l of c.liveness) queue(liveness.put(l));
    for (const id of c.droppedLiveness) queue(liveness.delete(id));
  } catch (e) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw e;
  }
  await tx.done;
}

export async function pruneDb(db: JournalDb, settings: JournalSettings, now: number): Promise<void> {
  const tx = db.transaction(ALL, 'readwrite');
  const fills = tx.objectStore('fills');
  const orders = tx.objectStore('orders');
  const samples = tx.objectStore('samples');
  const gaps = tx.objectStore('gaps');
  const cutoff = planRetention(settings, now, 0).cutoff;
  const before = IDBKeyRange.upperBound(cutoff, true);
  for (const key of await fills.index('time').getAllKeys(before)) void fills.delete(key);
  for (const key of await orders.index('updatedAt').getAllKeys(before)) void orders.delete(key);
  void samples.delete(before);
  // A gap goes once it ended before the cutoff (only those that began before it can have).
  for (const gap of await gaps.index('from').getAll(before))
    if (gapExpired(gap, cutoff)) void gaps.delete(gapRecordKey(gap));
  const plan = planRetention(settings, now, await fills.index('time').count(IDBKeyRange.lowerBound(cutoff)));
  if (plan.excessFills > 0)
    for (const key of await fills.index('time').getAllKeys(IDBKeyRange.lowerBound(cutoff), plan.excessFills))
      void fills.delete(key);
  for (const time of samplesToThin(await samples.getAllKeys(IDBKeyRange.lowerBound(cutoff)))) void samples.delete(time);
  await tx.done;
}

export async function readStats(db: JournalDb): Promise<JournalStats> {
  const tx = db.transaction(ALL, 'readonly');
  const [fills, orders, samples, gaps, oldestFill, oldestSample] = await Promise.all([
    tx.objectStore('fills').count(),
    tx.objectStore('orders').count(),
    tx.objectStore('samples').count(),
    tx.objectStore('gaps').count(),
    tx.objectStore('fills').index('time').openKeyCursor(),
    tx.objectStore('samples').openKeyCursor(),
  ]);
  await tx.done;
  const times = [oldestFill?.key, oldestSample?.key].filter((t): t is number => typeof t === 'number');
  const stats: JournalStats = { fills, orders, samples, gaps };
  if (times.length > 0) stats.oldest = Math.min(...times);
  return stats;
}

/** Deletes every record of every store (liveness included: a reload after it opens no "page closed" gap). */
export async function clearDb(db: JournalDb): Promise<void> {
  const tx = db.transaction(ALL, 'readwrite');
  await Promise.all([...ALL.map((name) => tx.objectStore(name).clear()), tx.done]);
}

import { expect, test, type Page } from '@playwright/test';
import type { Snapshot } from '../src/store/snapshot';
import { expectStatus, exportSnapshot, importProfile } from './support/dashboard';
import { forgetSavedConnectionsOnEveryLoad } from './support/browser-storage';
import { FAULT_CASES, expectGapsSettled, faultVerdict, gapCounts } from './support/faults';
import { clearJournal, closeJournalSection, journalCount, openJournalSection } from './support/journal';
import { writeProfile, zdexConnection } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * The journal in a real Chromium with a real IndexedDB: fills accumulate on all five venues, the
 * snapshot is exported, the page reloads, the accounts trading all along (the page closed is a gap like
 * any other). The connection profile comes from `?profile=` (as `npm start` opens the app); the test
 * holds that request until it has checked the restored state, so no connection exists, let alone is
 * live, while it looks: (a) the snapshot holds every fill seen before exactly once, field for field,
 * and (c) the equity chart is drawn. Then the profile loads, every connection goes live again, the
 * "page closed" gap is recovered, and (b) the fills are there exactly once and equal to the simulators'
 * ledgers (or the gap says partial where the venue cannot recover). Finally (d) "Clear history" (with its
 * confirmation) empties the journal, and a reload restores no fill.
 */

/**
 * The demo stack's connections (e2e/support/faults.ts). A gap across a reload starts with no session
 * state: ZDEX compares its full state with nothing, so fills in that gap are not rebuilt (its README).
 */
const VENUES = FAULT_CASES.map((c) => (c.venue === 'zdex' ? { ...c, netInLossyGaps: false } : c));
const PROFILE_PATH = '/e2e-journal-profile.json';

const fillKeys = (s: Snapshot) => s.fills.map((f) => `${f.connectionId}|${f.fillId}`).sort();
const byKey = (s: Snapshot) => new Map(s.fills.map((f) => [`${f.connectionId}|${f.fillId}`, f]));

let stack: DemoStack;
test.beforeEach(async () => {
  stack = await startDemoStack({ activityMs: 300 });
  stack.sim.pause();
});
test.afterEach(async () => {
  await stack.stop();
});

/** Serves the connection profile at PROFILE_PATH; while `held`, the request waits (nothing connects). */
async function serveProfile(page: Page) {
  const body = JSON.stringify({ format: 'venueboard.connections/v1', connections: stack.profile.connections });
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  let requests = 0;
  await page.route(
    (url) => url.pathname === PROFILE_PATH,
    async (route) => {
      requests++;
      await gate;
      await route.fulfill({ contentType: 'application/json', body });
    },
  );
  return {
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
    requests: () => requests,
  };
}

async function allMatchLedgers(page: Page, since: number): Promise<string[]> {
  const snapshot = await exportSnapshot(page);
  return VENUES.flatMap((c) => faultVerdict(snapshot, stack.sim.ledger(c.venue), c, since).map((p) => `${c.id}: ${p}`));
}

test('fills, orders and equity survive a reload exactly once, before any connection is live; clearing empties the journal', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { sim } = stack;
  const profile = await serveProfile(page);
  // Saved connections would come back by themselves (the keyring ones live) before the check below:
  // this test's connections come from the held ?profile= link only.
  await forgetSavedConnectionsOnEveryLoad(page);
  const since = Date.now() - 1_000; // ScaleTrade times are whole seconds

  await page.goto(`/?profile=${PROFILE_PATH}`);
  for (const { id } of VENUES) await expectStatus(page, id, 'live', 30_000);
  sim.resume();
  // Let fills accumulate on every venue.
  await expect
    .poll(
      async () => {
        const s = await exportSnapshot(page);
        return VENUES.filter(({ id }) => s.fills.filter((f) => f.connectionId === id).length >= 2).map((v) => v.id);
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toEqual(VENUES.map((v) => v.id));

  // Everything seen is journaled (write-behind: at most ~500 ms behind the store; more keeps coming).
  const before = await exportSnapshot(page);
  const gapsBefore = gapCounts(before, VENUES);
  await openJournalSection(page);
  await expect.poll(() => journalCount(page, 'fills'), { timeout: 10_000 }).toBeGreaterThanOrEqual(before.fills.length);
  expect(await journalCount(page, 'samples')).toBeGreaterThan(0);
  await closeJournalSection(page);

  // Reload with the profile request held: no connection exists until the restored state is checked.
  profile.hold();
  await page.reload();
  await expect.poll(() => profile.requests(), { timeout: 10_000 }).toBe(2);
  await expect.poll(async () => (await exportSnapshot(page)).fills.length, { timeout: 10_000 }).toBeGreaterThan(0);
  const restored = await exportSnapshot(page);
  // (a) no connection live; every fill seen before, exactly once, field for field (and those that came
  // while the journal was catching up).
  expect(restored.connections.filter((c) => c.status === 'live')).toEqual([]);
  expect(fillKeys(restored)).toEqual(expect.arrayContaining(fillKeys(before)));
  expect(new Set(fillKeys(restored)).size).toBe(restored.fills.length);
  const restoredFills = byKey(restored);
  for (const [key, fill] of byKey(before)) expect(restoredFills.get(key), key).toEqual(fill);
  // Every order is back, at least as far filled as it was.
  const orderKey = (o: Snapshot['orders'][number]) => `${o.connectionId}|${o.orderId}`;
  const restoredOrders = new Map(restored.orders.map((o) => [orderKey(o), o]));
  for (const o of before.orders) {
    const back = restoredOrders.get(orderKey(o));
    expect(back, orderKey(o)).toBeDefined();
    expect(Number(back!.filledQuantity ?? 0), orderKey(o)).toBeGreaterThanOrEqual(Number(o.filledQuantity ?? 0));
  }
  // (c) the equity chart is drawn from the journaled samples, before any connection is back.
  await expect
    .poll(async () => Number(await page.getByTestId('chart-equity').getAttribute('data-points')), { timeout: 10_000 })
    .toBeGreaterThan(1);
  await expect(page.getByTestId('chart-equity').locator('svg path.recharts-curve').first()).toBeVisible();

  // (b) The profile loads, every connection is live again and recovers the time the page was closed
  // (a gap from its journaled liveUntil); still exactly once, and equal to the ledgers.
  profile.release();
  for (const { id } of VENUES) await expectStatus(page, id, 'live', 30_000);
  await expectGapsSettled(page, VENUES, gapsBefore);
  // Only now is the activity held: the comparison needs a still ledger.
  sim.pause();
  const staleOrder = (p: string) => / is open on the dashboard but not open in the ledger$/.test(p);
  let problems: string[] = [];
  await expect
    .poll(async () => (problems = await allMatchLedgers(page, since)).filter((p) => !staleOrder(p)), {
      timeout: 30_000,
      intervals: [1_000],
    })
    .toEqual([]);
  // An order that closed while no session ran is dropped by the new session's first list of open orders
  // (src/store/journal/reconcile.ts: ZDEX full state, ScaleTrade account state, Rails open-orders read).
  expect(problems.filter(staleOrder), 'orders closed while the page was away, still open on it').toEqual([]);
  const after = await exportSnapshot(page);
  expect(fillKeys(after)).toEqual(expect.arrayContaining(fillKeys(restored)));
  expect(new Set(fillKeys(after)).size).toBe(after.fills.length);
  expect(after.connections.filter((c) => c.status === 'live')).toHaveLength(VENUES.length);

  // (d) Clear (Cancel first keeps everything), then a reload restores no fill.
  await clearJournal(page);
  await expect.poll(() => journalCount(page, 'fills')).toBe(0);
  expect(await journalCount(page, 'samples')).toBe(0);
  await closeJournalSection(page);
  profile.hold();
  await page.reload();
  const section = await openJournalSection(page);
  await expect(section).toHaveAttribute('data-phase', 'ready');
  await expect(section.getByTestId('journal-restored')).toContainText(/Restored at start: 0 fills/);
  await closeJournalSection(page);
  const empty = await exportSnapshot(page);
  expect(empty.fills).toEqual([]);
  profile.release();
});

test('a browser whose IndexedDB refuses to open still runs the dashboard, and says the journal is off', async ({
  page,
}) => {
  const { sim } = stack;
  // As some private modes do: opening a database throws.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function open() {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await page.goto('/');
  await expect(page.getByTestId('journal-unavailable')).toContainText('could not open IndexedDB');
  const section = await openJournalSection(page);
  await expect(section).toHaveAttribute('data-phase', 'unavailable');
  await expect(section.getByTestId('journal-clear')).toBeDisabled();
  await closeJournalSection(page);
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live', 30_000);
  sim.resume();
  await expect.poll(async () => (await exportSnapshot(page)).fills.length, { timeout: 30_000 }).toBeGreaterThan(0);
});

test('retention: records older than the kept days and fills beyond the maximum are pruned, in IndexedDB and after a reload', async ({
  page,
}) => {
  await page.goto('/');
  const section = await openJournalSection(page);
  await expect(section).toHaveAttribute('data-phase', 'ready');
  // Write straight into the app's database: 5 fills, an order and a sample 30 days old, 120 recent fills.
  const now = Date.now();
  await page.evaluate(async (now) => {
    const day = 24 * 60 * 60 * 1000;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('venueboard-journal');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['fills', 'orders', 'samples'], 'readwrite');
    const fill = (id: string, time: number) => ({
      connectionId: 'zdex-main',
      fillId: id,
      orderId: 'o1',
      symbol: 'BTCUSDT',
      side: 'buy',
      price: '71000',
      quantity: '0.01',
      time,
    });
    for (let i = 0; i < 5; i++) tx.objectStore('fills').put(fill(`old-${i}`, now - 30 * day + i));
    for (let i = 0; i < 120; i++)
      tx.objectStore('fills').put(fill(`new-${String(i).padStart(3, '0')}`, now - 60_000 + i));
    tx.objectStore('orders').put({
      connectionId: 'zdex-main',
      orderId: 'o1',
      symbol: 'BTCUSDT',
      status: 'filled',
      filledQuantity: '1.25',
      updatedAt: now - 30 * day,
    });
    tx.objectStore('samples').put({ time: now - 30 * day, equity: '1', unrealizedPnl: '0', realizedPnl: '0' });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, now);

  // A retention setting applies on Enter (never while typing) and prunes at once: 3 days drop the old
  // records, 100 fills at most the 20 oldest recent ones.
  await section.getByTestId('journal-max-fills').fill('100');
  await section.getByTestId('journal-max-fills').press('Enter');
  await section.getByTestId('journal-retention-days').fill('3');
  await section.getByTestId('journal-retention-days').press('Enter');
  await expect.poll(() => journalCount(page, 'fills'), { timeout: 10_000 }).toBe(100);
  expect(await journalCount(page, 'orders')).toBe(0);
  expect(await journalCount(page, 'samples')).toBe(0);
  await closeJournalSection(page);

  // The settings are saved, and a reload restores exactly the newest 100 fills.
  await page.reload();
  await expect.poll(async () => (await exportSnapshot(page)).fills.length, { timeout: 10_000 }).toBe(100);
  const ids = (await exportSnapshot(page)).fills.map((f) => f.fillId).sort();
  expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => `new-${String(i + 20).padStart(3, '0')}`));
  const again = await openJournalSection(page);
  await expect(again.getByTestId('journal-max-fills')).toHaveValue('100');
  await expect(again.getByTestId('journal-retention-days')).toHaveValue('3');
});

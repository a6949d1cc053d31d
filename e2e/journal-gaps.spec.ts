import { expect, test, type Page } from '@playwright/test';
import type { Simulator } from '../sim/index';
import type { Snapshot } from '../src/store/snapshot';
import { expectStatus, exportSnapshot } from './support/dashboard';
import { closeJournalSection, openJournalSection } from './support/journal';
import { startPausedSimulator, zdexConnection } from './support/simulator';

/**
 * The journal's gap records, liveness and write durability in a real Chromium with a real IndexedDB,
 * against the ZDEX simulator trading all along: (1) a dropped connection's gap record survives a
 * reload; after the reload the connection's first live opens and closes a "page closed" gap from the
 * journaled liveUntil. (2) A failed IndexedDB write (put throws, injected by an init script) shows the
 * notice under the header; the write is retried, succeeds, the notice goes and the records are there.
 */

const ID = 'zdex-main';
const PROFILE_PATH = '/e2e-journal-gaps-profile.json';

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

/** Serves the profile at PROFILE_PATH; while `held`, the request waits (no connection exists). */
async function serveProfile(page: Page) {
  const body = JSON.stringify({ format: 'venueboard.connections/v1', connections: [zdexConnection(sim)] });
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  await page.route(
    (url) => url.pathname === PROFILE_PATH,
    async (route) => {
      await gate;
      await route.fulfill({ contentType: 'application/json', body });
    },
  );
  return {
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

/** Every record of one of the journal's stores, read straight from IndexedDB in the page. */
function readJournal<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (store) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('venueboard-journal');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      return await new Promise<T[]>((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }, store);
}

type SnapshotGap = Snapshot['connections'][number]['gaps'][number];
const gapsOf = async (page: Page): Promise<SnapshotGap[]> =>
  (await exportSnapshot(page)).connections.find((c) => c.id === ID)?.gaps ?? [];
const fillCount = async (page: Page) => (await exportSnapshot(page)).fills.length;

const sameGap = (g: SnapshotGap) => `${g.from}:${g.to}:${g.recovered}`;

test("a dropped connection's gap survives a reload, and the reload's own 'page closed' gap starts at the journaled liveUntil", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const profile = await serveProfile(page);
  await page.goto(`/?profile=${PROFILE_PATH}`);
  await expectStatus(page, ID, 'live', 60_000);
  sim.resume();
  await expect.poll(() => fillCount(page), { timeout: 90_000, intervals: [1_000] }).toBeGreaterThan(0);

  // The simulator drops the socket while the account trades: the lifecycle records a gap, closed at
  // the next live, its recovery reported.
  expect(sim.fault({ venue: 'zdex', fault: 'drop' }).clients).toBe(1);
  await expect
    .poll(async () => (await gapsOf(page)).filter((g) => g.to !== null && g.recovered !== 'pending').length, {
      timeout: 60_000,
      intervals: [1_000],
    })
    .toBeGreaterThan(0);
  await expectStatus(page, ID, 'live', 60_000);
  const before = (await gapsOf(page)).filter((g) => g.to !== null && g.recovered !== 'pending');
  // Journaled (write-behind: gap records within ~500 ms), with the connection's liveUntil.
  const journaledGaps = async () =>
    (await readJournal<SnapshotGap & { connectionId: string }>(page, 'gaps')).map((g) =>
      sameGap({ from: g.from, to: g.to, recovered: g.recovered }),
    );
  await expect.poll(journaledGaps, { timeout: 20_000 }).toEqual(expect.arrayContaining(before.map(sameGap)));
  const lastTo = Math.max(...before.map((g) => g.to!));
  await expect
    .poll(async () => (await readJournal<{ liveUntil: number }>(page, 'liveness'))[0]?.liveUntil ?? 0, {
      timeout: 20_000,
    })
    .toBeGreaterThan(lastTo);

  // Reload with the profile held: nothing connects, so the journaled liveUntil is what the old page left.
  profile.hold();
  await page.reload();
  const section = await openJournalSection(page);
  await expect(section.getByTestId('journal-restored')).toContainText(/ [1-9]\d* gaps/);
  await closeJournalSection(page);
  const liveness = await readJournal<{ connectionId: string; liveUntil: number }>(page, 'liveness');
  expect(liveness.map((l) => l.connectionId)).toEqual([ID]);
  const liveUntil = liveness[0]!.liveUntil;
  expect(liveUntil).toBeGreaterThan(lastTo);

  // The profile loads: the earlier gaps are in the snapshot again, and the first live closes the
  // "page closed" gap opened from the journaled liveUntil.
  profile.release();
  await expectStatus(page, ID, 'live', 60_000);
  await expect
    .poll(async () => (await gapsOf(page)).map(sameGap), { timeout: 60_000, intervals: [1_000] })
    .toEqual(expect.arrayContaining(before.map(sameGap)));
  await expect
    .poll(async () => (await gapsOf(page)).find((g) => g.from === liveUntil), { timeout: 60_000, intervals: [1_000] })
    .toEqual({ from: liveUntil, to: expect.any(Number), recovered: expect.stringMatching(/^(full|partial|none)$/) });
  const pageClosed = (await gapsOf(page)).find((g) => g.from === liveUntil)!;
  expect(pageClosed.to!).toBeGreaterThan(liveUntil);
  // Journaled too, with its cause.
  await expect
    .poll(
      async () =>
        (await readJournal<{ from: number; cause?: string; to: number | null }>(page, 'gaps')).find(
          (g) => g.from === liveUntil,
        ),
      { timeout: 20_000 },
    )
    .toMatchObject({ cause: 'the page (or its ingest worker) was not running', to: pageClosed.to });
});

test('a failed IndexedDB write is shown on the board, retried with backoff, and its records are written', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // Every put throws while the page's counter is above zero (as a full disk makes a write fail).
  await page.addInitScript(() => {
    const w = window as unknown as { __failPuts: number };
    w.__failPuts = 0;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (w.__failPuts > 0) {
        w.__failPuts--;
        throw new DOMException('Injected: the quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  const setFailingPuts = (n: number) =>
    page.evaluate((n) => ((window as unknown as { __failPuts: number }).__failPuts = n), n);
  const profile = await serveProfile(page);
  profile.release();
  await page.goto(`/?profile=${PROFILE_PATH}`);
  await expectStatus(page, ID, 'live', 60_000);
  const section = await openJournalSection(page);
  await expect(section.getByTestId('journal-persistence')).toHaveAttribute(
    'data-persistence',
    /^(persistent|best-effort)$/,
  );
  await closeJournalSection(page);
  sim.resume();
  await expect.poll(() => fillCount(page), { timeout: 90_000, intervals: [1_000] }).toBeGreaterThan(0);

  // Writes fail from now on, until the test lets them through (the account keeps trading meanwhile).
  await setFailingPuts(1_000_000);
  const notice = page.getByTestId('journal-write-failing');
  await expect(notice).toBeVisible({ timeout: 30_000 });
  await expect(notice).toContainText('History is not being saved');
  await expect(notice).toContainText('QuotaExceededError: Injected: the quota has been exceeded');
  await expect(notice).toContainText('Keep this tab open');
  // Near the header: between the top bar and the board.
  const noticeBox = (await notice.boundingBox())!;
  const boardBox = (await page.locator('main.board').boundingBox())!;
  expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(boardBox.y + 1);
  // Retried on its own, with backoff.
  await expect(notice).toHaveAttribute('data-failures', /^([2-9]|\d\d+)$/, { timeout: 30_000 });
  // While the writes fail, what the page received since the first failure is not in IndexedDB.
  const keyOf = (f: { connectionId?: string; fillId?: string }) => `${f.connectionId}|${f.fillId}`;
  const storedFills = async () =>
    new Set((await readJournal<{ connectionId: string; fillId: string }>(page, 'fills')).map(keyOf));
  const newestSample = async () =>
    Math.max(0, ...(await readJournal<{ time: number }>(page, 'samples')).map((s) => s.time));
  const storedWhileFailing = await storedFills();
  const unsaved = (await exportSnapshot(page)).fills.map(keyOf).filter((key) => !storedWhileFailing.has(key));
  const newestSampleWhileFailing = await newestSample();
  expect(unsaved.length).toBeGreaterThan(0);

  // Storage accepts writes again: the next retry (at most 30 s away) writes what waited, the notice goes.
  await setFailingPuts(0);
  await expect(notice).toBeHidden({ timeout: 60_000 });
  await expect
    .poll(
      async () => {
        const stored = await storedFills();
        return unsaved.filter((key) => !stored.has(key));
      },
      { timeout: 20_000 },
    )
    .toEqual([]);
  expect(await newestSample()).toBeGreaterThan(newestSampleWhileFailing);
});

test('a version-2 journal upgrades in place: its records are restored, the gap and liveness stores are added', async ({
  page,
}) => {
  // A blank page of the app's origin writes a version-2 journal, as the previous build left it.
  await page.route(
    (url) => url.pathname === '/e2e-blank',
    (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }),
  );
  await page.goto('/e2e-blank');
  const T = Date.now() - 60_000;
  await page.evaluate(async (T) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('venueboard-journal', 2);
      req.onupgradeneeded = () => {
        const d = req.result;
        d.createObjectStore('fills', { keyPath: ['connectionId', 'fillId'] }).createIndex('time', 'time');
        d.createObjectStore('orders', { keyPath: ['connectionId', 'orderId'] }).createIndex('updatedAt', 'updatedAt');
        d.createObjectStore('samples', { keyPath: 'time' });
        d.createObjectStore('realized', { keyPath: 'key' });
        d.createObjectStore('instruments', { keyPath: ['connectionId', 'symbol'] });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['fills', 'realized'], 'readwrite');
    tx.objectStore('fills').put({
      connectionId: 'zdex-main',
      fillId: 'v2-fill',
      orderId: 'o1',
      symbol: 'BTCUSDT',
      side: 'buy',
      price: '71000',
      quantity: '0.01',
      time: T,
    });
    tx.objectStore('realized').put({ key: 'zdex-main|USDT', connectionId: 'zdex-main', asset: 'USDT', amount: '2.5' });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, T);

  await page.goto('/');
  const section = await openJournalSection(page);
  await expect(section).toHaveAttribute('data-phase', 'ready');
  await expect(section.getByTestId('journal-restored')).toContainText('Restored at start: 1 fills');
  await expect(section.getByTestId('journal-count-gaps')).toHaveText('0');
  await closeJournalSection(page);
  expect((await exportSnapshot(page)).fills.map((f) => f.fillId)).toEqual(['v2-fill']);
  const schema = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('venueboard-journal');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const out = { version: db.version, stores: [...db.objectStoreNames].sort() };
    db.close();
    return out;
  });
  expect(schema).toEqual({
    version: 3,
    stores: ['fills', 'gaps', 'instruments', 'liveness', 'orders', 'realized', 'samples'],
  });
  expect(await readJournal<{ amount: string }>(page, 'realized')).toEqual([
    { key: 'zdex-main|USDT', connectionId: 'zdex-main', asset: 'USDT', amount: '2.5' },
  ]);
});

import { expect, test, type Locator, type Page } from '@playwright/test';
import Decimal from 'decimal.js';
import type { Simulator } from '../sim/index';
import { parseCsv } from './support/csv';
import { expectStatus, exportText, importProfile } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';

/**
 * Readable numbers and times on a live ZDEX account: prices to their symbol's grid with the exact venue
 * value in the tooltip, a fill of yesterday (seeded through the journal, then a reload) shown with its
 * date, the Yesterday range narrowing the fills to it, the CSV keeping exact values while the screen
 * rounds, and de-DE separators once chosen in Settings.
 */

const BOM = '\uFEFF';
/** Fill columns: Time, Conn, Symbol, Side, Price, Qty, ... (fill-columns.tsx). */
const TIME = 0;
const PRICE = 4;

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

const cell = (row: Locator, index: number) => row.locator('[role="cell"]').nth(index);
const decimalsOf = (text: string) => (text.includes('.') ? text.split('.')[1]!.replace(/0+$/, '').length : 0);

/** Puts a copy of a journaled fill, moved a day back with a price off the grid, into IndexedDB. */
async function seedYesterdayFill(page: Page, price: string): Promise<{ fillId: string; time: number }> {
  return page.evaluate(async (price) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('venueboard-journal');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const get = db.transaction('fills').objectStore('fills').getAll();
      get.onsuccess = () => resolve(get.result as Record<string, unknown>[]);
      get.onerror = () => reject(get.error);
    });
    const model = all.find((f) => f.symbol === 'BTCUSDT' && !f.inferred);
    if (!model) throw new Error('no journaled BTCUSDT fill to copy');
    const time = Date.now() - 24 * 60 * 60 * 1000;
    // An inferred fill (priced from a position change) is not on the grid: the screen rounds it.
    const seeded = { ...model, fillId: 'e2e-yesterday', time, price, inferred: true };
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('fills', 'readwrite');
      tx.objectStore('fills').put(seeded);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return { fillId: 'e2e-yesterday', time };
  }, price);
}

test('prices on the grid with exact tooltips, a dated fill of yesterday, a range filter, exact CSV, de-DE', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  sim.resume();

  // (1) BTCUSDT prices (tick 0.1 on the simulator) show the grid's decimals, the exact value in title.
  const fills = page.getByTestId('panel-fills');
  const btcRows = fills.getByTestId('fill-row').filter({ hasText: 'BTCUSDT' });
  await expect.poll(() => btcRows.count(), { timeout: 30_000 }).toBeGreaterThan(3);
  const prices = await btcRows.evaluateAll(
    (rows, index) =>
      rows.map((r) => {
        const num = r.querySelectorAll('[role="cell"]')[index]!.querySelector('.num')!;
        return {
          text: num.textContent ?? '',
          exact: num.getAttribute('data-value') ?? '',
          title: num.getAttribute('title'),
        };
      }),
    PRICE,
  );
  const grid = Math.max(...prices.map((p) => decimalsOf(p.exact)));
  expect(grid).toBeLessThanOrEqual(1);
  for (const p of prices) {
    expect(p.title).toBe(p.exact);
    expect(p.text).toBe(new Decimal(p.exact).toFixed(grid).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  }
  // Times of today show the clock alone, the tooltip the ISO time with milliseconds.
  const firstTime = cell(btcRows.first(), TIME).locator('time');
  await expect(firstTime).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await expect(firstTime).toHaveAttribute('title', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  // (2) A fill of yesterday, through the journal and a reload.
  await expect.poll(() => journalHasBtcFill(page), { timeout: 20_000 }).toBe(true);
  sim.pause();
  const exactPrice = '70123.456789';
  const seeded = await seedYesterdayFill(page, exactPrice);
  await page.reload();
  const older = fills.locator(`[data-row-id="zdex-main|${seeded.fillId}"]`);

  // (3) Yesterday narrows the fills to that one; its time shows the date, its tooltip the ISO time.
  await fills.getByTestId('fills-range-preset').selectOption('yesterday');
  await expect(fills.getByTestId('fill-row')).toHaveCount(1);
  await expect(older).toHaveCount(1);
  const day = new Date(seeded.time);
  const month = day.toLocaleString('en-US', { month: 'short' });
  await expect(cell(older, TIME)).toHaveText(new RegExp(`^${month} ${day.getDate()} \\d\\d:\\d\\d:\\d\\d$`));
  await expect(cell(older, TIME).locator('time')).toHaveAttribute('title', new Date(seeded.time).toISOString());
  const shownPrice = (await cell(older, PRICE).innerText()).trim();
  expect(shownPrice).not.toBe(exactPrice);
  expect(shownPrice).toBe(new Decimal(exactPrice).toFixed(grid).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  await expect(cell(older, PRICE).locator('.num')).toHaveAttribute('title', exactPrice);

  // (4) The CSV holds the rows shown (one) with the exact values: the venue's price, the ISO time.
  const text = await exportText(page, 'export-csv-fills');
  expect(text.startsWith(BOM)).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(BOM.length));
  expect(rows).toHaveLength(1);
  expect(rows[0]![header!.indexOf('Price')]).toBe(exactPrice);
  expect(rows[0]![header!.indexOf('Time')]).toBe(new Date(seeded.time).toISOString());

  // All brings every fill back.
  await fills.getByTestId('fills-range-preset').selectOption('all');
  await expect.poll(() => fills.getByTestId('fill-row').count()).toBeGreaterThan(3);

  // (5) de-DE, chosen in Settings: "." groups, "," is the decimal separator; the date in German.
  await page.getByTestId('settings-open').click();
  await page.getByTestId('settings-number-locale').selectOption('de-DE');
  await page.getByTestId('settings-close').click();
  await fills.getByTestId('fills-range-preset').selectOption('yesterday');
  const german = new Decimal(exactPrice)
    .toFixed(grid)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  await expect(cell(older, PRICE)).toHaveText(grid > 0 ? german : german.replace(/,.*/, ''));
  await expect(cell(older, TIME)).toHaveText(new RegExp(`^${day.getDate()}\\. \\S+ \\d\\d:\\d\\d:\\d\\d$`));
});

async function journalHasBtcFill(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('venueboard-journal');
        open.onsuccess = () => {
          const get = open.result.transaction('fills').objectStore('fills').getAll();
          get.onsuccess = () => {
            resolve(
              (get.result as { symbol: string; inferred?: boolean }[]).some(
                (f) => f.symbol === 'BTCUSDT' && !f.inferred,
              ),
            );
            open.result.close();
          };
          get.onerror = () => resolve(false);
        };
        open.onerror = () => resolve(false);
      }),
  );
}

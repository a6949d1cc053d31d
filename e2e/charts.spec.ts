import { expect, test, type Locator, type Page } from '@playwright/test';
import Decimal from 'decimal.js';
import type { Simulator } from '../sim/index';
import { expectStatus, importProfile } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

const points = async (page: Page, view: 'equity' | 'pnl') =>
  Number(await page.getByTestId(`chart-${view}`).getAttribute('data-points'));

/** Put the mouse over the plot area, near its right end (the newest samples). */
async function hoverNearEnd(page: Page, chart: Locator): Promise<void> {
  const box = await chart.locator('.recharts-cartesian-grid').boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
}

async function connectZdex(page: Page, profile: string): Promise<void> {
  await importProfile(page, profile);
  await expectStatus(page, 'zdex-main', 'live');
}

test('the equity chart draws live, switches range and view, and keeps both across a reload', async ({ page }) => {
  const profile = writeProfile([zdexConnection(sim)]);
  await page.goto('/');
  await connectZdex(page, profile);
  sim.resume();

  // Equity view: the total and one line per connection, with the connection id in the legend.
  const equity = page.getByTestId('chart-equity');
  await expect(page.getByTestId('chart-range-1h')).toHaveAttribute('aria-pressed', 'true'); // the default
  await expect.poll(() => points(page, 'equity'), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await expect(equity).toHaveAttribute('data-series', '2');
  await expect(equity.locator('svg path.recharts-curve')).toHaveCount(2);
  await expect(equity.locator('.recharts-legend-item-text')).toHaveText(['Total', 'zdex-main']);

  // Ranges: each one pressed alone, the chart says which it draws, never more than 1,500 points.
  for (const range of ['5m', 'all', '1d', '1h'] as const) {
    await page.getByTestId(`chart-range-${range}`).click();
    await expect(page.getByTestId(`chart-range-${range}`)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('[data-testid^="chart-range-"][aria-pressed="true"]')).toHaveCount(1);
    await expect(equity).toHaveAttribute('data-range', range);
    const n = await points(page, 'equity');
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThanOrEqual(1_500);
  }

  // PnL view: realized against unrealized.
  await page.getByTestId('chart-view-pnl').click();
  await expect(page.getByTestId('chart-equity')).toHaveCount(0);
  const pnl = page.getByTestId('chart-pnl');
  await expect(pnl).toHaveAttribute('data-series', '2');
  await expect(pnl.locator('.recharts-legend-item-text')).toHaveText(['Unrealized', 'Realized']);
  await expect(pnl.locator('svg path.recharts-curve')).toHaveCount(2);
  expect(await points(page, 'pnl')).toBeGreaterThanOrEqual(3);

  // The tooltip shows the exact figures of the sample under the cursor.
  await hoverNearEnd(page, pnl);
  await expect(page.getByTestId('chart-tooltip')).toContainText(/Unrealized\s*[-+]?[\d,]+\.\d\d/);

  // The range and the view are saved settings: they survive a reload.
  await page.getByTestId('chart-range-5m').click();
  await page.reload();
  await expect(page.getByTestId('chart-range-5m')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('chart-view-pnl')).toHaveAttribute('aria-pressed', 'true');
  const saved = await page.evaluate(
    () =>
      JSON.parse(localStorage.getItem('venueboard.settings') ?? '{}') as {
        state?: { chartRange?: string; chartView?: string };
      },
  );
  expect(saved.state?.chartRange).toBe('5m');
  expect(saved.state?.chartView).toBe('pnl');
  // The journal (IndexedDB) brings the samples back: the chart draws before any connection is live.
  await expect.poll(() => points(page, 'pnl'), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await page.getByTestId('chart-view-equity').click();
  await expect.poll(() => points(page, 'equity'), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('chart-equity').locator('svg path.recharts-curve').first()).toBeVisible();
  // The pasted token is not kept without the vault (ZDEX waits for it): import again, and the chart goes on in the saved range.
  await connectZdex(page, profile);
  await expect(page.getByTestId('chart-equity')).toHaveAttribute('data-range', '5m');
  await expect.poll(() => points(page, 'equity'), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('chart-equity').locator('svg path.recharts-curve').first()).toBeVisible();
});

test('in BTC the chart divides each sample by its BTC price', async ({ page }) => {
  await page.goto('/');
  await connectZdex(page, writeProfile([zdexConnection(sim)]));
  sim.resume();
  const equity = page.getByTestId('chart-equity');
  await expect(equity).toHaveAttribute('data-currency', 'USD');
  await expect.poll(() => points(page, 'equity'), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);

  // The user picks BTC: every sample taken with a BTC price is drawn in BTC.
  await page.getByRole('combobox', { name: 'Base currency' }).first().selectOption('BTC');
  await expect(equity).toHaveAttribute('data-currency', 'BTC');
  await expect.poll(() => points(page, 'equity'), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  await hoverNearEnd(page, equity);
  // "hh:mm:ss.mmm · BTC @ 71,034.50 USD", then the total with eight decimals.
  const tooltip = page.getByTestId('chart-tooltip');
  await expect(tooltip).toContainText(/BTC @ [\d,]+\.\d\d USD/);
  await expect(tooltip).toContainText(/Total\s*[\d,]+\.\d{8}/);
  // Exactly the sample's USD equity divided by that sample's BTC price, to eight decimals (read in
  // one go: a new sample can move the cursor onto another one at any moment).
  const shown = await tooltip.evaluate((el) => ({
    usd: el.getAttribute('data-equity-usd'),
    btcUsd: el.getAttribute('data-btc-usd'),
    total: el.querySelector('[data-testid="chart-tooltip-total"]')?.textContent ?? '',
  }));
  expect(shown.usd).toMatch(/^\d+(\.\d+)?$/);
  expect(shown.btcUsd).toMatch(/^\d+(\.\d+)?$/);
  expect(shown.total.replace(/,/g, '')).toBe(
    new Decimal(shown.usd as string).div(shown.btcUsd as string).toFixed(8, Decimal.ROUND_HALF_UP),
  );

  // And back: USD with two decimals.
  await page.getByRole('combobox', { name: 'Base currency' }).first().selectOption('USD');
  await expect(equity).toHaveAttribute('data-currency', 'USD');
  await hoverNearEnd(page, equity);
  await expect(tooltip).toContainText(/Total\s*[\d,]+\.\d\d(?!\d)/);
});

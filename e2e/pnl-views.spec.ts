import { expect, test, type Page } from '@playwright/test';
import Decimal from 'decimal.js';
import { realScheduler, type Scheduler } from '../sim/core/clock';
import { exportSnapshot, expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * PnL where traders look for it, on the demo stack with the five accounts trading: the daily bars
 * show today with every fill of the session, PnL by symbol lists every traded symbol and its totals
 * are the PnL summary's, a position clicked (or Enter on its row) filters Fills and Orders to it and
 * the chip clears it, and the allocation lists every venue.
 */
/** A price step interval nothing else in the simulator uses, so the scheduler can tell it apart. */
const PRICE_TICK_MS = 249;
let held = false;
/** The simulators' clock, except that price steps stop once `held` (every figure then stays put). */
const scheduler: Scheduler = {
  now: () => realScheduler.now(),
  after: (ms, task) => realScheduler.after(ms, task),
  every: (ms, task) => realScheduler.every(ms, ms === PRICE_TICK_MS ? () => (held ? undefined : task()) : task),
};

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack({ seed: 11, activityMs: 500, priceTickMs: PRICE_TICK_MS, scheduler });
});
test.afterAll(async () => {
  await stack.stop();
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const attr = async (page: Page, selector: string, name: string) =>
  (await page.locator(selector).getAttribute(name)) ?? '';

/** Every rendered fill row's connection id and symbol (the table is virtualized: the rows in view). */
const shownFills = (page: Page) =>
  page
    .getByTestId('panel-fills')
    .getByTestId('fill-row')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        connectionId: (row as HTMLElement).dataset.rowId?.split('|')[0] ?? '',
        symbol: row.querySelector('.symbol')?.textContent ?? '',
      })),
    );

test('daily PnL, PnL by symbol, drill-down from a position, allocation', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  for (const c of stack.profile.connections) await expectStatus(page, c.id, 'live');
  await page.getByTestId('import-result').getByRole('button').click();
  await expect.poll(() => page.getByTestId('fill-row').count(), { timeout: 60_000 }).toBeGreaterThan(10);
  await expect.poll(() => page.getByTestId('position-row').count(), { timeout: 60_000 }).toBeGreaterThan(1);
  // The accounts stop trading and prices stop moving: the figures compared below stay put.
  stack.sim.pause();
  held = true;
  await page.waitForTimeout(1_500);
  const snap = await exportSnapshot(page);
  const traded = [...new Set(snap.fills.map((f) => f.symbol))].sort();
  expect(traded.length).toBeGreaterThan(1);

  // Daily PnL: today's bar and row, holding every fill of the session (all made today).
  await tab(page, 'Daily PnL').click();
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const todayRow = page.locator(`[data-testid="daily-pnl-row"][data-row-id="${today}"]`);
  await expect(todayRow).toHaveCount(1);
  await expect(todayRow).toHaveAttribute('data-fills', String(snap.fills.length));
  const chart = page.getByTestId('daily-pnl-chart');
  await expect(chart).toBeVisible({ timeout: 15_000 });
  expect(Number(await chart.getAttribute('data-bars'))).toBeGreaterThanOrEqual(1);
  await expect(chart.locator('.recharts-yAxis .recharts-cartesian-axis-tick')).not.toHaveCount(0);
  await page.getByTestId('panel-pnl-daily').screenshot({ path: test.info().outputPath('daily-pnl.png') });

  // PnL by symbol: every traded symbol; the totals are the PnL summary's.
  await tab(page, 'PnL by symbol').click();
  await expect(page.getByTestId('pnl-breakdown-by-symbol')).toHaveAttribute('aria-pressed', 'true');
  for (const symbol of traded)
    await expect(page.locator(`[data-testid="pnl-breakdown-row"][data-row-id="${symbol}"]`)).toHaveCount(1);
  const breakdownTotal = '[data-testid="pnl-breakdown-row"][data-row-id="total"]';
  const realized = await attr(page, `${breakdownTotal} [data-testid="breakdown-realized"]`, 'data-value');
  const fees = await attr(page, `${breakdownTotal} [data-testid="breakdown-fees"]`, 'data-value');
  const unrealized = await attr(page, `${breakdownTotal} [data-testid="breakdown-unrealized"]`, 'data-value');
  await page.getByTestId('pnl-breakdown-by-venue').click();
  for (const venue of new Set(stack.profile.connections.map((c) => c.venue)))
    await expect(page.locator(`[data-testid="pnl-breakdown-row"][data-row-id="${venue}"]`)).toHaveCount(1);
  expect(await attr(page, `${breakdownTotal} [data-testid="breakdown-realized"]`, 'data-value')).toBe(realized);
  await page.getByTestId('pnl-breakdown-by-symbol').click();
  await page.getByTestId('panel-pnl-breakdown').screenshot({ path: test.info().outputPath('pnl-by-symbol.png') });
  await tab(page, 'PnL summary').click();
  const summaryTotal = '[data-testid="pnl-summary-row"][data-row-id="total"]';
  expect(new Decimal(await attr(page, `${summaryTotal} [data-testid="pnl-realized"]`, 'data-value')).toFixed()).toBe(
    new Decimal(realized).toFixed(),
  );
  expect(new Decimal(await attr(page, `${summaryTotal} [data-testid="pnl-fees"]`, 'data-value')).toFixed()).toBe(
    new Decimal(fees).toFixed(),
  );
  expect(new Decimal(await attr(page, `${summaryTotal} [data-testid="pnl-unrealized"]`, 'data-value')).toFixed()).toBe(
    new Decimal(unrealized).toFixed(),
  );

  // Drill-down: a position with fills, clicked, filters Fills (brought forward) and Orders to it.
  const position = snap.positions.find((p) =>
    snap.fills.some((f) => f.connectionId === p.connectionId && f.symbol === p.symbol),
  );
  if (!position) throw new Error('no position with fills in the session');
  const { connectionId, symbol } = position;
  const expected = snap.fills.filter((f) => f.connectionId === connectionId && f.symbol === symbol).length;
  await page.locator(`[data-testid="position-row"][data-row-id="${connectionId}|${symbol}"]`).click();
  const fillsPanel = page.getByTestId('panel-fills');
  await expect(fillsPanel).toBeVisible();
  await expect(page.getByTestId('fills-drill-down')).toHaveText(`Filtered: ${symbol} on ${connectionId}×`);
  await expect(page.getByTestId('orders-drill-down')).toHaveText(`Filtered: ${symbol} on ${connectionId}×`);
  await expect(fillsPanel.getByRole('table')).toHaveAttribute('data-row-count', String(expected));
  const filtered = await shownFills(page);
  expect(filtered.length).toBeGreaterThan(0);
  for (const row of filtered) expect(row).toEqual({ connectionId, symbol });
  for (const id of await page
    .getByTestId('order-row')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.rowId ?? '')))
    expect(id.startsWith(`${connectionId}|`)).toBe(true);
  await page.screenshot({ path: test.info().outputPath('drill-down.png') });

  // The chip's × clears it: every fill again, other symbols among them.
  await page.getByTestId('fills-drill-down-clear').click();
  await expect(page.getByTestId('fills-drill-down')).toHaveCount(0);
  await expect(page.getByTestId('orders-drill-down')).toHaveCount(0);
  await expect(fillsPanel.getByRole('table')).toHaveAttribute('data-row-count', String(snap.fills.length));

  // Enter on the focused position row does the same.
  const rowsArea = page.getByTestId('panel-positions').getByTestId('dt-rows');
  await rowsArea.focus();
  await page.keyboard.press('ArrowDown');
  const focusedId = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.rowId ?? '');
  const [focusedConnection = '', focusedSymbol = ''] = focusedId.split('|');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('fills-drill-down')).toHaveText(`Filtered: ${focusedSymbol} on ${focusedConnection}×`);
  for (const row of await shownFills(page))
    expect(row).toEqual({ connectionId: focusedConnection, symbol: focusedSymbol });
  await page.getByTestId('fills-drill-down-clear').click();
  await expect(page.getByTestId('fills-drill-down')).toHaveCount(0);

  // Allocation: every venue of the profile, the valued shares adding up to 100 %.
  await tab(page, 'Allocation').click();
  for (const venue of new Set(stack.profile.connections.map((c) => c.venue)))
    await expect(page.locator(`[data-testid="allocation-row"][data-kind="venue"][data-row-id="${venue}"]`)).toHaveCount(
      1,
    );
  const shares = await page
    .locator('[data-testid="allocation-row"][data-kind="venue"][data-share]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.share ?? '0'));
  expect(shares.length).toBeGreaterThan(0);
  expect(
    shares
      .reduce((a, s) => a.plus(s), new Decimal(0))
      .minus(100)
      .abs()
      .lt('1e-9'),
  ).toBe(true);
  await expect(page.getByTestId('allocation-venue-chart')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('panel-allocation').screenshot({ path: test.info().outputPath('allocation.png') });

  // A reload keeps the day: the journal restores its fills (the accounts are paused: no new ones).
  await page.reload();
  await tab(page, 'Daily PnL').click();
  await expect(page.locator(`[data-testid="daily-pnl-row"][data-row-id="${today}"]`)).toHaveAttribute(
    'data-fills',
    String(snap.fills.length),
  );
});

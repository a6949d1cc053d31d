import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PANEL_SPECS } from '../src/app/panel-specs';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * A scripted tour of the demo profile, saved as PNGs under demo/: the first-run welcome and guided
 * form, the whole dashboard, every panel on its own (tabs opened in turn), the settings drawer, the
 * shortcut list, a position's drill-down, a saved workspace, then the board again in the light theme.
 * Nobody has to touch the app to show it.
 */
const OUT = join(process.cwd(), 'demo');

let stack: DemoStack;
test.beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  stack = await startDemoStack({ seed: 1, activityMs: 700 });
});
test.afterAll(async () => {
  await stack.stop();
});

let shot = 0;
/** demo/<NN>-<theme>-<name>.png, numbered in the order taken. */
const file = (theme: string, name: string) => join(OUT, `${String(shot++).padStart(2, '0')}-${theme}-${name}.png`);

async function settings(page: Page, open: boolean) {
  if (open) await page.getByTestId('settings-open').click();
  else await page.getByTestId('settings-close').click();
  await expect(page.getByTestId('settings-drawer')).toBeVisible({ visible: open });
}

/** The dashboard, each panel (bringing a panel behind a tab to the front first), the drawer. */
async function tourIn(page: Page, theme: string) {
  await page.screenshot({ path: file(theme, 'dashboard') });
  await page.getByTestId('top-bar').screenshot({ path: file(theme, 'top-bar') });
  for (const { id, title } of PANEL_SPECS) {
    const panel = page.getByTestId(`panel-${id}`);
    if (!(await panel.isVisible())) await page.getByRole('tab', { name: title, exact: true }).click();
    await expect(panel).toBeVisible();
    await panel.screenshot({ path: file(theme, `panel-${id}`) });
  }
  await page.getByTestId('orders-filter-all').click();
  await page.getByTestId('panel-orders').screenshot({ path: file(theme, 'panel-orders-all') });
  await page.getByTestId('orders-filter-open').click();
  // Back to each area's first tab, as the dashboard opens.
  for (const { title } of PANEL_SPECS.filter((p, i) => PANEL_SPECS.findIndex((o) => o.area === p.area) === i)) {
    const tab = page.getByRole('tab', { name: title, exact: true });
    if (await tab.isVisible()) await tab.click();
  }
  await settings(page, true);
  await page.screenshot({ path: file(theme, 'settings-drawer') });
  await settings(page, false);
}

/** First run: the welcome, its guide to how each venue connects, the guided form for a venue. */
async function firstRun(page: Page) {
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  await page.screenshot({ path: file('dark', 'first-run') });
  await page.getByTestId('welcome-how').click();
  await expect(page.getByTestId('welcome-venues')).toBeVisible();
  await welcome.screenshot({ path: file('dark', 'first-run-venues') });
  await page.getByTestId('welcome-how').click();
  await page.getByTestId('welcome-add').click();
  await expect(page.getByTestId('connection-form')).toBeVisible();
  await welcome.screenshot({ path: file('dark', 'first-run-guided-form') });
}

/** The workspace: the shortcut list, a position's drill-down into its fills, a workspace saved by name. */
async function workspace(page: Page) {
  await page.locator('body').press('?');
  const shortcuts = page.getByRole('dialog', { name: /shortcut/i });
  await expect(shortcuts).toBeVisible();
  await page.screenshot({ path: file('dark', 'shortcuts') });
  await page.keyboard.press('Escape');
  await expect(shortcuts).not.toBeVisible();

  await page.getByTestId('position-row').first().click();
  await expect(page.getByTestId('fills-drill-down')).toBeVisible();
  await page.screenshot({ path: file('dark', 'drill-down') });
  await page.getByTestId('panel-fills').screenshot({ path: file('dark', 'drill-down-fills') });
  await page.getByTestId('fills-drill-down-clear').click();
  await expect(page.getByTestId('fills-drill-down')).toHaveCount(0);

  await settings(page, true);
  await page.getByTestId('workspace-name').fill('Scalping');
  await page.getByTestId('workspace-save').click();
  await expect(page.getByTestId('workspace-select')).toHaveValue('Scalping');
  await page.getByTestId('settings-workspaces').screenshot({ path: file('dark', 'workspaces') });
  await settings(page, false);
}

test('tour of the demo profile', async ({ page }) => {
  // A script of some seventy screenshots in two themes: six minutes on a loaded 2-core machine.
  test.setTimeout(600_000);
  await page.goto('/');
  await firstRun(page);
  const { profile } = stack;
  await importProfile(page, writeProfile(profile.connections));
  for (const c of profile.connections) await expectStatus(page, c.id, 'live');
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('position-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('import-result').getByRole('button').click(); // dismiss "Imported 5 connections"
  await page.waitForTimeout(8_000); // let the equity chart draw some history
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await tourIn(page, 'dark');
  await workspace(page);

  await settings(page, true);
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await settings(page, false);
  await tourIn(page, 'light');
});

import { expect, test, type Page } from '@playwright/test';
import { PANEL_SPECS } from '../src/app/panel-specs';

/**
 * The saved layout and theme: hide a panel, collapse another, pick a tab, switch to light; a reload
 * brings all of it back (the theme before the app's script runs); "Reset layout" restores the default.
 */

/** The first area that holds several panels (tabs), from the registry: [default tab, another tab]. */
function tabbedArea(): [string, string] {
  for (const p of PANEL_SPECS) {
    const others = PANEL_SPECS.filter((o) => o.area === p.area && o.id !== p.id);
    if (others[0]) return [p.id, others[0].id];
  }
  throw new Error('no area holds two panels');
}
const [FIRST_TAB, OTHER_TAB] = tabbedArea();
const title = (id: string) => PANEL_SPECS.find((p) => p.id === id)?.title ?? id;
/** A panel's tab in the dock. */
const tab = (page: Page, id: string) => page.getByRole('tab', { name: title(id), exact: true });
const HIDE = 'fills';
const COLLAPSE = 'positions';
/** The panel under COLLAPSE in the default layout: it takes the room a collapse frees. */
const BELOW = 'orders';

async function openSettings(page: Page) {
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-drawer')).toBeVisible();
}

async function height(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not laid out`);
  return box.height;
}

/** Every panel has its tab in the dock, the first tab of each area on show, nothing collapsed. */
async function expectDefaultLayout(page: Page) {
  for (const { id } of PANEL_SPECS) await expect(tab(page, id)).toHaveCount(1);
  for (const id of [FIRST_TAB, HIDE, COLLAPSE, BELOW])
    await expect(page.getByTestId(`panel-${id}`)).toHaveAttribute('data-collapsed', 'false');
  await expect(page.getByTestId(`panel-${FIRST_TAB}`)).toBeVisible();
  await expect(page.getByTestId(`panel-${OTHER_TAB}`)).toBeHidden();
  await expect(page.getByTestId(`panel-${HIDE}`)).toBeVisible();
  await expect(page.getByTestId(`panel-${COLLAPSE}`).locator('.panel-body')).toBeVisible();
}

test('hide, collapse, tab and theme survive a reload; reset layout restores the default', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectDefaultLayout(page);
  const collapseBefore = await height(page, `panel-${COLLAPSE}`);
  const belowBefore = await height(page, `panel-${BELOW}`);

  // Hide a panel from the drawer; Escape closes the drawer.
  await openSettings(page);
  await expect(page.getByTestId(`layout-toggle-${HIDE}`)).toBeChecked();
  await page.getByTestId(`layout-toggle-${HIDE}`).uncheck();
  await expect(page.getByTestId(`panel-${HIDE}`)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-drawer')).toBeHidden();

  // Collapse another to its title bar: its neighbour takes the room.
  await page.getByTestId(`panel-collapse-${COLLAPSE}`).click();
  await expect(page.getByTestId(`panel-${COLLAPSE}`)).toHaveAttribute('data-collapsed', 'true');
  await expect(page.getByTestId(`panel-${COLLAPSE}`).locator('.panel-body')).toBeHidden();
  expect(await height(page, `panel-${COLLAPSE}`)).toBeLessThan(40);
  expect(await height(page, `panel-${BELOW}`)).toBeGreaterThan(belowBefore);
  expect(collapseBefore).toBeGreaterThan(100);

  // Pick the other tab of a shared area.
  await tab(page, OTHER_TAB).click();
  await expect(page.getByTestId(`panel-${OTHER_TAB}`)).toBeVisible();
  await expect(page.getByTestId(`panel-${FIRST_TAB}`)).toBeHidden();
  await expect(tab(page, OTHER_TAB)).toHaveAttribute('aria-selected', 'true');

  // Light theme; the close button closes the drawer.
  await openSettings(page);
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('settings-close').click();
  await expect(page.getByTestId('settings-drawer')).toBeHidden();
  const lightPanel = await page.getByTestId(`panel-${BELOW}`).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(lightPanel).toBe('rgb(255, 255, 255)');

  // The theme is on <html> before the app runs: index.html reads it (here the app's script never loads).
  await page.route('**/assets/*.js', (route) => route.abort());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await page.locator('html').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(233, 237, 242)');
  await expect(page.getByTestId('top-bar')).toHaveCount(0);
  await page.unroute('**/assets/*.js');

  // Reload with the app: everything is back.
  await page.reload();
  await expect(page.getByTestId('top-bar')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId(`panel-${HIDE}`)).toHaveCount(0);
  await expect(page.getByTestId(`panel-${COLLAPSE}`)).toHaveAttribute('data-collapsed', 'true');
  await expect(page.getByTestId(`panel-${COLLAPSE}`).locator('.panel-body')).toBeHidden();
  await expect(page.getByTestId(`panel-${OTHER_TAB}`)).toBeVisible();
  await expect(page.getByTestId(`panel-${FIRST_TAB}`)).toBeHidden();
  await openSettings(page);
  await expect(page.getByTestId(`layout-toggle-${HIDE}`)).not.toBeChecked();
  await expect(page.getByTestId(`layout-collapsed-${COLLAPSE}`)).toBeChecked();

  // Reset layout: the default board, at once and after a reload; the theme is not part of the layout.
  await page.getByTestId('layout-reset').click();
  await expect(page.getByTestId(`layout-toggle-${HIDE}`)).toBeChecked();
  await page.keyboard.press('Escape');
  await expectDefaultLayout(page);
  expect(await height(page, `panel-${COLLAPSE}`)).toBeCloseTo(collapseBefore, 0);
  await page.reload();
  await expect(page.getByTestId('top-bar')).toBeVisible();
  await expectDefaultLayout(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('the drawer holds every settings section and a click outside it closes it', async ({ page }) => {
  await page.goto('/');
  await openSettings(page);
  const drawer = page.getByTestId('settings-drawer');
  for (const section of ['layout', 'valuation', 'journal', 'alerts'])
    await expect(drawer.getByTestId(`settings-${section}`)).toBeVisible();
  for (const { id } of PANEL_SPECS) await expect(drawer.getByTestId(`layout-toggle-${id}`)).toBeVisible();
  // The backdrop: left of the drawer.
  await page.mouse.click(100, 500);
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('settings-open')).toHaveAttribute('aria-expanded', 'false');
});

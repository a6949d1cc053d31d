import { expect, test, type Page } from '@playwright/test';
import { PANEL_SPECS } from '../src/app/panel-specs';
import { SHORTCUTS } from '../src/app/keyboard/shortcuts';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * The keyboard, with the demo accounts trading: a number key brings a panel to the front and focuses
 * it, `/` focuses that panel's filter, `?` lists every shortcut and Escape closes it (and the drawer and
 * a column menu); in a table the arrow keys, Home and End move the focused row (one tab stop, roving
 * tabindex) while fills keep arriving.
 */
let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack({ seed: 5, activityMs: 600 });
});
test.afterAll(async () => {
  await stack.stop();
});

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

test('number keys, slash, the shortcut list and Escape', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  for (const c of stack.profile.connections) await expectStatus(page, c.id, 'live');
  await expect.poll(() => page.getByTestId('fill-row').count(), { timeout: 30_000 }).toBeGreaterThan(3);
  await page.getByTestId('import-result').getByRole('button').click();

  // A number key: the panel at that place in the registry, brought to the front (a tab behind another).
  const fillsKey = String(PANEL_SPECS.findIndex((p) => p.id === 'fills') + 1);
  await page.keyboard.press(fillsKey);
  await expect.poll(() => focusedTestId(page)).toBe('panel-fills');
  const exposureKey = String(PANEL_SPECS.findIndex((p) => p.id === 'exposure') + 1);
  await expect(page.getByTestId('panel-exposure')).toHaveCount(0);
  await page.keyboard.press(exposureKey);
  await expect(page.getByTestId('panel-exposure')).toBeVisible();
  await expect.poll(() => focusedTestId(page)).toBe('panel-exposure');

  // `/` focuses the active panel's filter; what is typed there is text, not shortcuts.
  await page.keyboard.press(fillsKey);
  await page.keyboard.press('/');
  await expect(page.getByTestId('fills-filter-text')).toBeFocused();
  await page.keyboard.type('1?zz');
  await expect(page.getByTestId('fills-filter-text')).toHaveValue('1?zz');
  await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
  await expect(page.getByTestId('fill-row')).toHaveCount(0);
  await page.getByTestId('fills-filter-text').fill('');

  // `?` lists every shortcut; Escape closes it.
  await page.getByTestId('panel-fills').focus();
  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(dialog.getByTestId('shortcut-row')).toHaveCount(SHORTCUTS.length);
  for (const p of PANEL_SPECS.slice(0, 10)) await expect(dialog).toContainText(`Go to ${p.title}`);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Escape closes the settings drawer too, and a column menu.
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-drawer')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-drawer')).toBeHidden();
  await page.getByTestId('panel-fills').getByTestId('dt-columns-button').click();
  await expect(page.getByTestId('dt-columns-menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dt-columns-menu')).toHaveCount(0);
});

/** The focused element, if it is a table row: its record id, place (aria-rowindex) and test id. */
const focusedRow = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el.getAttribute('role') !== 'row') return null;
    return { id: el.dataset.rowId ?? '', index: Number(el.getAttribute('aria-rowindex')), testId: el.dataset.testid };
  });

/** The id of the fills row at a given aria-rowindex (if rendered). */
const fillIdAt = (page: Page, index: number) =>
  page
    .getByTestId('panel-fills')
    .locator(`[role="row"][aria-rowindex="${index}"]`)
    .getAttribute('data-row-id', { timeout: 5_000 });

test('arrow keys, Home and End move the focused row of a table', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  for (const c of stack.profile.connections) await expectStatus(page, c.id, 'live');
  await page.getByTestId('import-result').getByRole('button').click();
  const panel = page.getByTestId('panel-fills');
  const table = panel.getByRole('table');
  // Oldest first, so the fills that keep arriving go to the end and the first rows stay put.
  const timeHeader = panel.getByRole('columnheader', { name: /^Time/ });
  for (let i = 0; i < 3 && (await timeHeader.getAttribute('aria-sort')) !== 'ascending'; i++) {
    await timeHeader.getByRole('button').click();
  }
  await expect(timeHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => page.getByTestId('fill-row').count(), { timeout: 30_000 }).toBeGreaterThan(5);
  // The accounts stop trading for the key steps: fills of equal time (a ticket's open and close) can
  // change places as rows arrive, and the last row moves under End while the table scrolls.
  stack.sim.pause();
  await page.waitForTimeout(1_000); // frames in flight arrive

  // One tab stop: the rows area; Down from there focuses the first row, which becomes the tab stop.
  const rowsArea = panel.getByTestId('dt-rows');
  await expect(rowsArea).toHaveAttribute('tabindex', '0');
  await rowsArea.focus();
  await page.keyboard.press('ArrowDown');
  const first = await fillIdAt(page, 2);
  await expect.poll(() => focusedRow(page)).toEqual({ id: first, index: 2, testId: 'fill-row' });
  await expect(rowsArea).toHaveAttribute('tabindex', '-1');
  await expect(table.locator('[role="row"][tabindex="0"]')).toHaveCount(1);

  // Down twice, Up once: the row below, the one below that, back one.
  const third = await fillIdAt(page, 4);
  const second = await fillIdAt(page, 3);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedRow(page)).toEqual({ id: third, index: 4, testId: 'fill-row' });
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusedRow(page)).toEqual({ id: second, index: 3, testId: 'fill-row' });
  await expect(table.locator('[role="row"][tabindex="0"]')).toHaveCount(1);
  await expect(table.locator('[role="row"][tabindex="0"]')).toHaveAttribute('data-row-id', second ?? '');

  // End: the last row, scrolled into view (only the rows in view are in the DOM).
  const countBeforeEnd = Number(await table.getAttribute('data-row-count'));
  await page.keyboard.press('End');
  await expect.poll(async () => (await focusedRow(page))?.index ?? 0).toBe(countBeforeEnd + 1);
  await expect(page.locator(':focus')).toBeInViewport();

  // Home: back to the first row; Up there stays on it.
  await page.keyboard.press('Home');
  await expect.poll(() => focusedRow(page)).toEqual({ id: first, index: 2, testId: 'fill-row' });
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusedRow(page)).toEqual({ id: first, index: 2, testId: 'fill-row' });

  // A clicked row is where the keys start from.
  await panel.locator('[role="row"][aria-rowindex="5"]').click();
  const sixth = await fillIdAt(page, 6);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedRow(page)).toEqual({ id: sixth, index: 6, testId: 'fill-row' });
});

import { expect, test, type Page } from '@playwright/test';
import { PANEL_SPECS } from '../src/app/panel-specs';
import { SHORTCUTS } from '../src/app/keyboard/shortcuts';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * The keyboard, with the demo accounts trading: a number key brings a panel to the front and focuses
 * it, `/` focuses that panel's filter, `?` lists every shortcut and Escape closes it (and the drawer and
 * a column menu). Moving through a table's rows with the arrow keys is not proven here yet.
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
  for (const p of PANEL_SPECS) await expect(dialog).toContainText(`Go to ${p.title}`);
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

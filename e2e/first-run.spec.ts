import { expect, test } from '@playwright/test';
import type { Simulator } from '../sim/index';
import { connectionRow, expectStatus } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';

/**
 * The first visit (no profile, nothing saved): the welcome, how each venue connects, and a ZDEX
 * connection added through the guided form, tested before it is saved.
 */
let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

const SHOTS = process.env.FIRST_RUN_SHOTS;

test('welcome, how venues connect, a guided ZDEX connection tested and saved', async ({ page }) => {
  await page.goto('/');
  const welcome = page.getByTestId('welcome');
  await expect(welcome.getByRole('heading', { name: 'Welcome to Venueboard' })).toBeVisible();
  for (const name of ['Import a profile', 'Add a venue', 'How each venue connects'])
    await expect(welcome.getByRole('heading', { name, exact: true }).first()).toBeVisible();

  // How each venue connects, readable in place.
  await welcome.getByTestId('welcome-how').click();
  const zdexHow = welcome.locator('[data-testid="welcome-venue"][data-venue="zdex"]');
  await expect(zdexHow).toContainText('token');
  await expect(welcome.locator('[data-testid="welcome-venue"][data-venue="roxom"]')).toContainText(
    'Only through the keyring relay',
  );
  await expect(welcome.getByTestId('welcome-venue')).toHaveCount(6);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/welcome.png` });
  await welcome.getByTestId('welcome-how').click();

  // The guided form, with the venue's defaults.
  await welcome.getByTestId('welcome-add').click();
  const form = page.getByTestId('connection-form');
  await expect(form.getByTestId('connection-form-venue')).toHaveValue('zdex');
  await expect(form.getByTestId('connection-form-url')).toHaveValue('wss://api.zdex.world/ws');
  await expect(form.getByTestId('connection-form-option-symbols')).toHaveValue('BTCUSDT');
  await expect(form.getByTestId('connection-form-connects')).toContainText('session token (JWT)');

  // Checked before anything is saved, in plain words next to the field.
  await form.getByTestId('connection-form-url').fill('https://127.0.0.1/ws');
  await form.getByTestId('connection-form-submit').click();
  await expect(form.getByTestId('connection-form-problems')).toContainText(
    'The URL must start with wss:// (or ws:// for a local simulator).',
  );
  await expect(form.getByTestId('connection-form-problems')).toContainText('Paste the ZDEX session token (JWT)');
  await expect(form.getByTestId('connection-form-url')).toHaveAttribute('aria-invalid', 'true');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/form-problems.png` });

  // A wrong token: the venue's refusal, in words.
  await form.getByTestId('connection-form-url').fill(sim.urls.zdex);
  const wrong = sim.tokens('zdex', 'invalid').token;
  await form.getByTestId('connection-form-token').fill(wrong);
  await form.getByTestId('connection-form-test').click();
  const result = form.getByTestId('connection-form-test-result');
  await expect(result).toHaveAttribute('data-outcome', 'refused', { timeout: 12_000 });
  await expect(result).toContainText('ZDEX refused the connection: ZDEX rejected the token');
  await expect(result).not.toContainText(wrong);
  // Nothing was saved or shown: still the welcome, no row.
  await expect(welcome).toBeVisible();
  await expect(page.getByTestId('connection-row')).toHaveCount(0);

  // The right token: connected and authenticated.
  await form.getByTestId('connection-form-token').fill(sim.tokens('zdex').token);
  await form.getByTestId('connection-form-test').click();
  await expect(result).toHaveAttribute('data-outcome', 'ok', { timeout: 12_000 });
  await expect(result).toContainText('connected and authenticated');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/form-ok.png` });
  await expect(page.getByTestId('connection-row')).toHaveCount(0);

  // Saved: the board, the connection live.
  await form.getByTestId('connection-form-submit').click();
  await expect(welcome).toBeHidden();
  await expectStatus(page, 'zdex-main', 'live');
  await expect(connectionRow(page, 'zdex-main')).toContainText('ZDEX');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/board.png` });

  // The row's actions: one Actions button opening a menu, keyboard operable, Escape closes it.
  const row = connectionRow(page, 'zdex-main');
  const actions = row.getByTestId('connection-actions');
  await actions.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for ZDEX' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Reconnect' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByTestId('remove-connection')).toBeFocused();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/row-menu.png` });
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(actions).toBeFocused();
  // Edit from the menu opens the guided form on the saved values, the token never shown back.
  await actions.click();
  await menu.getByRole('menuitem', { name: 'Edit' }).click();
  const edit = page.getByTestId('connection-form');
  await expect(edit.getByTestId('connection-form-url')).toHaveValue(sim.urls.zdex);
  await expect(edit.getByTestId('connection-form-token')).toHaveValue('');
  await expect(edit.getByTestId('connection-form-token')).toHaveAttribute(
    'placeholder',
    'leave empty to keep the current one',
  );
  await edit.getByTestId('connection-form-cancel').click();
});

test('importing a profile from the welcome shows the board with its connections', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('welcome-import').setInputFiles(writeProfile([zdexConnection(sim)]));
  await expect(page.getByTestId('welcome')).toBeHidden();
  await expectStatus(page, 'zdex-main', 'live');
});

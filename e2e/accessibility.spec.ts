import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PANEL_SPECS } from '../src/app/panel-specs';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * axe (axe-core through @axe-core/playwright) on the board as a trader sees it: the five demo accounts
 * trading, every panel brought to the front in turn, the settings drawer and the shortcut list open, in
 * the dark and the light theme. No violation of serious or critical impact may remain; each found is
 * printed with the elements it names.
 */
let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack({ activityMs: 700 });
});
test.afterAll(async () => {
  await stack.stop();
});

const SEVERE = new Set(['serious', 'critical']);

async function severeViolations(page: Page, include: string, what: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  return violations
    .filter((v) => SEVERE.has(v.impact ?? ''))
    .map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

async function auditBoard(page: Page, theme: string): Promise<string[]> {
  const found: string[] = [];
  const shown = new Set<string>();
  for (const { id } of PANEL_SPECS) if (await page.getByTestId(`panel-${id}`).isVisible()) shown.add(id);
  found.push(...(await severeViolations(page, 'body', `${theme} board`)));
  // Each panel behind a tab, brought to the front (the board's audit covered those shown).
  for (const { id, title } of PANEL_SPECS) {
    if (shown.has(id)) continue;
    const panel = page.getByTestId(`panel-${id}`);
    await page.getByRole('tab', { name: title, exact: true }).click();
    await expect(panel).toBeVisible();
    found.push(...(await severeViolations(page, `[data-testid="panel-${id}"]`, `${theme} panel ${id}`)));
  }
  // A connection's row menu, open.
  await page.getByTestId('connection-actions').first().click();
  await expect(page.getByRole('menu').first()).toBeVisible();
  found.push(...(await severeViolations(page, '[data-testid="panel-connections"]', `${theme} row menu`)));
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-drawer')).toBeVisible();
  found.push(...(await severeViolations(page, '[data-testid="settings-drawer"]', `${theme} settings`)));
  await page.getByTestId('settings-close').click();
  await page.locator('body').press('?');
  const shortcuts = page.getByRole('dialog', { name: /shortcut/i });
  await expect(shortcuts).toBeVisible();
  found.push(...(await severeViolations(page, 'dialog[open]', `${theme} shortcuts`)));
  await page.keyboard.press('Escape');
  await expect(shortcuts).not.toBeVisible();
  return found;
}

/** The first-run welcome with its venue guide open and the guided form for a venue. */
async function auditWelcome(page: Page, theme: string): Promise<string[]> {
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  const found: string[] = [];
  if (!(await page.getByTestId('welcome-venues').isVisible())) await page.getByTestId('welcome-how').click();
  await expect(page.getByTestId('welcome-venues')).toBeVisible();
  found.push(...(await severeViolations(page, '[data-testid="welcome"]', `${theme} welcome`)));
  await page.getByTestId('welcome-add').click();
  await expect(page.getByTestId('connection-form')).toBeVisible();
  found.push(...(await severeViolations(page, '[data-testid="welcome"]', `${theme} guided form`)));
  return found;
}

async function toggleTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('settings-open').click();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await page.getByTestId('settings-close').click();
}

test('no serious or critical axe violation on any panel, dialog or drawer, in both themes', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  // First run: no connection yet.
  const found = await auditWelcome(page, 'dark');
  await toggleTheme(page, 'light');
  found.push(...(await auditWelcome(page, 'light')));
  await toggleTheme(page, 'dark');

  await importProfile(page, writeProfile(stack.profile.connections));
  await page.getByTestId('import-result').getByRole('button').click();
  for (const c of stack.profile.connections) await expectStatus(page, c.id, 'live', 30_000);
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });

  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  found.push(...(await auditBoard(page, 'dark')));
  await toggleTheme(page, 'light');
  found.push(...(await auditBoard(page, 'light')));

  expect(found, found.join('\n')).toEqual([]);
});

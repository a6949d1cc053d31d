import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * The dock and named workspaces, with the demo accounts trading: a panel dragged onto another group
 * becomes a tab there, a sash resizes the columns, a group pops out to its own window (its table still
 * live), and each workspace keeps its own arrangement and table columns across a reload; a workspace
 * goes out as JSON and comes back in, and a bad file changes nothing and says why without echoing it.
 */

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack({ seed: 3, activityMs: 600 });
});
test.afterAll(async () => {
  await stack.stop();
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });

async function openSettings(page: Page) {
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-drawer')).toBeVisible();
}

async function closeSettings(page: Page) {
  await page.getByTestId('settings-close').click();
  await expect(page.getByTestId('settings-drawer')).toBeHidden();
}

/** Both tabs sit in one dock group (one tab strip). */
async function sameGroup(a: Locator, b: Locator): Promise<boolean> {
  const other = await b.elementHandle();
  return a.evaluate((el, o) => el.closest('.dv-groupview') === o?.closest('.dv-groupview'), other);
}

test('dock: drag to a tab, resize, pop out; workspaces keep layout and columns, export and import', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await importProfile(page, writeProfile(stack.profile.connections));
  for (const c of stack.profile.connections) await expectStatus(page, c.id, 'live');
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });

  // Stack as tabs: drag the Market tab onto the middle of the Positions panel.
  expect(await sameGroup(tab(page, 'Market'), tab(page, 'Positions'))).toBe(false);
  // A drag is a gesture in steps: on a loaded machine a step can land before the dock has shown its
  // drop target, so the gesture is tried again until the tab is stacked (what is checked is the result).
  await expect(async () => {
    await tab(page, 'Market').dragTo(page.getByTestId('panel-positions'), { steps: 12 });
    expect(await sameGroup(tab(page, 'Market'), tab(page, 'Positions'))).toBe(true);
  }).toPass({ timeout: 45_000 });
  await expect(page.getByTestId('panel-market')).toBeVisible();
  await expect(page.getByTestId('panel-market').getByTestId('market-row').first()).toBeVisible();

  // Resize: drag the sash between the two columns to the right; the left column widens.
  const before = (await page.getByTestId('panel-connections').boundingBox())!.width;
  const sash = page.locator('.dv-split-view-container.dv-horizontal > .dv-sash-container > .dv-sash').first();
  const s = (await sash.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + 150, s.y + s.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect
    .poll(async () => (await page.getByTestId('panel-connections').boundingBox())!.width)
    .toBeGreaterThan(before + 100);

  // Columns: hide the fee column of Fills and move Side before Symbol.
  const fills = page.getByTestId('panel-fills');
  await fills.getByTestId('dt-columns-button').click();
  await fills.getByTestId('dt-column-visible-fee').uncheck();
  await fills.getByTestId('dt-column-up-side').click();
  await page.keyboard.press('Escape');
  await expect(fills.getByTestId('dt-columns-menu')).toHaveCount(0);
  const headers = () => fills.getByRole('columnheader').allInnerTexts();
  await expect.poll(headers).not.toContain('FEE');
  const arranged = await headers();
  expect(arranged.indexOf('SIDE')).toBeLessThan(arranged.indexOf('SYMBOL'));

  // Save this as "Scalping"; the Default workspace still has the original board.
  await openSettings(page);
  await page.getByTestId('workspace-name').fill('Scalping');
  await page.getByTestId('workspace-save').click();
  await expect(page.getByTestId('workspace-message')).toContainText('Saved as');
  await closeSettings(page);
  await expect(page.getByTestId('workspace-select')).toHaveValue('Scalping');
  await page.getByTestId('workspace-select').selectOption('Default');
  await expect.poll(() => sameGroup(tab(page, 'Market'), tab(page, 'Positions'))).toBe(false);
  await expect.poll(headers).toContain('FEE');
  await expect(page.getByTestId('fill-row').first()).toBeVisible();

  // Back to Scalping, then reload: the workspace, its dock and its columns come back.
  await page.getByTestId('workspace-select').selectOption('Scalping');
  await expect.poll(() => sameGroup(tab(page, 'Market'), tab(page, 'Positions'))).toBe(true);
  await page.reload();
  await expect(page.getByTestId('workspace-select')).toHaveValue('Scalping');
  await expect.poll(() => sameGroup(tab(page, 'Market'), tab(page, 'Positions'))).toBe(true);
  await expect.poll(headers).not.toContain('FEE');

  // Export the workspace; import it back under another name.
  await openSettings(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('workspace-export').click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    format: string;
    name: string;
    layout: { columns: Record<string, { visibility: Record<string, boolean> }>; dock: { panels: object } };
  };
  expect(exported.format).toBe('venueboard.workspace/v1');
  expect(exported.name).toBe('Scalping');
  expect(exported.layout.columns.Fills?.visibility.fee).toBe(false);
  expect(Object.keys(exported.layout.dock.panels)).toContain('market');
  const copy = join(tmpdir(), `workspace-${Date.now()}.json`);
  writeFileSync(copy, JSON.stringify({ ...exported, name: 'Imported desk' }));
  await page.getByTestId('workspace-import-file').setInputFiles(copy);
  await expect(page.getByTestId('workspace-message')).toContainText('Imported');
  await expect(page.getByTestId('workspace-select')).toHaveValue('Imported desk');

  // A crafted file: an unknown panel and markup in the name. Nothing changes, the problem is named,
  // the file's values are not echoed.
  const bad = join(tmpdir(), `workspace-bad-${Date.now()}.json`);
  const evil = '<img src=x onerror=alert(1)>';
  writeFileSync(
    bad,
    JSON.stringify({
      ...exported,
      name: `x\u0007${evil}`,
      layout: {
        ...exported.layout,
        dock: {
          ...exported.layout.dock,
          panels: { ...exported.layout.dock.panels, evil: { id: 'evil', contentComponent: 'panel' } },
        },
      },
    }),
  );
  await page.getByTestId('workspace-import-file').setInputFiles(bad);
  const message = page.getByTestId('workspace-message');
  await expect(message).toHaveAttribute('role', 'alert');
  await expect(message).toContainText('not a workspace this version can open');
  await expect(message).toContainText('names a panel this version does not have');
  await expect(message).toContainText('name must not contain control characters');
  expect(await message.innerText()).not.toContain('<img');
  await expect(page.locator('img[src=x]')).toHaveCount(0);
  await expect(page.getByTestId('workspace-item')).toHaveCount(3);
  await expect(page.getByTestId('workspace-select')).toHaveValue('Imported desk');
  await closeSettings(page);

  // Pop out: the Fills group opens in a window of its own and keeps updating there.
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('dock-popout-fills').click()]);
  await popup.waitForLoadState();
  const popped = popup.getByTestId('panel-fills');
  await expect(popped).toBeVisible();
  const rowsThen = Number(await popped.locator('[role=table]').getAttribute('data-row-count'));
  await expect
    .poll(async () => Number(await popped.locator('[role=table]').getAttribute('data-row-count')), { timeout: 30_000 })
    .toBeGreaterThan(rowsThen);
  await expect(page.getByTestId('panel-fills')).toHaveCount(0);
  await popup.close();
  await expect(page.getByTestId('panel-fills')).toBeVisible();
});

test('a layout saved before the dock (hidden, tabs) still loads', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem(
      'venueboard.settings',
      JSON.stringify({
        state: { theme: 'dark', layout: { hidden: ['fills'], collapsed: [], tabs: { summary: 'exposure' } } },
        version: 1,
      }),
    );
  });
  await page.goto('/');
  await expect(tab(page, 'Positions')).toBeVisible();
  await expect(tab(page, 'Fills')).toHaveCount(0);
  await expect(tab(page, 'Exposure')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-exposure')).toBeVisible();
  await expect(page.getByTestId('workspace-select')).toHaveValue('Default');
  // Shown again from the drawer, Fills comes back in its column.
  await openSettings(page);
  await page.getByTestId('layout-toggle-fills').check();
  await closeSettings(page);
  await expect(tab(page, 'Fills')).toBeVisible();
});

test('a dock saved by a build without the PnL views gets them as tabs behind the tab it had on show', async ({
  page,
}) => {
  await page.goto('/');
  await expect(tab(page, 'Daily PnL')).toBeVisible();
  await expect(tab(page, 'Equity & PnL')).toHaveAttribute('aria-selected', 'true');
  // The saved dock as an older build wrote it: the same layout without the three newer panels.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('venueboard.settings')?.includes('"dock"')))
    .toBe(true);
  await page.evaluate(
    (newer) => {
      const strip = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(strip);
        if (!node || typeof node !== 'object') return;
        const o = node as Record<string, unknown>;
        if (Array.isArray(o.views)) {
          o.views = o.views.filter((v) => !newer.includes(v as string));
          if (newer.includes(o.activeView as string)) o.activeView = (o.views as string[])[0];
        }
        if (o.panels && typeof o.panels === 'object' && !Array.isArray(o.panels))
          for (const id of newer) delete (o.panels as Record<string, unknown>)[id];
        Object.values(o).forEach(strip);
      };
      const saved = JSON.parse(localStorage.getItem('venueboard.settings') ?? '{}') as { state: { layout: unknown } };
      strip(saved.state.layout);
      localStorage.setItem('venueboard.settings', JSON.stringify(saved));
    },
    ['pnl-daily', 'pnl-breakdown', 'allocation'],
  );
  await page.reload();
  for (const name of ['Daily PnL', 'PnL by symbol', 'Allocation']) {
    await expect(tab(page, name)).toHaveCount(1);
    await expect(tab(page, name)).toHaveAttribute('aria-selected', 'false');
  }
  await expect(tab(page, 'Equity & PnL')).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, 'PnL summary')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-chart')).toBeVisible();
  await expect(page.getByTestId('panel-pnl-summary')).toBeVisible();
});

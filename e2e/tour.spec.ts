import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectStatus, importProfile } from './support/dashboard';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * A scripted tour of the demo profile: the whole dashboard, then every panel on its own, saved as
 * PNGs under demo/. Nobody has to touch the app to show it.
 */
const OUT = join(process.cwd(), 'demo');
const PANELS = ['top-bar', 'panel-connections', 'panel-chart', 'panel-positions', 'panel-market', 'panel-orders', 'panel-balances', 'panel-fills', 'panel-notifications'];

let stack: DemoStack;
test.beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  stack = await startDemoStack({ seed: 1, activityMs: 700 });
});
test.afterAll(async () => {
  await stack.stop();
});

test('tour of the demo profile', async ({ page }) => {
  await page.goto('/');
  const { profile } = stack;
  await importProfile(page, writeProfile(profile.connections));
  for (const c of profile.connections) await expectStatus(page, c.id, 'live');
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('position-row').first()).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(8_000); // let the equity chart draw some history
  await page.screenshot({ path: join(OUT, '00-dashboard.png') });
  for (const [i, id] of PANELS.entries()) {
    const panel = page.getByTestId(id);
    await expect(panel).toBeVisible();
    await panel.screenshot({ path: join(OUT, `${String(i + 1).padStart(2, '0')}-${id}.png`) });
  }
  await page.getByTestId('orders-filter-all').click();
  await page.getByTestId('panel-orders').screenshot({ path: join(OUT, `${String(PANELS.length + 1).padStart(2, '0')}-panel-orders-all.png`) });
});

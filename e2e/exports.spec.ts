import { expect, test } from '@playwright/test';
import type { Simulator } from '../sim/index';
import { expectStatus, exportText, importProfile } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

test('a table CSV export holds exactly the rows and columns on screen', async ({ page }) => {
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  const rows = page.getByTestId('balance-row');
  await expect(rows.first()).toBeVisible();
  const screen = (await rows.allInnerTexts()).map((r) => r.split(/\s*\n\s*|\t/).filter(Boolean));
  const csv = (await exportText(page, 'export-csv-balances')).trim().split('\r\n');
  const header = await page.getByTestId('panel-balances').locator('[role="columnheader"]').allInnerTexts();
  // The header row is the visible column headers (the screen may show them upper-cased by CSS).
  expect(csv[0]?.toLowerCase().split(',')).toEqual(header.map((h) => h.trim().toLowerCase()).filter(Boolean));
  expect(csv).toHaveLength(screen.length + 1);
  // Each row's first cells (connection, asset) are the ones shown, in the same order.
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual(screen.map((cells) => cells.slice(0, 2)));
});

test('a profile export leaves secrets out unless the box is ticked', async ({ page }) => {
  await page.goto('/');
  const connection = zdexConnection(sim);
  await importProfile(page, writeProfile([connection]));
  const plain = JSON.parse(await exportText(page, 'export-connections')) as {
    format: string;
    connections: { id: string; auth: object }[];
  };
  expect(plain.format).toBe('venueboard.connections/v1');
  expect(plain.connections).toEqual([expect.objectContaining({ id: 'zdex-main', auth: {} })]);
  await page.getByTestId('export-include-secrets').check();
  const full = JSON.parse(await exportText(page, 'export-connections')) as {
    connections: { auth: { token?: string } }[];
  };
  expect(full.connections[0]?.auth.token).toBe(connection.auth.token);
});

import { expect, test } from '@playwright/test';
import type { Simulator } from '../sim/index';
import { diffAgainstLedger } from './support/compare';
import { connectionRow, expectStatus, exportSnapshot, importProfile } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

test('ZDEX live in every panel, survives a dropped connection, and the snapshot equals the ledger', async ({
  page,
}) => {
  await page.goto('/');
  const since = Date.now();
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  sim.resume();

  // Live data reaches every panel.
  await expect(page.getByTestId('balance-row').first()).toBeVisible();
  await page.getByTestId('orders-filter-all').click();
  await expect(page.getByTestId('order-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('position-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('market-row').first()).toBeVisible();
  await expect(page.getByTestId('total-equity')).not.toHaveText('0.00');
  await expect(page.getByTestId('panel-chart').locator('svg path.recharts-curve').first()).toBeVisible();

  // The simulator drops the socket; the dashboard notices and reconnects by itself.
  sim.pause();
  const outcome = sim.fault({ venue: 'zdex', fault: 'drop' });
  expect(outcome.clients).toBe(1);
  await expect(connectionRow(page, 'zdex-main').getByTestId('connection-status')).not.toHaveAttribute(
    'data-status',
    'live',
    { timeout: 10_000 },
  );
  await expectStatus(page, 'zdex-main', 'live');
  sim.resume();

  // Duplicated account frames must not double anything. (Reordered ones: see the Node integration
  // test; ZDEX links a fill to its order only by frame order.)
  sim.fault({ venue: 'zdex', fault: 'duplicate', count: 20 });
  await page.waitForTimeout(6_000);
  sim.pause();

  await expect
    .poll(
      async () =>
        diffAgainstLedger(await exportSnapshot(page), sim.ledger('zdex'), 'zdex-main', since, {
          fillOrderLinks: false,
        }),
      { timeout: 20_000, intervals: [1_000] },
    )
    .toEqual([]);
  const snapshot = await exportSnapshot(page);
  expect(snapshot.fills.length).toBeGreaterThan(0);
  expect(snapshot.fills.length).toBe(sim.ledger('zdex').fills.length);
  expect(snapshot.connections).toEqual([expect.objectContaining({ id: 'zdex-main', venue: 'zdex', status: 'live' })]);
});

test('a malformed frame is counted and skipped; the stream keeps flowing', async ({ page }) => {
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  sim.fault({ venue: 'zdex', fault: 'malformed', count: 3 });
  const errors = connectionRow(page, 'zdex-main').getByTestId('connection-errors-count');
  await expect(errors).toHaveText(/^[1-9]/);
  sim.resume();
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  await expectStatus(page, 'zdex-main', 'live');
});

test('a rejected token shows as error with a clear reason on that connection alone', async ({ page }) => {
  await page.goto('/');
  const good = zdexConnection(sim);
  const bad = zdexConnection(sim, {
    id: 'zdex-bad',
    label: 'ZDEX stale token',
    auth: { token: sim.tokens('zdex', 'invalid').token },
  });
  const expired = zdexConnection(sim, {
    id: 'zdex-expired',
    label: 'ZDEX expired token',
    auth: { token: sim.tokens('zdex', 'expired').token },
  });
  await importProfile(page, writeProfile([good, bad, expired]));

  await expectStatus(page, 'zdex-bad', 'error');
  await expectStatus(page, 'zdex-expired', 'error');
  await expectStatus(page, 'zdex-main', 'live');
  await expect(connectionRow(page, 'zdex-bad')).toContainText(/rejected|invalid/i);
  await expect(connectionRow(page, 'zdex-expired')).toContainText(/expired/i);
  // The token itself is never shown.
  await expect(page.locator('body')).not.toContainText(bad.auth.token as string);

  sim.resume();
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  await expectStatus(page, 'zdex-bad', 'error');
});

test('a stream that goes silent is shown stale, then live again when data returns', async ({ page }) => {
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');
  // The venue keeps the socket open but sends nothing (pongs included) for 14 s.
  sim.fault({ venue: 'zdex', fault: 'stall', durationMs: 14_000 });
  await expectStatus(page, 'zdex-main', 'stale', 15_000);
  await expect(connectionRow(page, 'zdex-main')).toContainText(/no message for/);
  await expectStatus(page, 'zdex-main', 'live', 20_000);
});

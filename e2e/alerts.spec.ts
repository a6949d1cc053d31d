import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { Simulator } from '../sim/index';
import { expectStatus, importProfile, rowAction } from './support/dashboard';
import { startPausedSimulator, writeProfile, zdexConnection } from './support/simulator';
import { APP_ORIGIN } from './support/stack';

/**
 * Alerts end to end: real simulators, a real socket going silent or dropped, the real settings
 * drawer, the notifications panel, and the browser's Notification constructor (recorded).
 */

interface Shown {
  title: string;
  body?: string;
  tag?: string;
}

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator();
});
test.afterEach(async () => {
  await sim.stop();
});

/** Grant notifications and record every `new Notification(...)` the page makes. */
async function recordBrowserNotifications(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['notifications'], { origin: APP_ORIGIN });
  await context.addInitScript(() => {
    const Real = window.Notification;
    const shown: { title: string; body?: string; tag?: string }[] = [];
    (window as unknown as { __shownNotifications: typeof shown }).__shownNotifications = shown;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body, tag: options?.tag });
        super(title, options);
      }
    }
    window.Notification = Recorded;
  });
}

const shownNotifications = (page: Page): Promise<Shown[]> =>
  page.evaluate(() => (window as unknown as { __shownNotifications: Shown[] }).__shownNotifications);

async function openAlertSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-alerts')).toBeVisible();
}

async function closeSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-close').click();
  await expect(page.getByTestId('settings-drawer')).not.toBeVisible();
}

/** Rows of the notifications panel whose title is exactly this. */
const alertRows = (page: Page, title: string | RegExp) =>
  page.getByTestId('notification-row').filter({ has: page.locator('.notif-title', { hasText: title }) });

test('a silent stream raises one stale alert, a dropped socket one disconnect alert, in the feed and as browser notifications', async ({
  page,
  context,
}) => {
  await recordBrowserNotifications(context);
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');

  // Alert on a stream stale for 2 s, also as a browser notification (permission already granted).
  await openAlertSettings(page);
  await expect(page.getByTestId('alert-permission')).toHaveAttribute('data-permission', 'granted');
  await expect(page.getByTestId('alert-stale')).toBeChecked();
  await page.getByTestId('alert-stale-after').fill('2');
  await expect(page.getByTestId('alert-disconnect')).toBeChecked();
  await page.getByTestId('alert-browser-notifications').check();
  await closeSettings(page);

  // The account trades through both faults below.
  sim.resume();

  // The simulator goes silent without closing the socket (no frames, no pongs). ZDEX's silence
  // window is 10 s: stale after 10 s, the alert 2 s later; the stall ends before the lifecycle
  // would reconnect (3 windows), so the same socket comes back to live.
  const stall = sim.fault({ venue: 'zdex', fault: 'stall', durationMs: 22_000 });
  expect(stall.clients).toBe(1);
  await expectStatus(page, 'zdex-main', 'stale', 20_000);
  const stale = alertRows(page, 'Stale stream: zdex-main');
  await expect(stale).toHaveCount(1, { timeout: 20_000 });
  await expect(stale.getByTestId('notification-source')).toHaveAttribute('data-source', 'alert');
  await expect(stale.locator('.level-badge[data-level]')).toHaveAttribute('data-level', 'warning');
  await expect(stale).toContainText(/stale for \d+\.\d s \(threshold 2\.0 s\)/);
  await expect
    .poll(() => shownNotifications(page))
    .toContainEqual(expect.objectContaining({ title: 'Stale stream: zdex-main', tag: 'stale|zdex-main' }));

  // Back to live on the same socket; still exactly one stale alert (no repeat while it lasted).
  await expectStatus(page, 'zdex-main', 'live', 30_000);
  await expect(stale).toHaveCount(1);
  expect((await shownNotifications(page)).filter((n) => n.title === 'Stale stream: zdex-main')).toHaveLength(1);
  await expect(alertRows(page, /^Disconnected/)).toHaveCount(0);

  // The simulator drops the socket: one disconnect alert, however many retries it takes.
  const drop = sim.fault({ venue: 'zdex', fault: 'drop' });
  expect(drop.clients).toBe(1);
  const disconnected = alertRows(page, 'Disconnected: zdex-main');
  await expect(disconnected).toHaveCount(1, { timeout: 20_000 });
  await expect(disconnected.getByTestId('notification-source')).toHaveAttribute('data-source', 'alert');
  await expect(disconnected.locator('.level-badge[data-level]')).toHaveAttribute('data-level', 'error');
  await expectStatus(page, 'zdex-main', 'live', 30_000);
  await expect(disconnected).toHaveCount(1);
  await expect
    .poll(async () => (await shownNotifications(page)).filter((n) => n.title === 'Disconnected: zdex-main').length)
    .toBe(1);

  // The user's own reconnect and disconnect are not drops: no alert.
  const row = page.locator('[data-testid="connection-row"][data-row-id="zdex-main"]');
  await rowAction(row, 'reconnect-connection');
  await expectStatus(page, 'zdex-main', 'live', 30_000);
  await rowAction(row, 'disconnect-connection');
  await expectStatus(page, 'zdex-main', 'disconnected');
  // A few evaluations (4 a second) later, still one alert of each kind.
  await page.waitForTimeout(2_000);
  await expect(disconnected).toHaveCount(1);
  await expect(stale).toHaveCount(1);
  expect((await shownNotifications(page)).map((n) => n.title).sort()).toEqual([
    'Disconnected: zdex-main',
    'Stale stream: zdex-main',
  ]);
});

test('a position notional threshold set low fires exactly once per open position, and once more after it re-armed', async ({
  page,
}) => {
  await page.goto('/');
  await importProfile(page, writeProfile([zdexConnection(sim)]));
  await expectStatus(page, 'zdex-main', 'live');

  // Let the simulated account trade until it holds a position, then freeze the account (prices move on).
  sim.resume();
  await expect(page.getByTestId('position-row').first()).toBeVisible({ timeout: 45_000 });
  sim.pause();
  const ledgerPositions = () => sim.ledger('zdex').positions.length;
  await expect
    .poll(async () => (await page.getByTestId('position-row').count()) === ledgerPositions() && ledgerPositions() > 0, {
      timeout: 20_000,
    })
    .toBe(true);
  const positions = await page.getByTestId('position-row').count();
  const symbols = sim
    .ledger('zdex')
    .positions.map((p) => p.symbol)
    .sort();

  await openAlertSettings(page);
  await page.getByTestId('alert-position-notional').fill('1');
  await expect(page.getByTestId('alert-position-notional-problem')).toHaveCount(0);
  await closeSettings(page);

  const notional = alertRows(page, /^Position \S+ notional /);
  await expect(notional).toHaveCount(positions, { timeout: 15_000 });
  const titles = (await notional.locator('.notif-title').allTextContents()).map((t) => t.split(' ')[1]).sort();
  expect(titles).toEqual(symbols);
  await expect(notional.first()).toContainText(/at or above 1 USD \(threshold\)/);
  for (const source of await notional.getByTestId('notification-source').all())
    await expect(source).toHaveAttribute('data-source', 'alert');

  // Marks keep moving and the engine keeps evaluating: still one alert per position, none repeated.
  await page.waitForTimeout(4_000);
  await expect(notional).toHaveCount(positions);

  // Raised far above every position the conditions clear (re-arm); lowered again they fire once more.
  await openAlertSettings(page);
  await page.getByTestId('alert-position-notional').fill('1000000000');
  await closeSettings(page);
  await page.waitForTimeout(2_000);
  await expect(notional).toHaveCount(positions);
  await openAlertSettings(page);
  await page.getByTestId('alert-position-notional').fill('1');
  await closeSettings(page);
  await expect(notional).toHaveCount(2 * positions, { timeout: 15_000 });
  await page.waitForTimeout(2_000);
  await expect(notional).toHaveCount(2 * positions);
});

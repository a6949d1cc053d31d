/**
 * All five venues live on one page through the demo stack (Roxom through the relay's bridge, keyring
 * credentials), the accounts trading all along: each venue dropped in turn, a CoinSwitch credential
 * expiring and renewed, the nats-server restarted; at the end the exported snapshot equals every
 * venue's ledger (e2e/support/faults.ts `faultVerdict`).
 */
import { expect, test } from '@playwright/test';
import {
  connectionRow,
  expectStatus,
  exportSnapshot,
  importProfile,
  expectReconnected,
  reconnectCount,
} from './support/dashboard';
import { FAULT_CASES, expectGapsSettled, faultVerdict, gapCounts } from './support/faults';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/** What each venue's stream can show, and where a gap may be partial (e2e/support/faults.ts). */
const VENUES = FAULT_CASES;

let stack: DemoStack;
test.beforeEach(async () => {
  // CoinSwitch socket credentials from the relay live 40 s here, so one expires during the test.
  stack = await startDemoStack({ activityMs: 400 }, { coinswitchExpiresInSeconds: 40 });
  stack.sim.pause();
});
test.afterEach(async () => {
  await stack.stop();
});

test('all five venues live at once, trading all along: each dropped in turn, a CoinSwitch credential expires, the nats-server restarts; the snapshot equals every ledger', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const { sim } = stack;
  await page.goto('/');
  const since = Date.now() - 1_000; // ScaleTrade times are whole seconds
  await importProfile(page, writeProfile(stack.profile.connections));
  for (const { id } of VENUES) await expectStatus(page, id, 'live', 30_000);
  sim.resume();
  // Quotes from every venue that streams them (Roxom's private channels carry none).
  for (const { id } of VENUES.filter((v) => v.venue !== 'roxom')) {
    await expect(page.locator(`[data-testid="market-row"][data-row-id^="${id}|"]`).first()).toBeVisible({
      timeout: 30_000,
    });
  }

  // Drop each connection in turn (Roxom's upstream behind the relay, CoinSwitch's NATS socket...),
  // the accounts trading on: what a socket misses is each venue's recovery to bring back.
  for (const { venue, id } of VENUES) {
    const gaps = gapCounts(await exportSnapshot(page), VENUES);
    const before = await reconnectCount(page, id);
    sim.fault({ venue, fault: 'drop' });
    await expectReconnected(page, id, before);
    await expectGapsSettled(page, [VENUES.find((v) => v.id === id)!], gaps);
  }

  // The CoinSwitch credential (40 s) is renewed through the relay while account activity goes on: the
  // renewed triple is a new auth request on the same NATS connection, so nothing published meanwhile is
  // lost (the ledger comparison below proves it), and the connection never leaves live.
  const csExpiry = connectionRow(page, 'coinswitch-main').getByTestId('credential-expiry');
  await expect(csExpiry).toHaveAttribute('data-state', 'renews');
  const firstExpiry = Number(await csExpiry.getAttribute('datetime').then((iso) => Date.parse(iso ?? '')));
  await expect
    .poll(async () => Date.parse((await csExpiry.getAttribute('datetime')) ?? ''), { timeout: 60_000 })
    .toBeGreaterThan(firstExpiry);
  await expectStatus(page, 'coinswitch-main', 'live', 30_000);

  // Restart the real nats-server behind CoinSwitch, the account trading on.
  const gaps = gapCounts(await exportSnapshot(page), VENUES);
  const before = await reconnectCount(page, 'coinswitch-main');
  await sim.restart('coinswitch');
  await expectReconnected(page, 'coinswitch-main', before);
  await expectGapsSettled(page, [VENUES.find((v) => v.venue === 'coinswitch')!], gaps);
  // Only now is the activity held: the comparison needs a still ledger.
  sim.pause();

  // Equal to every ledger, or a gap says partial where the venue cannot recover (e2e/support/faults.ts).
  await expect
    .poll(
      async () => {
        const snapshot = await exportSnapshot(page);
        return VENUES.flatMap((c) => faultVerdict(snapshot, sim.ledger(c.venue), c, since).map((p) => `${c.id}: ${p}`));
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toEqual([]);
  const snapshot = await exportSnapshot(page);
  for (const { id } of VENUES) {
    expect(snapshot.fills.filter((f) => f.connectionId === id).length, `fills of ${id}`).toBeGreaterThan(0);
    expect(snapshot.connections.find((c) => c.id === id)?.status, `status of ${id}`).toBe('live');
  }
  // Nothing secret reached the export.
  const text = JSON.stringify(snapshot);
  expect(text).not.toContain(sim.tokens('coinswitch').secretKeyHex);
  expect(text).not.toMatch(/token=/);
});

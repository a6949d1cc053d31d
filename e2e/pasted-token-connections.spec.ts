/**
 * Connections whose credential is pasted into the profile (Rails, ScaleTrade, ZDEX; no relay): each
 * dropped in turn while all trade ends with the snapshot equal to every ledger; a wrong token, an
 * expired JWT and a refused third socket each show a clear reason on their own connection, with no
 * secret on the page; a Rails token shows its time left and says what to do once it has run out.
 */
import { expect, test } from '@playwright/test';
import type { Simulator } from '../sim/index';
import {
  connectionRow,
  connectionStatus,
  expectStatus,
  exportSnapshot,
  importProfile,
  expectReconnected,
  reconnectCount,
} from './support/dashboard';
import { FAULT_CASES, expectGapsSettled, faultVerdict, gapCounts } from './support/faults';
import {
  railsConnection,
  scaletradeConnection,
  startPausedSimulator,
  writeProfile,
  zdexConnection,
} from './support/simulator';

let sim: Simulator;
test.beforeEach(async () => {
  sim = await startPausedSimulator({
    tuning: { scaletrade: { alertIntervalMs: 2_000, notificationIntervalMs: 2_500 } },
  });
});
test.afterEach(async () => {
  await sim.stop();
});

/** Pasted credentials, the same connection ids as the demo stack's (e2e/support/faults.ts). */
const VENUES = FAULT_CASES.filter((c) => ['zdex', 'rails', 'scaletrade'].includes(c.venue));

test('Rails, ScaleTrade and ZDEX live at once; each dropped in turn while all trade; the snapshot equals every ledger', async ({
  page,
}) => {
  test.setTimeout(240_000); // each drop waits for its gap's recovery while the accounts trade
  await page.goto('/');
  const since = Date.now() - 1_000; // ScaleTrade times are whole seconds
  await importProfile(page, writeProfile([zdexConnection(sim), railsConnection(sim), scaletradeConnection(sim)]));
  for (const { id } of VENUES) await expectStatus(page, id, 'live');
  sim.resume();

  // Every venue reaches the panels: quotes per venue in the market panel, fills, notifications.
  for (const { id } of VENUES) {
    await expect(page.locator(`[data-testid="market-row"][data-row-id^="${id}|"]`).first()).toBeVisible({
      timeout: 20_000,
    });
  }
  await expect(page.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('notification-row').first()).toBeVisible({ timeout: 30_000 });

  // Each dropped in turn while every account trades on: none of these venues replays its stream, so
  // what the socket missed is for its recovery to bring back (or its gap to say partial).
  for (const c of VENUES) {
    const gaps = gapCounts(await exportSnapshot(page), VENUES);
    const before = await reconnectCount(page, c.id);
    expect(sim.fault({ venue: c.venue, fault: 'drop' }).clients).toBeGreaterThan(0);
    await expectReconnected(page, c.id, before);
    await expectGapsSettled(page, [c], gaps);
    for (const other of VENUES) await expectStatus(page, other.id, 'live');
  }
  // Only now is the activity held: the comparison needs a still ledger.
  sim.pause();

  await expect
    .poll(
      async () => {
        const snapshot = await exportSnapshot(page);
        return VENUES.flatMap((c) => faultVerdict(snapshot, sim.ledger(c.venue), c, since).map((p) => `${c.id}: ${p}`));
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toEqual([]);
  const snapshot = await exportSnapshot(page);
  for (const { id } of VENUES) {
    expect(snapshot.fills.filter((f) => f.connectionId === id).length, `fills of ${id}`).toBeGreaterThan(0);
    expect(snapshot.connections.find((c) => c.id === id)?.status).toBe('live');
  }
});

test('a wrong token, an expired JWT and a 403 each show a clear reason on their own connection', async ({ page }) => {
  await page.goto('/');
  const wrongScaletrade = sim.tokens('scaletrade', 'invalid').token;
  const wrongZdex = sim.tokens('zdex', 'invalid').token;
  await importProfile(
    page,
    writeProfile([
      zdexConnection(sim),
      railsConnection(sim),
      scaletradeConnection(sim),
      scaletradeConnection(sim, {
        id: 'scaletrade-wrong',
        label: 'ScaleTrade wrong token',
        auth: { token: wrongScaletrade },
      }),
      railsConnection(sim, {
        id: 'rails-expired',
        label: 'Rails expired JWT',
        auth: { token: sim.tokens('rails', 'expired').token },
      }),
      zdexConnection(sim, { id: 'zdex-wrong', label: 'ZDEX wrong token', auth: { token: wrongZdex } }),
    ]),
  );
  // The good ones go live. Rails allows 2 sockets per market: rails-btc holds both (live + hot standby).
  for (const id of ['zdex-main', 'rails-btc', 'scaletrade-cfd']) await expectStatus(page, id, 'live');
  await expect(connectionRow(page, 'rails-btc')).toContainText('standby: live');

  await expectStatus(page, 'scaletrade-wrong', 'error');
  await expect(connectionRow(page, 'scaletrade-wrong')).toContainText('ScaleTrade rejected the token (INVALID_TOKEN)');
  await expectStatus(page, 'zdex-wrong', 'error');
  await expect(connectionRow(page, 'zdex-wrong')).toContainText('ZDEX rejected the token');
  await expectStatus(page, 'rails-expired', 'error');
  await expect(connectionRow(page, 'rails-expired')).toContainText(/Rails token expired at .* fetch a fresh one/);

  // A second connection to the same Rails market would be a third socket: Rails answers 403 at the handshake.
  await page.getByTestId('add-connection').click();
  await page.getByTestId('connection-form-id').fill('rails-third');
  await page.getByTestId('connection-form-label').fill('Rails BTC-USDT (2)');
  await page.getByTestId('connection-form-venue').selectOption('rails');
  await page.getByTestId('connection-form-url').fill(sim.urls.rails);
  // The guided form offers the keyring relay first for Rails; this one takes a pasted token.
  await page.getByTestId('connection-form-method-pasted').check();
  await page.getByTestId('connection-form-token').fill(sim.tokens('rails').token);
  await page.getByTestId('connection-form-option-market').fill('BTC-USDT');
  await page.getByTestId('connection-form-submit').click();
  await expect(connectionRow(page, 'rails-third')).toContainText(
    /at most 2 connections per market \(HTTP 403 beyond\)/,
    { timeout: 20_000 },
  );
  await expect(connectionStatus(page, 'rails-third')).not.toHaveAttribute('data-status', 'live');

  // The rest keeps working, and no secret is on the page.
  for (const id of ['zdex-main', 'rails-btc', 'scaletrade-cfd']) await expectStatus(page, id, 'live');
  const body = await page.locator('body').innerText();
  for (const secret of [wrongScaletrade, wrongZdex]) expect(body).not.toContain(secret);
});

test('a Rails token shows its time left, warns before it runs out, and says what to do when it has', async ({
  page,
}) => {
  const shortLived = await startPausedSimulator({ tuning: { rails: { tokenLifetimeS: 8 } } });
  try {
    await page.goto('/');
    await importProfile(page, writeProfile([railsConnection(shortLived)]));
    await expectStatus(page, 'rails-btc', 'live');
    const expiry = connectionRow(page, 'rails-btc').getByTestId('credential-expiry');
    await expect(expiry).toHaveAttribute('data-state', 'soon');
    await expect(expiry).toHaveText(/^in \d+s$/);
    await expectStatus(page, 'rails-btc', 'error', 15_000);
    await expect(connectionRow(page, 'rails-btc')).toContainText(
      /Rails token expired at .* fetch a fresh one \(POST \/api\/v1\/token\) and edit the connection/,
    );
    await expect(expiry).toHaveAttribute('data-state', 'expired');
  } finally {
    await shortLived.stop();
  }
});

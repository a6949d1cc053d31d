import { expect, test, type Browser, type Page } from '@playwright/test';
import { startCollector, type RunningCollector } from '../collector/collector';
import { parseCollectorConfig } from '../collector/config';
import { JetStreamServer } from '../collector/jetstream-server';
import { writeDemoKeyring } from '../scripts/demo-keyring';
import { demoProfile } from '../scripts/demo-profile';
import type { Simulator } from '../sim/index';
import type { ConnectionConfig } from '../src/domain/connection-config';
import { diffAgainstLedger } from './support/compare';
import { expectStatus, exportSnapshot, importProfile } from './support/dashboard';
import { startPausedSimulator, writeProfile } from './support/simulator';

/**
 * Desk mode in the browser (docs/contract.md section 5): the real collector publishes the simulators'
 * accounts to a real `nats-server -js`; dashboards on a `desk` profile read it over nats.ws. Two pages
 * show the same fills; a page opened later shows the earlier history; both equal the ledgers.
 */

let sim: Simulator;
let js: JetStreamServer;
let collector: RunningCollector;
test.beforeEach(async () => {
  js = await JetStreamServer.start();
  sim = await startPausedSimulator({ activityMs: 150 });
  const keyring = writeDemoKeyring(sim, '127.0.0.1:8787', ['http://127.0.0.1:5173']);
  const connections = demoProfile(sim, 'http://127.0.0.1:8787', keyring.pairingToken).connections.filter((c) =>
    ['zdex-main', 'rails-btc'].includes(c.id),
  );
  collector = await startCollector(
    parseCollectorConfig(
      { nats: js.natsUrl, stream: 'VENUEBOARD', relay: keyring.configPath, connections, name: 'desk-e2e' },
      '.',
    ),
  );
});
test.afterEach(async () => {
  await collector.stop();
  await sim.stop();
  await js.stop();
});

const desk = (): ConnectionConfig => ({
  id: 'desk',
  label: 'Desk',
  venue: 'desk',
  url: js.wsUrl,
  auth: {},
  options: { stream: 'VENUEBOARD', since: 'journal' },
});

/** A page of its own (own storage, own worker) on the desk profile. */
async function deskPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await importProfile(page, writeProfile([desk()]));
  await expectStatus(page, 'desk', 'live', 30_000);
  return page;
}

async function ledgerProblems(page: Page, since: number): Promise<string[]> {
  const snapshot = await exportSnapshot(page);
  return [
    ...diffAgainstLedger(snapshot, sim.ledger('zdex'), 'zdex-main', since, { fillOrderLinks: false }),
    ...diffAgainstLedger(snapshot, sim.ledger('rails'), 'rails-btc', since, {
      positions: false,
      balances: false,
      orderSymbols: ['BTC-USDT'],
    }),
  ];
}

/** The page's differences from the ledgers once they stop changing (or after 30 s), for a readable failure. */
async function settledProblems(page: Page, since: number): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  let problems = await ledgerProblems(page, since);
  while (problems.length > 0 && Date.now() < deadline) {
    await page.waitForTimeout(1_000);
    problems = await ledgerProblems(page, since);
  }
  return problems;
}

test('two desk pages show the same fills; a page opened later shows the earlier history', async ({ browser }) => {
  test.setTimeout(360_000);
  const since = Date.now();
  const first = await deskPage(browser);
  // The collector's connections are rows of their own, live.
  await expectStatus(first, 'zdex-main', 'live', 30_000);
  await expectStatus(first, 'rails-btc', 'live', 30_000);
  sim.resume();
  await expect(first.getByTestId('fill-row').first()).toBeVisible({ timeout: 30_000 });
  const second = await deskPage(browser);
  await first.waitForTimeout(3_000);
  sim.pause();
  expect(sim.ledger('zdex').fills.length + sim.ledger('rails').fills.length).toBeGreaterThan(0);

  // Opened after the activity: everything comes from the stream's history and the state bucket.
  const late = await deskPage(browser);
  for (const page of [first, second, late]) expect(await settledProblems(page, since)).toEqual([]);
  const fillIds = async (page: Page) =>
    (await exportSnapshot(page)).fills.map((f) => `${f.connectionId}|${f.fillId}`).sort();
  const ids = await fillIds(first);
  expect(ids.length).toBeGreaterThan(0);
  expect(await fillIds(second)).toEqual(ids);
  expect(await fillIds(late)).toEqual(ids);
  // The snapshot lists the collector's connections under their own ids and venues.
  const connections = (await exportSnapshot(late)).connections.map((c) => `${c.id}:${c.venue}`).sort();
  expect(connections).toEqual(['desk:desk', 'rails-btc:rails', 'zdex-main:zdex']);
});

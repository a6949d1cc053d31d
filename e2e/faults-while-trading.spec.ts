import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectReconnected, expectStatus, exportSnapshot, importProfile, reconnectCount } from './support/dashboard';
import { FAULT_CASES, expectGapsSettled, faultVerdict, fillCounts, gapCounts, gapsIn } from './support/faults';
import { writeProfile } from './support/simulator';
import { startDemoStack, type DemoStack } from './support/stack';

/**
 * Issue 9's proof in the browser: every venue's socket is dropped, stalled past its silence window and
 * its server restarted while its account trades on (the simulator's activity never pauses during a
 * fault). Afterwards the exported snapshot equals the simulator's ledger (fills, orders, positions,
 * balances), or a gap is recorded `partial`/`none` and the venue's README says why it cannot recover
 * (e2e/support/faults.ts `faultVerdict`). The five venues are on one page; each fault hits all five
 * at once, and each venue is judged on its own.
 */

let stack: DemoStack;
test.beforeEach(async () => {
  stack = await startDemoStack({ activityMs: 300 });
  // Held until every connection is live: fills before a connection's first live are the journal's
  // business, not the recovery's. The activity then runs through every fault below.
  stack.sim.pause();
});
test.afterEach(async () => {
  await stack.stop();
});

test('every venue dropped, stalled and restarted while its account trades: the snapshot equals the ledger, or the gap says where the venue cannot recover', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const { sim } = stack;
  await page.goto('/');
  const since = Date.now() - 1_000; // ScaleTrade times are whole seconds
  await importProfile(page, writeProfile(stack.profile.connections));
  for (const { id } of FAULT_CASES) await expectStatus(page, id, 'live', 60_000);
  sim.resume();
  const noFills = async () =>
    Object.entries(fillCounts(await exportSnapshot(page), FAULT_CASES))
      .filter(([, n]) => n === 0)
      .map(([id]) => id);
  await expect.poll(noFills, { timeout: 60_000, intervals: [1_000] }).toEqual([]);

  await test.step('drop: every socket closed by the venue (Roxom: upstream of the relay)', async () => {
    const gaps = gapCounts(await exportSnapshot(page), FAULT_CASES);
    const reconnects = await Promise.all(FAULT_CASES.map(({ id }) => reconnectCount(page, id)));
    for (const { venue } of FAULT_CASES) expect(sim.fault({ venue, fault: 'drop' }).clients).toBeGreaterThan(0);
    for (const [i, { id }] of FAULT_CASES.entries()) await expectReconnected(page, id, reconnects[i]!, 60_000);
    await expectGapsSettled(page, FAULT_CASES, gaps);
  });
  await test.step('stall: sockets open, nothing sent, past each silence window', async () => {
    const gaps = gapCounts(await exportSnapshot(page), FAULT_CASES);
    for (const { venue, stallMs } of FAULT_CASES)
      expect(sim.fault({ venue, fault: 'stall', durationMs: stallMs }).clients).toBeGreaterThan(0);
    await expectGapsSettled(page, FAULT_CASES, gaps, 120_000);
  });
  await test.step('restart: each venue server (CoinSwitch: the nats-server) down and back', async () => {
    const gaps = gapCounts(await exportSnapshot(page), FAULT_CASES);
    const reconnects = await Promise.all(FAULT_CASES.map(({ id }) => reconnectCount(page, id)));
    await Promise.all(FAULT_CASES.map(({ venue }) => sim.restart(venue)));
    for (const [i, { id }] of FAULT_CASES.entries()) await expectReconnected(page, id, reconnects[i]!, 60_000);
    await expectGapsSettled(page, FAULT_CASES, gaps);
  });

  // Trading goes on after the last fault: what arrives live lands on top of what was recovered.
  const fills = fillCounts(await exportSnapshot(page), FAULT_CASES);
  const noNewFills = async () =>
    Object.entries(fillCounts(await exportSnapshot(page), FAULT_CASES))
      .filter(([id, n]) => n <= fills[id]!)
      .map(([id]) => id);
  await expect.poll(noNewFills, { timeout: 60_000, intervals: [1_000] }).toEqual([]);

  // Only now is the activity held: the comparison needs a still ledger.
  sim.pause();
  const verdicts = async () => {
    const snapshot = await exportSnapshot(page);
    return FAULT_CASES.flatMap((c) =>
      faultVerdict(snapshot, sim.ledger(c.venue), c, since).map((p) => `${c.id}: ${p}`),
    );
  };
  await expect
    .poll(verdicts, { timeout: 30_000, intervals: [1_000] })
    .toEqual([])
    .catch(async (error: unknown) => {
      // The evidence: the snapshot, each ledger and each venue's gaps, next to the trace.
      const snapshot = await exportSnapshot(page);
      const ledgers = Object.fromEntries(FAULT_CASES.map((c) => [c.venue, sim.ledger(c.venue)]));
      writeFileSync(test.info().outputPath('evidence.json'), JSON.stringify({ since, snapshot, ledgers }, null, 1));
      throw error;
    });

  // Each fault was a gap (drop, stall, restart), and every connection is live at the end.
  const snapshot = await exportSnapshot(page);
  const outcomes: Record<string, string[]> = {};
  for (const { id } of FAULT_CASES) {
    const connection = snapshot.connections.find((c) => c.id === id);
    expect(connection?.status, `status of ${id}`).toBe('live');
    expect(gapsIn(snapshot, id).length, `gaps of ${id}`).toBeGreaterThanOrEqual(3);
    outcomes[id] = gapsIn(snapshot, id).map((g) => `${g.recovered} ${((g.to! - g.from) / 1000).toFixed(1)}s`);
  }
  // What each gap cost, per venue (for the report).
  test.info().annotations.push({ type: 'gaps', description: JSON.stringify(outcomes) });
  console.log(`gaps per connection: ${JSON.stringify(outcomes)}`);
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { startRig, type ScaletradeRig } from '../../../sim/scaletrade/test-support';
import { waitUntil } from '../../../sim/testing/wait';
import { scaletradeAdapter } from './adapter';
import { Driver } from './sim-driver';
import { config, LOGIN } from './test-support';

/**
 * fast-check over the simulator on real sockets: random interleavings of faults (drop, stall,
 * duplicate, reorder, malformed) while the account trades, the session recovering each gap from the
 * account state and the trade history. After every run (the account then held still to compare), the
 * fills, positions and open orders equal the ledger, and every gap was reported `full`. One simulator
 * and one session for all runs, as a trading day would have them; a few runs, to stay under a minute.
 */

type Fault = 'drop' | 'stall' | 'duplicate' | 'reorder' | 'malformed';

let rig: ScaletradeRig;
let driver: Driver;

beforeAll(async () => {
  rig = await startRig({}, { activityMs: 40 }, true);
  const cfg = config({ options: { login: LOGIN, symbols: [], restUrl: rig.server.restUrl } });
  cfg.auth = { token: rig.server.credential('valid').token };
  driver = new Driver(cfg, rig.server.url);
  driver.connect();
  await waitUntil(() => driver.status === 'live', 10_000, 'live');
});

afterAll(async () => {
  driver.stop();
  await rig.stop();
});

const d = (v: string) => new Decimal(v).toFixed();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function apply(fault: Fault): Promise<void> {
  const reports = driver.reports.length;
  switch (fault) {
    case 'drop':
      rig.server.fault({ venue: 'scaletrade', fault: 'drop' });
      await waitUntil(() => driver.status !== 'live', 5_000, 'dropped');
      await sleep(300); // away a little longer: the account trades on
      driver.connect();
      await waitUntil(() => driver.reports.length > reports, 20_000, 'the drop recovered');
      return;
    case 'stall':
      rig.server.fault({ venue: 'scaletrade', fault: 'stall', durationMs: scaletradeAdapter.silenceTimeoutMs + 800 });
      await waitUntil(() => driver.reports.length > reports, 20_000, 'the stall recovered');
      return;
    default:
      rig.server.fault({ venue: 'scaletrade', fault, count: 3 });
      await sleep(400);
  }
}

/** The account held still and every frame in: the driver's view equals the ledger. */
async function expectLedger(): Promise<void> {
  rig.core.pause();
  const ledger = rig.server.ledger();
  const ids = () => new Set(driver.fills().map((f) => f.fillId));
  await waitUntil(() => ids().size >= ledger.fills.length, 10_000, 'the last frames');
  await sleep(300);
  expect([...ids()].sort()).toEqual(ledger.fills.map((f) => f.fillId).sort());
  const byId = new Map(driver.fills().map((f) => [f.fillId, f]));
  for (const l of ledger.fills) {
    const f = byId.get(l.fillId);
    expect([f?.side, d(f?.price ?? '0'), d(f?.quantity ?? '0')], l.fillId).toEqual([l.side, d(l.price), d(l.quantity)]);
  }
  const shown = Object.fromEntries(Object.entries(driver.positions()).map(([s, q]) => [s, d(q)]));
  expect(shown).toEqual(Object.fromEntries(ledger.positions.map((p) => [p.symbol, d(p.quantity)])));
  const open = [...driver.orderStatuses()].filter(([, s]) => s === 'open').map(([id]) => id);
  expect(open.sort()).toEqual(
    ledger.orders
      .filter((o) => o.status === 'open')
      .map((o) => o.orderId)
      .sort(),
  );
  rig.core.resume();
}

describe('ScaleTrade through random faults while the account trades (simulator, real sockets, real REST)', () => {
  it('ends equal to the ledger, every gap recovered full', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Fault>('drop', 'duplicate', 'reorder', 'malformed', 'stall'), {
          minLength: 1,
          maxLength: 3,
        }),
        async (faults) => {
          // At most one stall per run (each lasts longer than the silence window); at least one gap.
          const plan = faults.filter((f, i) => f !== 'stall' || faults.indexOf('stall') === i);
          if (!plan.includes('drop') && !plan.includes('stall')) plan.push('drop');
          rig.core.resume();
          await sleep(500);
          for (const fault of plan) await apply(fault);
          await sleep(500);
          await expectLedger();
          expect(driver.reports.every((r) => r.recovered === 'full')).toBe(true);
        },
      ),
      { numRuns: 4 },
    );
    expect(driver.reports.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
});

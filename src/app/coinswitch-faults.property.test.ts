/**
 * CoinSwitch, a fast-check property on real sockets: any interleaving of faults (drop, stall, a restart
 * of nats-server, duplicated and reordered messages) while the account trades on, through the keyring
 * relay and the real pipeline, ends with the dashboard equal to the ledger and every gap recovered in
 * full from REST (NATS replays nothing; the execution and order lists bring the gap back).
 *
 * Stalls last 6 s or more: a stall shorter than the adapter's silence window (5 s) is not seen as a gap,
 * and what the simulator drops in it would be lost unseen (src/venues/coinswitch/README.md, "Recovery
 * after a gap").
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startRelay, type RunningRelay } from '../../relay/index';
import { writeDemoKeyring } from '../../scripts/demo-keyring';
import { demoProfile } from '../../scripts/demo-profile';
import { startSimulator, type Simulator } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import type { GapRecord } from '../domain/types';
import { buildSnapshot } from '../store/snapshot';
import { CLOCK_SKEW_MARGIN_MS } from '../venues/coinswitch/recovery';
import { faultStep, playFaultStep, type FaultStep, type FaultWaits } from './testing/fault-steps';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

const step = faultStep({ min: 6_000, max: 6_500 });
/** At most one stall per run (each costs 6 s of the test's minute). */
const script = fc
  .array(step, { minLength: 2, maxLength: 4 })
  .filter((steps) => steps.filter((s) => s.kind === 'stall').length <= 1);

let sim: Simulator;
let relay: RunningRelay;
let coinswitch: ConnectionConfig;

beforeAll(async () => {
  sim = await startSimulator({ seed: 31, freePorts: true, activityMs: 100, rateScale: 0.2 });
  const keyring = writeDemoKeyring(sim, '127.0.0.1:0', ['http://127.0.0.1:4173']);
  relay = await startRelay(keyring.configPath, { logger: () => undefined });
  const profile = demoProfile(sim, relay.url, keyring.pairingToken);
  coinswitch = profile.connections.find((c) => c.id === 'coinswitch-main') as ConnectionConfig;
});
afterAll(async () => {
  await relay?.stop();
  await sim?.stop();
});

const gapsOf = (p: Pipeline, id: string): GapRecord[] =>
  [...p.state.gaps.values()].filter((g) => g.connectionId === id);

const WAITS: FaultWaits = { liveMs: 20_000, staleMs: () => 10_000, liveAfterStallMs: 20_000 };

function play(p: Pipeline, id: string, s: FaultStep): Promise<void> {
  return playFaultStep(sim, 'coinswitch', () => p.status(id), s, WAITS);
}

let runs = 0;

describe('CoinSwitch under random faults, the account trading on', () => {
  it('any interleaving of faults ends with the ledger on the board and every gap recovered in full', async () => {
    await fc.assert(
      fc.asyncProperty(script, async (steps) => {
        const id = `cs-run-${++runs}`;
        const p = new Pipeline();
        try {
          sim.pause();
          p.connect({ ...coinswitch, id });
          await until('live', () => p.status(id) === 'live', 20_000);
          const since = Date.now();
          sim.resume();
          for (const s of steps) await play(p, id, s);
          await sleep(500);
          await until('recoveries reported', () =>
            gapsOf(p, id).every((g) => g.to !== null && g.recovered !== 'pending'),
          );
          sim.pause();
          // REST reads each gap from 5 s before it (clock skew): fills from there on are on the board.
          const from = Math.min(since, ...gapsOf(p, id).map((g) => g.from - CLOCK_SKEW_MARGIN_MS));
          const problems = await settle(() =>
            diffAgainstLedger(buildSnapshot(p.state, Date.now()), sim.ledger('coinswitch'), id, from, {
              positions: false,
              balances: false,
            }),
          );
          expect(problems, JSON.stringify(steps)).toEqual([]);
          for (const gap of gapsOf(p, id)) expect(gap.recovered, `${JSON.stringify(steps)} ${gap.detail}`).toBe('full');
          const interrupted = steps.some((s) => s.kind === 'drop' || s.kind === 'stall' || s.kind === 'restart');
          if (interrupted) expect(gapsOf(p, id).length).toBeGreaterThan(0);
        } finally {
          p.stop();
        }
      }),
      { numRuns: 5, endOnFailure: true },
    );
  }, 150_000);
});

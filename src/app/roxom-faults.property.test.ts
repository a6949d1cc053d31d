/**
 * Roxom, a fast-check property on real sockets: any interleaving of faults (drop, stall, a restart of
 * Roxom's server, duplicated and reordered frames) while the account trades on, through the keyring
 * relay's bridge and the real pipeline, ends with the dashboard equal to the ledger and every gap
 * recovered in full from Roxom's REST (the stream replays nothing; the relay signs the reads).
 *
 * Stalls last 11 s or more: the session calls a stream stalled after 10 s of silence (ROXOM_SILENCE_MS);
 * a shorter stall that swallows frames is corrected by the stream's next cumulative order state, not
 * by a gap (src/venues/roxom/README.md, "Recovery after a gap").
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
import { ROXOM_SILENCE_MS } from '../venues/roxom/session';
import { faultStep, playFaultStep, type FaultStep, type FaultWaits } from './testing/fault-steps';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

const step = faultStep({ min: ROXOM_SILENCE_MS + 1_000, max: ROXOM_SILENCE_MS + 1_500 });
/** At most one stall per run (each costs 11 s). */
const script = fc
  .array(step, { minLength: 2, maxLength: 4 })
  .filter((steps) => steps.filter((s) => s.kind === 'stall').length <= 1);

let sim: Simulator;
let relay: RunningRelay;
let roxom: ConnectionConfig;

beforeAll(async () => {
  sim = await startSimulator({ seed: 37, freePorts: true, activityMs: 150, rateScale: 0.2 });
  sim.pause(); // each run resumes once its connection is live
  const keyring = writeDemoKeyring(sim, '127.0.0.1:0', ['http://127.0.0.1:4173']);
  relay = await startRelay(keyring.configPath, { logger: () => undefined });
  const profile = demoProfile(sim, relay.url, keyring.pairingToken);
  roxom = profile.connections.find((c) => c.id === 'roxom-main') as ConnectionConfig;
});
afterAll(async () => {
  await relay?.stop();
  await sim?.stop();
});

const gapsOf = (p: Pipeline, id: string): GapRecord[] =>
  [...p.state.gaps.values()].filter((g) => g.connectionId === id);

const WAITS: FaultWaits = { liveMs: 30_000, staleMs: (ms) => ms + 5_000, liveAfterStallMs: 40_000, restartSeen: true };

function play(p: Pipeline, id: string, s: FaultStep): Promise<void> {
  return playFaultStep(sim, 'roxom', () => p.status(id), s, WAITS);
}

let runs = 0;

describe('Roxom under random faults, the account trading on', () => {
  it('any interleaving of faults ends with the ledger on the board and every gap recovered in full', async () => {
    await fc.assert(
      fc.asyncProperty(script, async (steps) => {
        const id = `roxom-run-${++runs}`;
        const p = new Pipeline();
        try {
          sim.pause();
          p.connect({ ...roxom, id });
          await until('live', () => p.status(id) === 'live', 30_000);
          const since = Date.now();
          sim.resume();
          for (const s of steps) await play(p, id, s);
          await sleep(500);
          await until(
            'recoveries reported',
            () => p.status(id) === 'live' && gapsOf(p, id).every((g) => g.to !== null && g.recovered !== 'pending'),
            60_000,
          );
          sim.pause();
          // The first reconciliation also brings the executions of orders still open from earlier runs
          // (dated before this run): the period under test starts at `since`, on both sides.
          const snapshot = () => {
            const all = buildSnapshot(p.state, Date.now());
            return { ...all, fills: all.fills.filter((f) => f.time! >= since) };
          };
          const problems = await settle(() => diffAgainstLedger(snapshot(), sim.ledger('roxom'), id, since), 20_000);
          const gapsSaid = gapsOf(p, id).map((g) => `${g.recovered}: ${g.cause} / ${g.detail}`);
          expect(problems, `${JSON.stringify(steps)}; gaps ${JSON.stringify(gapsSaid)}`).toEqual([]);
          for (const gap of gapsOf(p, id)) expect(gap.recovered, `${JSON.stringify(steps)} ${gap.detail}`).toBe('full');
          const interrupted = steps.some((s) => s.kind === 'drop' || s.kind === 'stall' || s.kind === 'restart');
          if (interrupted) expect(gapsOf(p, id).length).toBeGreaterThan(0);
        } finally {
          p.stop();
        }
      }),
      { numRuns: 4, endOnFailure: true },
    );
  }, 240_000);
});

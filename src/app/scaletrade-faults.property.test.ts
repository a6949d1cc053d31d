/**
 * ScaleTrade under random faults, a fast-check property end to end in Node: the real simulator on real
 * sockets, the registry's adapter in IngestCore with the shared lifecycle, the store (./testing/pipeline.ts).
 * Any interleaving of the shared steps (./testing/fault-steps.ts: a dropped socket, a stall past the
 * silence window, a restart of the ScaleTrade server, duplicated and reordered frames, trading), with
 * the account trading all along, ends with the dashboard equal to the ledger (fills, positions,
 * balances, open orders; e2e/support/compare.ts) and every gap recovered `full` from the account state
 * and the trade history (src/venues/scaletrade/README.md, "Recovery after a gap").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startSimulator } from '../../sim/index';
import type { GapRecord } from '../domain/types';
import { IngestCore } from '../ingest/ingest-core';
import { buildSnapshot } from '../store/snapshot';
import { getAdapter } from '../venues/registry';
import { scaletradeAdapter } from '../venues/scaletrade/adapter';
import { realClock } from '../venues/shared/clock';
import { nodeSocketFactory } from '../venues/shared/testing/node-socket-factory';
import { faultStep, playFaultStep, type FaultWaits } from './testing/fault-steps';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

/** ScaleTrade's 5 s silence window, shortened so a stall fits the test (quotes keep a healthy socket busy). */
const SILENCE_MS = 1_500;
const CONNECTION = 'scaletrade-cfd';

class ScaletradePipeline extends Pipeline {
  override readonly core = new IngestCore({
    getAdapter: (venue) =>
      venue === 'scaletrade' ? { ...scaletradeAdapter, silenceTimeoutMs: SILENCE_MS } : getAdapter(venue),
    socketFactory: nodeSocketFactory,
    clock: realClock,
  });
}

const stepArb = faultStep({ min: 2_000, max: 2_800 }, { tradeMs: { min: 300, max: 1_500 }, restart: true });
/** Every run restarts the server at least once; at most one stall (each costs seconds of the minute). */
const stepsArb = fc
  .array(stepArb, { minLength: 2, maxLength: 4 })
  .filter((steps) => steps.some((s) => s.kind === 'restart') && steps.filter((s) => s.kind === 'stall').length <= 1);
const WAITS: FaultWaits = { liveMs: 20_000, staleMs: (ms) => ms + 2_000, liveAfterStallMs: 20_000 };

describe('ScaleTrade under random faults (simulator -> adapter -> lifecycle -> store), the account trading on', () => {
  it('any interleaving of drop, stall, restart, duplicate and reorder ends with the ledger on the board, every gap full', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), stepsArb, async (seed, steps) => {
        const sim = await startSimulator({ seed, freePorts: true, activityMs: 150, rateScale: 0.3 });
        sim.pause(); // until live: the first account state is where the connection's fills start
        const p = new ScaletradePipeline();
        try {
          p.connect({
            id: CONNECTION,
            label: 'ScaleTrade',
            venue: 'scaletrade',
            url: sim.urls.scaletrade,
            auth: { token: sim.tokens('scaletrade').token },
            options: {
              login: sim.tokens('scaletrade').login,
              symbols: ['btcusd', 'ethusd', 'solusd'],
              currency: 'USD',
              restUrl: sim.urls.scaletradeRest,
            },
          });
          await until('live', () => p.status(CONNECTION) === 'live', 20_000);
          const since = Date.now() - 1_000; // ScaleTrade times are whole seconds
          sim.resume();
          for (const s of steps) await playFaultStep(sim, 'scaletrade', () => p.status(CONNECTION), s, WAITS);
          const gaps = (): GapRecord[] => [...p.state.gaps.values()].filter((g) => g.connectionId === CONNECTION);
          await until(
            'every gap recovered',
            () => p.status(CONNECTION) === 'live' && gaps().every((g) => g.to !== null && g.recovered !== 'pending'),
            20_000,
          );
          await sleep(300);
          sim.pause(); // after the faults: the comparison needs a still ledger
          const problems = await settle(() =>
            diffAgainstLedger(buildSnapshot(p.state, Date.now()), sim.ledger('scaletrade'), CONNECTION, since),
          );
          expect(problems, JSON.stringify({ steps, gaps: gaps() })).toEqual([]);
          expect(sim.ledger('scaletrade').fills.filter((f) => f.time >= since).length).toBeGreaterThan(0);
          expect(gaps().length, JSON.stringify(steps)).toBeGreaterThan(0);
          for (const gap of gaps()) expect(gap.recovered, `${JSON.stringify(steps)} ${gap.detail}`).toBe('full');
        } finally {
          p.stop();
          await sim.stop();
        }
      }),
      { numRuns: 4, endOnFailure: true },
    );
  }, 120_000);
});

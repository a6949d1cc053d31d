/**
 * ZDEX under random faults, end to end in Node: random interleavings of dropped sockets, stalls,
 * restarts of the ZDEX server, duplicated and reordered account frames, and account activity (the simulator trades all along), then
 * the snapshot against the simulator's ledger:
 *
 * - positions, balances and open orders (with their executed quantities) always equal the ledger;
 * - fills equal the ledger fill for fill exactly when every gap was recovered `full`;
 * - when a gap is `partial`, fills rebuilt from position changes may be merged, but their net quantity
 *   per symbol is still the ledger's.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startSimulator } from '../../sim/index';
import { IngestCore } from '../ingest/ingest-core';
import { buildSnapshot } from '../store/snapshot';
import { getAdapter } from '../venues/registry';
import { realClock } from '../venues/shared/clock';
import { nodeSocketFactory } from '../venues/shared/testing/node-socket-factory';
import { zdexAdapter } from '../venues/zdex/adapter';
import { faultStep, playFaultStep, type FaultWaits } from './testing/fault-steps';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

/** Silence that makes a stream stale: ZDEX's 10 s, shortened so stalls fit the test. */
const SILENCE_MS = 1_000;
const CONNECTION = 'zdex-main';

class ZdexPipeline extends Pipeline {
  override readonly core = new IngestCore({
    getAdapter: (venue) => (venue === 'zdex' ? { ...zdexAdapter, silenceTimeoutMs: SILENCE_MS } : getAdapter(venue)),
    socketFactory: nodeSocketFactory,
    clock: realClock,
  });
}

/** Stalls outlast the shortened silence window; a restart takes the ZDEX server down 1 s and back. */
const stepArb = faultStep(
  { min: 1_300, max: 2_200 },
  { tradeMs: { min: 300, max: 3_000 }, duplicates: { min: 1, max: 20 }, restart: true },
);
/** A stall goes stale within itself and live once it ends (or after the reconnect a long one turns into). */
const WAITS: FaultWaits = { liveMs: 15_000, staleMs: (ms) => ms + 1_000, liveAfterStallMs: 15_000, injectedMs: 500 };

const scenarioArb = fc.record({
  seed: fc.integer({ min: 1, max: 10_000 }),
  // A busy trader (a gap almost always sees activity: partial) or a calm one (gaps often see none: full).
  activityMs: fc.constantFrom(150, 2_500),
  // Every run restarts the server at least once, among the other faults.
  steps: fc.array(stepArb, { minLength: 2, maxLength: 4 }).filter((steps) => steps.some((s) => s.kind === 'restart')),
});

describe('ZDEX under random faults (simulator -> adapter -> lifecycle -> store)', () => {
  it('positions, balances and open orders always equal the ledger; fills exactly when every gap is full, else their net', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ seed, activityMs, steps }) => {
        const sim = await startSimulator({
          seed,
          freePorts: true,
          rateScale: 0.3,
          activityMs,
          fundingIntervalMs: 1_000_000_000,
          tuning: { zdex: { notificationIntervalMs: 0, fullStateIntervalMs: 4_000 } },
        });
        sim.pause(); // until live: the first full state is where the connection's fills start
        const pipeline = new ZdexPipeline();
        try {
          const since = Date.now();
          pipeline.connect({
            id: CONNECTION,
            label: 'ZDEX',
            venue: 'zdex',
            url: sim.urls.zdex,
            auth: { token: sim.tokens('zdex').token },
            options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
          });
          await until('live', () => pipeline.status(CONNECTION) === 'live');
          sim.resume();
          for (const step of steps) await playFaultStep(sim, 'zdex', () => pipeline.status(CONNECTION), step, WAITS);
          const gaps = () => [...pipeline.state.gaps.values()].filter((g) => g.connectionId === CONNECTION);
          await until(
            'every gap recovered',
            () =>
              pipeline.status(CONNECTION) === 'live' && gaps().every((g) => g.to !== null && g.recovered !== 'pending'),
            20_000,
          );
          await sleep(300);
          sim.pause(); // after the faults: the comparison needs a still ledger

          expect(gaps().every((g) => g.recovered === 'full' || g.recovered === 'partial')).toBe(true);
          const allFull = gaps().every((g) => g.recovered === 'full');
          const diff = () =>
            diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('zdex'), CONNECTION, since);
          expect(await settle(() => diff().filter((p) => !p.startsWith('fill ')))).toEqual([]);
          if (allFull) expect(await settle(diff)).toEqual([]);
          const ledgerFills = sim.ledger('zdex').fills.filter((f) => f.time >= since);
          const ours = [...pipeline.state.fills.values()].filter((f) => f.connectionId === CONNECTION);
          expect(netBySymbol(ours)).toEqual(netBySymbol(ledgerFills));
        } finally {
          pipeline.stop();
          await sim.stop();
        }
      }),
      { numRuns: 5, endOnFailure: true },
    );
  }, 180_000);
});

/** Signed filled quantity per symbol, zero entries left out. */
function netBySymbol(fills: readonly { symbol: string; side: string; quantity: string }[]): Record<string, string> {
  const net = new Map<string, Decimal>();
  for (const f of fills)
    net.set(f.symbol, (net.get(f.symbol) ?? new Decimal(0)).plus(f.side === 'buy' ? f.quantity : `-${f.quantity}`));
  return Object.fromEntries([...net].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toFixed()]));
}

/**
 * CoinSwitch end to end in Node, the account trading all along: the simulator (a real nats-server),
 * the keyring relay (its REST proxy signs the recovery reads), the registry's adapter inside IngestCore
 * on real sockets, the store. NATS replays nothing, so whatever a drop or a stall costs the stream comes
 * back only through REST; a pasted triple has no REST and its gaps say so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startRelay, type RunningRelay } from '../../relay/index';
import { writeDemoKeyring } from '../../scripts/demo-keyring';
import { demoProfile } from '../../scripts/demo-profile';
import { startSimulator, type Simulator } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import type { GapRecord } from '../domain/types';
import { buildSnapshot } from '../store/snapshot';
import { CLOCK_SKEW_MARGIN_MS } from '../venues/coinswitch/recovery';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

let sim: Simulator | undefined;
let relay: RunningRelay | undefined;
let pipeline: Pipeline | undefined;

async function setUp() {
  sim = await startSimulator({ seed: 21, freePorts: true, activityMs: 100, rateScale: 0.2 });
  const keyring = writeDemoKeyring(sim, '127.0.0.1:0', ['http://127.0.0.1:4173']);
  relay = await startRelay(keyring.configPath, { logger: () => undefined });
  pipeline = new Pipeline();
  const profile = demoProfile(sim, relay.url, keyring.pairingToken);
  const coinswitch = profile.connections.find((c) => c.id === 'coinswitch-main') as ConnectionConfig;
  return { sim, pipeline, coinswitch };
}
afterEach(async () => {
  pipeline?.stop();
  await relay?.stop();
  await sim?.stop();
});

function gapsOf(p: Pipeline, id: string): GapRecord[] {
  return [...p.state.gaps.values()].filter((g) => g.connectionId === id).sort((a, b) => a.from - b.from);
}

const settled = (gaps: readonly GapRecord[]) => gaps.every((g) => g.to !== null && g.recovered !== 'pending');

describe('CoinSwitch through drops and stalls, the account trading on', () => {
  it('keyring: every gap is recovered from REST (full) and the snapshot equals the ledger', async () => {
    const { sim, pipeline, coinswitch } = await setUp();
    // The account starts trading once the connection is live (the first connect recovers nothing).
    sim.pause();
    pipeline.connect(coinswitch);
    await until('live', () => pipeline.status('coinswitch-main') === 'live', 20_000);
    const since = Date.now();
    sim.resume();
    await sleep(1_500);

    sim.fault({ venue: 'coinswitch', fault: 'drop' });
    await until('dropped', () => pipeline.status('coinswitch-main') !== 'live');
    await until('live after the drop', () => pipeline.status('coinswitch-main') === 'live', 20_000);
    await sleep(1_000);

    // nats-server stopped for 7 s: nothing comes (PONGs included), what falls due is dropped.
    sim.fault({ venue: 'coinswitch', fault: 'stall', durationMs: 7_000 });
    await until('stale', () => pipeline.status('coinswitch-main') === 'stale', 10_000);
    await until('live after the stall', () => pipeline.status('coinswitch-main') === 'live', 20_000);
    sim.fault({ venue: 'coinswitch', fault: 'duplicate', count: 20 });
    sim.fault({ venue: 'coinswitch', fault: 'reorder', count: 4 });
    await sleep(2_000);
    await until('recoveries reported', () => settled(gapsOf(pipeline, 'coinswitch-main')), 30_000);
    sim.pause();

    const ledger = () => sim.ledger('coinswitch');
    // REST reads each gap from 5 s before it (clock skew): fills from there on are on the board.
    const from = Math.min(since, ...gapsOf(pipeline, 'coinswitch-main').map((g) => g.from - CLOCK_SKEW_MARGIN_MS));
    const problems = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), ledger(), 'coinswitch-main', from, {
        positions: false,
        balances: false,
      }),
    );
    expect(problems).toEqual([]);
    const gaps = gapsOf(pipeline, 'coinswitch-main');
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps) {
      expect(gap.recovered, JSON.stringify(gap)).toBe('full');
      expect(gap.detail).toMatch(/^recovered from CoinSwitch's REST between /);
    }
    // The gaps were not empty: fills traded inside them reached the board only through REST.
    const inGaps = ledger().fills.filter((f) => gaps.some((g) => f.time > g.from && f.time <= (g.to ?? 0)));
    expect(inGaps.length).toBeGreaterThan(0);
    expect(pipeline.status('coinswitch-main')).toBe('live');
  });

  it('pasted triple: no REST the browser can sign, so a gap is none, says why, and only fills inside it are missing', async () => {
    const { sim, pipeline, coinswitch } = await setUp();
    const triple = sim.tokens('coinswitch').triple;
    const pasted: ConnectionConfig = { ...coinswitch, id: 'cs-pasted', auth: { ...triple } };
    sim.pause();
    pipeline.connect(pasted);
    await until('live', () => pipeline.status('cs-pasted') === 'live', 20_000);
    const since = Date.now();
    sim.resume();
    await sleep(1_000);
    sim.fault({ venue: 'coinswitch', fault: 'drop' });
    await until('dropped', () => pipeline.status('cs-pasted') !== 'live');
    await until('live after the drop', () => pipeline.status('cs-pasted') === 'live', 20_000);
    await sleep(1_000);
    await until('the gap reported', () => settled(gapsOf(pipeline, 'cs-pasted')));
    sim.pause();
    await sleep(500);

    const gaps = gapsOf(pipeline, 'cs-pasted');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ recovered: 'none' });
    expect(gaps[0]!.detail).toMatch(
      /^fills and order changes between .* UTC may be missing: a pasted socket credential gives the browser no CoinSwitch REST access .*; a keyring connection recovers them$/,
    );
    expect(JSON.stringify(gaps)).not.toContain(triple.signature);
    // What is missing lies inside the gap: nothing outside it is lost, nothing is doubled.
    const snapshot = buildSnapshot(pipeline.state, Date.now());
    const have = new Set(snapshot.fills.filter((f) => f.connectionId === 'cs-pasted').map((f) => f.fillId));
    const missing = sim.ledger('coinswitch').fills.filter((f) => f.time >= since && !have.has(f.fillId));
    const gap = gaps[0]!;
    expect(missing.filter((f) => f.time < gap.from - 1_000 || f.time > (gap.to ?? 0) + 1_000)).toEqual([]);
    expect(
      diffAgainstLedger(snapshot, sim.ledger('coinswitch'), 'cs-pasted', since, {
        positions: false,
        balances: false,
        orders: false,
      }).filter((p) => p.startsWith('fill not in the ledger')),
    ).toEqual([]);
  });
});

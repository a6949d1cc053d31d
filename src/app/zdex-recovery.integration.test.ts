/**
 * ZDEX recovery after a gap, end to end in Node: the simulator on real sockets through the real
 * pipeline (testing/pipeline.ts), the account trading all along, through a dropped socket and a stall.
 */
import Decimal from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startSimulator, type Simulator } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import type { GapRecord } from '../domain/types';
import { IngestCore } from '../ingest/ingest-core';
import { buildSnapshot } from '../store/snapshot';
import { getAdapter } from '../venues/registry';
import { realClock } from '../venues/shared/clock';
import { nodeSocketFactory } from '../venues/shared/testing/node-socket-factory';
import { zdexAdapter } from '../venues/zdex/adapter';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

/** Silence that makes a stream stale: ZDEX's 10 s, shortened so a stall fits a test. */
const SILENCE_MS = 1_000;

/** The pipeline, with ZDEX's silence window shortened. */
class ZdexPipeline extends Pipeline {
  override readonly core = new IngestCore({
    getAdapter: (venue) => (venue === 'zdex' ? { ...zdexAdapter, silenceTimeoutMs: SILENCE_MS } : getAdapter(venue)),
    socketFactory: nodeSocketFactory,
    clock: realClock,
  });
}

let sim: Simulator;
let pipeline: ZdexPipeline;
beforeEach(async () => {
  sim = await startSimulator({
    seed: 23,
    freePorts: true,
    rateScale: 0.3,
    activityMs: 150,
    fundingIntervalMs: 1_000_000_000,
    tuning: { zdex: { notificationIntervalMs: 0 } },
  });
  sim.pause(); // until the connection is live: its first full state is where its fills start
  pipeline = new ZdexPipeline();
});
afterEach(async () => {
  pipeline.stop();
  await sim.stop();
});

const CONNECTION = 'zdex-main';
function connection(): ConnectionConfig {
  return {
    id: CONNECTION,
    label: 'ZDEX',
    venue: 'zdex',
    url: sim.urls.zdex,
    auth: { token: sim.tokens('zdex').token },
    options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
  };
}

/** The connection's gap records as the store holds them. */
const gaps = (): GapRecord[] =>
  [...pipeline.state.gaps.values()].filter((g) => g.connectionId === CONNECTION).sort((a, b) => a.from - b.from);
const settled = () => gaps().every((g) => g.to !== null && g.recovered !== 'pending');

describe('ZDEX recovery after a gap (simulator -> adapter -> lifecycle -> store)', () => {
  it('trading through a drop and a stall: each gap recovered and reported; positions, balances and open orders equal the ledger', async () => {
    const since = Date.now();
    pipeline.connect(connection());
    await until('live', () => pipeline.status(CONNECTION) === 'live');
    sim.resume();
    await sleep(1_500);

    sim.fault({ venue: 'zdex', fault: 'drop' });
    await until('the drop to be seen', () => pipeline.status(CONNECTION) !== 'live');
    await until('live again', () => pipeline.status(CONNECTION) === 'live' && gaps().length === 1 && settled());
    await sleep(1_000);

    sim.fault({ venue: 'zdex', fault: 'stall', durationMs: 2_000 });
    await until('the stall to be seen', () => pipeline.status(CONNECTION) === 'stale');
    await until('live again', () => pipeline.status(CONNECTION) === 'live' && gaps().length === 2 && settled());
    await sleep(1_000);
    sim.pause(); // after the faults: the comparison needs a still ledger

    // The stall was on the open socket: recovered on it, without a reconnect.
    expect(pipeline.diagnostics(CONNECTION)?.reconnects).toBe(1);
    for (const gap of gaps()) {
      expect(gap.to).toBeGreaterThan(gap.from);
      expect(['full', 'partial']).toContain(gap.recovered);
      expect(gap.detail).toMatch(gap.recovered === 'full' ? /no fill was missed/ : /rebuilt from the position change/);
    }
    // The exported snapshot lists them (docs/contract.md section 3).
    const exported = buildSnapshot(pipeline.state, Date.now()).connections.find((c) => c.id === CONNECTION);
    expect(exported?.gaps).toEqual(gaps().map(({ from, to, recovered }) => ({ from, to, recovered })));
    const partial = gaps().some((g) => g.recovered === 'partial');
    const problems = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('zdex'), CONNECTION, since).filter(
        (p) => !partial || !p.startsWith('fill '),
      ),
    );
    expect(problems).toEqual([]);
    // The trader kept trading through the gaps: the stall's (2 s and more) always holds fills; a drop's
    // can be shorter than the time between two fills when the reconnect is quick.
    const fills = sim.ledger('zdex').fills;
    const stallGap = gaps()[1]!;
    expect(fills.some((f) => f.time > stallGap.from && f.time < stallGap.to!)).toBe(true);
    // Fills rebuilt from position changes may be merged, but their net quantity per symbol is the ledger's.
    expect(netBySymbol([...pipeline.state.fills.values()].filter((f) => f.time >= since))).toEqual(
      netBySymbol(fills.filter((f) => f.time >= since)),
    );
  });
});

/** Signed filled quantity per symbol, zero entries left out. */
function netBySymbol(fills: readonly { symbol: string; side: string; quantity: string }[]): Record<string, string> {
  const net = new Map<string, Decimal>();
  for (const f of fills)
    net.set(f.symbol, (net.get(f.symbol) ?? new Decimal(0)).plus(f.side === 'buy' ? f.quantity : `-${f.quantity}`));
  return Object.fromEntries([...net].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toFixed()]));
}

/** ZDEX end to end in Node: the simulator on a real socket through the real pipeline (see testing/pipeline.ts). */
import Decimal from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startSimulator, type Simulator } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import { buildSnapshot } from '../store/snapshot';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

let sim: Simulator;
let pipeline: Pipeline;
beforeEach(async () => {
  sim = await startSimulator({ seed: 11, freePorts: true, activityMs: 120 });
  sim.pause();
  pipeline = new Pipeline();
});
afterEach(async () => {
  pipeline.stop();
  await sim.stop();
});

function connection(token = sim.tokens('zdex').token): ConnectionConfig {
  return {
    id: 'zdex-main',
    label: 'ZDEX',
    venue: 'zdex',
    url: sim.urls.zdex,
    auth: { token },
    options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
  };
}

/** Signed filled quantity per symbol. */
function netBySymbol(fills: readonly { symbol?: string; side?: string; quantity?: string }[]): Record<string, string> {
  const net: Record<string, Decimal> = {};
  for (const f of fills)
    net[f.symbol!] = (net[f.symbol!] ?? new Decimal(0)).plus(f.side === 'buy' ? f.quantity! : `-${f.quantity}`);
  return Object.fromEntries(
    Object.entries(net)
      .filter(([, v]) => !v.isZero())
      .map(([k, v]) => [k, v.toFixed()]),
  );
}

describe('ZDEX end to end in Node (simulator -> adapter -> ingest -> store)', () => {
  it('matches the ledger fill for fill, through duplicated frames and a dropped socket', async () => {
    const since = Date.now();
    pipeline.core.handle({ type: 'connect', config: connection() });
    await until('live', () => pipeline.status('zdex-main') === 'live');
    sim.resume();
    sim.fault({ venue: 'zdex', fault: 'duplicate', count: 30 });
    await sleep(2_500);
    sim.pause();
    sim.fault({ venue: 'zdex', fault: 'drop' });
    await until('reconnecting', () => pipeline.status('zdex-main') !== 'live');
    await until('live again', () => pipeline.status('zdex-main') === 'live');
    sim.resume();
    await sleep(2_500);
    sim.pause();

    const problems = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('zdex'), 'zdex-main', since, {
        fillOrderLinks: false,
      }),
    );
    expect(problems).toEqual([]);
    expect(sim.ledger('zdex').fills.length).toBeGreaterThan(5);
    expect(pipeline.state.connections.get('zdex-main')?.reconnects).toBeGreaterThanOrEqual(1);
    // Public auto-push for every other symbol was dropped inside the adapter, and counted.
    expect(pipeline.state.connections.get('zdex-main')?.filteredTotal).toBeGreaterThan(0);
    const symbols = new Set([...pipeline.state.marks.values()].map((m) => m.symbol));
    expect([...symbols].sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  it('reordered account frames: every fill once with its exact price, positions and balance exact; only the fill-to-order link can be lost', async () => {
    const since = Date.now();
    pipeline.core.handle({ type: 'connect', config: connection() });
    await until('live', () => pipeline.status('zdex-main') === 'live');
    sim.resume();
    sim.fault({ venue: 'zdex', fault: 'reorder', count: 5 });
    sim.fault({ venue: 'zdex', fault: 'duplicate', count: 10 });
    await sleep(2_500);
    sim.pause();
    const problems = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('zdex'), 'zdex-main', since, {
        orders: false,
      }),
    );
    expect(problems).toEqual([]);
    expect(sim.ledger('zdex').fills.length).toBeGreaterThan(5);
  });

  it('activity during a disconnect is recovered as net inferred fills: positions and net quantities still match', async () => {
    const since = Date.now();
    pipeline.core.handle({ type: 'connect', config: connection() });
    await until('live', () => pipeline.status('zdex-main') === 'live');
    sim.resume();
    await sleep(1_000);
    // Trading goes on while the socket is down; ZDEX has no fill history to replay.
    sim.fault({ venue: 'zdex', fault: 'drop' });
    await until('reconnecting', () => pipeline.status('zdex-main') !== 'live');
    await until('live again', () => pipeline.status('zdex-main') === 'live');
    await sleep(1_000);
    sim.pause();

    const ledgerNet = () => netBySymbol(sim.ledger('zdex').fills.filter((f) => f.time >= since));
    await until(
      'net fills to match',
      () => JSON.stringify(netBySymbol([...pipeline.state.fills.values()])) === JSON.stringify(ledgerNet()),
    ).catch(() => undefined);
    expect(netBySymbol([...pipeline.state.fills.values()])).toEqual(ledgerNet());
    const positions = Object.fromEntries([...pipeline.state.positions.values()].map((p) => [p.symbol, p.quantity]));
    expect(positions).toEqual(
      Object.fromEntries(sim.ledger('zdex').positions.map((p) => [p.symbol, new Decimal(p.quantity).toFixed()])),
    );
  });

  it('a rejected token is an error on that connection with a clear reason, and no retry storm', async () => {
    pipeline.core.handle({ type: 'connect', config: connection(sim.tokens('zdex', 'invalid').token) });
    await until('error', () => pipeline.status('zdex-main') === 'error');
    const diag = pipeline.state.connections.get('zdex-main');
    expect(diag?.reason).toMatch(/ZDEX rejected the token/);
    expect(diag?.reason).not.toContain(sim.tokens('zdex', 'invalid').token);
    await sleep(1_500);
    expect(pipeline.state.connections.get('zdex-main')?.reconnects).toBe(0);
  });
});

/** ScaleTrade end to end in Node: the simulator on a real socket through the real pipeline (see testing/pipeline.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startSimulator, type Simulator } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import { buildSnapshot } from '../store/snapshot';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

let sim: Simulator | undefined;
let pipeline: Pipeline | undefined;
async function setUp() {
  sim = await startSimulator({
    seed: 9,
    freePorts: true,
    activityMs: 120,
    rateScale: 0.2,
    tuning: { scaletrade: { alertIntervalMs: 700, notificationIntervalMs: 900 } },
  });
  sim.pause();
  pipeline = new Pipeline();
  return { sim, pipeline };
}
afterEach(async () => {
  pipeline?.stop();
  await sim?.stop();
});

function scaletrade(s: Simulator, id = 'st-main', token = s.tokens('scaletrade').token): ConnectionConfig {
  return {
    id,
    label: id,
    venue: 'scaletrade',
    url: s.urls.scaletrade,
    auth: { token },
    options: { login: s.tokens('scaletrade').login, symbols: ['btcusd', 'ethusd', 'solusd'], currency: 'USD' },
  };
}

describe('ScaleTrade end to end in Node (simulator -> adapter -> ingest -> store)', () => {
  it('matches the ledger (fills, positions, balance, pending orders) through duplicates, reorders and a dropped socket', async () => {
    const { sim, pipeline } = await setUp();
    const since = Date.now() - 1_000; // the venue's times are whole seconds
    pipeline.connect(scaletrade(sim));
    await until('live', () => pipeline.status('st-main') === 'live');
    sim.resume();
    sim.fault({ venue: 'scaletrade', fault: 'duplicate', count: 30 });
    sim.fault({ venue: 'scaletrade', fault: 'reorder', count: 2 });
    await sleep(2_000);
    sim.pause();
    sim.fault({ venue: 'scaletrade', fault: 'drop' });
    await until('reconnecting', () => pipeline.status('st-main') !== 'live');
    await until('live again', () => pipeline.status('st-main') === 'live');
    sim.resume();
    await sleep(2_000);
    sim.pause();
    const problems = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('scaletrade'), 'st-main', since),
    );
    expect(problems).toEqual([]);
    expect(pipeline.state.fills.size).toBeGreaterThan(5);
    expect(pipeline.diagnostics('st-main')?.reconnects).toBeGreaterThanOrEqual(1);
    // Quotes for the subscribed symbols, venue notifications and price alerts in the feed.
    expect(new Set([...pipeline.state.marks.values()].map((m) => m.symbol))).toEqual(
      new Set(['btcusd', 'ethusd', 'solusd']),
    );
    expect(pipeline.state.notifications.some((n) => n.connectionId === 'st-main' && /alert/i.test(n.title))).toBe(true);
    expect(pipeline.state.notifications.some((n) => n.connectionId === 'st-main' && !/alert/i.test(n.title))).toBe(
      true,
    );
    expect(pipeline.state.summaries.get('st-main')?.equity).toBeDefined();
  });

  it('a rejected token is an error on that connection alone, with the venue code and what to do', async () => {
    const { sim, pipeline } = await setUp();
    const bad = sim.tokens('scaletrade', 'invalid').token;
    pipeline.connect(scaletrade(sim, 'st-bad', bad));
    pipeline.connect(scaletrade(sim, 'st-ok'));
    await until('error', () => pipeline.status('st-bad') === 'error');
    expect(pipeline.diagnostics('st-bad')?.reason).toMatch(/ScaleTrade rejected the token \(INVALID_TOKEN\)/);
    expect(pipeline.diagnostics('st-bad')?.reason).not.toContain(bad);
    await until('the other live', () => pipeline.status('st-ok') === 'live');
    await sleep(1_000);
    expect(pipeline.diagnostics('st-bad')?.reconnects).toBe(0);
  });
});

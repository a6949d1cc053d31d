/** Rails end to end in Node: the simulator on a real socket through the real pipeline (see testing/pipeline.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import { buildSnapshot } from '../store/snapshot';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

let sim: Simulator | undefined;
let pipeline: Pipeline | undefined;
async function setUp(options: SimulatorOptions = {}) {
  sim = await startSimulator({ seed: 5, freePorts: true, activityMs: 120, rateScale: 0.2, ...options });
  sim.pause();
  pipeline = new Pipeline();
  return { sim, pipeline };
}
afterEach(async () => {
  pipeline?.stop();
  await sim?.stop();
});

function rails(s: Simulator, id = 'rails-btc', token = s.tokens('rails').token): ConnectionConfig {
  return {
    id,
    label: id,
    venue: 'rails',
    url: s.urls.rails,
    auth: { token },
    options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'] },
  };
}

describe('Rails end to end in Node (simulator -> adapter -> ingest -> store)', () => {
  it('matches the ledger: every fill once, open orders of its market, through duplicates and a dropped socket', async () => {
    const { sim, pipeline } = await setUp();
    const since = Date.now();
    pipeline.connect(rails(sim));
    await until('live', () => pipeline.status('rails-btc') === 'live');
    sim.resume();
    sim.fault({ venue: 'rails', fault: 'duplicate', count: 30 });
    await sleep(2_000);
    // This connection has no REST to recover from (its host is not Rails' and it sets no restUrl), so the
    // account is quiet while the sockets are down; what this proves is that the reconnect itself loses and
    // doubles nothing. Recovery while trading: rails-recovery.integration.test.ts.
    sim.pause();
    sim.fault({ venue: 'rails', fault: 'drop' });
    await until('reconnecting', () => pipeline.status('rails-btc') !== 'live');
    await until('live again', () => pipeline.status('rails-btc') === 'live');
    sim.resume();
    await sleep(2_000);
    // On a busy machine the account trades slower: enough fills to compare, whatever the time it takes.
    await until('a few fills', () => pipeline.state.fills.size > 5, 20_000);
    sim.pause();
    const problems = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('rails'), 'rails-btc', since, {
        positions: false,
        balances: false,
        orderSymbols: ['BTC-USDT'],
      }),
    );
    expect(problems).toEqual([]);
    expect(pipeline.state.fills.size).toBeGreaterThan(5);
    expect(pipeline.diagnostics('rails-btc')?.reconnects).toBeGreaterThanOrEqual(1);
    const kinds = new Set([...pipeline.state.marks.values()].filter((m) => m.symbol === 'BTC-USDT').map((m) => m.kind));
    expect(kinds).toEqual(new Set(['book', 'trade']));
  });

  it('without a drop, the fills equal the ledger exactly', async () => {
    const { sim, pipeline } = await setUp();
    const since = Date.now();
    pipeline.connect(rails(sim));
    await until('live', () => pipeline.status('rails-btc') === 'live');
    sim.resume();
    sim.fault({ venue: 'rails', fault: 'duplicate', count: 20 });
    sim.fault({ venue: 'rails', fault: 'reorder', count: 3 });
    await sleep(2_500);
    sim.pause();
    const problems = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('rails'), 'rails-btc', since, {
        positions: false,
        balances: false,
        orderSymbols: ['BTC-USDT'],
      }),
    );
    expect(problems).toEqual([]);
  });

  it("a hot standby takes both of the market's 2 places: another connection is refused (403), and says why", async () => {
    const { sim, pipeline } = await setUp();
    pipeline.connect(rails(sim, 'rails-a'));
    await until(
      'both sockets of rails-a live',
      () => pipeline.status('rails-a') === 'live' && pipeline.diagnostics('rails-a')?.standbyStatus === 'live',
    );
    pipeline.connect(rails(sim, 'rails-b'));
    await until(
      'the refusal explained',
      () => /at most 2 connections per market/.test(pipeline.diagnostics('rails-b')?.reason ?? ''),
      10_000,
    );
    expect(pipeline.status('rails-b')).toBe('reconnecting');
    expect(pipeline.diagnostics('rails-b')?.reason).toContain('close another connection to BTC-USDT');
    expect(pipeline.status('rails-a')).toBe('live');
    expect(pipeline.diagnostics('rails-a')?.standbyStatus).toBe('live');
  });

  it('an expired token is an error that says so and what to do, without retrying', async () => {
    const { sim, pipeline } = await setUp();
    const expired = sim.tokens('rails', 'expired').token;
    pipeline.connect(rails(sim, 'rails-old', expired));
    pipeline.connect(rails(sim, 'rails-ok'));
    await until('error', () => pipeline.status('rails-old') === 'error');
    expect(pipeline.diagnostics('rails-old')?.reason).toMatch(/^Rails token expired at .* fetch a fresh one/);
    expect(pipeline.diagnostics('rails-old')?.reason).not.toContain(expired);
    await until('the other live', () => pipeline.status('rails-ok') === 'live');
  });

  it('a token that runs out while connected ends the connection with the expiry reason, and the time left was shown', async () => {
    const { sim, pipeline } = await setUp({ tuning: { rails: { tokenLifetimeS: 3 } } });
    pipeline.connect(rails(sim));
    await until('live', () => pipeline.status('rails-btc') === 'live');
    const expiresAt = pipeline.diagnostics('rails-btc')?.credentialExpiresAt;
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_000);
    await until('error', () => pipeline.status('rails-btc') === 'error', 10_000);
    expect(pipeline.diagnostics('rails-btc')?.reason).toMatch(/^Rails token expired at/);
  });
});

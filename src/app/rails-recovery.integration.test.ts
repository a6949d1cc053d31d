/**
 * Rails truth under faults, end to end in Node: the simulator trading on real sockets, the registry's
 * Rails adapter in IngestCore (hot standby pair, REST recovery), the store. The account keeps trading
 * through every fault (the simulator is paused only to compare at the end).
 *
 * Test-only knobs (nothing else of the adapter is changed): the socket factory keeps the `ws` sockets so
 * one socket of the standby pair can be dropped (the simulator's `drop` drops every socket), and the
 * Rails timers are shortened (a heartbeat every `heartbeatMs`, stale after 2.5 of them) so a stall
 * becomes a gap in seconds, not in 37.5 s.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../relay/index';
import { writeDemoKeyring } from '../../scripts/demo-keyring';
import { demoProfile } from '../../scripts/demo-profile';
import { startSimulator, type Simulator } from '../../sim/index';
import { settle, sleep, until } from './testing/pipeline';
import { WebSocket as NodeWebSocket } from 'ws';
import { diffAgainstLedger } from '../../e2e/support/compare';
import type { VenueLedger } from '../../sim/index';
import { num } from '../../sim/core/num';
import type { ConnectionConfig } from '../domain/connection-config';
import type { GapRecord } from '../domain/types';
import { IngestCore } from '../ingest/ingest-core';
import { applyBatches } from '../store/apply-batch';
import { buildSnapshot } from '../store/snapshot';
import { emptyPortfolio, orderKey, type PortfolioState } from '../store/state';
import { getAdapter } from '../venues/registry';
import { realClock } from '../venues/shared/clock';
import { wrapPlatformSocket, type SocketFactory } from '../venues/shared/socket';

class RailsPipeline {
  state: PortfolioState = emptyPortfolio();
  readonly sockets: NodeWebSocket[] = [];
  /** When each ping was sent (any socket). */
  readonly pingsSent: number[] = [];
  readonly core: IngestCore;
  private readonly timer = setInterval(() => this.pump(), 16);

  constructor(heartbeatMs = 1_000) {
    const factory: SocketFactory = (url, protocols) => {
      const socket = new NodeWebSocket(url, protocols);
      socket.binaryType = 'arraybuffer';
      this.sockets.push(socket);
      const send = socket.send.bind(socket);
      const wrapped: typeof socket.send = (data: unknown, ...rest: unknown[]) => {
        if (typeof data === 'string' && data.startsWith('{"message":"ping"')) this.pingsSent.push(Date.now());
        return (send as (...args: unknown[]) => void)(data, ...rest);
      };
      socket.send = wrapped;
      return wrapPlatformSocket(socket, (events) => {
        socket.onopen = () => events.open();
        socket.onmessage = (event) => events.message(event.data);
        socket.onclose = (event) => events.close(event.code, event.reason);
        socket.onerror = (event) => events.error(event.message);
      });
    };
    this.core = new IngestCore({
      getAdapter: (venue) => {
        const adapter = getAdapter(venue);
        if (venue !== 'rails' || !adapter) return adapter;
        return { ...adapter, heartbeatIntervalMs: heartbeatMs, silenceTimeoutMs: 2.5 * heartbeatMs };
      },
      socketFactory: factory,
      clock: realClock,
      fetch: (input, init) => fetch(input, init),
    });
  }

  connect(config: ConnectionConfig): void {
    this.core.handle({ type: 'connect', config });
  }

  pump(): void {
    const batch = this.core.flush();
    if (batch) this.state = applyBatches(this.state, [batch], Date.now());
  }

  status(id: string) {
    return this.state.connections.get(id)?.status;
  }

  diagnostics(id: string) {
    return this.state.connections.get(id);
  }

  /** Open sockets to `urlPrefix` (a standby connection has two). */
  open(urlPrefix: string): NodeWebSocket[] {
    return this.sockets.filter((s) => s.readyState === NodeWebSocket.OPEN && s.url.startsWith(urlPrefix));
  }

  gaps(id: string): GapRecord[] {
    return [...this.state.gaps.values()].filter((g) => g.connectionId === id).sort((a, b) => a.from - b.from);
  }

  stop(): void {
    clearInterval(this.timer);
    this.core.dispose();
  }
}

/**
 * The dashboard against the ledger (e2e/support/compare.ts), Rails' way: no positions or balances, the
 * orders of its market. No difference is allowed: an order cancelled in a gap (Rails' REST does not
 * say so) is no longer open once the complete open-orders read leaves it out.
 */
function railsDiff(pipeline: RailsPipeline, ledger: VenueLedger, id: string, since: number, market: string): string[] {
  return diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), ledger, id, since, {
    positions: false,
    balances: false,
    orderSymbols: [market],
  });
}

// ---- set-up --------------------------------------------------------------------------------------

const ID = 'rails-btc';
const MARKET = 'BTC-USDT';

let sim: Simulator | undefined;
let relay: RunningRelay | undefined;
let pipeline: RailsPipeline | undefined;

afterEach(async () => {
  pipeline?.stop();
  await relay?.stop();
  await sim?.stop();
  pipeline = undefined;
  relay = undefined;
  sim = undefined;
});

async function setUp(heartbeatMs = 1_000, seed = 5): Promise<{ sim: Simulator; pipeline: RailsPipeline }> {
  sim = await startSimulator({ seed, freePorts: true, activityMs: 120, rateScale: 0.2 });
  sim.pause();
  pipeline = new RailsPipeline(heartbeatMs);
  return { sim, pipeline };
}

/** A pasted token; REST at the simulator (a non-Rails host needs `restUrl`). */
function pasted(s: Simulator, restUrl = s.urls.railsRest): ConnectionConfig {
  return {
    id: ID,
    label: ID,
    venue: 'rails',
    url: s.urls.rails,
    auth: { token: s.tokens('rails').token },
    options: { market: MARKET, restUrl },
  };
}

async function bothLive(p: RailsPipeline): Promise<void> {
  await until(
    'both sockets live',
    () => p.status(ID) === 'live' && p.diagnostics(ID)?.standbyStatus === 'live',
    20_000,
  );
}

/**
 * Statuses the connection showed, and the errors it listed, sampled every 10 ms until `stop()` (a
 * standby pair shows the better socket's diagnostics, which may change hands).
 */
function watchStatus(p: RailsPipeline): { seen: Set<string>; errors: Set<string>; stop: () => void } {
  const seen = new Set<string>();
  const errors = new Set<string>();
  const timer = setInterval(() => {
    seen.add(String(p.status(ID)));
    for (const e of p.diagnostics(ID)?.errors ?? []) errors.add(e.message);
  }, 10);
  return { seen, errors, stop: () => clearInterval(timer) };
}

/** Waits until every gap is closed and reported, then until the dashboard equals the ledger (or settles). */
async function compare(s: Simulator, p: RailsPipeline, since: number): Promise<string[]> {
  await until('every gap recovered', () => p.gaps(ID).every((g) => g.to !== null && g.recovered !== 'pending'), 30_000);
  return settle(() => railsDiff(p, s.ledger('rails'), ID, since, MARKET));
}

/** "N fills read (M new)" summed over the gap reports. */
function newFillsRecovered(gaps: GapRecord[]): number {
  return gaps.reduce((n, g) => n + Number(/fills read \((\d+) new\)/.exec(g.detail ?? '')?.[1] ?? 0), 0);
}

function expectHonestGaps(gaps: GapRecord[]): void {
  for (const gap of gaps) {
    expect(gap.to, JSON.stringify(gap)).not.toBeNull();
    // REST answers here: every gap is recovered (an order that left the book without a fill is named in the detail).
    expect(gap.recovered, JSON.stringify(gap)).toBe('full');
  }
}

/** Far below the market: it rests until cancelled. */
const RESTING_PRICE = '1000';

/** Ids (core's, the ledger's Rails ids) of the open BTC orders resting at RESTING_PRICE. */
function resting(s: Simulator): { core: string[]; rails: string[] } {
  return {
    core: s
      .account('rails')
      .openOrders.filter((o) => o.symbol === 'BTCUSDT' && Number(o.price) === Number(RESTING_PRICE))
      .map((o) => o.orderId),
    rails: s
      .ledger('rails')
      .orders.filter(
        (o) => Number(o.price) === Number(RESTING_PRICE) && (o.status === 'open' || o.status === 'partially_filled'),
      )
      .map((o) => o.orderId),
  };
}

const shownOpen = (p: RailsPipeline, orderId: string): boolean => {
  const o = p.state.orders.get(orderKey(ID, orderId));
  return o?.status === 'open' || o?.status === 'pending';
};

/**
 * Rests a BTC order far from the market and waits until the dashboard shows it open (again, should
 * the simulated trader cancel it first); then drops both sockets and cancels it while they are down
 * (the trader cancelled it elsewhere). Its cancel is never streamed: only the next complete
 * open-orders read can tell that it is gone.
 */
async function cancelWhileDown(s: Simulator, p: RailsPipeline): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = resting(s);
    s.act('rails', {
      kind: 'limit',
      symbol: 'BTCUSDT',
      side: 'buy',
      price: num(RESTING_PRICE),
      quantity: num('0.001'),
    });
    const after = resting(s);
    const core = after.core.find((id) => !before.core.includes(id));
    const rails = after.rails.find((id) => !before.rails.includes(id));
    if (core === undefined || rails === undefined) throw new Error('the order did not rest');
    await until(
      'the resting order shown open, or cancelled by the trader',
      () => shownOpen(p, rails) || !resting(s).rails.includes(rails),
      20_000,
    );
    if (!resting(s).rails.includes(rails)) continue;
    s.fault({ venue: 'rails', fault: 'drop' });
    // Synchronously after the drop: no socket is open to carry the cancel.
    s.act('rails', { kind: 'cancel', orderId: core });
    return;
  }
  throw new Error('the simulated trader cancelled every resting order first');
}

// ---- tests ---------------------------------------------------------------------------------------

describe('Rails hot standby and REST recovery, trading throughout (simulator -> adapter -> ingest -> store)', () => {
  it('a drop of one standby socket (then of the other) loses nothing and opens no gap', async () => {
    const { sim, pipeline } = await setUp();
    const since = Date.now();
    pipeline.connect(pasted(sim));
    await bothLive(pipeline);
    expect(pipeline.open(sim.urls.rails)).toHaveLength(2);
    sim.resume();
    await sleep(1_000);
    const watch = watchStatus(pipeline);
    for (const which of [0, 1]) {
      const open = pipeline.open(sim.urls.rails);
      expect(open).toHaveLength(2);
      open[which]!.terminate();
      await until('a socket dropped', () => pipeline.open(sim.urls.rails).length === 1);
      await until('the standby back', () => pipeline.open(sim.urls.rails).length === 2, 15_000);
      await bothLive(pipeline);
      await sleep(800);
    }
    watch.stop();
    sim.pause();
    expect([...watch.seen]).toEqual(['live']);
    expect(await compare(sim, pipeline, since)).toEqual([]);
    expect(pipeline.gaps(ID)).toEqual([]);
    const fills = [...pipeline.state.fills.values()].filter((f) => f.connectionId === ID);
    expect(fills.length).toBeGreaterThan(5);
  });

  it('through a drop of both sockets and a stall, the dashboard equals the ledger; each gap recovered from REST', async () => {
    const { sim, pipeline } = await setUp();
    const since = Date.now();
    pipeline.connect(pasted(sim));
    await bothLive(pipeline);
    sim.resume();
    await sleep(1_000);

    sim.fault({ venue: 'rails', fault: 'drop' });
    await until('the drop opened a gap', () => pipeline.gaps(ID).length === 1);
    await until('live again', () => pipeline.status(ID) === 'live', 20_000);
    await sleep(1_500);
    sim.fault({ venue: 'rails', fault: 'stall', durationMs: 4_000 });
    await until('stale', () => pipeline.status(ID) === 'stale', 10_000);
    await until('live after the stall', () => pipeline.status(ID) === 'live', 20_000);
    await sleep(1_500);
    sim.pause();

    expect(await compare(sim, pipeline, since)).toEqual([]);
    const gaps = pipeline.gaps(ID);
    expect(gaps).toHaveLength(2);
    expect(gaps[0]!.cause).toMatch(/socket closed/);
    expect(gaps[1]!.cause).toMatch(/no message/);
    expectHonestGaps(gaps);
    // The account traded in both gaps; REST brought back what the sockets missed.
    expect(newFillsRecovered(gaps)).toBeGreaterThan(0);
  });

  it('a stall shorter than the silence window opens no gap, but its skipped pong brings the lost frames back', async () => {
    const { sim, pipeline } = await setUp();
    const since = Date.now();
    pipeline.connect(pasted(sim));
    await bothLive(pipeline);
    sim.resume();
    await sleep(1_000);
    const watch = watchStatus(pipeline);
    // Pings every second, stale after 2.5 s: a 2-second stall swallows a pong but never goes stale.
    const stallFrom = Date.now();
    sim.fault({ venue: 'rails', fault: 'stall', durationMs: 2_000 });
    await sleep(3_500);
    sim.pause();
    expect(await compare(sim, pipeline, since)).toEqual([]);
    watch.stop();
    expect([...watch.seen]).toEqual(['live']);
    expect(pipeline.gaps(ID)).toEqual([]);
    const caught = [...watch.errors].filter((m) =>
      /^Rails dropped frames between .* \(the pong to a ping never came\); /.test(m),
    );
    // A ping sent well inside the stall had its pong swallowed: that is what must have been caught, and
    // the read of the window said what it found (recovered, or an order REST no longer lists). (On
    // a machine so busy that no heartbeat fired during the stall, there was nothing to see.)
    const swallowed = pipeline.pingsSent.filter((t) => t >= stallFrom && t <= stallFrom + 1_800).length;
    if (swallowed > 0) expect(caught.length, [...watch.errors].join('\n')).toBeGreaterThan(0);
  });

  it('a keyring connection recovers through the relay (GET /rest/<id>/api/v1/…), signed there', async () => {
    const { sim, pipeline } = await setUp();
    const keyring = writeDemoKeyring(sim, '127.0.0.1:0', ['http://127.0.0.1:4173']);
    relay = await startRelay(keyring.configPath, { logger: () => undefined });
    const config = demoProfile(sim, relay.url, keyring.pairingToken).connections.find((c) => c.id === ID)!;
    expect(config.auth.keyring).toBeDefined();
    const since = Date.now();
    pipeline.connect(config);
    await bothLive(pipeline);
    sim.resume();
    await sleep(1_000);
    sim.fault({ venue: 'rails', fault: 'drop' });
    await until('the drop opened a gap', () => pipeline.gaps(ID).length === 1);
    await until('live again', () => pipeline.status(ID) === 'live', 20_000);
    await sleep(1_500);
    sim.pause();
    expect(await compare(sim, pipeline, since)).toEqual([]);
    expectHonestGaps(pipeline.gaps(ID));
    expect(pipeline.gaps(ID)[0]!.detail).toMatch(/Rails REST: \d+ fills read/);
  });

  it("REST unreachable: the stall's gap says `none` and what may be missing; exactly the fills in it are missing", async () => {
    const { sim, pipeline } = await setUp();
    const since = Date.now();
    pipeline.connect(pasted(sim, 'http://127.0.0.1:9'));
    await bothLive(pipeline);
    sim.resume();
    await sleep(1_000);
    sim.fault({ venue: 'rails', fault: 'stall', durationMs: 5_000 });
    await until('stale', () => pipeline.status(ID) === 'stale', 10_000);
    await until('live after the stall', () => pipeline.status(ID) === 'live', 20_000);
    await sleep(1_000);
    sim.pause();
    await until('the gap reported', () => pipeline.gaps(ID)[0]?.recovered !== 'pending', 30_000);
    const gap = pipeline.gaps(ID)[0]!;
    expect(gap.recovered).toBe('none');
    expect(gap.detail).toMatch(
      /^fills between \d\d:\d\d:\d\d UTC and \d\d:\d\d:\d\d UTC may be missing: Rails REST did not answer/,
    );
    expect(gap.detail).toContain('(3 attempts)');
    // Every fill the dashboard lacks happened inside the gap (by its ids, which Rails shares with the ledger).
    await sleep(500);
    const shown = new Set([...pipeline.state.fills.values()].map((f) => f.fillId));
    const missing = sim.ledger('rails').fills.filter((f) => f.time >= since && !shown.has(f.fillId));
    expect(missing.length).toBeGreaterThan(0);
    for (const fill of missing) {
      expect(fill.time).toBeGreaterThanOrEqual(gap.from - 1_000);
      expect(fill.time).toBeLessThanOrEqual(gap.to! + 1_000);
    }
  });
});

// ---- property ------------------------------------------------------------------------------------

type Step =
  | { kind: 'drop' }
  | { kind: 'dropOne'; which: number }
  | { kind: 'stall'; ms: number }
  | { kind: 'duplicate'; count: number }
  | { kind: 'reorder'; count: number }
  /** An order rests, then is cancelled while both sockets are down (cancelWhileDown). */
  | { kind: 'cancelWhileDown' };

const STEP: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'drop' }),
  fc.record({ kind: fc.constant('dropOne' as const), which: fc.nat(1) }),
  // Longer than a ping interval (500 ms here): shorter ones swallow no pong and cannot be seen (README).
  fc.record({ kind: fc.constant('stall' as const), ms: fc.integer({ min: 700, max: 3_000 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), count: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('reorder' as const), count: fc.integer({ min: 1, max: 3 }) }),
  fc.constant<Step>({ kind: 'cancelWhileDown' }),
);

/** Every plan cancels an order while the sockets are down at least once, somewhere among its steps. */
const PLAN = fc
  .tuple(
    fc.array(fc.record({ step: STEP, afterMs: fc.integer({ min: 200, max: 1_200 }) }), { minLength: 2, maxLength: 4 }),
    fc.nat(4),
    fc.integer({ min: 200, max: 1_200 }),
  )
  .map(([steps, at, afterMs]) => {
    const plan = [...steps];
    plan.splice(Math.min(at, plan.length), 0, { step: { kind: 'cancelWhileDown' }, afterMs });
    return plan;
  });

describe('property: any interleaving of faults while the account trades', () => {
  it('ends with the dashboard equal to the ledger, every gap closed and honestly reported', async () => {
    await fc.assert(
      fc.asyncProperty(PLAN, fc.integer({ min: 1, max: 1_000 }), async (plan, seed) => {
        const { sim: s, pipeline: p } = await setUp(500, seed);
        try {
          const since = Date.now();
          p.connect(pasted(s));
          await bothLive(p);
          s.resume();
          await sleep(400);
          for (const { step, afterMs } of plan) {
            if (step.kind === 'dropOne') p.open(s.urls.rails)[step.which]?.terminate();
            else if (step.kind === 'stall') s.fault({ venue: 'rails', fault: 'stall', durationMs: step.ms });
            else if (step.kind === 'drop') s.fault({ venue: 'rails', fault: 'drop' });
            else if (step.kind === 'cancelWhileDown') await cancelWhileDown(s, p);
            else s.fault({ venue: 'rails', fault: step.kind, count: step.count });
            await sleep(step.kind === 'stall' ? step.ms + afterMs : afterMs);
          }
          await bothLive(p);
          await sleep(600);
          s.pause();
          expect(
            await compare(s, p, since),
            JSON.stringify({ plan, gaps: p.gaps(ID), errors: p.diagnostics(ID)?.errors }),
          ).toEqual([]);
          expectHonestGaps(p.gaps(ID));
        } finally {
          p.stop();
          await s.stop();
          pipeline = undefined;
          sim = undefined;
        }
      }),
      // Each run is a whole simulator session: no shrinking, the failing plan is in the message.
      { numRuns: 4, endOnFailure: true },
    );
  }, 120_000);
});

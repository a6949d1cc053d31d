import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import type { GapWindow } from '../types';
import { Driver } from './sim-driver';
import { startRig, type ScaletradeRig } from '../../../sim/scaletrade/test-support';
import { scaletradeAdapter } from './adapter';
import { config, LOGIN } from './test-support';
import { waitUntil } from '../../../sim/testing/wait';

/**
 * The session's recovery against the simulator on real sockets and its real REST, the account trading
 * all the while: the socket is dropped, stays down while tickets open and close, comes back; the
 * session gets `recover(window)` as the lifecycle gives it and its REST requests are answered by the
 * simulator's trade history. A minimal driver plays the lifecycle (socket, heartbeats, REST through
 * the adapter's `rest()` target); the full pipeline has its own test in src/app.
 */

let rig: ScaletradeRig | undefined;
let driver: Driver | undefined;
afterEach(async () => {
  driver?.stop();
  await rig?.stop();
});

const d = (v: string) => new Decimal(v).toFixed();

/** Connected, trading; dropped until `closes` tickets have closed with nobody connected, or stalled; back. */
async function faultWhileTrading(
  withRest: boolean,
  fault: 'drop' | 'stall',
  closes = 5,
): Promise<{ r: ScaletradeRig; dr: Driver; gap: GapWindow }> {
  rig = await startRig({}, { activityMs: 40 });
  const r = rig;
  const cfg = config({
    options: { login: LOGIN, symbols: [], ...(withRest ? { restUrl: r.server.restUrl } : {}) },
  });
  cfg.auth = { token: r.server.credential('valid').token };
  driver = new Driver(cfg, r.server.url);
  const dr = driver;
  dr.connect();
  await waitUntil(() => dr.status === 'live', 10_000, 'live');
  await waitUntil(() => dr.fills().length >= 10, 20_000, 'fills while connected');
  const closesNow = () => r.server.ledger().fills.filter((f) => f.fillId.endsWith(':close')).length;
  const before = closesNow();
  const from = Date.now();
  if (fault === 'drop') {
    r.server.fault({ venue: 'scaletrade', fault: 'drop' });
    await waitUntil(() => dr.status !== 'live', 5_000, 'dropped');
    // Nobody is connected: the account goes on trading until tickets have closed meanwhile.
    await waitUntil(() => closesNow() >= before + closes, 20_000, 'closes while away');
    dr.connect();
  } else {
    // Nothing at all reaches the client (pongs included) while the account trades on; the socket stays.
    r.server.fault({ venue: 'scaletrade', fault: 'stall', durationMs: scaletradeAdapter.silenceTimeoutMs + 1_500 });
    await waitUntil(() => dr.status === 'stale', 10_000, 'stale');
    expect(closesNow()).toBeGreaterThan(before);
  }
  await waitUntil(() => dr.reports.length > 0, 20_000, 'the recovery report');
  const gap = { from, to: Date.now() };
  r.core.pause();
  return { r, dr, gap };
}

describe('ScaleTrade recovery against the simulator (real sockets, real REST)', () => {
  it('a drop while the account trades: the trade history gives back every close, the report is full', async () => {
    const { r, dr } = await faultWhileTrading(true, 'drop');
    expect(dr.reports).toEqual([
      { recovered: 'full', detail: expect.stringMatching(/^\d+ ticket\(s\) closed between /) },
    ]);
    const ledger = r.server.ledger();
    await waitUntil(
      () => new Set(dr.fills().map((f) => f.fillId)).size >= ledger.fills.length,
      10_000,
      'the last frames',
    );
    // A fill id may come again (the session re-emits what it emitted since the gap began, for a gap the
    // page made; the ingest core drops an id it has seen), but always as the same fill.
    const mine = new Map(dr.fills().map((f) => [f.fillId, f]));
    for (const f of dr.fills()) expect(f).toEqual(mine.get(f.fillId));
    expect([...mine.keys()].sort()).toEqual(ledger.fills.map((f) => f.fillId).sort());
    for (const l of ledger.fills) {
      const f = mine.get(l.fillId);
      expect([f?.side, d(f?.price ?? '0'), d(f?.quantity ?? '0')], l.fillId).toEqual([
        l.side,
        d(l.price),
        d(l.quantity),
      ]);
    }
    const shown = Object.fromEntries(Object.entries(dr.positions()).map(([s, q]) => [s, d(q)]));
    expect(shown).toEqual(Object.fromEntries(ledger.positions.map((p) => [p.symbol, d(p.quantity)])));
  }, 60_000);

  it('a stall while the account trades: the account state is asked again on the same socket, then the history: full', async () => {
    const { r, dr } = await faultWhileTrading(true, 'stall');
    expect(dr.reports).toEqual([
      { recovered: 'full', detail: expect.stringMatching(/^(\d+ ticket\(s\)|nothing) closed between /) },
    ]);
    const ledger = r.server.ledger();
    await waitUntil(
      () => new Set(dr.fills().map((f) => f.fillId)).size >= ledger.fills.length,
      10_000,
      'the last frames',
    );
    expect([...new Set(dr.fills().map((f) => f.fillId))].sort()).toEqual(ledger.fills.map((f) => f.fillId).sort());
    const shown = Object.fromEntries(Object.entries(dr.positions()).map(([s, q]) => [s, d(q)]));
    expect(shown).toEqual(Object.fromEntries(ledger.positions.map((p) => [p.symbol, d(p.quantity)])));
  }, 60_000);

  it('without a restUrl: partial, and the only fills missing are those of the gap; positions are right', async () => {
    const { r, dr, gap } = await faultWhileTrading(false, 'drop');
    expect(dr.reports).toEqual([
      { recovered: 'partial', detail: expect.stringMatching(/closed while the connection was down/) },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ledger = r.server.ledger();
    const mine = new Set(dr.fills().map((f) => f.fillId));
    const missing = ledger.fills.filter((f) => !mine.has(f.fillId));
    expect(missing.some((f) => f.fillId.endsWith(':close'))).toBe(true);
    // Venue times are whole seconds.
    for (const f of missing) expect(f.time, f.fillId).toBeGreaterThanOrEqual(Math.floor(gap.from / 1000) * 1000 - 1000);
    for (const f of missing) expect(f.time, f.fillId).toBeLessThanOrEqual(gap.to);
    expect([...mine].every((id) => ledger.fills.some((f) => f.fillId === id))).toBe(true);
    const shown = Object.fromEntries(Object.entries(dr.positions()).map(([s, q]) => [s, d(q)]));
    expect(shown).toEqual(Object.fromEntries(ledger.positions.map((p) => [p.symbol, d(p.quantity)])));
  }, 60_000);
});

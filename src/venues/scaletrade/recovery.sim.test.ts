import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { DomainEvent } from '../../domain/events';
import type { Fill } from '../../domain/types';
import { Decimal } from '../../domain/decimal';
import type { GapWindow, RecoveryReport, SessionOutput, VenueSession } from '../types';
import { startRig, type ScaletradeRig } from '../../../sim/scaletrade/testing';
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

class Driver {
  readonly events: DomainEvent[] = [];
  readonly reports: RecoveryReport[] = [];
  status = 'connecting';
  private socket: WebSocket | undefined;
  private lastLiveFrame = 0;
  private gapFrom: number | undefined;
  private readonly timer = setInterval(() => {
    if (this.socket?.readyState === WebSocket.OPEN) this.apply(this.session.heartbeat(Date.now()));
  }, 2_000);
  /** The lifecycle's silence watchdog: no frame for the adapter's silence window while live is stale (a gap). */
  private readonly watchdog = setInterval(() => {
    if (this.status === 'live' && Date.now() - this.lastLiveFrame >= scaletradeAdapter.silenceTimeoutMs) {
      this.status = 'stale';
      this.gapFrom ??= this.lastLiveFrame;
    }
  }, 100);
  private readonly session: VenueSession;
  private readonly rest: ReturnType<NonNullable<typeof scaletradeAdapter.rest>>;

  constructor(
    private readonly cfg: ReturnType<typeof config>,
    private readonly url: string,
  ) {
    const parsed = scaletradeAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    this.session = scaletradeAdapter.createSession(cfg, parsed.options);
    this.rest = scaletradeAdapter.rest?.(cfg, parsed.options);
  }

  connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on('open', () => this.apply(this.session.open(Date.now())));
    socket.on('message', (data) => {
      if (socket !== this.socket) return;
      if (this.status === 'stale') this.becomeLive();
      if (this.status === 'live') this.lastLiveFrame = Date.now();
      this.apply(this.session.message(data.toString(), Date.now()));
    });
    socket.on('close', (code, reason) => {
      if (socket !== this.socket) return;
      if (this.status === 'live') this.gapFrom ??= this.lastLiveFrame;
      this.status = 'reconnecting';
      this.apply(this.session.closed(code, reason.toString(), Date.now()));
    });
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.watchdog);
    this.socket?.terminate();
  }

  private apply(out: SessionOutput): void {
    this.events.push(...out.events);
    for (const text of out.send) if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
    if (out.recovery) this.reports.push(out.recovery);
    for (const request of out.requests ?? []) void this.fetch(request.id, request.path, request.query ?? {});
    if (out.status?.status === 'live' && this.status !== 'live') this.becomeLive();
  }

  /** Live again: the gap closes and the session recovers it. */
  private becomeLive(): void {
    this.status = 'live';
    this.lastLiveFrame = Date.now();
    if (this.gapFrom === undefined) return;
    const gap: GapWindow = { from: this.gapFrom, to: Date.now() };
    this.gapFrom = undefined;
    const recover = this.session.recover;
    if (recover) this.apply(recover.call(this.session, gap, Date.now()));
  }

  private async fetch(id: string, path: string, query: Record<string, string>): Promise<void> {
    if (!this.rest) throw new Error('no REST target');
    const res = await fetch(`${this.rest.baseUrl}${path}?${new URLSearchParams(query)}`, {
      headers: this.rest.headers,
    });
    const response = this.session.response;
    if (response)
      this.apply(response.call(this.session, id, { ok: true, status: res.status, body: await res.text() }, Date.now()));
  }

  fills(): Fill[] {
    return this.events.flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));
  }

  /** The last quantity shown per symbol (none when closed). */
  positions(): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const e of this.events) {
      if (e.kind === 'position') shown[e.position.symbol] = e.position.quantity;
      if (e.kind === 'position-closed') delete shown[e.symbol];
      if (e.kind === 'account-snapshot') {
        for (const key of Object.keys(shown)) delete shown[key];
        for (const p of e.positions) shown[p.symbol] = p.quantity;
      }
    }
    return shown;
  }
}

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

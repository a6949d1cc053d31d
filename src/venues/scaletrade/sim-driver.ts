import { WebSocket } from 'ws';
import type { DomainEvent } from '../../domain/events';
import type { Fill } from '../../domain/types';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { GapWindow, RecoveryReport, SessionOutput, VenueSession } from '../types';
import { scaletradeAdapter } from './adapter';

/**
 * Test support: a minimal driver in the shared lifecycle's place, for the session against the
 * simulator on real sockets (recovery*.sim*.test.ts): the socket, heartbeats, a silence watchdog (no
 * frame for the adapter's silence window while live is a gap), `recover(window)` when live again after
 * a gap, and REST through the adapter's `rest()` target. The full pipeline has its own tests in src/app.
 */
export class Driver {
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
    private readonly cfg: ConnectionConfig,
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

  /** The latest status per order id. */
  orderStatuses(): Map<string, string> {
    const statuses = new Map<string, string>();
    for (const e of this.events)
      if (e.kind === 'order' && e.order.status) statuses.set(e.order.orderId, e.order.status);
    for (const e of this.events)
      if (e.kind === 'account-snapshot')
        for (const o of e.openOrders) statuses.set(o.orderId, statuses.get(o.orderId) ?? o.status);
    return statuses;
  }
}

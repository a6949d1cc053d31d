import { clip, refusedFrameOutput, withDiagnostics } from '../shared/session-output';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import type { Balance, Position } from '../../domain/types';
import { BoundedSet } from '../shared/bounded-set';
import {
  emptyOutput,
  type GapWindow,
  type RestResult,
  type SessionOutput,
  type SessionResume,
  type VenueSession,
} from '../types';
import {
  decodeRoxomFrame,
  type CheckedAck,
  type CheckedBalance,
  type CheckedError,
  type CheckedMarketFrame,
  type CheckedOrder,
  type CheckedPosition,
} from './codec';
import { roxomErrorMeaning, ROXOM_ERRORS } from './error-codes';
import { RoxomFillDeriver } from './fills';
import { LatestByKey } from './latest';
import { Reconciliation, type ReconcileContext } from './recovery';
import {
  isClosedPosition,
  marketMark,
  normalizeBalance,
  normalizeClosedPosition,
  normalizeNotice,
  normalizeOrder,
  normalizePosition,
} from './normalize';
import type { RoxomOptions } from './options';
import { nsToMs } from './time';
import {
  ROXOM_ERROR_CODES,
  stringifyRoxomFrame,
  type RoxomAccountNotice,
  type RoxomPrivateChannel,
  type RoxomSubscribe,
} from './wire';

/**
 * The Roxom connection state machine, behind the keyring relay (docs/contract.md section 4;
 * docs.roxom.com/reference/websockets/account-updates = seed 000):
 *
 *   browser ──ws──▶ relay /ws/<id> ──wss + X-API-Key/X-API-Signature──▶ wss://ws.roxom.com/ws
 *   open [authenticating] ─▶ send {"op":"subscribe","args":[{channel}…]} ─▶ ack or first account event [live]
 *   live ─▶ reconcile from REST through the relay (recovery.ts): orders, fills, positions, balance
 *
 * - The relay authenticates the upstream; the session never sees a secret. A rejected signature comes
 *   back as `{"event":"error","code":"600010",…}` (forwarded by the relay), or as a close whose reason
 *   says so (600010, or the relay's "Roxom refused the relay's connection (HTTP 401 …)"): all fatal.
 * - Live on the subscription acknowledgement (`event: "subscribe"`, shape not fully documented), or on
 *   the first account event (Roxom only sends those to an authenticated connection, subscribed or not),
 *   or, failing both, on the first heartbeat 10 s after open with no error: account events are
 *   delivered regardless of subscriptions, so an unrecognised ack must not leave a quiet account
 *   "authenticating" for ever.
 * - Every time the stream goes live, and when it was silent long enough to have lost frames, a
 *   reconciliation round reads Roxom's REST (the seed: "implement proper state reconciliation on
 *   reconnection"); `recover()` reports on it. Order memory (fill derivation), position / balance
 *   ordering and the latest stream state live in this object, so they span sockets.
 * - Account event types not in `options.channels` are dropped (`filtered`): Roxom auto-delivers them.
 * - A quiet stream is probed: when nothing arrived for half a heartbeat, the heartbeat sends the same
 *   subscription again and its acknowledgement proves the stream alive [guess: Roxom documents no
 *   ping; a repeated subscription is idempotent], so the silence watchdog tells a stalled stream from
 *   a quiet account.
 */

/** After this long without an ack or an error, the first heartbeat calls the stream live. */
export const ACK_GRACE_MS = 10_000;
/** How often the lifecycle calls `heartbeat()`: the probe and the REST retries run then. */
export const ROXOM_HEARTBEAT_MS = 5_000;
/** No frame for this long while live: stale (and, after three such windows, a new socket). */
export const ROXOM_SILENCE_MS = 10_000;
/** A heartbeat probes when nothing arrived for this long. */
export const PROBE_AFTER_MS = ROXOM_HEARTBEAT_MS / 2;
/** Positions (by symbol) and balances (by asset) whose latest time is remembered. */
const LATEST_MEMORY = 2_000;
/** Notification ids remembered to drop duplicated account notices. */
const NOTICE_MEMORY = 1_000;
/** Undocumented order statuses explained once each (counted every time). */
const EXPLAINED_STATUSES = 50;

const CHANNEL_OF_TYPE = {
  order: 'orders',
  position: 'positions',
  balance: 'balance',
  account: 'account',
} as const satisfies Record<string, RoxomPrivateChannel>;

/** How the current socket is doing: when it opened, whether it went live, its last frame. Reset on every open. */
interface SocketLiveness {
  openedAt: number;
  live: boolean;
  /** The last frame on this socket (or its opening). */
  lastFrameAt: number;
}

export function createRoxomSession(config: ConnectionConfig, options: RoxomOptions): VenueSession {
  return new RoxomSession(config, options);
}

export class RoxomSession implements VenueSession {
  private readonly connectionId: string;
  private readonly channels: ReadonlySet<RoxomPrivateChannel>;
  private readonly subscribeFrame: string;
  private readonly fills: RoxomFillDeriver;
  private readonly positions = new LatestByKey(LATEST_MEMORY);
  private readonly balances = new LatestByKey(LATEST_MEMORY);
  private readonly notices = new BoundedSet<string>(NOTICE_MEMORY);
  private readonly explainedStatuses = new Set<string>();
  private graceExplained = false;
  private liveness: SocketLiveness = { openedAt: 0, live: false, lastFrameAt: 0 };
  /** The reconciliation running now, or the last one (finished), or none yet. */
  private round: Reconciliation | undefined;
  private rounds = 0;
  /** The latest stream state per position symbol and balance asset, with its local arrival time. */
  private readonly streamPositions = new Map<string, { arrivedAt: number; position?: Position }>();
  private readonly streamBalances = new Map<string, { arrivedAt: number; balance: Balance }>();
  /** The newest venue time seen (ns), from frames and REST. */
  private newestVenueNs: bigint | undefined;
  private readonly context: ReconcileContext;

  constructor(config: ConnectionConfig, options: RoxomOptions) {
    this.connectionId = config.id;
    this.channels = new Set(options.channels);
    this.fills = new RoxomFillDeriver(config.id);
    const frame: RoxomSubscribe = { op: 'subscribe', args: options.channels.map((channel) => ({ channel })) };
    this.subscribeFrame = stringifyRoxomFrame(frame);
    this.context = {
      connectionId: this.connectionId,
      channels: this.channels,
      fills: this.fills,
      streamPositions: () => this.streamPositions,
      streamBalances: () => this.streamBalances,
      offerPosition: (p, event) => this.positions.offer(p.symbol, p.updatedAt, fingerprint(p, event)) === 'new',
      venueTime: (ns) => this.venueTime(ns),
    };
  }

  /** Order state the page restored (journal): fills derive from the growth beyond it (./fills.ts). */
  resume(resume: SessionResume): void {
    this.fills.resume(resume.orders);
  }

  open(now: number): SessionOutput {
    this.liveness = { openedAt: now, live: false, lastFrameAt: now };
    const out = emptyOutput();
    out.send.push(this.subscribeFrame);
    out.status = { status: 'authenticating' };
    return out;
  }

  message(text: string, now: number): SessionOutput {
    try {
      const silentFor = now - this.liveness.lastFrameAt;
      this.liveness.lastFrameAt = now;
      // Silent past the watchdog while live: frames may have been lost (a stalled stream). Reconcile
      // before this frame, so growth across the silence waits for the executions.
      const out = this.liveness.live && silentFor >= ROXOM_SILENCE_MS ? this.startRound(now) : emptyOutput();
      return merge(out, this.route(text, now));
    } catch {
      // Defensive: decoding never throws, but a bug further down must not stop the stream.
      return withDiagnostics(emptyOutput(), { malformed: 1, error: 'Roxom frame could not be processed' });
    }
  }

  /**
   * Ends the wait for an acknowledgement that never came (see ACK_GRACE_MS), probes a quiet stream
   * (the subscription again: its ack is a frame), and retries the reconciliation's failed reads.
   */
  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    if (!this.liveness.live && now - this.liveness.openedAt >= ACK_GRACE_MS) {
      merge(out, this.goLive(now));
      if (!this.graceExplained) {
        this.graceExplained = true;
        withDiagnostics(out, {
          error: `Roxom sent no subscription acknowledgement within ${ACK_GRACE_MS / 1000} s; account events arrive regardless, so the stream is treated as live`,
        });
      }
    }
    if (this.liveness.live && now - this.liveness.lastFrameAt >= PROBE_AFTER_MS) out.send.push(this.subscribeFrame);
    if (this.round && !this.round.finished) merge(out, this.round.heartbeat(now));
    return out;
  }

  /**
   * Live again after a gap: the round this socket started when it went live covers it (it began after
   * the gap did); otherwise a new round starts. Reported when the round ends.
   */
  recover(gap: GapWindow, now: number): SessionOutput {
    const round = this.round;
    // A round that read the order list before it knew of the gap may have passed over orders created
    // and closed in it: it is not enough then.
    const blind = round !== undefined && round.windowFrom === undefined && round.ordersSettled;
    if (round && round.startedAt >= gap.from && !blind) {
      round.windowFrom = Math.min(round.windowFrom ?? gap.from, gap.from);
      round.reportWanted = true;
      const out = emptyOutput();
      if (round.result) out.recovery = round.result;
      return out;
    }
    return this.startRound(now, gap.from);
  }

  response(id: string, result: RestResult, now: number): SessionOutput {
    const round = this.round;
    if (!round || !round.owns(id)) return emptyOutput();
    return round.response(id, result, now);
  }

  /**
   * A close whose reason carries Roxom's authentication failure is fatal: 600010 (a relay may forward
   * it that way), or the relay's "Roxom refused the relay's connection (HTTP 401 …)" when Roxom refused
   * the signed upgrade. A round in flight is abandoned: the lifecycle fences its answers.
   */
  closed(_code: number, reason: string): SessionOutput {
    const out = emptyOutput();
    this.liveness.live = false;
    if (this.round && !this.round.finished) this.round.abandon();
    this.round = undefined;
    if (isAuthFailure(reason)) out.fatal = authMeaning();
    else {
      const refused = /Roxom refused the relay's connection \(HTTP (401|403)\b/.exec(reason);
      if (refused)
        out.fatal = `Roxom refused the relay's API key (HTTP ${refused[1]} at the WebSocket upgrade): check apiKey and privateKeyFile in the relay config`;
    }
    return out;
  }

  /** The relay refused the upgrade, or is not running: the browser sees 1006 and nothing else. */
  handshakeFailed(): SessionOutput {
    const out = emptyOutput();
    out.hint =
      'the keyring relay did not accept the connection (a browser cannot see why): check that it runs (npm run relay -- --config FILE), ' +
      'that the URL carries its pairing token, and that this page\'s origin is in its "allowedOrigins"';
    return out;
  }

  // ---- frames ------------------------------------------------------------------------------------

  private route(text: string, now: number): SessionOutput {
    const decoded = decodeRoxomFrame(text);
    if (!decoded.ok) return refusedFrameOutput('Roxom', decoded.error);
    switch (decoded.family) {
      case 'control':
        return decoded.frame.kind === 'error' ? this.onError(decoded.frame) : this.onAck(decoded.frame, now);
      case 'order':
        return this.accountFrame('order', now, (out) => this.onOrder(decoded.order, out, now));
      case 'position':
        return this.accountFrame('position', now, (out) => this.onPositions(decoded.positions, out, now));
      case 'balance':
        return this.accountFrame('balance', now, (out) => this.onBalance(decoded.balance, out, now));
      case 'account':
        return this.accountFrame('account', now, (out) => this.onNotice(decoded.notice, now, out));
      case 'market':
        return this.onMarket(decoded.frame);
    }
  }

  private onAck(ack: CheckedAck, now: number): SessionOutput {
    return ack.kind === 'subscribed' ? this.goLive(now) : emptyOutput();
  }

  /** `{"event":"error","code":…,"msg":…}`: 600010 is fatal; the other documented codes are explained diagnostics. */
  private onError(error: CheckedError): SessionOutput {
    const out = emptyOutput();
    if (error.code === ROXOM_ERROR_CODES.authenticationFailed || (error.code === '' && isAuthFailure(error.msg))) {
      out.fatal = authMeaning();
      return out;
    }
    const said = error.msg.trim().length > 0 ? ` — Roxom said "${clip(error.msg, 80)}"` : '';
    const meaning = roxomErrorMeaning(error.code);
    const head = meaning
      ? meaning.meaning
      : `Roxom error${error.code === '' ? '' : ` ${clip(error.code, 12)}`} (not a documented code)`;
    return withDiagnostics(out, { error: `${head}${said}` });
  }

  /** Account events prove the stream is live (Roxom sends them only when authenticated); filtered when their channel is not configured. */
  private accountFrame(
    type: keyof typeof CHANNEL_OF_TYPE,
    now: number,
    handle: (out: SessionOutput) => void,
  ): SessionOutput {
    const out = this.goLive(now);
    if (!this.channels.has(CHANNEL_OF_TYPE[type])) return withDiagnostics(out, { filtered: 1 });
    handle(out);
    return out;
  }

  /** Order update: the order itself, and the fill its executedQty growth implies (./fills.ts). */
  private onOrder(o: CheckedOrder, out: SessionOutput, now: number): void {
    this.venueTime(o.timestamp);
    const step = this.fills.onOrder(o);
    if (step.kind !== 'apply') {
      withDiagnostics(out, { duplicates: 1 });
      return;
    }
    const { order, undocumentedStatus } = normalizeOrder(this.connectionId, o);
    out.events.push({ kind: 'order', order });
    if (step.fill) out.events.push({ kind: 'fill', fill: step.fill });
    // Growth across a gap: the running round reads the order's executions (recovery.ts).
    if (step.deferred && this.round && !this.round.finished) merge(out, this.round.pump(now));
    if (step.duplicateFill) withDiagnostics(out, { duplicates: 1 });
    if (step.problem) withDiagnostics(out, { error: `Roxom ${step.problem}` });
    if (undocumentedStatus !== undefined) {
      const status = clip(undocumentedStatus);
      const first = !this.explainedStatuses.has(status) && this.explainedStatuses.size < EXPLAINED_STATUSES;
      if (first) this.explainedStatuses.add(status);
      withDiagnostics(
        out,
        first
          ? { unknown: 1, error: `Roxom order status "${status}" is not documented; shown as ${order.status}` }
          : { unknown: 1 },
      );
    }
  }

  /** Position update (an array): each entry in full; closed or size 0 → position-closed. Newest `updatedAt` per symbol wins. */
  private onPositions(positions: readonly CheckedPosition[], out: SessionOutput, now: number): void {
    let skipped = 0;
    for (const entry of positions) {
      this.venueTime(entry.updatedAt);
      const p = this.completePosition(entry);
      if (!p) {
        withDiagnostics(out, {
          malformed: 1,
          error: `Roxom position ${clip(entry.symbol)} carries no side and none is known; skipped`,
        });
        continue;
      }
      const closed = isClosedPosition(p);
      const event: DomainEvent = closed
        ? normalizeClosedPosition(this.connectionId, p)
        : { kind: 'position', position: normalizePosition(this.connectionId, p) };
      if (this.positions.offer(p.symbol, p.updatedAt, fingerprint(p, event)) !== 'new') {
        skipped++;
        continue;
      }
      this.streamPositions.set(
        p.symbol,
        event.kind === 'position' ? { arrivedAt: now, position: event.position } : { arrivedAt: now },
      );
      out.events.push(event);
    }
    if (skipped > 0) withDiagnostics(out, { duplicates: skipped });
  }

  /** A position entry without a side takes the symbol's last known one (a size-only update); a close needs none. */
  private completePosition(p: CheckedPosition): CheckedPosition | undefined {
    if (p.side !== undefined) return p;
    const known = this.streamPositions.get(p.symbol)?.position;
    if (known) return { ...p, side: known.quantity.startsWith('-') ? 'short' : 'long' };
    return isClosedPosition(p) ? { ...p, side: 'long' } : undefined;
  }

  /** Balance update: total = balanceAfter, asset BTC. Newest timestamp per asset wins. */
  private onBalance(b: CheckedBalance, out: SessionOutput, now: number): void {
    this.venueTime(b.timestamp);
    const balance = normalizeBalance(this.connectionId, b);
    if (this.balances.offer(balance.asset, b.timestamp, balance.total) !== 'new') {
      withDiagnostics(out, { duplicates: 1 });
      return;
    }
    this.streamBalances.set(balance.asset, { arrivedAt: now, balance });
    out.events.push({ kind: 'balance', balance });
  }

  private onNotice(n: RoxomAccountNotice, now: number, out: SessionOutput): void {
    const notification = normalizeNotice(this.connectionId, n, now);
    if (!this.notices.add(notification.id)) {
      withDiagnostics(out, { duplicates: 1 });
      return;
    }
    out.events.push({ kind: 'notification', notification });
  }

  /** Market data is not subscribed (the relay bridges private channels); ticker / level1 become marks when readable. */
  private onMarket(frame: CheckedMarketFrame): SessionOutput {
    const out = emptyOutput();
    const mark = marketMark(this.connectionId, frame);
    if (mark) out.events.push({ kind: 'mark', mark });
    else withDiagnostics(out, { unknown: 1 });
    return out;
  }

  /** The stream is live (first time on this socket): say so, and reconcile from REST. */
  private goLive(now: number): SessionOutput {
    if (this.liveness.live) return emptyOutput();
    this.liveness.live = true;
    const out = this.startRound(now);
    out.status = { status: 'live' };
    return out;
  }

  /** A new reconciliation round (a running one is superseded: its answers are ignored). */
  private startRound(now: number, windowFrom?: number): SessionOutput {
    if (this.round && !this.round.finished) this.round.abandon();
    this.round = new Reconciliation(this.context, ++this.rounds, now);
    if (windowFrom !== undefined) {
      this.round.windowFrom = windowFrom;
      this.round.reportWanted = true;
    }
    return this.round.start(now);
  }

  /** Records a venue time (ns) and returns the newest one seen, in ms. */
  private venueTime(ns?: bigint): number | undefined {
    if (ns !== undefined && (this.newestVenueNs === undefined || ns > this.newestVenueNs)) this.newestVenueNs = ns;
    return this.newestVenueNs === undefined ? undefined : nsToMs(this.newestVenueNs);
  }
}

/** Appends `from` to `into` (events, frames, requests, diagnostics; status and recovery when set). */
function merge(into: SessionOutput, from: SessionOutput): SessionOutput {
  into.events.push(...from.events);
  into.send.push(...from.send);
  if (from.requests?.length) (into.requests ??= []).push(...from.requests);
  if (from.diagnostics) withDiagnostics(into, from.diagnostics);
  if (from.status) into.status = from.status;
  if (from.recovery) into.recovery = from.recovery;
  if (from.fatal) into.fatal = from.fatal;
  return into;
}

function fingerprint(p: CheckedPosition, event: DomainEvent): string {
  return `${p.id ?? ''}|${JSON.stringify(event)}`;
}

function authMeaning(): string {
  return (ROXOM_ERRORS[ROXOM_ERROR_CODES.authenticationFailed] as { meaning: string }).meaning;
}

function isAuthFailure(text: string): boolean {
  return /\b600010\b/.test(text) || /authentication failed/i.test(text);
}

import { clip, withDiagnostics } from '../shared/session-output';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import { BoundedSet } from '../shared/bounded-set';
import { emptyOutput, type SessionOutput, type SessionResume, type VenueSession } from '../types';
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
 *   browser ──ws──▶ relay /ws/<id>?token=… ──wss + X-API-Key/X-API-Signature──▶ wss://ws.roxom.com/ws
 *   open [authenticating] ─▶ send {"op":"subscribe","args":[{channel}…]} ─▶ ack or first account event [live]
 *
 * - The relay authenticates the upstream; the session never sees a secret. A rejected signature comes
 *   back as `{"event":"error","code":"600010",…}` (forwarded by the relay), or as a close whose reason
 *   says so: both are fatal.
 * - Live on the subscription acknowledgement (`event: "subscribe"`, shape not fully documented), or on
 *   the first account event (Roxom only sends those to an authenticated connection, subscribed or not),
 *   or, failing both, on the first heartbeat 10 s after open with no error: account events are
 *   delivered regardless of subscriptions, so an unrecognised ack must not leave a quiet account
 *   "authenticating" for ever.
 * - No re-snapshot exists: after a reconnect, state comes from the events that follow. Order memory
 *   (fill derivation) and position / balance ordering live in this object, so they span sockets, and
 *   a replay derives nothing twice.
 * - Account event types not in `options.channels` are dropped (`filtered`): Roxom auto-delivers them.
 * - Nothing is ever sent but the subscription: the docs give no ping format and the relay pings
 *   upstream with WebSocket control frames.
 */

/** After this long without an ack or an error, the first heartbeat calls the stream live. */
export const ACK_GRACE_MS = 10_000;
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

interface SocketState {
  openedAt: number;
  live: boolean;
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
  private socket: SocketState = { openedAt: 0, live: false };

  constructor(config: ConnectionConfig, options: RoxomOptions) {
    this.connectionId = config.id;
    this.channels = new Set(options.channels);
    this.fills = new RoxomFillDeriver(config.id);
    const frame: RoxomSubscribe = { op: 'subscribe', args: options.channels.map((channel) => ({ channel })) };
    this.subscribeFrame = stringifyRoxomFrame(frame);
  }

  /** Order state the page restored (journal): fills derive from the growth beyond it (./fills.ts). */
  resume(resume: SessionResume): void {
    this.fills.resume(resume.orders);
  }

  open(now: number): SessionOutput {
    this.socket = { openedAt: now, live: false };
    const out = emptyOutput();
    out.send.push(this.subscribeFrame);
    out.status = { status: 'authenticating' };
    return out;
  }

  message(text: string, now: number): SessionOutput {
    try {
      return this.route(text, now);
    } catch {
      // Defensive: decoding never throws, but a bug further down must not stop the stream.
      return withDiagnostics(emptyOutput(), { malformed: 1, error: 'Roxom frame could not be processed' });
    }
  }

  /** Sends nothing; only ends the wait for an acknowledgement that never came (see ACK_GRACE_MS). */
  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    if (this.socket.live || now - this.socket.openedAt < ACK_GRACE_MS) return out;
    this.goLive(out);
    if (!this.graceExplained) {
      this.graceExplained = true;
      withDiagnostics(out, {
        error: `Roxom sent no subscription acknowledgement within ${ACK_GRACE_MS / 1000} s; account events arrive regardless, so the stream is treated as live`,
      });
    }
    return out;
  }

  /** A close whose reason carries Roxom's authentication failure (a relay may forward it that way) is fatal. */
  closed(_code: number, reason: string): SessionOutput {
    const out = emptyOutput();
    if (isAuthFailure(reason)) out.fatal = authMeaning();
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
    if (!decoded.ok) {
      const { kind, message } = decoded.error;
      return withDiagnostics(emptyOutput(), { [kind]: 1, error: `Roxom ${kind} frame: ${message}` });
    }
    switch (decoded.family) {
      case 'control':
        return decoded.frame.kind === 'error' ? this.onError(decoded.frame) : this.onAck(decoded.frame);
      case 'order':
        return this.accountFrame('order', (out) => this.onOrder(decoded.order, out));
      case 'position':
        return this.accountFrame('position', (out) => this.onPositions(decoded.positions, out));
      case 'balance':
        return this.accountFrame('balance', (out) => this.onBalance(decoded.balance, out));
      case 'account':
        return this.accountFrame('account', (out) => this.onNotice(decoded.notice, now, out));
      case 'market':
        return this.onMarket(decoded.frame);
    }
  }

  private onAck(ack: CheckedAck): SessionOutput {
    const out = emptyOutput();
    if (ack.kind === 'subscribed') this.goLive(out);
    return out;
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
  private accountFrame(type: keyof typeof CHANNEL_OF_TYPE, handle: (out: SessionOutput) => void): SessionOutput {
    const out = emptyOutput();
    this.goLive(out);
    if (!this.channels.has(CHANNEL_OF_TYPE[type])) return withDiagnostics(out, { filtered: 1 });
    handle(out);
    return out;
  }

  /** Order update: the order itself, and the fill its executedQty growth implies (./fills.ts). */
  private onOrder(o: CheckedOrder, out: SessionOutput): void {
    const step = this.fills.onOrder(o);
    if (step.kind !== 'apply') {
      withDiagnostics(out, { duplicates: 1 });
      return;
    }
    const { order, undocumentedStatus } = normalizeOrder(this.connectionId, o);
    out.events.push({ kind: 'order', order });
    if (step.fill) out.events.push({ kind: 'fill', fill: step.fill });
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
  private onPositions(positions: readonly CheckedPosition[], out: SessionOutput): void {
    let skipped = 0;
    for (const p of positions) {
      const closed = isClosedPosition(p);
      const event: DomainEvent = closed
        ? normalizeClosedPosition(this.connectionId, p)
        : { kind: 'position', position: normalizePosition(this.connectionId, p) };
      if (this.positions.offer(p.symbol, p.updatedAt, `${p.id}|${JSON.stringify(event)}`) !== 'new') {
        skipped++;
        continue;
      }
      out.events.push(event);
    }
    if (skipped > 0) withDiagnostics(out, { duplicates: skipped });
  }

  /** Balance update: total = balanceAfter, asset BTC. Newest timestamp per asset wins. */
  private onBalance(b: CheckedBalance, out: SessionOutput): void {
    const balance = normalizeBalance(this.connectionId, b);
    if (this.balances.offer(balance.asset, b.timestamp, balance.total) !== 'new') {
      withDiagnostics(out, { duplicates: 1 });
      return;
    }
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

  private goLive(out: SessionOutput): void {
    if (this.socket.live) return;
    this.socket.live = true;
    out.status = { status: 'live' };
  }
}

function authMeaning(): string {
  return (ROXOM_ERRORS[ROXOM_ERROR_CODES.authenticationFailed] as { meaning: string }).meaning;
}

function isAuthFailure(text: string): boolean {
  return /\b600010\b/.test(text) || /authentication failed/i.test(text);
}

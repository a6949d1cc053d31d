import { scrubVenueText, refusedFrameOutput, withDiagnostics } from '../shared/session-output';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { Notification } from '../../domain/types';
import {
  emptyOutput,
  type GapWindow,
  type RestResult,
  type SessionDiagnostics,
  type SessionOutput,
  type VenueSession,
} from '../types';
import { ScaletradeAccount, type AccountResult, type ResyncFindings } from './account';
import { decodeScaletradeFrame, type BalancePatch, type TicketPatch } from './codec';
import { jwtExpiresAt } from '../shared/jwt';
import { alertNotification, noticeNotification, quoteMark } from './normalize';
import { parseScaletradeAuth, type ScaletradeOptions } from './options';
import { BoundedSet } from '../shared/bounded-set';
import { accountSwitchRequest, authorizationRequest, subscribeRequest } from './requests';
import { EmittedLog } from './emitted-log';
import { ScaletradeRecovery, mergeOutputs } from './recovery';
import { SCALETRADE_PING, type ScaletradeControlFrame } from './wire';

/**
 * The ScaleTrade connection state machine (scaletrade.com/client-api/ws/ = seed 003; docs/venues/scaletrade.md):
 *
 *   open ─▶ {"authorization":JWT} [authenticating] ─▶ (server) authorization success
 *        ─▶ {"event":"account.switch","active_login":N} ─▶ (server) account.switch success
 *        ─▶ {"event":"subscribe","data":[symbols]}; the server pushes `b` and one `o` per open ticket
 *        ─▶ (server) account.state marker [live] ─▶ `t` / `b` / `o` / `a` / `n` ...
 *
 * - Everything is sent again on every socket, and every socket's initial state is a full resync
 *   (account.ts `beginResync` / `endResync`): tickets known before and not re-sent are resolved there.
 * - If no marker arrives within MARKER_GRACE_MS of the switch, the next heartbeat goes live with what
 *   arrived (tickets not re-sent are then kept, with a diagnostic).
 * - A rejected token or a refused account.switch is fatal; the reason never contains the token.
 * - `t` for symbols not configured, and `b` / `o` / `a` for another login, are counted as filtered.
 * - Plain text `ping` every heartbeat (2 s); the server answers `pong`.
 * - After a gap, `recover` reconciles with the account state (asked for again with account.switch
 *   when the socket stayed open through a stall) and the trade history (recovery.ts).
 */

/** A heartbeat this long after the switch with still no account.state marker goes live anyway. */
export const MARKER_GRACE_MS = 10_000;
/** Notification ids remembered to drop repeats (a reconnect may push alerts again). */
const RECENT_NOTIFICATIONS = 2_048;
/** Tickets gone from the account state are finished without a close when no recovery asks for them this long. */
export const AWAIT_RECOVERY_MS = 15_000;

type Phase = 'authorizing' | 'switching' | 'initial' | 'live';

/** Where the current socket is in authorization, account.switch and the account-state dump. Reset on every open. */
interface LoginProgress {
  phase: Phase;
  switchedAt: number;
  balanceSeen: boolean;
  /** When this socket's account state last completed, and what it showed. */
  liveAt: number | undefined;
  findings: ResyncFindings | undefined;
  /** account.switch sent again on a live socket, to get the account state after a stall. */
  redump: boolean;
}

export function createScaletradeSession(config: ConnectionConfig, options: ScaletradeOptions): VenueSession {
  return new ScaletradeSession(config, options);
}

export class ScaletradeSession implements VenueSession {
  private readonly connectionId: string;
  private readonly symbols: ReadonlySet<string>;
  private readonly token: string | undefined;
  private readonly expiresAt: number | undefined;
  private readonly account: ScaletradeAccount;
  private readonly recovery: ScaletradeRecovery;
  /** Fills, orders and notifications emitted, to emit again over a gap the page made (emitted-log.ts). */
  private readonly emitted = new EmittedLog();
  /** When tickets gone from the account state started waiting for the trade history. */
  private awaitingSince = 0;
  private readonly notifications = new BoundedSet<string>(RECENT_NOTIFICATIONS);
  private login: LoginProgress = newLogin();
  /** Account event times: the frame's arrival time, strictly increasing (the frames carry no update time). */
  private lastStamp = 0;

  constructor(
    config: ConnectionConfig,
    private readonly options: ScaletradeOptions,
  ) {
    this.connectionId = config.id;
    this.symbols = new Set(options.symbols);
    const auth = parseScaletradeAuth(config.auth);
    this.token = auth.ok ? auth.auth.token : undefined;
    this.expiresAt = this.token === undefined ? undefined : jwtExpiresAt(this.token);
    this.account = new ScaletradeAccount(config.id, options.currency, options.login);
    this.recovery = new ScaletradeRecovery({
      account: this.account,
      login: options.login,
      hasHistory: options.restUrl !== undefined,
      secrets: this.token === undefined ? [] : [this.token],
      stamp: (now) => this.stamp(now),
      merge,
    });
  }

  open(_now: number): SessionOutput {
    this.login = newLogin();
    this.recovery.reset();
    const out = emptyOutput();
    if (this.token === undefined) {
      out.fatal =
        'ScaleTrade needs a token: sign in to the ScaleTrade Client API and paste the JWT into the connection';
      return out;
    }
    if (this.expiresAt !== undefined) out.credentialExpiresAt = this.expiresAt;
    out.send.push(authorizationRequest(this.token));
    out.status = { status: 'authenticating' };
    return out;
  }

  message(text: string, now: number): SessionOutput {
    try {
      return this.logged(this.route(text, now), now);
    } catch {
      // Defensive: decoding never throws, but a bug further down must not stop the stream.
      return withDiagnostics(emptyOutput(), { malformed: 1, error: 'ScaleTrade frame could not be processed' });
    }
  }

  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    const waited = now - this.login.switchedAt >= MARKER_GRACE_MS;
    if (this.login.phase === 'initial' && waited) {
      this.finishInitialState(out, undefined, now);
      addError(
        out,
        `ScaleTrade sent no account.state marker within ${MARKER_GRACE_MS / 1000} s of the account switch; live with the state received`,
      );
    } else if (this.login.phase === 'switching' && this.login.redump && waited) {
      // The account switch asked for after a stall got no answer: ask again.
      this.login.switchedAt = now;
      out.send.push(accountSwitchRequest(this.options.login));
    }
    const awaitingStale = this.account.awaitingTickets().length > 0 && now - this.awaitingSince >= AWAIT_RECOVERY_MS;
    mergeOutputs(out, this.recovery.heartbeat(now, awaitingStale));
    out.send.push(SCALETRADE_PING);
    return this.logged(out, now);
  }

  /**
   * The connection is live again after a gap. A new socket has just received the account state; a
   * socket that stayed open (a stall, or events the page's buffer refused) asks for it again with
   * account.switch first. Fills, orders and notifications this session emitted since the gap began are
   * emitted again first, for a gap the page made (emitted-log.ts); what did arrive is not doubled.
   */
  recover(gap: GapWindow, now: number): SessionOutput {
    const s = this.login;
    const replay = this.emitted.since(gap.from);
    const fresh = s.phase === 'live' && s.liveAt !== undefined && s.liveAt > gap.from && s.findings;
    const out = this.logged(this.recovery.start(gap, fresh ? s.findings : undefined, now, replay.complete), now);
    if (!fresh && s.phase === 'live') {
      s.phase = 'switching';
      s.redump = true;
      s.switchedAt = now;
      out.send.push(accountSwitchRequest(this.options.login));
    }
    out.events.unshift(...replay.events);
    return out;
  }

  response(id: string, result: RestResult, now: number): SessionOutput {
    return this.logged(this.recovery.response(id, result, now), now);
  }

  closed(_code: number, _reason: string, _now: number): SessionOutput {
    // The docs define no close codes; a rejected token is reported by the authorization reply.
    return emptyOutput();
  }

  private route(text: string, now: number): SessionOutput {
    const decoded = decodeScaletradeFrame(text);
    if (!decoded.ok) return refusedFrameOutput('ScaleTrade', decoded.error);
    switch (decoded.type) {
      case 'pong':
        return emptyOutput();
      case 'control':
        return this.onControl(decoded.frame, now);
      case 'quote': {
        if (!this.symbols.has(decoded.quote.symbol)) return withDiagnostics(emptyOutput(), { filtered: 1 });
        const mark = quoteMark(this.connectionId, decoded.quote, now);
        return mark ? { events: [{ kind: 'mark', mark }], send: [] } : emptyOutput();
      }
      case 'balance':
        return this.onBalance(decoded.balance, now);
      case 'ticket':
        return this.onTicket(decoded.ticket, now);
      case 'alert':
        if (decoded.alert.login !== this.options.login) return withDiagnostics(emptyOutput(), { filtered: 1 });
        return this.notify(alertNotification(this.connectionId, decoded.alert, now));
      case 'notice':
        return this.notify(noticeNotification(this.connectionId, decoded.notice, now));
    }
  }

  private onControl(frame: ScaletradeControlFrame, now: number): SessionOutput {
    const out = emptyOutput();
    switch (frame.event) {
      case 'authorization':
        if (this.login.phase !== 'authorizing') return out;
        if (!frame.success) {
          out.fatal = this.rejection(frame.error, now);
          return out;
        }
        this.login.phase = 'switching';
        out.send.push(accountSwitchRequest(this.options.login));
        return out;
      case 'account.switch':
        return this.onSwitched(frame, now, out);
      case 'subscribe':
      case 'unsubscribe':
        if (!frame.success) {
          const what = frame.data && frame.data.length > 0 ? frame.data.join(', ') : [...this.symbols].join(', ');
          addError(
            out,
            `ScaleTrade refused to ${frame.event} ${this.scrub(what)}: ${this.scrub(frame.error ?? '') || 'no reason given'}`,
          );
        }
        return out;
      case 'account.state':
        if (frame.login !== this.options.login) return withDiagnostics(out, { filtered: 1 });
        if (this.login.phase === 'initial') this.finishInitialState(out, frame.tickets, now);
        return out;
    }
  }

  private onSwitched(
    frame: Extract<ScaletradeControlFrame, { event: 'account.switch' }>,
    now: number,
    out: SessionOutput,
  ): SessionOutput {
    if (this.login.phase !== 'switching') return out;
    const login = this.options.login;
    if (!frame.success) {
      out.fatal = `ScaleTrade refused to switch to account ${login} (${this.scrub(frame.error ?? '') || 'no reason given'}) — check the connection's login`;
      return out;
    }
    if (frame.active_login !== undefined && frame.active_login !== login) {
      out.fatal = `ScaleTrade switched to account ${frame.active_login}, not the configured ${login} — check the connection's login`;
      return out;
    }
    this.login.phase = 'initial';
    this.login.switchedAt = now;
    this.account.beginResync();
    if (this.symbols.size > 0 && !this.login.redump) out.send.push(subscribeRequest([...this.symbols]));
    return out;
  }

  /** The initial state is complete (marker, or the grace period ran out): resolve absences, snapshot, live. */
  private finishInitialState(out: SessionOutput, expected: number | undefined, now: number): void {
    const stamp = this.stamp(now);
    const awaitingBefore = this.account.awaitingTickets().length;
    const ended = this.account.endResync(expected, stamp, this.options.restUrl !== undefined);
    merge(out, ended);
    out.events.push(this.account.snapshot(stamp, this.login.balanceSeen));
    if (this.account.awaitingTickets().length > awaitingBefore) this.awaitingSince = now;
    this.login.phase = 'live';
    this.login.liveAt = now;
    this.login.findings = ended.findings;
    out.status = { status: 'live' };
    mergeOutputs(out, this.recovery.accountState(ended.findings, now));
  }

  private onBalance(b: BalancePatch, now: number): SessionOutput {
    if (b.login !== this.options.login) return withDiagnostics(emptyOutput(), { filtered: 1 });
    this.login.balanceSeen = true;
    return merge(emptyOutput(), this.account.onBalance(b, this.stamp(now)));
  }

  private onTicket(t: TicketPatch, now: number): SessionOutput {
    // A partial update may leave the login out: account events flow only for the switched account.
    if (t.login !== undefined && t.login !== this.options.login) return withDiagnostics(emptyOutput(), { filtered: 1 });
    return merge(emptyOutput(), this.account.onTicket(t, this.stamp(now)));
  }

  private notify(notification: Notification): SessionOutput {
    const out = emptyOutput();
    if (this.notifications.has(notification.id)) return withDiagnostics(out, { duplicates: 1 });
    this.notifications.add(notification.id);
    out.events.push({ kind: 'notification', notification });
    return out;
  }

  private logged(out: SessionOutput, now: number): SessionOutput {
    this.emitted.record(now, out.events);
    return out;
  }

  private stamp(now: number): number {
    this.lastStamp = Math.max(now, this.lastStamp + 1);
    return this.lastStamp;
  }

  /** The fatal reason for a rejected token: the venue's code (scrubbed), and what to do. Never the token. */
  private rejection(error: string | undefined, now: number): string {
    const code = this.scrub(error ?? '') || 'no reason given';
    const expired =
      this.expiresAt !== undefined && this.expiresAt <= now
        ? `; the token expired ${new Date(this.expiresAt).toISOString()}`
        : '';
    return `ScaleTrade rejected the token (${code}${expired}) — sign in again and paste a fresh JWT`;
  }

  /** Venue text for a reason or error: one short line, with anything token-like removed. */
  private scrub(text: string): string {
    return scrubVenueText(text, [this.token], 40);
  }
}

function newLogin(): LoginProgress {
  return {
    phase: 'authorizing',
    switchedAt: 0,
    balanceSeen: false,
    liveAt: undefined,
    findings: undefined,
    redump: false,
  };
}

/** Adds an account result's events and counters to an output. */
function merge(out: SessionOutput, result: AccountResult): SessionOutput {
  out.events.push(...result.events);
  const diagnostics: SessionDiagnostics = {};
  if (result.duplicates) diagnostics.duplicates = result.duplicates;
  if (result.unknown) diagnostics.unknown = result.unknown;
  if (Object.keys(diagnostics).length > 0) withDiagnostics(out, diagnostics);
  for (const error of result.errors) addError(out, error);
  return out;
}

/** The diagnostics carry one error message; several are joined (withDiagnostics appends with `; `). */
function addError(out: SessionOutput, error: string): void {
  withDiagnostics(out, { error });
}

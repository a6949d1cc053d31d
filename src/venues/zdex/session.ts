import { scrubVenueText, refusedFrameOutput, withDiagnostics } from '../shared/session-output';
import type { ConnectionConfig } from '../../domain/connection-config';
import { emptyOutput, type GapWindow, type SessionDiagnostics, type SessionOutput, type VenueSession } from '../types';
import { ZdexAccount, type AccountResult } from './account';
import { decodeZdexFrame, peekPublicRoute } from './codec';
import { jwtExpiresAt } from '../shared/jwt';
import { ZdexMarket } from './market';
import { parseZdexAuth, type ZdexOptions } from './options';
import { BoundedSet } from '../shared/bounded-set';
import { EmittedLog } from './emitted-log';
import { GapRecovery } from './gap-recovery';
import { fullStateDigest } from './recovery';
import {
  ZDEX_UNMODELLED_ACCOUNT_EVENTS,
  type ZdexAccountFrame,
  type ZdexClientFrame,
  type ZdexControlFrame,
  type ZdexPublicFrame,
  type ZdexUnmodelledAccountFrame,
} from './wire';

/**
 * The ZDEX connection state machine (docs.zdex.world/docs/websocket):
 *
 *   open ─▶ (server) connected ─▶ send auth [authenticating] ─▶ (server) authenticated ─▶ subscribe
 *   account + markprice per symbol ─▶ (server) first full state [live] ─▶ events ...
 *
 * - Nothing is sent before the welcome frame: the docs' lifecycle has the client speak after
 *   `connected`, and the welcome lists the server's symbols, which catches a mistyped option. If no
 *   welcome comes, the first heartbeat authenticates anyway.
 * - Account updates before the socket's first full state are ignored (the full state is the resync
 *   point after every reconnect); public data for the configured symbols flows from the start.
 * - Public frames for symbols not configured are dropped before JSON.parse (counted as filtered).
 * - An `error` frame while authenticating, or a close with code 4401, is fatal: the token is not retried.
 * - Recovery after a gap (gap-recovery.ts, recovery.ts): the state when the gap began against the first
 *   full state after it. After a stall on an open socket the session authenticates again on it, since
 *   ZDEX pushes the full state after every authentication.
 */

/** Close code the server uses after rejecting the token. */
export const ZDEX_AUTH_REJECTED_CLOSE = 4401;
/** A heartbeat this long after open with still no welcome frame sends the auth anyway. */
const WELCOME_GRACE_MS = 5_000;
/** Account event frames remembered to drop exact duplicates. */
const RECENT_ACCOUNT_FRAMES = 1_024;

const PING = frameText({ action: 'ping' });

/** Where the current socket is in connected, auth and the first full state. Reset on every open. */
interface LoginProgress {
  openedAt: number;
  /** A status was reported on this socket (the shared lifecycle calls a silent session live). */
  statusReported: boolean;
  authSent: boolean;
  authenticated: boolean;
  snapshotSeen: boolean;
  live: boolean;
}

export function createZdexSession(config: ConnectionConfig, options: ZdexOptions): VenueSession {
  return new ZdexSession(config, options);
}

export class ZdexSession implements VenueSession {
  private readonly symbols: ReadonlySet<string>;
  private readonly token: string | undefined;
  private readonly expiresAt: number | undefined;
  private readonly market: ZdexMarket;
  private readonly account: ZdexAccount;
  private readonly recentAccountFrames = new BoundedSet<string>(RECENT_ACCOUNT_FRAMES);
  private readonly recovery = new GapRecovery();
  private readonly emitted = new EmittedLog();
  private login: LoginProgress = newLogin(0);

  constructor(config: ConnectionConfig, options: ZdexOptions) {
    this.symbols = new Set(options.symbols);
    const auth = parseZdexAuth(config.auth);
    this.token = auth.ok ? auth.auth.token : undefined;
    this.expiresAt = this.token === undefined ? undefined : jwtExpiresAt(this.token);
    this.market = new ZdexMarket(config.id);
    this.account = new ZdexAccount(config.id, this.market);
  }

  open(now: number): SessionOutput {
    this.login = newLogin(now);
    this.recovery.socketOpened(now);
    this.market.resetSocket();
    const out = emptyOutput();
    if (this.token === undefined)
      out.fatal = 'ZDEX needs a session token: paste the web session JWT into the connection';
    if (this.expiresAt !== undefined) out.credentialExpiresAt = this.expiresAt;
    return out;
  }

  message(text: string, now: number): SessionOutput {
    let out: SessionOutput;
    this.recovery.frame(now);
    try {
      out = this.route(text, now);
      // Fills no full state settled in time go out with their guesses (checked on every frame: ZDEX's
      // auto-push makes that several times a second).
      const released = this.account.release(now);
      if (released.events.length > 0) out.events.push(...released.events);
    } catch {
      // Defensive: decoding never throws, but a bug further down must not stop the stream.
      out = withDiagnostics(emptyOutput(), { malformed: 1, error: 'ZDEX frame could not be processed' });
    }
    // The shared lifecycle treats a session that reports nothing as live after its first frame; this
    // one is live only after auth and a full state, so the socket's first frame always says where it is.
    if (!out.status && !this.login.statusReported && out.fatal === undefined) out.status = { status: 'authenticating' };
    if (out.status) this.login.statusReported = true;
    this.emitted.record(now, out.events);
    return out;
  }

  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    if (!this.login.authSent && now - this.login.openedAt >= WELCOME_GRACE_MS) this.sendAuth(out);
    // The docs ask for {"action":"ping"} at least every 25 s; heartbeatIntervalMs is 15 s.
    out.send.push(PING);
    out.events.push(...this.account.release(now).events);
    const gaveUp = this.recovery.heartbeat(now);
    if (gaveUp) out.recovery = gaveUp;
    this.emitted.record(now, out.events);
    return out;
  }

  closed(code: number, reason: string, now: number): SessionOutput {
    const out = emptyOutput();
    this.recovery.socketClosed();
    if (code === ZDEX_AUTH_REJECTED_CLOSE) out.fatal = this.rejection(reason, now);
    return out;
  }

  /**
   * Live again after a gap. After a reconnect the new socket's first full state is already in, and the
   * report is ready. After a stall on the same socket it is not: the session authenticates again on the
   * socket, which makes ZDEX push the full state ([guess]: the docs say "pushed immediately after
   * authentication" and nothing about a second one on a socket; the ~60 s fallback push does it too).
   * A gap the page made (events it dropped while the socket streamed on) is filled from the session's
   * own log of what it emitted.
   */
  recover(gap: GapWindow, now: number): SessionOutput {
    const out = emptyOutput();
    const current = this.account.hasBaseline ? this.account.digest() : undefined;
    const result = this.recovery.recover(gap, now, current, this.emitted);
    if ('report' in result) {
      out.recovery = result.report;
      if (result.replay) out.events.push(...result.replay);
      return out;
    }
    // An authenticated socket outlives its JWT; a second auth with an expired one would be rejected
    // (and the socket closed), so then the ~60 s fallback full state has to do.
    const expired = this.expiresAt !== undefined && this.expiresAt <= now;
    if (this.token !== undefined && this.login.authenticated && !expired) out.send.push(this.authFrame());
    return out;
  }

  private route(text: string, now: number): SessionOutput {
    const peeked = peekPublicRoute(text);
    if (peeked && !this.symbols.has(peeked.symbol)) return withDiagnostics(emptyOutput(), { filtered: 1 });
    const decoded = decodeZdexFrame(text);
    if (!decoded.ok) return refusedFrameOutput('ZDEX', decoded.error);
    switch (decoded.family) {
      case 'control':
        return this.onControl(decoded.frame, now);
      case 'public':
        return this.onPublic(decoded.frame);
      case 'account':
        return this.onAccount(decoded.frame, text, now);
    }
  }

  private onControl(frame: ZdexControlFrame, now: number): SessionOutput {
    const out = emptyOutput();
    switch (frame.event) {
      case 'connected': {
        if (!this.login.authSent) this.sendAuth(out);
        const missing = [...this.symbols].filter((s) => frame.symbols.length > 0 && !frame.symbols.includes(s));
        if (missing.length > 0)
          withDiagnostics(out, { error: `ZDEX does not list ${missing.join(', ')}; check the connection's symbols` });
        return out;
      }
      case 'authenticated':
        // A repeated auth on this socket (recovery after a stall) only brings the full state again.
        if (this.login.authenticated) return out;
        this.login.authenticated = true;
        out.send.push(frameText({ action: 'subscribe', channel: 'account' }));
        for (const symbol of this.symbols)
          out.send.push(frameText({ action: 'subscribe', channel: 'markprice', symbol }));
        this.goLiveIfReady(out);
        return out;
      case 'error':
        if (this.login.authSent && !this.login.authenticated) {
          out.fatal = this.rejection(frame.message, now);
          return out;
        }
        return withDiagnostics(out, { error: `ZDEX error: ${this.scrub(frame.message) || 'no message'}` });
      case 'pong':
      case 'subscribed':
      case 'unsubscribed':
        return out;
    }
  }

  private onPublic(frame: ZdexPublicFrame): SessionOutput {
    const out = emptyOutput();
    if (!this.symbols.has(frame.symbol)) return withDiagnostics(out, { filtered: 1 });
    const result = this.market.onPublic(frame);
    if (result.stale) return withDiagnostics(out, { duplicates: 1 });
    if (result.mark) out.events.push({ kind: 'mark', mark: result.mark });
    return out;
  }

  private onAccount(frame: ZdexAccountFrame | ZdexUnmodelledAccountFrame, text: string, now: number): SessionOutput {
    if (isUnmodelled(frame)) return emptyOutput();
    if (frame.event === undefined) {
      this.checkpoint(now);
      const out = fromAccount(this.account.onFrame(frame, now));
      const report = this.recovery.fullState(now, fullStateDigest(frame.data));
      if (report) out.recovery = report;
      this.login.snapshotSeen = true;
      this.goLiveIfReady(out);
      return out;
    }
    // Like dYdX's reconnecting socket: updates wait for the snapshot (the socket's first full state).
    if (frame.event !== 'notification' && !this.login.snapshotSeen) return emptyOutput();
    if (this.recentAccountFrames.has(text)) return withDiagnostics(emptyOutput(), { duplicates: 1 });
    this.recentAccountFrames.add(text);
    if (frame.event !== 'notification') this.checkpoint(now);
    return fromAccount(this.account.onFrame(frame, now));
  }

  /** The state before an account frame changes it, for a recovery that has to know it later. */
  private checkpoint(now: number): void {
    this.recovery.beforeFrame(now, () => (this.account.hasBaseline ? this.account.digest() : undefined));
  }

  private authFrame(): string {
    return frameText({ action: 'auth', token: this.token ?? '' });
  }

  private sendAuth(out: SessionOutput): void {
    if (this.token === undefined) return;
    out.send.push(this.authFrame());
    out.status = { status: 'authenticating' };
    this.login.authSent = true;
    this.login.statusReported = true;
  }

  private goLiveIfReady(out: SessionOutput): void {
    if (this.login.live || !this.login.authenticated || !this.login.snapshotSeen) return;
    this.login.live = true;
    out.status = { status: 'live' };
  }

  /** The fatal reason for a rejected token: the venue's words (scrubbed), and what to do. */
  private rejection(detail: string, now: number): string {
    const why = this.scrub(detail.replace(/^\s*authentication failed\s*:?\s*/i, '')) || 'authentication failed';
    const expired =
      this.expiresAt !== undefined && this.expiresAt <= now
        ? ` (the token expired ${new Date(this.expiresAt).toISOString()})`
        : '';
    return `ZDEX rejected the token: ${why}${expired} — paste a fresh session JWT`;
  }

  /** Venue text for a reason or error: one short line, with anything token-like removed. */
  private scrub(text: string): string {
    return scrubVenueText(text, [this.token], 120);
  }
}

function newLogin(openedAt: number): LoginProgress {
  return { openedAt, statusReported: false, authSent: false, authenticated: false, snapshotSeen: false, live: false };
}

function isUnmodelled(frame: ZdexAccountFrame | ZdexUnmodelledAccountFrame): frame is ZdexUnmodelledAccountFrame {
  return frame.event !== undefined && (ZDEX_UNMODELLED_ACCOUNT_EVENTS as readonly string[]).includes(frame.event);
}

function frameText(frame: ZdexClientFrame): string {
  return JSON.stringify(frame);
}

function fromAccount(result: AccountResult): SessionOutput {
  const out: SessionOutput = { events: result.events, send: [] };
  const diagnostics: SessionDiagnostics = {};
  if (result.unknown) diagnostics.unknown = result.unknown;
  if (result.duplicates) diagnostics.duplicates = result.duplicates;
  if (result.error) diagnostics.error = result.error;
  return Object.keys(diagnostics).length > 0 ? withDiagnostics(out, diagnostics) : out;
}

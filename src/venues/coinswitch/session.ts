import { clip, withDiagnostics } from '../shared/session-output';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import { BoundedSet } from '../shared/bounded-set';
import {
  NATS_CLOSE_AUTH,
  NATS_REPLY_NO_RESPONDERS,
  NATS_REPLY_TIMEOUT,
  decodeNatsFrame,
  encodeNatsCommand,
  type NatsFrame,
} from '../shared/nats-protocol';
import { emptyOutput, type SessionOutput, type VenueSession } from '../types';
import {
  decodeAuthReply,
  decodeOrderMessage,
  decodeTickerMessage,
  decodeTradeMessage,
  type CheckedEnvelope,
} from './codec';
import { FILL_EXEC_TYPES, normalizeFill, normalizeOrder, tickerMark } from './normalize';
import { parseCoinswitchAuth, type CoinswitchAuth, type CoinswitchCredential, type CoinswitchOptions } from './options';
import { utcClock } from './time';
import { coinswitchAuthText, coinswitchOrderSubject, coinswitchTickerSubject, coinswitchTradeSubject } from './wire';

/**
 * The CoinSwitch PRO HFT connection state machine, over the NATS transport of
 * ../shared/nats-socket.ts (JSON commands and frames: ../shared/nats-protocol.ts).
 *
 *   authMode "request" (default; docs/contract.md section 2):
 *     open ─▶ request {"op":"auth","args":[apiKey,expires,signature]} on authSubject [authenticating]
 *          ─▶ reply {"success":true} ─▶ sub …subAccountId.<id>.order and .trade [live] ─▶ messages…
 *     Public ticker subjects are subscribed at open (no auth needed). The venue's auth belongs to one
 *     connection, so the request is sent again on every open (the lifecycle reconnects).
 *   authMode "connect": the same JSON text is the NATS CONNECT token (the adapter's endpoint); an
 *     opened connection is authenticated: subscribe everything at open [live].
 *
 * - `{"success":false,"error"}`, or a close 4401 (`Authorization Violation` at CONNECT) in connect
 *   mode, is fatal: "CoinSwitch rejected the socket credential: … — mint a fresh signature". The api
 *   key and the signature never appear in a reason, an error or an event.
 * - No reply (timeout, no responders): stay `authenticating`, explain, and ask again on the next heartbeat.
 * - `credentialExpiresAt` = `expires` on every open; 60 s before it a one-time warning; at `expires`
 *   fatal, unless the config has a keyring reference: the shared lifecycle then fetches the triple from
 *   the relay and renews it before it runs out. In request mode the renewed triple is sent as a new auth
 *   request on the same connection (`reauthenticate`): the socket and its subscriptions stay, so nothing
 *   published meanwhile is lost (NATS replays nothing). A rejected or unanswered re-authentication is
 *   recorded while the connection keeps the auth it has. In connect mode the credential is the CONNECT
 *   token, so the lifecycle replaces the socket and hands the triple over through `updateAuth`.
 * - Orders: newest `updatedTime` per orderId wins (an older update is dropped). Fills: one per
 *   execution, keyed by `execId`, remembered for the session's life (across reconnects).
 * - Heartbeat: a NATS PING every `heartbeatIntervalMs`; its PONG frame keeps a quiet account's
 *   stream visibly alive for the silence watchdog.
 */

export const AUTH_REQUEST_TIMEOUT_MS = 5_000;
/** Warn this long before the credential expires (once per credential). */
export const EXPIRY_WARNING_MS = 60_000;
/** Executions remembered for duplicate detection (replays after a reconnect, duplicated messages). */
export const FILL_MEMORY = 20_000;
/** Orders whose newest updatedTime is remembered. */
export const ORDER_MEMORY = 20_000;

export const SID_ORDER = 'order';
export const SID_TRADE = 'trade';
export const TICKER_SID_PREFIX = 'ticker:';

const PING = encodeNatsCommand({ op: 'ping' });
const NO_CREDENTIAL =
  'CoinSwitch needs the socket credential: paste { apiKey, expires, signature } from GET /dma/api/v1/socket/signature into the connection';

interface SocketState {
  /** Id of the auth request in flight on this socket. */
  authId: string | undefined;
  authenticated: boolean;
  /** Why the last auth attempt on this socket got no answer (the retry hint). */
  authProblem: string | undefined;
  /** Keyring: the signature the venue rejected; the next attempt waits for a renewed one. */
  rejectedSignature: string | undefined;
  /** Explanations already given on this socket. */
  noted: Set<string>;
  /** PINGs sent and PONGs seen on this socket: NATS answers in order. */
  pings: number;
  pongs: number;
  /**
   * Private subjects are confirmed once the PONG of the PING sent right after their SUBs arrives:
   * the server has registered them, so an account message published from then on reaches us.
   * Live is reported only then (NATS replays nothing that was published before).
   */
  confirmAtPong: number | undefined;
}

export function createCoinswitchSession(config: ConnectionConfig, options: CoinswitchOptions): VenueSession {
  return new CoinswitchSession(config, options);
}

export class CoinswitchSession implements VenueSession {
  private readonly connectionId: string;
  private readonly fillIds = new BoundedSet<string>(FILL_MEMORY);
  private readonly orderTimes = new Map<string, number>();
  private readonly tickerTimes = new Map<string, number>();
  /** sid -> market token ("BTC/USDT"). */
  private readonly tickerSids = new Map<string, string>();
  private readonly undocumentedStatuses = new Set<string>();
  private readonly skippedExecTypes = new Set<string>();
  private foreignSubAccountNoted = false;
  private warnedExpiry: number | undefined;
  private reportedExpiry: number | undefined;
  private authSeq = 0;
  private socket: SocketState = newSocket();
  /** `config.auth`, or the latest credential from `updateAuth`. */
  private authConfig: Record<string, unknown>;

  constructor(
    config: ConnectionConfig,
    private readonly options: CoinswitchOptions,
  ) {
    this.connectionId = config.id;
    this.authConfig = config.auth;
    for (const market of options.tickerSymbols) this.tickerSids.set(`${TICKER_SID_PREFIX}${market}`, market);
  }

  /**
   * A renewed keyring credential (`{ apiKey, expires, signature, keyring }`), handed over by the
   * lifecycle between sockets: the next open authenticates with it; dedupe state is kept.
   */
  updateAuth(auth: Record<string, unknown>): void {
    this.authConfig = auth;
  }

  /** Request mode, socket authenticated: ask again on this connection with the renewed triple. */
  reauthenticate(auth: Record<string, unknown>, _now: number): SessionOutput | undefined {
    this.authConfig = auth;
    if (this.options.authMode !== 'request' || !this.socket.authenticated) return undefined;
    const { credential } = this.auth();
    if (!credential) return undefined;
    const out = emptyOutput();
    out.credentialExpiresAt = credential.expires;
    this.reportedExpiry = credential.expires;
    this.sendAuth(out, credential);
    return out;
  }

  open(now: number): SessionOutput {
    this.socket = newSocket();
    const out = emptyOutput();
    const { credential, keyring } = this.auth();
    if (credential) {
      out.credentialExpiresAt = credential.expires;
      this.reportedExpiry = credential.expires;
    }
    if (!credential) {
      if (!keyring) {
        out.fatal = NO_CREDENTIAL;
        return out;
      }
      out.send.push(...this.tickerSubscriptions());
      out.status = {
        status: 'authenticating',
        reason: 'waiting for the keyring relay to provide the CoinSwitch socket credential',
      };
      return out;
    }
    if (!keyring && now >= credential.expires) {
      out.fatal = expiredReason(credential.expires);
      return out;
    }
    if (this.options.authMode === 'connect') {
      // The CONNECT token carried the credential and the server accepted the connection.
      this.socket.authenticated = true;
      out.send.push(...this.privateSubscriptions(), ...this.tickerSubscriptions());
      this.confirmSubscriptions(out);
    } else {
      this.sendAuth(out, credential);
      out.send.push(...this.tickerSubscriptions());
      out.status = { status: 'authenticating' };
    }
    this.warnIfExpiring(out, credential, keyring, now);
    return out;
  }

  message(text: string, now: number): SessionOutput {
    try {
      return this.route(text, now);
    } catch {
      // Defensive: decoding never throws, but a bug further down must not stop the stream.
      return withDiagnostics(emptyOutput(), { malformed: 1, error: 'CoinSwitch message could not be processed' });
    }
  }

  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    const { credential, keyring } = this.auth();
    if (credential) {
      if (credential.expires !== this.reportedExpiry) {
        out.credentialExpiresAt = credential.expires;
        this.reportedExpiry = credential.expires;
      }
      if (!keyring && now >= credential.expires) {
        out.fatal = expiredReason(credential.expires);
        return out;
      }
      this.warnIfExpiring(out, credential, keyring, now);
    }
    this.ping(out);
    const socket = this.socket;
    const retry = this.options.authMode === 'request' && !socket.authenticated && socket.authId === undefined;
    if (retry && credential && credential.signature !== socket.rejectedSignature) this.sendAuth(out, credential);
    return out;
  }

  closed(code: number, reason: string, now: number): SessionOutput {
    const out = emptyOutput();
    const { credential, keyring } = this.auth();
    if (code === NATS_CLOSE_AUTH) {
      const why = this.scrub(reason) || 'Authorization Violation';
      if (this.options.authMode === 'request') {
        out.fatal = `CoinSwitch refused the NATS connection: ${why} — the server wants credentials at CONNECT: set options.authMode to "connect"`;
      } else if (keyring) {
        out.hint = `CoinSwitch rejected the socket credential (${why}); waiting for the keyring relay to renew it`;
      } else {
        out.fatal = rejectedReason(why);
      }
      return out;
    }
    if (credential && !keyring && now >= credential.expires) {
      out.fatal = expiredReason(credential.expires);
      return out;
    }
    if (this.options.authMode === 'request' && !this.socket.authenticated && this.socket.authProblem)
      out.hint = this.socket.authProblem;
    return out;
  }

  /** The NATS connection failed before it was established: only an expired credential is worth stopping for. */
  handshakeFailed(now: number): SessionOutput {
    const out = emptyOutput();
    const { credential, keyring } = this.auth();
    if (credential && !keyring && now >= credential.expires) out.fatal = expiredReason(credential.expires);
    return out;
  }

  // ---- frames ------------------------------------------------------------------------------------

  private route(text: string, now: number): SessionOutput {
    const frame = decodeNatsFrame(text);
    if (!frame)
      return withDiagnostics(emptyOutput(), {
        malformed: 1,
        error: `CoinSwitch transport frame not understood (${text.length} chars)`,
      });
    switch (frame.op) {
      case 'reply':
        return this.onReply(frame, now);
      case 'msg':
        return this.onMessage(frame, now);
      case 'status':
        return this.onStatus(frame);
    }
  }

  private onReply(frame: Extract<NatsFrame, { op: 'reply' }>, now: number): SessionOutput {
    // A late reply to an earlier attempt (or to another socket's) is not this socket's answer.
    if (frame.id !== this.socket.authId) return emptyOutput();
    this.socket.authId = undefined;
    if ('error' in frame) return this.onAuthUnanswered(frame.error);
    const reply = decodeAuthReply(frame.data);
    if (!reply.ok) {
      const out = this.onAuthUnanswered(`its reply was not understood (${reply.error.message})`);
      return withDiagnostics(out, { malformed: 1 });
    }
    if (reply.value.success) return this.onAuthAccepted();
    return this.onAuthRejected(reply.value.error, now);
  }

  private onAuthAccepted(): SessionOutput {
    const out = emptyOutput();
    if (this.socket.authenticated) return out;
    this.socket.authenticated = true;
    this.socket.authProblem = undefined;
    out.send.push(...this.privateSubscriptions());
    this.confirmSubscriptions(out);
    return out;
  }

  /** PING after the SUBs; live when its PONG comes back (see SocketState.confirmAtPong). */
  private confirmSubscriptions(out: SessionOutput): void {
    this.ping(out);
    this.socket.confirmAtPong = this.socket.pings;
    out.status = { status: 'authenticating', reason: 'subscribing to the private order and trade subjects' };
  }

  private ping(out: SessionOutput): void {
    out.send.push(PING);
    this.socket.pings++;
  }

  private onAuthRejected(error: string, now: number): SessionOutput {
    const out = emptyOutput();
    const why = this.scrub(error) || 'no reason given';
    if (this.socket.authenticated) {
      return withDiagnostics(out, {
        error: `CoinSwitch rejected the renewed socket credential: ${why}; the connection keeps its earlier authentication`,
      });
    }
    const { credential, keyring } = this.auth();
    if (!keyring) {
      out.fatal = rejectedReason(why);
      return out;
    }
    // The keyring relay renews the credential: ask again with the next one.
    this.socket.rejectedSignature = credential?.signature;
    const expired = credential !== undefined && now >= credential.expires ? ' (it has expired)' : '';
    const reason = `CoinSwitch rejected the socket credential: ${why}${expired}; waiting for the keyring relay to renew it`;
    out.status = { status: 'authenticating', reason };
    return withDiagnostics(out, { error: reason });
  }

  private onAuthUnanswered(error: string): SessionOutput {
    const out = emptyOutput();
    if (this.socket.authenticated) {
      return withDiagnostics(out, {
        error: `CoinSwitch did not answer the re-authentication with the renewed credential (${clip(this.scrub(error), 120)}); the connection keeps its earlier authentication`,
      });
    }
    const subject = this.options.authSubject;
    const problem =
      error === NATS_REPLY_NO_RESPONDERS
        ? `the auth request on "${subject}" had no responders: nothing on the server answers that subject (check options.authSubject, or set options.authMode to "connect")`
        : error === NATS_REPLY_TIMEOUT
          ? `the auth request on "${subject}" got no reply within ${AUTH_REQUEST_TIMEOUT_MS / 1000} s`
          : `the auth request on "${subject}" failed: ${clip(this.scrub(error), 120)}`;
    this.socket.authProblem = problem;
    out.status = { status: 'authenticating', reason: `CoinSwitch: ${problem}; retrying` };
    return this.noteOnce(out, `CoinSwitch: ${problem}; retrying on every heartbeat`);
  }

  private onMessage(frame: Extract<NatsFrame, { op: 'msg' }>, now: number): SessionOutput {
    if (frame.sid === SID_ORDER) return this.onOrder(frame.data);
    if (frame.sid === SID_TRADE) return this.onTrades(frame.data);
    if (this.tickerSids.has(frame.sid)) return this.onTicker(frame.data, now);
    return withDiagnostics(emptyOutput(), {
      unknown: 1,
      error: `CoinSwitch message on an unexpected subject "${clip(frame.subject, 80)}"`,
    });
  }

  /** Order Updates: one order per message; the newest `updatedTime` per order wins. */
  private onOrder(data: string): SessionOutput {
    const out = emptyOutput();
    const decoded = decodeOrderMessage(data);
    if (!decoded.ok)
      return withDiagnostics(out, {
        [decoded.error.kind]: 1,
        error: `CoinSwitch ${decoded.error.kind} order message: ${decoded.error.message}`,
      });
    const message = decoded.value;
    if (this.foreign(message, out)) return out;
    const normalized = normalizeOrder(this.connectionId, message.o);
    const { orderId, updatedAt } = normalized.order;
    const newest = this.orderTimes.get(orderId);
    if (newest !== undefined && updatedAt < newest) return withDiagnostics(out, { duplicates: 1 });
    remember(this.orderTimes, orderId, updatedAt, ORDER_MEMORY);
    out.events.push({ kind: 'order', order: normalized.order });
    if (normalized.undocumentedStatus !== undefined) {
      const status = clip(normalized.undocumentedStatus);
      // Explained once per status (at most 50 distinct ones), counted every time.
      const first = !this.undocumentedStatuses.has(status) && this.undocumentedStatuses.size < 50;
      if (first) this.undocumentedStatuses.add(status);
      withDiagnostics(
        out,
        first
          ? {
              unknown: 1,
              error: `CoinSwitch order status "${status}" is not a Bybit V5 status; shown as ${normalized.order.status}`,
            }
          : { unknown: 1 },
      );
    }
    return out;
  }

  /** Trade Updates: `o` is an array; one fill per execution, keyed by `execId`. */
  private onTrades(data: string): SessionOutput {
    const events: DomainEvent[] = [];
    const out: SessionOutput = { events, send: [] };
    const decoded = decodeTradeMessage(data);
    if (!decoded.ok)
      return withDiagnostics(out, {
        [decoded.error.kind]: 1,
        error: `CoinSwitch ${decoded.error.kind} trade message: ${decoded.error.message}`,
      });
    const message = decoded.value;
    if (this.foreign(message, out)) return out;
    let duplicates = 0;
    let skipped = 0;
    for (const execution of message.o) {
      if (!FILL_EXEC_TYPES.has(execution.execType)) {
        const type = clip(execution.execType);
        withDiagnostics(out, { filtered: 1 });
        if (!this.skippedExecTypes.has(type) && this.skippedExecTypes.size < 20) {
          this.skippedExecTypes.add(type);
          withDiagnostics(out, { error: `CoinSwitch ${type} executions are not fills (no trade happened); skipped` });
        }
        continue;
      }
      if (this.fillIds.has(execution.execId)) {
        duplicates++;
        continue;
      }
      const fill = normalizeFill(this.connectionId, execution);
      if (!fill) {
        skipped++;
        continue;
      }
      this.fillIds.add(fill.fillId);
      events.push({ kind: 'fill', fill });
    }
    if (duplicates > 0) withDiagnostics(out, { duplicates });
    if (skipped > 0)
      withDiagnostics(out, {
        malformed: skipped,
        error: `CoinSwitch execution without a positive price or quantity; ${skipped} skipped`,
      });
    return out;
  }

  /** [guess] Ticker: a `ticker` mark; an older ticker than the newest seen for the symbol is dropped. */
  private onTicker(data: string, now: number): SessionOutput {
    const out = emptyOutput();
    const decoded = decodeTickerMessage(data);
    if (!decoded.ok)
      return withDiagnostics(out, {
        [decoded.error.kind]: 1,
        error: `CoinSwitch ${decoded.error.kind} ticker message: ${decoded.error.message}`,
      });
    const message = decoded.value;
    const time = message.E ?? message.t ?? now;
    const symbol = message.o.symbol;
    const newest = this.tickerTimes.get(symbol);
    if (newest !== undefined && time < newest) return withDiagnostics(out, { duplicates: 1 });
    const mark = tickerMark(this.connectionId, message.o, time);
    if (!mark)
      return withDiagnostics(out, {
        malformed: 1,
        error: `CoinSwitch ticker for ${clip(symbol)} without a positive price`,
      });
    remember(this.tickerTimes, symbol, time, 1_000);
    out.events.push({ kind: 'mark', mark });
    return out;
  }

  private onStatus(frame: Extract<NatsFrame, { op: 'status' }>): SessionOutput {
    const out = emptyOutput();
    switch (frame.type) {
      case 'pong': {
        const socket = this.socket;
        socket.pongs++;
        if (socket.confirmAtPong !== undefined && socket.pongs >= socket.confirmAtPong) {
          socket.confirmAtPong = undefined;
          out.status = { status: 'live' };
        }
        return out;
      }
      case 'error': {
        const detail = clip(this.scrub(frame.data) || 'error', 120);
        if (frame.sid === SID_ORDER || frame.sid === SID_TRADE) {
          out.fatal =
            `CoinSwitch refused the subscription to ${frame.subject ?? frame.sid} (${detail}) — ` +
            `the credential does not cover sub-account ${this.options.subAccountId}: check options.subAccountId`;
          return out;
        }
        if (frame.sid !== undefined && this.tickerSids.has(frame.sid)) {
          return withDiagnostics(out, {
            error: `CoinSwitch refused the ticker subscription ${clip(frame.subject ?? frame.sid, 80)}: ${detail}`,
          });
        }
        const what =
          frame.operation !== undefined
            ? ` (${frame.operation}${frame.subject !== undefined ? ` ${clip(frame.subject, 80)}` : ''})`
            : '';
        return withDiagnostics(out, { error: `CoinSwitch NATS error${what}: ${detail}` });
      }
      case 'ldm':
        return this.noteOnce(
          out,
          'CoinSwitch NATS server is shutting down (lame duck mode); the connection will be re-opened when it closes',
        );
      case 'staleConnection':
        return withDiagnostics(out, { error: 'CoinSwitch NATS server stopped answering PINGs' });
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** The current credential (parsed on use: cheap, and never stale after `updateAuth`). */
  private auth(): CoinswitchAuth {
    const parsed = parseCoinswitchAuth(this.authConfig);
    return parsed.ok ? parsed.auth : { keyring: this.authConfig.keyring !== undefined };
  }

  private sendAuth(out: SessionOutput, credential: CoinswitchCredential): void {
    const id = `auth-${++this.authSeq}`;
    this.socket.authId = id;
    const data = coinswitchAuthText(credential.apiKey, credential.expires, credential.signature);
    out.send.push(
      encodeNatsCommand({
        op: 'request',
        id,
        subject: this.options.authSubject,
        data,
        timeoutMs: AUTH_REQUEST_TIMEOUT_MS,
      }),
    );
  }

  private privateSubscriptions(): string[] {
    const id = this.options.subAccountId;
    return [
      encodeNatsCommand({ op: 'sub', sid: SID_ORDER, subject: coinswitchOrderSubject(id) }),
      encodeNatsCommand({ op: 'sub', sid: SID_TRADE, subject: coinswitchTradeSubject(id) }),
    ];
  }

  private tickerSubscriptions(): string[] {
    return [...this.tickerSids].map(([sid, market]) =>
      encodeNatsCommand({ op: 'sub', sid, subject: coinswitchTickerSubject(market) }),
    );
  }

  /** One warning per credential, within 60 s of its expiry, when nothing will renew it. */
  private warnIfExpiring(out: SessionOutput, credential: CoinswitchCredential, keyring: boolean, now: number): void {
    if (keyring || this.warnedExpiry === credential.expires) return;
    const left = credential.expires - now;
    if (left <= 0 || left > EXPIRY_WARNING_MS) return;
    this.warnedExpiry = credential.expires;
    withDiagnostics(out, {
      error: `CoinSwitch socket credential expires in ${Math.ceil(left / 1000)} s: mint a new one`,
    });
  }

  /** A message for another sub-account (the subject names ours): dropped, explained once. */
  private foreign(message: CheckedEnvelope, out: SessionOutput): boolean {
    if (message.sub_account_id === undefined || message.sub_account_id === this.options.subAccountId) return false;
    withDiagnostics(out, { filtered: 1 });
    if (!this.foreignSubAccountNoted) {
      this.foreignSubAccountNoted = true;
      withDiagnostics(out, {
        error: `CoinSwitch sent a message for sub-account ${clip(message.sub_account_id)}, not ${this.options.subAccountId}; dropped`,
      });
    }
    return true;
  }

  private noteOnce(out: SessionOutput, error: string): SessionOutput {
    if (this.socket.noted.has(error)) return out;
    this.socket.noted.add(error);
    return withDiagnostics(out, { error });
  }

  /** Venue text for a reason or error: one short line, without the credential or anything like it. */
  private scrub(text: string): string {
    let clean = text;
    const { credential } = this.auth();
    if (credential) {
      for (const secret of [
        coinswitchAuthText(credential.apiKey, credential.expires, credential.signature),
        credential.signature,
        credential.apiKey,
      ]) {
        if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
      }
    }
    clean = clean
      .replace(/\b[0-9a-fA-F]{32,}\b/g, '[redacted]')
      .replace(/\s+/g, ' ')
      .trim();
    return clean.length > 160 ? `${clean.slice(0, 160)}…` : clean;
  }
}

function newSocket(): SocketState {
  return {
    authId: undefined,
    authenticated: false,
    authProblem: undefined,
    rejectedSignature: undefined,
    noted: new Set(),
    pings: 0,
    pongs: 0,
    confirmAtPong: undefined,
  };
}

function rejectedReason(why: string): string {
  return `CoinSwitch rejected the socket credential: ${why} — mint a fresh signature (GET /dma/api/v1/socket/signature)`;
}

function expiredReason(expires: number): string {
  return `CoinSwitch socket credential expired at ${utcClock(expires)} — mint a new signature or use the keyring relay`;
}

/** Map with FIFO-by-last-write eviction: re-setting a key moves it to the end. */
function remember<K>(map: Map<K, number>, key: K, value: number, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > capacity) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

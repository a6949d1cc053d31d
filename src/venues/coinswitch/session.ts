import { clip, refusedFrameOutput, sendNats, withDiagnostics } from '../shared/session-output';
import type { ConnectionConfig } from '../../domain/connection-config';
import {
  NATS_CLOSE_AUTH,
  type NatsFrame,
  type NatsMessage,
  type NatsReply,
  type NatsStatus,
} from '../shared/nats-protocol';
import { emptyOutput, type GapWindow, type RestResult, type SessionOutput, type VenueSession } from '../types';
import { CoinswitchAccount } from './account';
import { CoinswitchAuthFlow, NO_CREDENTIAL, expiredReason, rejectedReason } from './auth';
import { decodeOrderMessage, decodeTradeMessage } from './codec';
import type { CoinswitchOptions } from './options';
import { CoinswitchRecovery } from './recovery';
import { SID_ORDER, SID_TRADE, privateSubscriptions, tickerSids, tickerSubscriptions } from './subscriptions';
import { CoinswitchTickers } from './tickers';

export { AUTH_REQUEST_TIMEOUT_MS, EXPIRY_WARNING_MS } from './auth';
export { FILL_MEMORY, ORDER_MEMORY } from './account';
export { SID_ORDER, SID_TRADE, TICKER_SID_PREFIX } from './subscriptions';

/**
 * The CoinSwitch PRO HFT connection state machine, over the NATS transport of
 * ../shared/nats-socket.ts (typed commands and frames: ../shared/nats-protocol.ts). It wires the
 * credential and auth request (./auth.ts), the account's orders and fills (./account.ts), the
 * subscriptions (./subscriptions.ts) and the public tickers (./tickers.ts).
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
 * - `credentialExpiresAt` = `expires` on every open. The expiry only gates the next authentication:
 *   a socket that is up stays up and keeps streaming after `expires` (the venue checked the credential
 *   when it authenticated). Without a keyring: a one-time warning 60 s before, a one-time note at
 *   `expires`, and fatal only where an authentication is due (open, a close, a failed attempt). With a
 *   keyring reference the lifecycle fetches the next triple before it runs out: in request mode it is
 *   sent as a new auth request on the same connection (`reauthenticate`), in connect mode it is kept for
 *   the next CONNECT; the socket and its subscriptions stay either way, so nothing published meanwhile
 *   is lost (NATS replays nothing). A rejected or unanswered re-authentication is recorded while the
 *   connection keeps the auth it has.
 * - Orders: every update is passed on (the store merges them order-independently); exact repeats are
 *   duplicates. Fills: one per execution, keyed by `execId`, remembered for the session's life (across
 *   reconnects and REST recovery).
 * - After every gap (`recover`): executions and orders of the gap from REST through the keyring relay;
 *   `none` for a pasted triple, which has no REST the browser can sign. The first time live, the open
 *   orders are read once (the stream only sends changes).
 * - Heartbeat: a NATS PING every `heartbeatIntervalMs`; its PONG frame keeps a quiet account's
 *   stream visibly alive for the silence watchdog.
 */

/** What the session knows about the NATS connection it is on; a new one for every socket. */
interface NatsConnectionState {
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
  private readonly auth: CoinswitchAuthFlow;
  private readonly account: CoinswitchAccount;
  private readonly tickers: CoinswitchTickers;
  private readonly recovery: CoinswitchRecovery;
  /** sid -> market token ("BTC/USDT"). */
  private readonly tickerSids: Map<string, string>;
  private connection: NatsConnectionState = newConnectionState();
  /** Live once already (the open-order read of a first connect is done then). */
  private everLive = false;

  constructor(
    config: ConnectionConfig,
    private readonly options: CoinswitchOptions,
  ) {
    this.auth = new CoinswitchAuthFlow(config.auth, options);
    this.account = new CoinswitchAccount(config.id, options.subAccountId);
    this.tickers = new CoinswitchTickers(config.id);
    this.tickerSids = tickerSids(options.tickerSymbols);
    this.recovery = new CoinswitchRecovery(this.account, (text) => this.auth.scrub(text));
  }

  /**
   * A renewed keyring credential (`{ apiKey, expires, signature, keyring }`), handed over by the
   * lifecycle between sockets: the next open authenticates with it; dedupe state is kept.
   */
  updateAuth(auth: Record<string, unknown>): void {
    this.auth.update(auth);
  }

  /**
   * A renewed keyring credential while a socket is open: the socket always stays (an expiry only gates
   * the next authentication; tearing a healthy socket down would lose what NATS publishes meanwhile).
   * Request mode: a new auth request on this connection with the renewed triple (unless one is in
   * flight: a failed one is retried with it at the next heartbeat). Connect mode: the CONNECT token was
   * checked when the connection opened, so nothing is sent; the next socket connects with the new one.
   */
  reauthenticate(auth: Record<string, unknown>, _now: number): SessionOutput | undefined {
    this.auth.update(auth);
    const { credential } = this.auth.current();
    if (!credential) return undefined;
    const out = emptyOutput();
    this.auth.reportExpiry(out, credential, true);
    if (this.options.authMode === 'request' && !this.auth.inFlight) this.auth.sendRequest(out, credential);
    return out;
  }

  open(now: number): SessionOutput {
    this.connection = newConnectionState();
    this.auth.resetSocket();
    // A recovery the previous socket asked for gets no more answers; the lifecycle asks again once live.
    this.recovery.abandon();
    const out = emptyOutput();
    const { credential, keyring } = this.auth.current();
    if (credential) this.auth.reportExpiry(out, credential, true);
    if (!credential) {
      if (!keyring) {
        out.fatal = NO_CREDENTIAL;
        return out;
      }
      sendNats(out, ...tickerSubscriptions(this.tickerSids));
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
      this.auth.markAuthenticated();
      sendNats(out, ...privateSubscriptions(this.options.subAccountId), ...tickerSubscriptions(this.tickerSids));
      this.confirmSubscriptions(out);
    } else {
      this.auth.sendRequest(out, credential);
      sendNats(out, ...tickerSubscriptions(this.tickerSids));
      out.status = { status: 'authenticating' };
    }
    this.auth.warnIfExpiring(out, credential, keyring, now);
    return out;
  }

  /** CoinSwitch runs on the NATS transport only, which delivers typed frames: text is not one of them. */
  message(text: string, _now: number): SessionOutput {
    return withDiagnostics(emptyOutput(), {
      malformed: 1,
      error: `CoinSwitch transport frame not understood (${text.length} chars of text)`,
    });
  }

  natsFrame(frame: NatsFrame, now: number): SessionOutput {
    try {
      return this.route(frame, now);
    } catch {
      // Defensive: decoding never throws, but a bug further down must not stop the stream.
      return withDiagnostics(emptyOutput(), { malformed: 1, error: 'CoinSwitch message could not be processed' });
    }
  }

  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    const { credential, keyring } = this.auth.current();
    if (credential) {
      this.auth.reportExpiry(out, credential);
      // Never fatal here: the socket is authenticated and data flows; the expiry gates the next auth.
      this.auth.warnIfExpiring(out, credential, keyring, now);
    }
    this.ping(out);
    if (this.auth.shouldRetry(credential)) this.auth.sendRequest(out, credential);
    this.recovery.heartbeat(now, out);
    return out;
  }

  /**
   * Live again after a gap: NATS replays nothing, so the executions and orders of the gap come from
   * CoinSwitch's REST through the keyring relay (./recovery.ts). A pasted triple gives no REST (the
   * Ed25519 secret that signs it stays in the relay): the gap is `none`, and the detail says why.
   */
  recover(gap: GapWindow, now: number): SessionOutput {
    if (!this.auth.current().keyring) return CoinswitchRecovery.withoutRest(gap);
    return this.recovery.start(gap, now);
  }

  response(id: string, result: RestResult, now: number): SessionOutput {
    try {
      return this.recovery.response(id, result, now) ?? emptyOutput();
    } catch {
      // Defensive, like message(): decoding never throws, but a bug must not stop the stream.
      return withDiagnostics(emptyOutput(), { malformed: 1, error: 'CoinSwitch REST answer could not be processed' });
    }
  }

  closed(code: number, reason: string, now: number): SessionOutput {
    const out = emptyOutput();
    const { credential, keyring } = this.auth.current();
    if (code === NATS_CLOSE_AUTH) {
      const why = this.auth.scrub(reason) || 'Authorization Violation';
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
    const problem = this.options.authMode === 'request' ? this.auth.unansweredProblem : undefined;
    if (problem) out.hint = problem;
    return out;
  }

  /** The NATS connection failed before it was established: only an expired credential is worth stopping for. */
  handshakeFailed(now: number): SessionOutput {
    const out = emptyOutput();
    const { credential, keyring } = this.auth.current();
    if (credential && !keyring && now >= credential.expires) out.fatal = expiredReason(credential.expires);
    return out;
  }

  // ---- frames ------------------------------------------------------------------------------------

  private route(frame: NatsFrame, now: number): SessionOutput {
    switch (frame.op) {
      case 'reply':
        return this.onReply(frame, now);
      case 'msg':
        return this.onMessage(frame, now);
      case 'status':
        return this.onStatus(frame, now);
    }
  }

  private onReply(frame: NatsReply, now: number): SessionOutput {
    const outcome = this.auth.onReply(frame, now);
    switch (outcome.kind) {
      case 'ignored':
        return emptyOutput();
      case 'accepted': {
        const out = emptyOutput();
        sendNats(out, ...privateSubscriptions(this.options.subAccountId));
        this.confirmSubscriptions(out);
        return out;
      }
      case 'output':
        return outcome.note === undefined ? outcome.out : this.noteOnce(outcome.out, outcome.note);
    }
  }

  /** PING after the SUBs; live when its PONG comes back (see NatsConnectionState.confirmAtPong). */
  private confirmSubscriptions(out: SessionOutput): void {
    this.ping(out);
    this.connection.confirmAtPong = this.connection.pings;
    out.status = { status: 'authenticating', reason: 'subscribing to the private order and trade subjects' };
  }

  private ping(out: SessionOutput): void {
    sendNats(out, { op: 'ping' });
    this.connection.pings++;
  }

  private onMessage(frame: NatsMessage, now: number): SessionOutput {
    if (frame.sid === SID_ORDER) return this.onOrder(frame.data);
    if (frame.sid === SID_TRADE) return this.onTrades(frame.data);
    if (this.tickerSids.has(frame.sid)) return this.tickers.message(frame.data, now);
    return withDiagnostics(emptyOutput(), {
      unknown: 1,
      error: `CoinSwitch message on an unexpected subject "${clip(frame.subject, 80)}"`,
    });
  }

  /** Order Updates: one order per message. */
  private onOrder(data: string): SessionOutput {
    const out = emptyOutput();
    const decoded = decodeOrderMessage(data);
    if (!decoded.ok) return refusedFrameOutput('CoinSwitch', decoded.error, 'order message');
    if (!this.account.foreign(decoded.value, out)) this.account.order(decoded.value.o, out);
    return out;
  }

  /** Trade Updates: `o` is an array of executions. */
  private onTrades(data: string): SessionOutput {
    const out = emptyOutput();
    const decoded = decodeTradeMessage(data);
    if (!decoded.ok) return refusedFrameOutput('CoinSwitch', decoded.error, 'trade message');
    if (!this.account.foreign(decoded.value, out)) this.account.executions(decoded.value.o, out);
    return out;
  }

  private onStatus(frame: NatsStatus, now: number): SessionOutput {
    const out = emptyOutput();
    switch (frame.type) {
      case 'pong': {
        const connection = this.connection;
        connection.pongs++;
        if (connection.confirmAtPong !== undefined && connection.pongs >= connection.confirmAtPong) {
          connection.confirmAtPong = undefined;
          out.status = { status: 'live' };
          // The stream sends changes only: orders resting from before are read once (keyring only).
          if (!this.everLive && this.auth.current().keyring) out.requests = this.recovery.openOrders(now).requests;
          this.everLive = true;
        }
        return out;
      }
      case 'error': {
        const detail = clip(this.auth.scrub(frame.data) || 'error', 120);
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
      case 'js-ready':
        // Desk mode's JetStream consumers only; CoinSwitch never asks for one.
        return out;
    }
  }

  private noteOnce(out: SessionOutput, error: string): SessionOutput {
    if (this.connection.noted.has(error)) return out;
    this.connection.noted.add(error);
    return withDiagnostics(out, { error });
  }
}

function newConnectionState(): NatsConnectionState {
  return { noted: new Set(), pings: 0, pongs: 0, confirmAtPong: undefined };
}

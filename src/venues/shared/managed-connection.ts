import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import {
  RENEWING_CREDENTIAL,
  type ConnectionDiagnostics,
  type ConnectionStatus,
  type GapRecord,
} from '../../domain/types';
import type {
  GapWindow,
  RecoveryReport,
  RestRequest,
  RestResult,
  SessionOutput,
  VenueAdapter,
  VenueSession,
} from '../types';
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy, type Random } from './backoff';
import type { Clock, TimerHandle } from './clock';
import { ConnectionStats } from './connection-stats';
import { CredentialKeeper, type HeldCredential } from './credential-keeper';
import { GapTracker } from './gap-tracker';
import { authSecrets, KeyringError, parseKeyringRef, sameEndpoint, type FetchFn, type KeyringRef } from './keyring';
import { natsFrameLength, type NatsCommand } from './nats-protocol';
import { displayUrl, redact } from './redact';
import { runRest, type RestRoute } from './rest-runner';
import { SOCKET_CLOSED, SOCKET_OPEN, type SocketFactory, type SocketLike } from './socket';

/**
 * One connection's lifecycle: drives a `VenueSession` over successive sockets.
 *
 * - Statuses (docs/contract.md section 3): `connecting` for the first socket after `connect()`;
 *   `authenticating` / `live` as the session reports them; a session that reports no status at all
 *   is `live` from the first frame after open (until then the socket is open but the venue has not
 *   spoken, and the status stays `connecting` / `reconnecting`); `stale` when a live stream is silent
 *   for the adapter's window; `reconnecting` while waiting for, or opening, a retry; `error` after a
 *   session's `fatal` (or status `error`), with no retry until `connect()`; `disconnected` after
 *   `disconnect()`.
 * - Fencing: every socket gets an id; callbacks from any socket but the current one are ignored
 *   (frames, and the answers to REST requests the socket's session made).
 * - The session sees `open()` on every new socket (resubscribe, resync) and `closed()` for every
 *   socket it saw open; it is created once, so state that outlives sockets (dedupe) is kept.
 * - Gaps (gap-tracker.ts): leaving `live` after having been live opens a gap record; live again closes it
 *   and asks the session to `recover` the window; the session's `recovery` report settles it. Gap
 *   records reach the listener as `gap` events. REST reads the session asks for are run by
 *   rest-runner.ts (through the keyring relay, or the adapter's REST target).
 * - A frame over the adapter's `maxFrameLength` is counted as malformed and skipped (a NATS frame by its payload).
 * - A throwing session method is counted as malformed and recorded; it never ends the connection.
 * - Reasons and errors pass through `redact` (no URL query strings, no auth values).
 * - Keyring references (`auth.keyring`): the short-lived credential is kept by credential-keeper.ts;
 *   before a socket it is fetched when none is usable (status `connecting` / `reconnecting` meanwhile)
 *   and merged into the `auth` the session and the endpoint see (`currentConfig()`); while the socket is
 *   up it is renewed at `expiresAt - margin` (still `live`): a session that can re-authenticate on the
 *   open socket (`VenueSession.reauthenticate`) does so and the socket stays; otherwise the socket is
 *   replaced (`reconnecting`, "renewing the credential", for one handshake). The session is created once
 *   the first credential is in; later ones reach it through `VenueSession.updateAuth` (a session without
 *   that hook is recreated). A relay 401/403/404, or a credential for another endpoint, is `error`;
 *   any other failure is retried with backoff. README.md has the details.
 */

export interface ConnectionSettings {
  /** A socket that has not opened after this long counts as a failed attempt. */
  connectTimeoutMs: number;
  /** Silent for this many silence windows (while open): close and reconnect. */
  silenceReconnectFactor: number;
  /** Sliding window of `messagesPerSecond`. */
  rateWindowMs: number;
  /** How often `messagesPerSecond` is re-reported while open. */
  statsIntervalMs: number;
  /** Errors kept in diagnostics (newest last). */
  maxErrors: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_CONNECTION_SETTINGS: ConnectionSettings = {
  connectTimeoutMs: 10_000,
  silenceReconnectFactor: 3,
  rateWindowMs: 5_000,
  statsIntervalMs: 1_000,
  maxErrors: 10,
  backoff: DEFAULT_BACKOFF,
};

export interface ManagedConnectionDeps {
  socketFactory: SocketFactory;
  clock: Clock;
  random?: Random;
  settings?: Partial<ConnectionSettings>;
  /** Reaches the keyring relay (credentials, REST) and the adapters' REST targets. */
  fetch?: FetchFn;
  /** Sees or supplies the answers to the session's REST reads (record and replay, src/ingest/recording/). */
  rest?: RestHook;
}

export interface RestHook {
  /** Answers instead of the venue (a replay answers from its recording). */
  answer?(request: RestRequest): RestResult;
  /** Every answer the session is about to get (a recording keeps them). */
  answered?(request: RestRequest, result: RestResult): void;
}

export interface ConnectionListener {
  /** Normalized events from the session (and gap records), in arrival order. */
  events(connectionId: string, events: DomainEvent[]): void;
  /** Something in `diagnostics()` changed. */
  changed(connectionId: string): void;
}

export interface ConnectionTarget<Options> {
  config: ConnectionConfig;
  adapter: VenueAdapter<Options>;
  /** What `adapter.parseOptions(config)` returned. */
  options: Options;
  /**
   * The last moment an earlier page (or worker) had this connection live: a gap from then ("page
   * closed") is open from the start and recovered at the first live.
   */
  liveUntil?: number;
  /**
   * For a member of a standby pair (standby-pair.ts): the pair keeps the gap records and asks the member
   * to recover (`recoverWindow`); the member's recovery reports go here instead of its own records.
   */
  recoveryReports?: (report: RecoveryReport) => void;
  /**
   * For a member of a standby pair: whether replacing this socket for a renewed credential may happen
   * now (the partner is live). Until it may, the renewal waits, short of the old credential's last
   * seconds, so the two members never renew at once and the pair stays live throughout.
   */
  mayReplaceSocket?: () => boolean;
}

/** `fetching`: a keyring credential is being fetched before the next socket (there is none yet). */
type Phase = 'idle' | 'fetching' | 'connecting' | 'open' | 'waiting' | 'failed' | 'stopped';

/** The close reason of a socket replaced by a renewed credential, and the status reason meanwhile (src/domain/types.ts). */
export { RENEWING_CREDENTIAL };
/** How often a renewal held back by `mayReplaceSocket` asks again. */
const REPLACE_RETRY_MS = 250;
/** A held-back renewal goes ahead anyway once the credential in use has this little left. */
const REPLACE_DEADLINE_MS = 2_000;
/**
 * After closing a socket for a renewal, the next opens when the venue has acknowledged the close, or
 * after this long: a venue counts a socket until its close completes (Rails: 2 per market, 403 beyond).
 */
const CLOSE_ACK_WAIT_MS = 1_000;
/** The cause of a gap that began while the page (or its ingest worker) was not running. */
export const PAGE_CLOSED = 'the page (or its ingest worker) was not running';

/** Close codes this lifecycle uses on its own sockets (4000-4999 is free for applications). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_SILENT = 4000;

/** Frames longer than this are skipped, unless the adapter sets its own cap. */
export const DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;

export class ManagedConnection<Options = unknown> {
  readonly id: string;
  private readonly settings: ConnectionSettings;
  private readonly clock: Clock;
  private readonly socketFactory: SocketFactory;
  private readonly backoff: Backoff;
  private readonly stats: ConnectionStats;
  /** Values redacted from every reason: the config's auth (keyring url and id excepted) and fetched credentials. */
  private secrets: string[];
  private readonly baseSecrets: string[];
  /** Created in the constructor; for a keyring credential, once the first credential is in. */
  private session: VenueSession | undefined;
  private readonly keyring: KeyringRef | undefined;
  /** The keyring credential, when the adapter needs one (`keyringCredential`). */
  private readonly credentials: CredentialKeeper | undefined;
  /** The credential the session was created or last updated with. */
  private sessionCredential: HeldCredential | undefined;
  private readonly fetchFn: FetchFn | undefined;
  private readonly restHook: RestHook | undefined;
  private readonly gaps: GapTracker | undefined;
  /** A window to recover once the current handler is done (the connection just became live again). */
  private recoverDue: GapWindow | undefined;

  private phase: Phase = 'idle';
  private current: ConnectionStatus = 'connecting';
  private reason: string | undefined;
  private socket: SocketLike | null = null;
  /** Id of the current socket; 0 when there is none. Callbacks carry their socket's id. */
  private socketId = 0;
  private lastSocketId = 0;
  private socketsSinceConnect = 0;
  private openedAt = 0;
  private lastFrameAt = 0;
  /** The last frame received while live (the start of a gap, should one open). */
  private lastLiveFrameAt: number | undefined;
  /** Whether the session reported a status since the current socket opened. */
  private statusReported = false;
  private lastCause = '';
  private reportedRate = 0;
  private disposed = false;
  /** Timers that belong to the current socket (connect timeout, heartbeat, stats). */
  private socketTimeouts: TimerHandle[] = [];
  private socketIntervals: TimerHandle[] = [];
  private watchdog: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;

  constructor(
    private readonly target: ConnectionTarget<Options>,
    deps: ManagedConnectionDeps,
    private readonly listener: ConnectionListener,
  ) {
    this.id = target.config.id;
    this.settings = { ...DEFAULT_CONNECTION_SETTINGS, ...deps.settings };
    this.clock = deps.clock;
    this.socketFactory = deps.socketFactory;
    this.backoff = new Backoff(this.settings.backoff, deps.random ?? Math.random);
    this.stats = new ConnectionStats(this.settings.rateWindowMs, this.settings.maxErrors);
    this.baseSecrets = [...authSecrets(target.config.auth), ...queryValues(target.config.url)];
    this.secrets = this.baseSecrets;
    this.fetchFn = deps.fetch;
    this.restHook = deps.rest;
    if (!target.recoveryReports) {
      this.gaps = new GapTracker(this.id, (gap) => this.emitGap(gap));
      if (target.liveUntil !== undefined) this.gaps.resumeAfter(target.liveUntil, PAGE_CLOSED);
    }
    if (target.config.auth.keyring !== undefined) {
      const parsed = parseKeyringRef(target.config.auth);
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      this.keyring = parsed.ref;
    }
    if (this.keyring && target.adapter.keyringCredential !== false) {
      const configUrl = target.config.url;
      this.credentials = new CredentialKeeper(
        this.keyring,
        this.clock,
        deps.fetch,
        this.settings.connectTimeoutMs,
        (endpoint) => sameEndpoint(endpoint, configUrl),
      );
      this.stats.credentialRenews = true;
    } else {
      this.session = target.adapter.createSession(target.config, target.options);
    }
  }

  /**
   * The config the session and the adapter's `endpoint()` see: for a keyring credential, `auth` is the
   * fetched credential with the `keyring` reference alongside (so a session can tell); otherwise the
   * connection's own config.
   */
  currentConfig(): ConnectionConfig {
    const { config } = this.target;
    const held = this.credentials?.held;
    if (!held) return config;
    return { ...config, auth: { ...held.auth, keyring: config.auth.keyring } };
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Starts (or restarts after `error` / `disconnected`); while waiting for a retry, retries now. */
  connect(): void {
    if (this.disposed || this.phase === 'fetching' || this.phase === 'connecting' || this.phase === 'open') return;
    if (this.phase === 'waiting') return this.wake();
    // After an error or a disconnect, a keyring connection starts from a fresh credential.
    this.credentials?.drop();
    this.backoff.reset();
    this.socketsSinceConnect = 0;
    this.openSocket();
  }

  /** Closed by the user: `disconnected`, no reconnect until `connect()`. */
  disconnect(): void {
    if (this.disposed) return;
    this.shutDown('disconnected by user');
    this.phase = 'stopped';
    this.setStatus('disconnected', undefined);
  }

  /** Closes everything and never calls the listener again. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.shutDown('connection removed');
    this.phase = 'stopped';
  }

  /** The tab is visible again: skip a pending backoff wait, and re-check silence at once. */
  wake(): void {
    if (this.disposed) return;
    if (this.phase === 'waiting') {
      this.clearRetry();
      this.openSocket();
    } else if (this.phase === 'open') {
      this.checkSilence(this.socketId);
    }
  }

  /** Fill duplicates found downstream (the ingest worker's dedupe) count on this connection. */
  noteDuplicatesDropped(count: number): void {
    if (count <= 0) return;
    this.stats.duplicatesDropped += count;
    this.notify();
  }

  /** Malformed input found before the session (a recording's bad lines): counted like malformed frames. */
  noteMalformed(count: number, message: string): void {
    this.stats.malformedTotal += count;
    this.noteError(message);
  }

  /** Records a problem found downstream of the session (e.g. the ingest buffer overflowed). */
  noteError(message: string): void {
    this.recordError(message);
    this.notify();
  }

  /**
   * Events of this connection were lost downstream between `from` and `to` (the ingest buffer refused
   * them): a gap, recovered by the session like any other (at once when the socket is open and live).
   */
  noteLost(from: number, to: number, cause: string): void {
    if (this.disposed || !this.gaps) return;
    const window = this.gaps.lost(from, to, cause);
    if (this.phase === 'open' && this.current === 'live') this.recover(this.socketId, window);
    else this.recoverDue = window;
  }

  /** Asks the session to recover `window` (now when live, else once live again): for a standby pair. */
  recoverWindow(window: GapWindow): void {
    if (this.disposed) return;
    if (this.phase === 'open' && this.current === 'live') this.recover(this.socketId, window);
    else this.recoverDue = window;
  }

  /** The last frame received while live, if the connection was ever live. */
  get lastLiveAt(): number | undefined {
    return this.lastLiveFrameAt;
  }

  diagnostics(): ConnectionDiagnostics {
    const now = this.clock.now();
    const rate = this.phase === 'open' ? this.stats.messagesPerSecond(now) : 0;
    return this.stats.snapshot(
      { connectionId: this.id, venue: this.target.config.venue, status: this.current, reason: this.reason },
      rate,
    );
  }

  // ---- sockets ------------------------------------------------------------------------------

  /** A new attempt: status, then the keyring credential when one is needed, then the socket. */
  private openSocket(reason?: string): void {
    const retry = this.socketsSinceConnect > 0;
    this.socketsSinceConnect++;
    if (retry) {
      this.stats.reconnects++;
      this.setStatus(
        'reconnecting',
        reason ?? `reconnecting (attempt ${this.backoff.attempts}) after ${this.lastCause}`,
      );
    } else {
      this.setStatus('connecting', undefined);
    }
    this.notify();
    if (this.credentials && !this.credentials.usable(this.clock.now())) return this.fetchCredential('socket');
    this.createSocket();
  }

  private createSocket(): void {
    if (!this.prepareSession()) return;
    const { adapter, options } = this.target;
    const config = this.currentConfig();
    let url: string;
    let protocols: string[] | undefined;
    try {
      ({ url, protocols } = adapter.endpoint(config, options));
    } catch (error) {
      return this.fail(`cannot build the venue URL: ${errorMessage(error)}`);
    }
    let socket: SocketLike;
    try {
      socket = this.socketFactory(url, protocols);
    } catch (error) {
      // Browsers throw only for a malformed URL or subprotocol: retrying cannot help.
      return this.fail(`cannot open ${displayUrl(url)}: ${errorMessage(error)}`);
    }

    const id = ++this.lastSocketId;
    this.socketId = id;
    this.socket = socket;
    this.phase = 'connecting';
    socket.onOpen = () => this.handleOpen(id);
    socket.onText = (text) =>
      this.handleFrame(id, text.length, 'message', (session, now) => session.message(text, now));
    if (socket.sendNats) {
      socket.onNats = (frame) =>
        this.handleFrame(id, natsFrameLength(frame), 'natsFrame', (session, now) =>
          session.natsFrame ? session.natsFrame(frame, now) : natsWithoutSession(),
        );
    }
    socket.onClose = (code, reason) => this.handleClose(id, code, reason);
    socket.onError = (message) => this.handleError(id, message);
    this.socketTimeouts.push(
      this.clock.setTimeout(() => this.handleConnectTimeout(id), this.settings.connectTimeoutMs),
    );
  }

  private handleOpen(id: number): void {
    if (id !== this.socketId || this.phase !== 'connecting') return;
    this.clearSocketTimers();
    const now = this.clock.now();
    this.phase = 'open';
    this.openedAt = now;
    this.lastFrameAt = now;
    this.stats.connectedAt = now;
    this.reportedRate = 0;
    const { heartbeatIntervalMs } = this.target.adapter;
    if (heartbeatIntervalMs > 0) {
      this.socketIntervals.push(this.clock.setInterval(() => this.handleHeartbeat(id), heartbeatIntervalMs));
    }
    this.socketIntervals.push(this.clock.setInterval(() => this.reportRate(id), this.settings.statsIntervalMs));
    this.armWatchdog(id, this.target.adapter.silenceTimeoutMs);
    this.scheduleRenewal(id, now);

    this.statusReported = false;
    this.applyOutput(
      this.withSession('open', (session) => session.open(now)),
      id,
    );
    this.runDueRecovery(id);
    this.notify();
  }

  /**
   * One frame from socket `id`: a text frame (`message`) or a typed NATS frame (`natsFrame`); `length`
   * is what the adapter's `maxFrameLength` caps (the text, or a NATS frame's payload).
   */
  private handleFrame(
    id: number,
    length: number,
    method: 'message' | 'natsFrame',
    deliver: (session: VenueSession, now: number) => SessionOutput,
  ): void {
    // Fencing: a late frame from a socket we already left behind is dropped here.
    if (id !== this.socketId || this.phase !== 'open') return;
    const now = this.clock.now();
    const silence = now - this.lastFrameAt;
    this.lastFrameAt = now;
    // A frame after a silence past the window: the watchdog sleeps until that silence's reconnect
    // deadline; from this frame on it must watch one window again, or a second silence right after
    // goes unseen (no stale, no gap) until the old deadline.
    const window = this.target.adapter.silenceTimeoutMs;
    if (window > 0 && silence >= window) this.armWatchdog(id, window);
    this.stats.message(now);
    const cap = this.target.adapter.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    if (length > cap) {
      // Counted and skipped before any parsing: one oversized frame must not stall the page.
      this.stats.malformedTotal++;
      this.recordError(`a frame of ${length} characters is over this venue's cap of ${cap}; skipped`);
      this.notify();
      return;
    }
    if (this.current === 'stale') this.setStatus('live', undefined);
    this.applyOutput(
      this.withSession(method, (session) => deliver(session, now)),
      id,
    );
    if (!this.statusReported && id === this.socketId) {
      this.statusReported = true;
      this.setStatus('live', undefined);
    }
    if (this.current === 'live' && id === this.socketId) this.lastLiveFrameAt = now;
    this.runDueRecovery(id);
    this.notify();
  }

  private handleHeartbeat(id: number): void {
    if (id !== this.socketId || this.phase !== 'open') return;
    const now = this.clock.now();
    this.applyOutput(
      this.withSession('heartbeat', (session) => session.heartbeat(now)),
      id,
    );
    this.runDueRecovery(id);
  }
  private handleError(id: number, message: string): void {
    if (id !== this.socketId) return;
    this.recordError(message ? `socket error: ${message}` : 'socket error');
    this.notify();
    // Platforms follow an error with a close; if this socket is already closed, none will come.
    if (this.socket?.readyState === SOCKET_CLOSED) this.handleClose(id, 1006, '');
  }
  private handleClose(id: number, code: number, reason: string): void {
    if (id !== this.socketId) return;
    const wasOpen = this.phase === 'open';
    const uptime = wasOpen ? this.clock.now() - this.openedAt : 0;
    this.releaseSocket(undefined);
    const detail = reason ? `${code}: ${reason}` : String(code);
    let cause = wasOpen ? `socket closed (${detail})` : `could not connect (${detail})`;
    const now = this.clock.now();
    // A refused handshake may have refused the credential: the next attempt fetches a fresh one.
    if (!wasOpen) this.credentials?.drop();
    const output = wasOpen
      ? this.withSession('closed', (session) => session.closed(code, reason, now))
      : this.session?.handshakeFailed
        ? this.withSession('handshakeFailed', (session) => session.handshakeFailed?.(now) ?? { events: [], send: [] })
        : undefined;
    const fatal = this.applyOutput(output, 0);
    if (fatal !== undefined) return this.fail(fatal);
    if (output?.hint) cause = `${cause}: ${output.hint}`;
    this.scheduleRetry(cause, uptime);
  }

  private handleConnectTimeout(id: number): void {
    if (id !== this.socketId || this.phase !== 'connecting') return;
    this.releaseSocket({ code: CLOSE_NORMAL, reason: 'connect timeout' });
    this.scheduleRetry(`connect timed out after ${seconds(this.settings.connectTimeoutMs)}`, 0);
  }
  // ---- silence watchdog ---------------------------------------------------------------------

  private armWatchdog(id: number, delay: number): void {
    if (this.target.adapter.silenceTimeoutMs <= 0) return;
    if (this.watchdog !== undefined) this.clock.clearTimeout(this.watchdog);
    this.watchdog = this.clock.setTimeout(() => this.checkSilence(id), Math.max(0, delay));
  }
  /**
   * One timer, re-armed lazily: a frame does not touch it; when it fires it compares the silence
   * so far with the window and sleeps until the next deadline. No timer churn per frame.
   */
  private checkSilence(id: number): void {
    if (id !== this.socketId || this.phase !== 'open') return;
    const window = this.target.adapter.silenceTimeoutMs;
    if (window <= 0) return;
    const now = this.clock.now();
    const silent = now - this.lastFrameAt;
    const limit = window * this.settings.silenceReconnectFactor;
    if (silent >= limit) return this.restart(`no message for ${seconds(silent)}`, CLOSE_SILENT);
    if (silent >= window && this.current === 'live') {
      this.setStatus('stale', `no message for ${seconds(silent)}`);
      this.notify();
    }
    const nextDeadline = silent >= window ? this.lastFrameAt + limit : this.lastFrameAt + window;
    this.armWatchdog(id, nextDeadline - now);
  }
  private reportRate(id: number): void {
    if (id !== this.socketId) return;
    const rate = this.stats.messagesPerSecond(this.clock.now());
    if (rate !== this.reportedRate) {
      this.reportedRate = rate;
      this.notify();
    }
  }
  // ---- transitions --------------------------------------------------------------------------

  /** Closes a healthy-looking but useless socket (silent) and retries with backoff. */
  private restart(cause: string, code: number): void {
    const uptime = this.clock.now() - this.openedAt;
    const fatal = this.closeCurrent(code, cause);
    if (fatal !== undefined) return this.fail(fatal);
    this.scheduleRetry(cause, uptime);
  }
  private scheduleRetry(cause: string, uptime: number): void {
    this.backoff.socketLasted(uptime);
    const delay = this.backoff.next();
    this.phase = 'waiting';
    this.stats.connectedAt = undefined;
    this.lastCause = redact(cause, this.secrets);
    this.recordError(cause);
    this.setStatus('reconnecting', `${cause}; retrying in ${(delay / 1000).toFixed(1)} s`, cause);
    this.notify();
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.phase === 'waiting') this.openSocket();
    }, delay);
  }

  /** A permanent failure: close, show `error`, and wait for `connect()`. */
  private fail(reason: string): void {
    this.closeCurrent(CLOSE_NORMAL, 'permanent failure');
    this.clearRetry();
    this.phase = 'failed';
    this.stats.connectedAt = undefined;
    this.recordError(reason);
    this.setStatus('error', reason);
    this.notify();
  }
  /** User-initiated close: a fatal the session reports now is moot. */
  private shutDown(reason: string): void {
    this.closeCurrent(CLOSE_NORMAL, reason);
    this.clearRetry();
    this.stats.connectedAt = undefined;
  }
  /** Closes the current socket, if any, and tells the session; returns a fatal it reported. */
  private closeCurrent(code: number, reason: string): string | undefined {
    const wasOpen = this.phase === 'open';
    this.releaseSocket({ code, reason });
    if (!wasOpen) return undefined;
    const now = this.clock.now();
    return this.applyOutput(
      this.withSession('closed', (session) => session.closed(code, reason, now)),
      0,
    );
  }
  /** Forgets the current socket (fencing every later callback from it) and its timers. */
  private releaseSocket(close: { code: number; reason: string } | undefined): void {
    const socket = this.socket;
    this.socket = null;
    this.socketId = 0;
    this.clearSocketTimers();
    this.credentials?.cancel();
    if (this.phase === 'fetching' || this.phase === 'connecting' || this.phase === 'open') this.phase = 'idle';
    if (socket && close) {
      try {
        socket.close(close.code, close.reason);
      } catch {
        // Already closing or closed: nothing left to release.
      }
    }
  }
  // ---- gaps and recovery --------------------------------------------------------------------

  private emitGap(gap: GapRecord): void {
    if (this.disposed) return;
    const safe: GapRecord = { ...gap };
    if (gap.cause !== undefined) safe.cause = redact(gap.cause, this.secrets);
    if (gap.detail !== undefined) safe.detail = redact(gap.detail, this.secrets);
    this.listener.events(this.id, [{ kind: 'gap', gap: safe }]);
  }

  private reportRecovery(report: RecoveryReport): void {
    if (this.target.recoveryReports) this.target.recoveryReports(report);
    else this.gaps?.report(report);
  }

  /** A recovery that became due during the handler that just ran (the connection went live again). */
  private runDueRecovery(id: number): void {
    const window = this.recoverDue;
    if (!window || id !== this.socketId || this.phase !== 'open' || this.current !== 'live') return;
    this.recover(id, window);
  }

  private recover(id: number, window: GapWindow): void {
    this.recoverDue = undefined;
    const session = this.session;
    if (!session?.recover) {
      this.reportRecovery({
        recovered: 'none',
        detail: `${this.target.adapter.displayName} offers no way to recover what was sent while the connection was down`,
      });
      return;
    }
    const now = this.clock.now();
    this.applyOutput(
      this.callSession('recover', () => session.recover?.(window, now) ?? { events: [], send: [] }),
      id,
    );
  }

  /** Runs the session's REST reads; an answer reaches the session only while its socket is current. */
  private runRequests(requests: readonly RestRequest[], id: number): void {
    const hook = this.restHook;
    const route = hook?.answer ? undefined : this.restRoute();
    for (const request of requests) {
      const answer = hook?.answer
        ? Promise.resolve(hook.answer(request))
        : runRest(route, request, { fetch: this.fetchFn, clock: this.clock });
      void answer.then((result) => {
        hook?.answered?.(request, result);
        this.handleRestAnswer(id, request.id, result);
      });
    }
  }

  private handleRestAnswer(id: number, requestId: string, result: RestResult): void {
    if (this.disposed || id !== this.socketId || this.phase !== 'open') return;
    const safe: RestResult = result.ok ? result : { ok: false, error: redact(result.error, this.secrets) };
    const now = this.clock.now();
    const session = this.session;
    if (!session?.response) return;
    this.applyOutput(
      this.callSession('response', () => session.response?.(requestId, safe, now) ?? { events: [], send: [] }),
      id,
    );
    this.runDueRecovery(id);
    this.notify();
  }

  /** Where this connection's REST reads go: the keyring relay, the adapter's target, or nowhere. */
  private restRoute(): RestRoute {
    if (this.keyring) return { keyring: this.keyring };
    const { adapter, options } = this.target;
    let target;
    try {
      target = adapter.rest?.(this.currentConfig(), options);
    } catch (error) {
      this.recordError(`cannot build the venue's REST target: ${errorMessage(error)}`);
      return undefined;
    }
    if (!target) return undefined;
    this.secrets = [
      ...this.secrets,
      ...Object.values(target.headers).flatMap((v) => [v, v.replace(/^Bearer\s+/i, '')]),
    ];
    return { target };
  }

  // ---- keyring credentials ------------------------------------------------------------------

  /** While a socket is up: fetch the next credential `margin` before this one expires. */
  private scheduleRenewal(id: number, now: number): void {
    const at = this.credentials?.renewAt();
    if (at === undefined) return;
    this.socketTimeouts.push(this.clock.setTimeout(() => this.renew(id), Math.max(0, at - now)));
  }

  private renew(id: number): void {
    if (id !== this.socketId || this.phase !== 'open') return;
    this.fetchCredential('renew');
  }

  /**
   * `socket`: no usable credential, no socket yet (phase `fetching`). `renew`: the socket stays up and
   * `live` while the next credential is fetched; the fetch ends with the socket.
   */
  private fetchCredential(purpose: 'socket' | 'renew'): void {
    const keeper = this.credentials;
    if (!keeper) return;
    if (purpose === 'socket') this.phase = 'fetching';
    keeper.fetch({
      arrived: (held) => this.credentialArrived(purpose, held),
      failed: (error) => this.credentialFailed(purpose, error),
    });
  }

  private credentialArrived(purpose: 'socket' | 'renew', held: HeldCredential): void {
    if (this.disposed) return;
    const now = this.clock.now();
    this.rememberSecrets();
    if (held.expiresAt !== undefined) this.stats.credentialExpiresAt = held.expiresAt;
    if (purpose === 'socket') {
      if (this.phase === 'fetching') this.createSocket();
      return;
    }
    if (this.phase !== 'open') return;
    if (this.reauthenticateInPlace(now)) return;
    this.replaceSocketForRenewal();
  }

  /**
   * Break before make: venues cap connections (Rails: 2 per market), so the old socket goes first and
   * the new one opens once the venue has acknowledged the close. A standby member waits for its partner
   * to be live first.
   */
  private replaceSocketForRenewal(): void {
    if (this.phase !== 'open' || this.disposed) return;
    const now = this.clock.now();
    const expiresAt = this.sessionCredential?.expiresAt;
    const deadlineNear = expiresAt !== undefined && expiresAt - now <= REPLACE_DEADLINE_MS;
    if (this.target.mayReplaceSocket && !deadlineNear && !this.target.mayReplaceSocket()) {
      const id = this.socketId;
      const retry = () => {
        if (id === this.socketId) this.replaceSocketForRenewal();
      };
      this.socketTimeouts.push(this.clock.setTimeout(retry, REPLACE_RETRY_MS));
      return;
    }
    const old = this.socket;
    const uptime = now - this.openedAt;
    const fatal = this.closeCurrent(CLOSE_NORMAL, RENEWING_CREDENTIAL);
    if (fatal !== undefined) return this.fail(fatal);
    this.backoff.socketLasted(uptime);
    this.setStatus('reconnecting', RENEWING_CREDENTIAL);
    this.notify();
    let opened = false;
    const open = () => {
      if (opened || this.disposed || this.phase !== 'idle' || this.socket) return;
      opened = true;
      this.openSocket(RENEWING_CREDENTIAL);
    };
    // The old socket's callbacks are fenced off by now; its close event only says the venue let it go.
    if (old) old.onClose = open;
    this.socketTimeouts.push(this.clock.setTimeout(open, CLOSE_ACK_WAIT_MS));
  }

  /** A session that can re-authenticate on the open socket keeps it (see `VenueSession.reauthenticate`). */
  private reauthenticateInPlace(now: number): boolean {
    const session = this.session;
    if (!session?.reauthenticate) return false;
    const held = this.credentials?.held;
    const auth = this.currentConfig().auth;
    let output: SessionOutput | undefined;
    try {
      output = session.reauthenticate(auth, now);
    } catch (error) {
      this.recordError(`session reauthenticate() threw: ${errorMessage(error)}`);
      return false;
    }
    if (!output) return false;
    this.sessionCredential = held;
    const id = this.socketId;
    this.applyOutput(output, id);
    this.scheduleRenewal(id, now);
    this.notify();
    return true;
  }

  private credentialFailed(purpose: 'socket' | 'renew', error: unknown): void {
    if (this.disposed) return;
    this.rememberSecrets();
    const reason = error instanceof KeyringError ? error.message : `keyring relay: ${errorMessage(error)}`;
    if (error instanceof KeyringError && error.permanent) return this.fail(reason);
    if (purpose === 'socket') {
      if (this.phase === 'fetching') {
        this.phase = 'idle';
        this.scheduleRetry(reason, 0);
      }
      return;
    }
    // Renewal failed: the socket keeps its credential while it lasts; try again before it runs out.
    if (this.phase !== 'open') return;
    const id = this.socketId;
    const now = this.clock.now();
    this.recordError(`could not renew the credential: ${reason}`);
    this.notify();
    const delay = this.credentials?.retryDelay(now) ?? 30_000;
    this.socketTimeouts.push(this.clock.setTimeout(() => this.renew(id), delay));
  }

  /** Creates the session once the first credential is in; hands it each renewed one. */
  private prepareSession(): boolean {
    if (!this.credentials) return true;
    const held = this.credentials.held;
    if (this.session && held === this.sessionCredential) return true;
    const config = this.currentConfig();
    try {
      if (this.session?.updateAuth) this.session.updateAuth(config.auth);
      else this.session = this.target.adapter.createSession(config, this.target.options);
    } catch (error) {
      this.fail(`cannot start the ${this.target.adapter.displayName} session: ${errorMessage(error)}`);
      return false;
    }
    this.sessionCredential = held;
    return true;
  }

  private rememberSecrets(): void {
    this.secrets = [...this.baseSecrets, ...(this.credentials?.secrets() ?? [])];
  }

  // ---- session output -----------------------------------------------------------------------

  /** `callSession` on the session, when there is one (a keyring connection has none before its first credential). */
  private withSession(
    method: keyof VenueSession,
    call: (session: VenueSession) => SessionOutput,
  ): SessionOutput | undefined {
    const session = this.session;
    if (!session) return undefined;
    return this.callSession(method, () => call(session));
  }
  private callSession(method: keyof VenueSession, call: () => SessionOutput): SessionOutput | undefined {
    try {
      return call();
    } catch (error) {
      this.stats.malformedTotal++;
      this.recordError(`session ${method}() threw: ${errorMessage(error)}`);
      this.notify();
      return undefined;
    }
  }
  /**
   * Applies counters, events and (for socket `id`, when it is still current) frames, REST requests,
   * the recovery report and status. Returns the fatal reason instead of acting on it when `id` is 0
   * (the socket is already gone).
   */
  private applyOutput(output: SessionOutput | undefined, id: number): string | undefined {
    if (!output) return undefined;
    if (output.diagnostics) {
      this.stats.addSession(output.diagnostics);
      if (output.diagnostics.error) this.recordError(output.diagnostics.error);
    }
    if (typeof output.credentialExpiresAt === 'number') this.stats.credentialExpiresAt = output.credentialExpiresAt;
    if (output.events && output.events.length > 0 && !this.disposed) this.listener.events(this.id, output.events);
    if (output.recovery) this.reportRecovery(output.recovery);

    const fatal =
      output.fatal ??
      (output.status?.status === 'error' ? (output.status.reason ?? 'the venue reported an error') : undefined);
    if (id === 0 || id !== this.socketId) return fatal;
    if (fatal !== undefined) {
      this.fail(fatal);
      return undefined;
    }
    for (const text of output.send ?? []) this.send(text);
    for (const command of output.nats ?? []) this.sendNats(command);
    if (output.requests && output.requests.length > 0) this.runRequests(output.requests, id);
    if (output.status) {
      this.statusReported = true;
      this.setStatus(output.status.status, output.status.reason);
    }
    return undefined;
  }

  private send(text: string): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) return;
    try {
      socket.send(text);
    } catch (error) {
      this.recordError(`send failed: ${errorMessage(error)}`);
    }
  }

  private sendNats(command: NatsCommand): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) return;
    try {
      if (!socket.sendNats) throw new TypeError('this socket is not a NATS transport');
      socket.sendNats(command);
    } catch (error) {
      this.recordError(`send failed: ${errorMessage(error)}`);
    }
  }
  // ---- small helpers ------------------------------------------------------------------------

  /** `cause`: why, for a gap this change opens (the reason without its retry countdown); default the reason. */
  private setStatus(status: ConnectionStatus, reason: string | undefined, cause = reason): void {
    const safe = reason === undefined ? undefined : redact(reason, this.secrets);
    if (status === this.current && safe === this.reason) return;
    const was = this.current;
    this.current = status;
    this.reason = safe;
    if (status === 'live' && was !== 'live') this.lastLiveFrameAt = this.clock.now();
    if (this.gaps && status !== was) {
      const now = this.clock.now();
      const lastLive = was === 'live' || was === 'stale' ? this.lastLiveFrameAt : undefined;
      const why = cause === undefined ? status : redact(cause, this.secrets);
      const window = this.gaps.status(status, now, lastLive, why);
      if (window) this.recoverDue = window;
    }
    this.notify();
  }

  private recordError(message: string): void {
    this.stats.error(this.clock.now(), redact(message, this.secrets));
  }
  private notify(): void {
    if (!this.disposed) this.listener.changed(this.id);
  }
  private clearSocketTimers(): void {
    for (const timer of this.socketTimeouts) this.clock.clearTimeout(timer);
    for (const timer of this.socketIntervals) this.clock.clearInterval(timer);
    this.socketTimeouts = [];
    this.socketIntervals = [];
    if (this.watchdog !== undefined) this.clock.clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }
  private clearRetry(): void {
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

/** A typed NATS frame for a session that speaks text only: counted, never silently lost. */
function natsWithoutSession(): SessionOutput {
  return {
    events: [],
    send: [],
    diagnostics: { unknown: 1, error: 'a NATS frame reached a session without natsFrame()' },
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

/** Query parameter values of a URL (a relay URL's `?token=`), treated as secrets in reasons. */
function queryValues(url: string): string[] {
  try {
    return [...new URL(url).searchParams.values()].filter((value) => value.length >= 6);
  } catch {
    return [];
  }
}

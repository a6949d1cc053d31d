import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import type { ConnectionDiagnostics, ConnectionStatus } from '../../domain/types';
import type { SessionOutput, VenueAdapter, VenueSession } from '../types';
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy, type Random } from './backoff';
import type { Clock, TimerHandle } from './clock';
import { ConnectionStats } from './connection-stats';
import {
  authSecrets,
  fetchKeyringCredential,
  KeyringError,
  parseKeyringRef,
  type FetchFn,
  type KeyringCredential,
  type KeyringRef,
} from './keyring';
import { displayUrl, redact, secretStrings } from './redact';
import { SOCKET_CLOSED, SOCKET_OPEN, type SocketFactory, type SocketLike } from './socket';

/**
 * One connection's lifecycle: drives a `VenueSession` over successive sockets.
 *
 * - Statuses (docs/contract.md section 3): `connecting` for the first socket after `connect()`;
 *   `authenticating` / `live` as the session reports them; a session that reports no status at all
 *   is `live` from the first frame after open (until then the socket is open but the venue has not
 *   spoken, and the status stays `connecting` / `reconnecting`); `stale` when a live stream is silent for the adapter's window; `reconnecting`
 *   while waiting for, or opening, a retry; `error` after a session's `fatal` (or status `error`),
 *   with no retry until `connect()`; `disconnected` after `disconnect()`.
 * - Fencing: every socket gets an id; callbacks from any socket but the current one are ignored.
 * - The session sees `open()` on every new socket (resubscribe, resync) and `closed()` for every
 *   socket it saw open; it is created once, so state that outlives sockets (dedupe) is kept.
 * - A throwing session method is counted as malformed and recorded; it never ends the connection.
 * - Reasons and errors pass through `redact` (no URL query strings, no auth values).
 * - Keyring references (`auth.keyring`, keyring.ts): before a socket, the credential is fetched from the
 *   relay (status `connecting` / `reconnecting` meanwhile) and merged into the `auth` the session and the
 *   endpoint see (`currentConfig()`); it is kept in memory, reused while more than its renewal margin is
 *   left, and renewed while the socket is up: at `expiresAt - margin` a new one is fetched (still `live`).
 *   A session that can re-authenticate on the open socket (`VenueSession.reauthenticate`) does so and the
 *   socket stays; otherwise the socket is replaced (`reconnecting`, "renewing the credential", for one handshake). The
 *   session is created once the first credential is in; later ones reach it through
 *   `VenueSession.updateAuth` (a session without that hook is recreated). A relay 401/403/404 is
 *   `error`; any other failure is retried with backoff. README.md has the details.
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
  /** Reaches the keyring relay for connections whose `auth` is a keyring reference. */
  fetch?: FetchFn;
}

export interface ConnectionListener {
  /** Normalized events from the session, in arrival order. */
  events(connectionId: string, events: DomainEvent[]): void;
  /** Something in `diagnostics()` changed. */
  changed(connectionId: string): void;
}

export interface ConnectionTarget<Options> {
  config: ConnectionConfig;
  adapter: VenueAdapter<Options>;
  /** What `adapter.parseOptions(config)` returned. */
  options: Options;
}

/** `fetching`: a keyring credential is being fetched before the next socket (there is none yet). */
type Phase = 'idle' | 'fetching' | 'connecting' | 'open' | 'waiting' | 'failed' | 'stopped';

/** A credential from the keyring relay, held in memory only. */
interface HeldCredential {
  auth: Record<string, unknown>;
  expiresAt?: number;
  fetchedAt: number;
}

/** The close reason of a socket replaced by a renewed credential, and the status reason meanwhile. */
export const RENEWING_CREDENTIAL = 'renewing the credential';
/** Renewal margin: at most this long before expiry... */
export const RENEW_MARGIN_MAX_MS = 60_000;
/** ...and at most this share of the credential's life (short-lived test credentials). */
export const RENEW_MARGIN_SHARE = 0.25;
/** Credential secrets remembered for redaction (the current one and a few before it). */
const REMEMBERED_CREDENTIAL_SECRETS = 12;

/** Close codes this lifecycle uses on its own sockets (4000-4999 is free for applications). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_SILENT = 4000;

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
  private credentialSecrets: string[] = [];
  /** Created in the constructor; for a keyring reference, once the first credential is in. */
  private session: VenueSession | undefined;
  private readonly keyring: KeyringRef | undefined;
  private readonly fetchFn: FetchFn | undefined;
  private credential: HeldCredential | undefined;
  /** The credential the session was created or last updated with. */
  private sessionCredential: HeldCredential | undefined;
  /** Fences keyring fetches: an answer for an older generation is ignored. */
  private fetchGeneration = 0;
  private fetchAbort: AbortController | undefined;
  private fetchTimer: TimerHandle | undefined;

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
    if (target.config.auth.keyring !== undefined) {
      const parsed = parseKeyringRef(target.config.auth);
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      this.keyring = parsed.ref;
      this.stats.credentialRenews = true;
    } else {
      this.session = target.adapter.createSession(target.config, target.options);
    }
  }

  /**
   * The config the session and the adapter's `endpoint()` see: for a keyring reference, `auth` is the
   * fetched credential with the `keyring` reference alongside (so a session can tell); otherwise the
   * connection's own config.
   */
  currentConfig(): ConnectionConfig {
    const { config } = this.target;
    if (!this.keyring || !this.credential) return config;
    return { ...config, auth: { ...this.credential.auth, keyring: config.auth.keyring } };
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Starts (or restarts after `error` / `disconnected`); while waiting for a retry, retries now. */
  connect(): void {
    if (this.disposed || this.phase === 'fetching' || this.phase === 'connecting' || this.phase === 'open') return;
    if (this.phase === 'waiting') return this.wake();
    // After an error or a disconnect, a keyring connection starts from a fresh credential.
    this.credential = undefined;
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

  /** Records a problem found downstream of the session (e.g. the ingest buffer overflowed). */
  noteError(message: string): void {
    this.recordError(message);
    this.notify();
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
    if (this.keyring && !this.credentialUsable(this.clock.now())) return this.fetchCredential('socket');
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
    socket.onText = (text) => this.handleText(id, text);
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
    this.notify();
  }

  private handleText(id: number, text: string): void {
    // Fencing: a late frame from a socket we already left behind is dropped here.
    if (id !== this.socketId || this.phase !== 'open') return;
    const now = this.clock.now();
    this.lastFrameAt = now;
    this.stats.message(now);
    if (this.current === 'stale') this.setStatus('live', undefined);
    this.applyOutput(
      this.withSession('message', (session) => session.message(text, now)),
      id,
    );
    if (!this.statusReported && id === this.socketId) {
      this.statusReported = true;
      this.setStatus('live', undefined);
    }
    this.notify();
  }

  private handleHeartbeat(id: number): void {
    if (id !== this.socketId || this.phase !== 'open') return;
    const now = this.clock.now();
    this.applyOutput(
      this.withSession('heartbeat', (session) => session.heartbeat(now)),
      id,
    );
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
    if (!wasOpen && this.keyring) this.credential = undefined;
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
    this.setStatus('reconnecting', `${cause}; retrying in ${(delay / 1000).toFixed(1)} s`);
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
    this.cancelFetch();
    if (this.phase === 'fetching' || this.phase === 'connecting' || this.phase === 'open') this.phase = 'idle';
    if (socket && close) {
      try {
        socket.close(close.code, close.reason);
      } catch {
        // Already closing or closed: nothing left to release.
      }
    }
  }

  // ---- keyring credentials ------------------------------------------------------------------

  /** Whether the held credential may open another socket: known expiry, more than the margin left. */
  private credentialUsable(now: number): boolean {
    const held = this.credential;
    if (!held) return false;
    // Without an expiry there is no telling how fresh it is: fetch one per socket.
    if (held.expiresAt === undefined) return false;
    return held.expiresAt - now > renewalMargin(held);
  }

  /** While a socket is up: fetch the next credential `margin` before this one expires. */
  private scheduleRenewal(id: number, now: number): void {
    const held = this.credential;
    if (!this.keyring || held?.expiresAt === undefined) return;
    const at = held.expiresAt - renewalMargin(held);
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
    const ref = this.keyring;
    if (!ref) return;
    const fetchFn = this.fetchFn;
    if (!fetchFn)
      return this.fail('this connection uses a keyring reference, but nothing here can reach the relay (no fetch)');
    this.cancelFetch();
    const generation = ++this.fetchGeneration;
    const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
    this.fetchAbort = abort;
    if (purpose === 'socket') this.phase = 'fetching';
    this.fetchTimer = this.clock.setTimeout(() => {
      if (generation !== this.fetchGeneration) return;
      this.cancelFetch();
      const limit = seconds(this.settings.connectTimeoutMs);
      this.credentialFailed(
        purpose,
        new KeyringError('unreachable', `keyring relay at ${displayUrl(ref.url)} did not answer within ${limit}`),
      );
    }, this.settings.connectTimeoutMs);
    fetchKeyringCredential(ref, fetchFn, abort?.signal).then(
      (result) => {
        if (generation !== this.fetchGeneration) return;
        this.clearFetchTimer();
        this.fetchAbort = undefined;
        this.credentialArrived(purpose, result);
      },
      (error: unknown) => {
        if (generation !== this.fetchGeneration) return;
        this.clearFetchTimer();
        this.fetchAbort = undefined;
        this.credentialFailed(purpose, error);
      },
    );
  }

  private credentialArrived(purpose: 'socket' | 'renew', result: KeyringCredential): void {
    if (this.disposed) return;
    const now = this.clock.now();
    this.rememberSecrets(result.credential);
    if (result.expiresAt !== undefined && result.expiresAt <= now) {
      return this.credentialFailed(
        purpose,
        new KeyringError(
          'bad-response',
          "the keyring relay handed out a credential that has already expired (is this computer's clock right?)",
        ),
      );
    }
    this.credential = { auth: result.credential, expiresAt: result.expiresAt, fetchedAt: now };
    if (result.expiresAt !== undefined) this.stats.credentialExpiresAt = result.expiresAt;
    if (purpose === 'socket') {
      if (this.phase === 'fetching') this.createSocket();
      return;
    }
    if (this.phase !== 'open') return;
    if (this.reauthenticateInPlace(now)) return;
    // Break before make: venues cap connections (Rails: 2 per market), so the old socket goes first.
    const uptime = now - this.openedAt;
    const fatal = this.closeCurrent(CLOSE_NORMAL, RENEWING_CREDENTIAL);
    if (fatal !== undefined) return this.fail(fatal);
    this.backoff.socketLasted(uptime);
    this.openSocket(RENEWING_CREDENTIAL);
  }

  /** A session that can re-authenticate on the open socket keeps it (see `VenueSession.reauthenticate`). */
  private reauthenticateInPlace(now: number): boolean {
    const session = this.session;
    if (!session?.reauthenticate) return false;
    const held = this.credential;
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
    const left = (this.credential?.expiresAt ?? now) - now;
    const delay = Math.min(30_000, Math.max(1_000, left / 3));
    this.socketTimeouts.push(this.clock.setTimeout(() => this.renew(id), delay));
  }

  /** Creates the session once the first credential is in; hands it each renewed one. */
  private prepareSession(): boolean {
    if (!this.keyring) return true;
    const held = this.credential;
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

  private rememberSecrets(credential: Record<string, unknown>): void {
    this.credentialSecrets = [...secretStrings(credential), ...this.credentialSecrets].slice(
      0,
      REMEMBERED_CREDENTIAL_SECRETS,
    );
    this.secrets = [...this.baseSecrets, ...this.credentialSecrets];
  }

  private cancelFetch(): void {
    this.fetchGeneration++;
    this.clearFetchTimer();
    const abort = this.fetchAbort;
    this.fetchAbort = undefined;
    abort?.abort();
  }

  private clearFetchTimer(): void {
    if (this.fetchTimer !== undefined) this.clock.clearTimeout(this.fetchTimer);
    this.fetchTimer = undefined;
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
   * Applies counters, events and (for socket `id`, when it is still current) frames and status.
   * Returns the fatal reason instead of acting on it when `id` is 0 (the socket is already gone).
   */
  private applyOutput(output: SessionOutput | undefined, id: number): string | undefined {
    if (!output) return undefined;
    if (output.diagnostics) {
      this.stats.addSession(output.diagnostics);
      if (output.diagnostics.error) this.recordError(output.diagnostics.error);
    }
    if (typeof output.credentialExpiresAt === 'number') this.stats.credentialExpiresAt = output.credentialExpiresAt;
    if (output.events && output.events.length > 0 && !this.disposed) this.listener.events(this.id, output.events);

    const fatal =
      output.fatal ??
      (output.status?.status === 'error' ? (output.status.reason ?? 'the venue reported an error') : undefined);
    if (id === 0 || id !== this.socketId) return fatal;
    if (fatal !== undefined) {
      this.fail(fatal);
      return undefined;
    }
    for (const text of output.send ?? []) this.send(text);
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

  // ---- small helpers ------------------------------------------------------------------------

  private setStatus(status: ConnectionStatus, reason: string | undefined): void {
    const safe = reason === undefined ? undefined : redact(reason, this.secrets);
    if (status === this.current && safe === this.reason) return;
    this.current = status;
    this.reason = safe;
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

/** How long before expiry a credential is renewed: 60 s, or a quarter of its life when that is shorter. */
function renewalMargin(held: HeldCredential): number {
  const life = (held.expiresAt ?? held.fetchedAt) - held.fetchedAt;
  return Math.max(0, Math.min(RENEW_MARGIN_MAX_MS, life * RENEW_MARGIN_SHARE));
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

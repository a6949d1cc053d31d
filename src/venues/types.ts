import type { ConnectionConfig } from '../domain/connection-config';
import type { DomainEvent } from '../domain/events';
import type { Instrument } from '../domain/instrument';
import type { VenueId } from '../domain/types';
import type { VenueEndpoints } from './shared/endpoints';
import type { NatsCommand, NatsFrame } from './shared/nats-protocol';

/**
 * The contract every venue folder implements. An adapter is pure protocol: it never opens a socket
 * itself. The shared lifecycle (src/venues/shared/managed-connection.ts) owns the socket, the timers,
 * backoff and fencing, and drives a `VenueSession` with what happened; the session answers with
 * frames to send and normalized events.
 */

export interface VenueCapabilities {
  /** How fills are known: sent by the venue, derived from order state, or inferred from positions. */
  fills: 'native' | 'derived' | 'inferred';
  orders: boolean;
  positions: boolean;
  balances: boolean;
  marks: boolean;
  notifications: boolean;
}

export interface SessionStatusChange {
  status: 'authenticating' | 'live' | 'error';
  /** Shown on the connection. Never contains a secret. */
  reason?: string;
}

/** Counters a session adds to the connection's diagnostics. */
export interface SessionDiagnostics {
  malformed?: number;
  unknown?: number;
  /** Valid frames dropped because they are not configured (ZDEX auto-push for other symbols). */
  filtered?: number;
  duplicates?: number;
  /** A message for the connection's error list (malformed frame, venue error code...). */
  error?: string;
}

export interface SessionOutput {
  events: DomainEvent[];
  /** Text frames to send now, in order. */
  send: string[];
  /** `transport: 'nats'` only: typed commands for the NATS transport, carried out in order after `send`. */
  nats?: NatsCommand[];
  status?: SessionStatusChange;
  diagnostics?: SessionDiagnostics;
  /**
   * A permanent failure (rejected credential...): the lifecycle closes the socket, shows `error` with
   * this reason and does not reconnect until the user edits or reconnects the connection.
   */
  fatal?: string;
  /** Unix ms at which the current credential expires, when the session learns it. */
  credentialExpiresAt?: number;
  /** An explanation the lifecycle appends to its retry reason (e.g. why a handshake was likely refused). */
  hint?: string;
  /**
   * REST reads to make now (recovery after a gap, reconciliation on connect). The lifecycle performs
   * each one (through the keyring relay's `/rest/<id>/<path>` for a keyring connection, else against the
   * adapter's `rest()` target) and hands the answer to `response(id, …)`, unless the socket that asked
   * is gone by then (fencing: the next socket asks again).
   */
  requests?: RestRequest[];
  /**
   * The recovery the lifecycle asked for with `recover()` is over: what it achieved for every gap still
   * pending. A session with `recover` must report this eventually (give up with `partial`/`none` rather
   * than never).
   */
  recovery?: RecoveryReport;
}

/** A read-only REST call a session asks for; `path` is the venue's own (allowlisted by the relay). */
export interface RestRequest {
  /** Echoed to `response`; unique among the session's requests in flight. */
  id: string;
  /** The venue's REST path, e.g. `/v5/execution/list`. */
  path: string;
  /** Query parameters, in the order the venue signs them. */
  query?: Record<string, string>;
}

/** The venue's answer (any HTTP status, body as text), or why there is none. */
export type RestResult = { ok: true; status: number; body: string } | { ok: false; error: string };

/** Where a connection without a keyring reference sends its REST calls (e.g. Rails with a pasted JWT). */
export interface RestTarget {
  /** Base URL the request path is appended to (no trailing slash). */
  baseUrl: string;
  /** Headers to send (e.g. `Authorization: Bearer <JWT>`); their values are secrets. */
  headers: Record<string, string>;
}

/** The interval a recovery covers: from the earliest gap still pending to when the connection was live again. */
export interface GapWindow {
  from: number;
  to: number;
}

export interface RecoveryReport {
  recovered: 'full' | 'partial' | 'none';
  /** What was recovered, or what may be missing and why; shown to the user, never a secret. */
  detail?: string;
}

export interface VenueSession {
  /** A new socket opened. Per-socket state is reset; state that outlives sockets (dedupe) is kept. */
  open(now: number): SessionOutput;
  /** One text frame arrived on the current socket. Never throws: bad frames are reported in diagnostics. */
  message(text: string, now: number): SessionOutput;
  /**
   * `transport: 'nats'` only: one typed frame from the NATS transport (a message with its subject,
   * payload, headers and JetStream position; a request's reply; a status). Never throws.
   */
  natsFrame?(frame: NatsFrame, now: number): SessionOutput;
  /** Called every `heartbeatIntervalMs` while the socket is open (send pings, request resyncs). */
  heartbeat(now: number): SessionOutput;
  /** The socket closed, for any reason; a close that means "rejected" may return `fatal`. */
  closed(code: number, reason: string, now: number): SessionOutput;
  /**
   * Optional: a socket failed before it opened. A browser never sees the HTTP status of a refused
   * WebSocket handshake (401, 403 ...), so a venue that rejects at the upgrade explains it here from
   * what it knows (token expiry, connection limits): `fatal` stops retrying, `hint` explains a retry.
   */
  handshakeFailed?(now: number): SessionOutput;
  /**
   * Optional: a connection configured with a keyring reference (src/venues/shared/keyring.ts) has a
   * renewed credential. Called between sockets, before the next `endpoint()` and `open()`; `auth` is the
   * fetched credential with the `keyring` reference alongside. A session without this hook is created
   * again instead (losing what it kept across sockets, e.g. dedupe state).
   */
  updateAuth?(auth: Record<string, unknown>): void;
  /**
   * Optional: a renewed keyring credential while a socket is open. A venue whose auth belongs to the
   * connection and can be repeated on it (CoinSwitch's auth request) returns the frames that
   * re-authenticate, and the socket stays: nothing published meanwhile is lost (NATS replays nothing).
   * `undefined` means the venue needs a new socket for it: the lifecycle replaces the socket and calls
   * `updateAuth` between the two. The session keeps `auth` for later sockets either way.
   */
  reauthenticate?(auth: Record<string, unknown>, now: number): SessionOutput | undefined;
  /**
   * Optional: the connection is live again after a gap (a new socket after a drop or a renewal, or the
   * same socket after a stall; also the first live after a reload, from the journal's last live time).
   * `gap` spans every gap still pending. The session recovers what the venue offers (REST `requests`,
   * the full state it gets on auth...) and reports `recovery` when done, in this output or a later one.
   * A session without `recover` leaves every gap recorded as `none`.
   */
  recover?(gap: GapWindow, now: number): SessionOutput;
  /** Optional: the answer to one of the session's `requests` (only while the socket that asked is current). */
  response?(id: string, result: RestResult, now: number): SessionOutput;
  /**
   * Optional: what the page already knows of this connection's orders (restored from the journal after
   * a reload, or held from an earlier session). Called once, right after `createSession`, before the
   * first `open()`. A venue that derives fills from cumulative order state (Roxom) starts from it, so
   * it derives only the growth beyond what is known instead of a fill overlapping the known ones.
   */
  resume?(resume: SessionResume): void;
}

/** One order as the page knows it: cumulative filled quantity (and fees, when known) as of `updatedAt`. */
export interface ResumedOrder {
  orderId: string;
  filledQuantity: string;
  updatedAt: number;
  /** Sum of the fees of the order's known fills, only when they add up to `filledQuantity` and share one asset. */
  filledFees?: string;
}

export interface SessionResume {
  orders: ResumedOrder[];
  /**
   * The last moment the page had this connection live before a reload (or before the ingest worker was
   * restarted): the lifecycle opens a gap from it ("page closed"), recovered at the first live.
   */
  liveUntil?: number;
}

export interface WebSocketEndpoint {
  url: string;
  protocols?: string[];
  /**
   * `transport: 'nats'` only: the NATS CONNECT `token` (CoinSwitch `authMode: "connect"`). The
   * NATS socket factory reads it for every new socket; NATS ignores `protocols`.
   */
  natsToken?: string;
}

/**
 * What the lifecycle opens for an adapter: a plain WebSocket (the default), or a NATS-over-WebSocket
 * connection (src/venues/shared/nats-socket.ts) that the session drives with the typed commands and
 * frames of src/venues/shared/nats-protocol.ts (`SessionOutput.nats`, `VenueSession.natsFrame`).
 */
export type VenueTransport = 'websocket' | 'nats';

export type OptionsResult<T> = { ok: true; options: T } | { ok: false; problems: string[] };

export interface VenueAdapter<Options = unknown> {
  venue: VenueId;
  displayName: string;
  capabilities: VenueCapabilities;
  /**
   * The addresses this venue's connections may reach (the folder's `endpoints.ts`, also in the page's
   * CSP): a connection to any other is refused before its socket opens (shared/endpoints.ts).
   */
  endpoints: VenueEndpoints;
  /** Validate `config.options` (and the shape of `config.auth`) for this venue. */
  parseOptions(config: ConnectionConfig): OptionsResult<Options>;
  /** The socket to open: the profile's URL plus any query parameters or subprotocols the venue defines. */
  endpoint(config: ConnectionConfig, options: Options): WebSocketEndpoint;
  createSession(config: ConnectionConfig, options: Options): VenueSession;
  /** The socket kind; absent means 'websocket'. */
  transport?: VenueTransport;
  /** How often `heartbeat()` runs. */
  heartbeatIntervalMs: number;
  /** No frame for this long while live: the stream is `stale`. */
  silenceTimeoutMs: number;
  /**
   * Optional: REST for a connection without a keyring reference (a keyring connection's REST goes through
   * the relay). Undefined when the venue has no REST the browser can call with what the profile holds.
   */
  rest?(config: ConnectionConfig, options: Options): RestTarget | undefined;
  /**
   * Optional, default true: whether a connection with a keyring reference (`auth.keyring`) fetches a
   * short-lived credential from the relay's `/credentials/<id>` before each socket. `false` for a venue the
   * relay bridges instead (Roxom): the reference only names the relay, its id and the pairing token, which
   * the adapter presents itself (`endpoint()`), and REST still goes through the relay's `/rest/<id>`.
   */
  keyringCredential?: boolean;
  /** Frames longer than this (characters of text; NATS: of the payload) are counted as malformed and skipped. Default 1 MiB. */
  maxFrameLength?: number;
  /**
   * Optional: keep a hot standby socket with identical parameters (the venue delivers the same events on
   * both): the connection is live while either is, so a single drop opens no gap.
   */
  standby?: boolean;
  /** Optional: decides `standby` per connection (a profile option that frees the venue's second place). */
  standbyFor?(options: Options): boolean;
  /**
   * Pure: what one of this venue's symbols (as it appears in the events) stands for, or undefined
   * when it is not a symbol the venue could trade. Never throws. The ingest core asks once per symbol
   * per connection and emits the `instrument` event before the symbol's first use. Every registered
   * venue implements it (src/ingest/venue-instruments.test.ts); optional only for test adapters.
   */
  describeSymbol?(symbol: string, options: Options): Omit<Instrument, 'connectionId'> | undefined;
}

export function emptyOutput(): SessionOutput {
  return { events: [], send: [] };
}

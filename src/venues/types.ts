import type { ConnectionConfig } from '../domain/connection-config';
import type { DomainEvent } from '../domain/events';
import type { Instrument } from '../domain/instrument';
import type { VenueId } from '../domain/types';

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
}

export interface VenueSession {
  /** A new socket opened. Per-socket state is reset; state that outlives sockets (dedupe) is kept. */
  open(now: number): SessionOutput;
  /** One text frame arrived on the current socket. Never throws: bad frames are reported in diagnostics. */
  message(text: string, now: number): SessionOutput;
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
 * connection (src/venues/shared/nats-socket.ts) that the session drives with the JSON commands and
 * frames of src/venues/shared/nats-protocol.ts.
 */
export type VenueTransport = 'websocket' | 'nats';

export type OptionsResult<T> = { ok: true; options: T } | { ok: false; problems: string[] };

export interface VenueAdapter<Options = unknown> {
  venue: VenueId;
  displayName: string;
  capabilities: VenueCapabilities;
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

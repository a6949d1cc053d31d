import type { ConnectionConfig } from '../domain/connection-config';
import type { DomainEvent } from '../domain/events';
import type { ConnectionDiagnostics } from '../domain/types';
import type { SessionResume } from '../venues/types';
import type { ReplaySpeed } from './recording/player';

export type { SessionResume };

/** Page -> worker. */
export type IngestCommand =
  /** `resume`: what the page knows of the connection's orders (journal), for sessions that derive fills from order state. */
  | { type: 'connect'; config: ConnectionConfig; resume?: SessionResume }
  /** Close by the user: status `disconnected`, no reconnect. */
  | { type: 'disconnect'; connectionId: string }
  /** Forget the connection entirely. */
  | { type: 'remove'; connectionId: string }
  /** The tab became visible (or hidden): reconnect waiting connections at once when visible. */
  | { type: 'visibility'; visible: boolean }
  /** Start or stop recording a connection's raw frames; the lines come back as `recording` messages. */
  | { type: 'record'; connectionId: string; on: boolean }
  /**
   * A read-only connection fed by a recording (src/ingest/recording/format.ts) through its venue's own
   * session, at 1x, 10x or max speed.
   */
  | { type: 'replay'; connectionId: string; label: string; recording: string; speed: ReplaySpeed }
  /**
   * "Test connection": open `config` once, outside the connections (no events kept, no row, never
   * journaled), and answer with a `probe-result` within PROBE_TIMEOUT_MS; then close it.
   */
  | { type: 'probe'; probeId: string; config: ConnectionConfig }
  /** Stop a test early (the form closed); no answer follows. */
  | { type: 'probe-cancel'; probeId: string };

/**
 * What a test connection found. `ok`: connected and signed in; `refused`: the venue refused the
 * credential or the settings (its reason); `unreachable`: the address did not answer or closed before
 * signing in; `relay`: the keyring relay refused or could not be reached; `invalid`: the settings did
 * not pass the venue's checks; `no-answer`: nothing conclusive within the time. `message` is for the
 * user, in plain words, and never contains a secret.
 */
export type ProbeOutcome = 'ok' | 'refused' | 'unreachable' | 'relay' | 'invalid' | 'no-answer';

export interface ProbeResult {
  outcome: ProbeOutcome;
  message: string;
}

/** How long a test connection may take before it reports what it has. */
export const PROBE_TIMEOUT_MS = 10_000;

/**
 * Worker -> page: everything that happened since the last batch, coalesced (latest mark per symbol,
 * latest position per symbol...), fills de-duplicated. At most one batch per flush interval.
 * The first event of a connection that names a symbol is preceded, in the same batch, by that
 * symbol's `instrument` event (once per symbol per connection; again after a remove or a reconfigure).
 *
 * Apply in this order: `removed` (forget those connections), then `connections`, then `events`.
 * A connection removed and connected again within one batch appears in `removed` and then in
 * `connections`/`events` with its new data.
 */
export interface IngestBatch {
  type: 'batch';
  seq: number;
  events: DomainEvent[];
  /** Diagnostics of every connection that changed since the last batch. */
  connections: ConnectionDiagnostics[];
  /** Connections removed since the last batch. */
  removed: string[];
  /**
   * Events the worker had to drop since the last batch because its buffer was full (the page was
   * not taking batches). Absent when none; the affected connections also list it in `errors`.
   */
  dropped?: number;
}

/** Sent every second whatever happens, so the page can tell a quiet worker from a dead one. */
export interface IngestAlive {
  type: 'alive';
}

/** Lines of a connection's recording since the last message; `done` once the recording stopped. */
export interface IngestRecording {
  type: 'recording';
  connectionId: string;
  lines: string[];
  done: boolean;
}

/** The answer to a `probe` command. */
export interface IngestProbeResult extends ProbeResult {
  type: 'probe-result';
  probeId: string;
}

export type IngestMessage = IngestBatch | IngestAlive | IngestRecording | IngestProbeResult;

/** How often the worker says it is alive. */
export const INGEST_ALIVE_INTERVAL_MS = 1_000;

/** The worker flushes at most this often (about one animation frame). */
export const INGEST_FLUSH_INTERVAL_MS = 16;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isConnectionConfig(value: unknown): value is ConnectionConfig {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.label === 'string' &&
    typeof value.venue === 'string' &&
    typeof value.url === 'string' &&
    isRecord(value.auth) &&
    isRecord(value.options)
  );
}

function isSessionResume(value: unknown): boolean {
  return (
    isRecord(value) &&
    (value.liveUntil === undefined || (typeof value.liveUntil === 'number' && Number.isFinite(value.liveUntil))) &&
    Array.isArray(value.orders) &&
    value.orders.every(
      (o) =>
        isRecord(o) &&
        typeof o.orderId === 'string' &&
        typeof o.filledQuantity === 'string' &&
        typeof o.updatedAt === 'number' &&
        (o.filledFees === undefined || typeof o.filledFees === 'string'),
    )
  );
}

/** Structural check at the worker boundary (postMessage data is `unknown` until checked). */
export function isIngestCommand(value: unknown): value is IngestCommand {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'connect':
      return isConnectionConfig(value.config) && (value.resume === undefined || isSessionResume(value.resume));
    case 'disconnect':
    case 'remove':
      return typeof value.connectionId === 'string';
    case 'visibility':
      return typeof value.visible === 'boolean';
    case 'record':
      return typeof value.connectionId === 'string' && typeof value.on === 'boolean';
    case 'replay':
      return (
        typeof value.connectionId === 'string' &&
        typeof value.label === 'string' &&
        typeof value.recording === 'string' &&
        (value.speed === 1 || value.speed === 10 || value.speed === 'max')
      );
    case 'probe':
      return typeof value.probeId === 'string' && isConnectionConfig(value.config);
    case 'probe-cancel':
      return typeof value.probeId === 'string';
    default:
      return false;
  }
}

import type { ConnectionConfig } from '../domain/connection-config';
import type { DomainEvent } from '../domain/events';
import type { ConnectionDiagnostics } from '../domain/types';

/** Page -> worker. */
export type IngestCommand =
  | { type: 'connect'; config: ConnectionConfig }
  /** Close by the user: status `disconnected`, no reconnect. */
  | { type: 'disconnect'; connectionId: string }
  /** Forget the connection entirely. */
  | { type: 'remove'; connectionId: string }
  /** The tab became visible (or hidden): reconnect waiting connections at once when visible. */
  | { type: 'visibility'; visible: boolean };

/**
 * Worker -> page: everything that happened since the last batch, coalesced (latest mark per symbol,
 * latest position per symbol...), fills de-duplicated. At most one batch per flush interval.
 */
export interface IngestBatch {
  type: 'batch';
  seq: number;
  events: DomainEvent[];
  /** Diagnostics of every connection that changed since the last batch. */
  connections: ConnectionDiagnostics[];
  /** Connections removed since the last batch. */
  removed: string[];
}

export type IngestMessage = IngestBatch;

import type { ConnectionDiagnostics, ConnectionStatus, VenueId } from './types';

/** Diagnostics of a connection that has counted nothing yet; `extra` sets any other field. */
export function quietDiagnostics(
  connectionId: string,
  venue: VenueId,
  status: ConnectionStatus,
  extra: Partial<ConnectionDiagnostics> = {},
): ConnectionDiagnostics {
  return {
    connectionId,
    venue,
    status,
    messagesPerSecond: 0,
    messagesTotal: 0,
    filteredTotal: 0,
    malformedTotal: 0,
    unknownTotal: 0,
    duplicatesDropped: 0,
    reconnects: 0,
    errors: [],
    ...extra,
  };
}

import type { ConnectionConfig } from '../../domain/connection-config';
import type { ConnectionDiagnostics, ConnectionStatus, DiagnosticError } from '../../domain/types';
import { waitingReason, type PastedSecret } from '../../store/saved-connections';

/** A connection as the panel shows it: what the user configured, joined with what the stream reports. */
export interface ConnectionRow {
  id: string;
  label: string;
  venue: string;
  url?: string;
  /** In the user's profile (false: the stream still reports, but the config is gone). */
  configured: boolean;
  /** false once the user disconnected it. */
  enabled: boolean;
  status: ConnectionStatus;
  reason?: string;
  lastMessageAt?: number;
  messagesPerSecond?: number;
  messagesTotal?: number;
  filteredTotal?: number;
  duplicatesDropped?: number;
  reconnects?: number;
  /** Malformed plus unknown frames. */
  errorCount: number;
  errors: readonly DiagnosticError[];
  credentialExpiresAt?: number;
  /** Renewed by the keyring relay before it expires: no warning needed. */
  credentialRenews?: boolean;
  /** A hot-standby connection: the status of the socket in reserve. */
  standbyStatus?: ConnectionStatus;
}

const NO_ERRORS: readonly DiagnosticError[] = [];

function fromDiagnostics(
  d: ConnectionDiagnostics,
): Omit<ConnectionRow, 'id' | 'label' | 'venue' | 'configured' | 'enabled' | 'url'> {
  return {
    status: d.status,
    reason: d.reason,
    lastMessageAt: d.lastMessageAt,
    messagesPerSecond: d.messagesPerSecond,
    messagesTotal: d.messagesTotal,
    filteredTotal: d.filteredTotal,
    duplicatesDropped: d.duplicatesDropped,
    reconnects: d.reconnects,
    errorCount: d.malformedTotal + d.unknownTotal,
    errors: d.errors,
    credentialExpiresAt: d.credentialExpiresAt,
    credentialRenews: d.credentialRenews,
    standbyStatus: d.standbyStatus,
  };
}

/**
 * Configured connections in profile order, each with its diagnostics; then any connection that still
 * reports but is no longer configured. Before the first report a connection reads `connecting`
 * (or `disconnected` when the user turned it off, or while it waits for a pasted secret).
 */
export function mergeConnectionRows(
  configs: readonly ConnectionConfig[],
  enabled: Readonly<Record<string, boolean>>,
  diagnostics: readonly ConnectionDiagnostics[],
  waiting: Readonly<Record<string, readonly PastedSecret[]>> = {},
): ConnectionRow[] {
  const byId = new Map(diagnostics.map((d) => [d.connectionId, d]));
  const rows: ConnectionRow[] = configs.map((c) => {
    const on = enabled[c.id] !== false;
    const d = byId.get(c.id);
    const base = { id: c.id, label: c.label, venue: c.venue, url: c.url, configured: true, enabled: on };
    // Restored without its pasted secret: never opened, so it has no diagnostics; it says what it needs.
    const needs = waiting[c.id];
    if (needs)
      return { ...base, status: 'disconnected', reason: waitingReason(needs), errorCount: 0, errors: NO_ERRORS };
    if (d) return { ...base, ...fromDiagnostics(d) };
    return { ...base, status: on ? 'connecting' : 'disconnected', errorCount: 0, errors: NO_ERRORS };
  });
  const configured = new Set(configs.map((c) => c.id));
  for (const d of diagnostics) {
    if (configured.has(d.connectionId)) continue;
    rows.push({
      id: d.connectionId,
      // Desk mode: the account and the collector that runs it.
      label: d.collector ? `${d.connectionId} (collector ${d.collector})` : d.connectionId,
      venue: d.venue,
      configured: false,
      enabled: false,
      ...fromDiagnostics(d),
    });
  }
  return rows;
}

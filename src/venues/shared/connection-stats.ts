import type { ConnectionDiagnostics, DiagnosticError } from '../../domain/types';
import type { SessionDiagnostics } from '../types';
import { RateMeter } from './rate-meter';

/** The counters behind a connection's diagnostics; the lifecycle state lives in ManagedConnection. */
export class ConnectionStats {
  messagesTotal = 0;
  malformedTotal = 0;
  unknownTotal = 0;
  filteredTotal = 0;
  duplicatesDropped = 0;
  reconnects = 0;
  lastMessageAt: number | undefined;
  connectedAt: number | undefined;
  credentialExpiresAt: number | undefined;
  /** The credential comes from the keyring relay and is renewed before it expires. */
  credentialRenews = false;
  private readonly errors: DiagnosticError[] = [];
  private readonly rate: RateMeter;

  constructor(
    rateWindowMs: number,
    private readonly maxErrors: number,
  ) {
    this.rate = new RateMeter(rateWindowMs);
  }

  message(now: number): void {
    this.messagesTotal++;
    this.lastMessageAt = now;
    this.rate.add(now);
  }

  messagesPerSecond(now: number): number {
    return this.rate.perSecond(now);
  }

  /** Adds a session's counters (its error message is recorded by the caller, after redaction). */
  addSession(diagnostics: SessionDiagnostics): void {
    this.malformedTotal += count(diagnostics.malformed);
    this.unknownTotal += count(diagnostics.unknown);
    this.filteredTotal += count(diagnostics.filtered);
    this.duplicatesDropped += count(diagnostics.duplicates);
  }

  /** `message` must already be redacted. Keeps the newest `maxErrors`. */
  error(time: number, message: string): void {
    this.errors.push({ time, message });
    if (this.errors.length > this.maxErrors) this.errors.splice(0, this.errors.length - this.maxErrors);
  }

  snapshot(
    base: Pick<ConnectionDiagnostics, 'connectionId' | 'venue' | 'status' | 'reason'>,
    messagesPerSecond: number,
  ): ConnectionDiagnostics {
    const out: ConnectionDiagnostics = {
      connectionId: base.connectionId,
      venue: base.venue,
      status: base.status,
      messagesPerSecond,
      messagesTotal: this.messagesTotal,
      filteredTotal: this.filteredTotal,
      malformedTotal: this.malformedTotal,
      unknownTotal: this.unknownTotal,
      duplicatesDropped: this.duplicatesDropped,
      reconnects: this.reconnects,
      errors: this.errors.map((e) => ({ ...e })),
    };
    // Optional fields are omitted, never sent as undefined.
    if (base.reason !== undefined) out.reason = base.reason;
    if (this.lastMessageAt !== undefined) out.lastMessageAt = this.lastMessageAt;
    if (this.connectedAt !== undefined) out.connectedAt = this.connectedAt;
    if (this.credentialExpiresAt !== undefined) out.credentialExpiresAt = this.credentialExpiresAt;
    if (this.credentialRenews) out.credentialRenews = true;
    return out;
  }
}

/** Session counters come from adapter code: ignore anything that is not a positive finite number. */
function count(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

import { validateEvent } from '../../domain/conformance/validators';
import type { DomainEvent } from '../../domain/events';
import { parseDeskSubject, type DeskKind, type StateRecord } from './wire';

/**
 * Pure: a desk message (subject + JSON payload) to the DomainEvents it stands for, checked by the
 * domain's validators (a collector of another build, or anything else publishing under `vb.>`, is
 * never trusted blindly). A status becomes a `connection` event: the row of the collector's connection.
 */

export type Decoded = { ok: true; events: DomainEvent[] } | { ok: false; problem: string };

export function decodeDeskMessage(subject: string, data: string): Decoded {
  const parsed = parseDeskSubject(subject);
  if (!parsed) return { ok: false, problem: `not a desk subject: ${subject.slice(0, 80)}` };
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return { ok: false, problem: `${parsed.kind} message is not JSON` };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { ok: false, problem: `${parsed.kind} message is not an object` };
  const event = eventOf(parsed.kind, payload as Record<string, unknown>);
  return checked(event, parsed.connectionId);
}

/** A state bucket value (`StateRecord`). Empty data is a deleted key: nothing. */
export function decodeStateRecord(data: string): Decoded {
  if (data === '') return { ok: true, events: [] };
  let record: StateRecord;
  try {
    record = JSON.parse(data) as StateRecord;
  } catch {
    return { ok: false, problem: 'state record is not JSON' };
  }
  if (typeof record !== 'object' || record === null) return { ok: false, problem: 'state record is not an object' };
  switch (record.kind) {
    case 'status':
      return checked(eventOf('status', record.status as unknown as Record<string, unknown>));
    case 'position':
      return checked({ kind: 'position', position: record.position });
    case 'position-closed':
      return checked({ kind: 'position-closed', ...record.closed });
    case 'balance':
      return checked({ kind: 'balance', balance: record.balance });
    case 'order':
      return checked({ kind: 'order', order: record.order });
    case 'account-summary':
      return checked({ kind: 'account-summary', summary: record.summary });
    case 'instrument':
      return checked({ kind: 'instrument', instrument: record.instrument });
    case 'mark':
      return checked({ kind: 'mark', mark: record.mark });
    default:
      return { ok: false, problem: 'unknown state record' };
  }
}

function eventOf(kind: DeskKind, p: Record<string, unknown>): DomainEvent {
  switch (kind) {
    case 'order':
      return { kind: 'order', order: p as never };
    case 'fill':
      return { kind: 'fill', fill: p as never };
    case 'position':
      return { kind: 'position', position: p as never };
    case 'balance':
      return { kind: 'balance', balance: p as never };
    case 'mark':
      return { kind: 'mark', mark: p as never };
    case 'notification':
      return { kind: 'notification', notification: p as never };
    case 'gap':
      return { kind: 'gap', gap: p as never };
    case 'status':
      return { kind: 'connection', connection: p as never };
    case 'instrument':
      return { kind: 'instrument', instrument: p as never };
    case 'account-summary':
      return { kind: 'account-summary', summary: p as never };
    case 'position-closed':
      return { ...p, kind: 'position-closed' } as DomainEvent;
    case 'account-snapshot':
      return { ...p, kind: 'account-snapshot' } as DomainEvent;
  }
}

function connectionOf(event: DomainEvent): unknown {
  switch (event.kind) {
    case 'order':
      return event.order.connectionId;
    case 'fill':
      return event.fill.connectionId;
    case 'position':
      return event.position.connectionId;
    case 'balance':
      return event.balance.connectionId;
    case 'mark':
      return event.mark.connectionId;
    case 'notification':
      return event.notification.connectionId;
    case 'gap':
      return event.gap.connectionId;
    case 'connection':
      return event.connection.connectionId;
    case 'instrument':
      return event.instrument.connectionId;
    case 'account-summary':
      return event.summary.connectionId;
    case 'position-closed':
    case 'account-snapshot':
      return event.connectionId;
  }
}

function checked(event: DomainEvent, subjectConnection?: string): Decoded {
  const problems = validateEvent(event);
  if (problems.length > 0) return { ok: false, problem: `${event.kind}: ${problems.slice(0, 3).join('; ')}` };
  // The subject names the connection: a payload that claims another one is refused.
  if (subjectConnection !== undefined && connectionOf(event) !== subjectConnection)
    return {
      ok: false,
      problem: `${event.kind} for ${String(connectionOf(event)).slice(0, 64)} on ${subjectConnection}'s subject`,
    };
  return { ok: true, events: [event] };
}

import { createHash } from 'node:crypto';
import type { DomainEvent } from '../src/domain/events';
import { deskSubject, type DeskKind, type DeskStatus } from '../src/venues/desk/wire';
import type { OutMessage } from './jetstream';

/**
 * One stream message per normalized event (docs/contract.md section 5), with a `Nats-Msg-Id` that is
 * the same whichever collector publishes the same venue event: a fill's is its execution id, every
 * other event's a hash of its content (two collectors on one account normalize a venue frame alike).
 * A collector's own view (its connection status) carries the collector's name, so it is never
 * mistaken for another's.
 */

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

function message(connectionId: string, kind: DeskKind, payload: unknown, id?: string): OutMessage {
  const data = JSON.stringify(payload);
  return { subject: deskSubject(connectionId, kind), id: id ?? `${connectionId}:${kind}:${hash(data)}`, data };
}

export function eventMessage(event: DomainEvent): OutMessage | undefined {
  switch (event.kind) {
    case 'fill':
      return message(
        event.fill.connectionId,
        'fill',
        event.fill,
        `${event.fill.connectionId}:fill:${event.fill.fillId}`,
      );
    case 'order':
      return message(event.order.connectionId, 'order', event.order);
    case 'position':
      return message(event.position.connectionId, 'position', event.position);
    case 'balance':
      return message(event.balance.connectionId, 'balance', event.balance);
    case 'mark':
      return message(event.mark.connectionId, 'mark', event.mark);
    case 'notification':
      return message(
        event.notification.connectionId,
        'notification',
        event.notification,
        `${event.notification.connectionId}:notification:${hash(event.notification.id)}`,
      );
    case 'gap':
      return message(event.gap.connectionId, 'gap', event.gap);
    case 'instrument':
      return message(event.instrument.connectionId, 'instrument', event.instrument);
    case 'account-summary':
      return message(event.summary.connectionId, 'account-summary', event.summary);
    case 'position-closed': {
      const { kind: _kind, ...closed } = event;
      return message(event.connectionId, 'position-closed', closed);
    }
    case 'account-snapshot': {
      const { kind: _kind, ...snapshot } = event;
      return message(event.connectionId, 'account-snapshot', snapshot);
    }
    case 'connection':
      // A collector runs no desk connection: nothing of another process to forward.
      return undefined;
  }
}

export function statusMessage(status: DeskStatus): OutMessage {
  return message(
    status.connectionId,
    'status',
    status,
    `${status.connectionId}:status:${status.collector}:${hash(JSON.stringify(status))}`,
  );
}

import type { PositionClosedEvent, AccountSnapshotEvent } from '../../domain/events';
import type { Instrument } from '../../domain/instrument';
import type {
  AccountSummary,
  Balance,
  ConnectionDiagnostics,
  Fill,
  GapRecord,
  Notification,
  OrderUpdate,
  Position,
  PriceMark,
} from '../../domain/types';

/**
 * Desk mode's wire format (docs/contract.md section 5): our own normalized events, published by the
 * collector (collector/) to a JetStream stream, one message per event on `vb.<connectionId>.<kind>`,
 * the payload the normalized object as in the snapshot (docs/contract.md section 3).
 *
 * The contract's eight kinds carry the normalized object itself. Four more kinds carry what the store
 * needs to converge on the same state as a direct page (a closed position, a full account state, the
 * venue's account figures, what a symbol stands for); their payload is the DomainEvent without `kind`.
 */

/** docs/contract.md section 5. */
export const CONTRACT_KINDS = [
  'order',
  'fill',
  'position',
  'balance',
  'mark',
  'status',
  'gap',
  'notification',
] as const;
/** Our additions: the rest of a DomainEvent's kinds, so a desk page converges on a direct page's state. */
export const EXTRA_KINDS = ['position-closed', 'account-snapshot', 'account-summary', 'instrument'] as const;
export const DESK_KINDS = [...CONTRACT_KINDS, ...EXTRA_KINDS] as const;
export type DeskKind = (typeof DESK_KINDS)[number];

/** Every desk subject starts with this token. */
export const DESK_SUBJECT_PREFIX = 'vb';
/** The stream's subjects. */
export const DESK_SUBJECTS = `${DESK_SUBJECT_PREFIX}.>`;

/** A connection's status as the collector publishes it: its diagnostics, and which collector saw it. */
export interface DeskStatus extends ConnectionDiagnostics {
  /** The collector's name (its config `name`, default the host name and process id). */
  collector: string;
}

/** The payload of each kind. */
export interface DeskPayloads {
  order: OrderUpdate;
  fill: Fill;
  position: Position;
  balance: Balance;
  mark: PriceMark;
  status: DeskStatus;
  gap: GapRecord;
  notification: Notification;
  'position-closed': Omit<PositionClosedEvent, 'kind'>;
  'account-snapshot': Omit<AccountSnapshotEvent, 'kind'>;
  'account-summary': AccountSummary;
  instrument: Instrument;
}

export function deskSubject(connectionId: string, kind: DeskKind): string {
  return `${DESK_SUBJECT_PREFIX}.${connectionId}.${kind}`;
}

/** `vb.<connectionId>.<kind>` -> its parts, or undefined for any other subject. */
export function parseDeskSubject(subject: string): { connectionId: string; kind: DeskKind } | undefined {
  const parts = subject.split('.');
  if (parts.length !== 3 || parts[0] !== DESK_SUBJECT_PREFIX) return undefined;
  const kind = parts[2] as DeskKind;
  if (!(DESK_KINDS as readonly string[]).includes(kind) || parts[1] === '') return undefined;
  return { connectionId: parts[1]!, kind };
}

/**
 * The KV bucket of latest state per connection, for a page that joins after the state was published
 * (a position opened yesterday is long out of a `since` replay). Key `<connectionId>.<kind>.<key>`
 * (kind `status`, `position`, `balance`, `order`, `account-summary`, `instrument`, `mark`); the value a
 * `StateRecord`. A closed position or a terminal order stays as its last record (so a late page learns
 * it is gone) and the bucket's history is 1 per key.
 */
export const DESK_STATE_BUCKET_SUFFIX = '_STATE';

export type StateRecord =
  | { kind: 'status'; status: DeskStatus }
  | { kind: 'position'; position: Position }
  | { kind: 'position-closed'; closed: Omit<PositionClosedEvent, 'kind'> }
  | { kind: 'balance'; balance: Balance }
  | { kind: 'order'; order: OrderUpdate }
  | { kind: 'account-summary'; summary: AccountSummary }
  | { kind: 'instrument'; instrument: Instrument }
  | { kind: 'mark'; mark: PriceMark };

/** The bucket for a stream: `VENUEBOARD` -> `VENUEBOARD_STATE` (the KV stream is `KV_VENUEBOARD_STATE`). */
export function stateBucketOf(stream: string): string {
  return `${stream}${DESK_STATE_BUCKET_SUFFIX}`;
}

/** A KV key token from any text: kept when it is plain, else base64url of its UTF-8 (prefixed `~`? no: `b64-`). */
export function keyToken(text: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(text)) return text;
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `b64-${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

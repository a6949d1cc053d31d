import * as v from 'valibot';
import { CONNECTION_STATUSES, type Notification } from '../../domain/types';
import type { IngestBatch } from '../../ingest/protocol';
import type { RestoredOpenOrders } from '../../store/journal';
import type { ConnectionsWire, PortfolioWire } from './portfolio-wire';
import type { StatusWire } from './status-wire';

/**
 * What tabs of the board say to each other over one BroadcastChannel (same origin only). The owner
 * (the tab holding the Web Lock, owner-lock.ts) publishes what its stores apply; followers mirror it
 * and forward what their user does. Every message carries the protocol version and the sender's tab
 * id; a received message is checked against the schema below before anything reads it: a message of
 * another version (an older build still open in another tab) or of a wrong shape is counted and
 * skipped, never applied.
 *
 *   follower -> owner   hello            "send me everything" (on join, and after a missed message)
 *   owner -> follower   snapshot         the whole state, addressed to the tab(s) that asked
 *   owner -> all        op               one store change (the batches the store applied, or the
 *                                        notifications it added), numbered: seq follows the snapshot's
 *   owner -> all        connections      the connections store (intent: configs, enabled, generation, waiting)
 *   owner -> all        status           what the journal / saved connections report (for the settings and notices)
 *   follower -> owner   set-connections  the follower's user changed the connections: the owner adopts them
 *   follower -> owner   call             a journal action (clear, count, retry) run by the owner
 *   owner -> follower   reply            its outcome
 */
export const TAB_PROTOCOL_VERSION = 1;
export const TAB_CHANNEL = 'venueboard-tabs';

const MAX_ID = 128;
const tabId = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const time = v.pipe(v.number(), v.finite());
const anyRecord = v.record(v.string(), v.unknown());
const map = v.instance(Map);

/** A normalized event: its kind names what it carries (the reducer checks the rest as it does for the worker's). */
const event = v.looseObject({ kind: v.string() });
const diagnostics = v.looseObject({
  connectionId: v.string(),
  venue: v.string(),
  status: v.picklist(CONNECTION_STATUSES),
});
const batch = v.object({
  type: v.literal('batch'),
  seq: count,
  events: v.array(event),
  connections: v.array(diagnostics),
  removed: v.array(v.string()),
  dropped: v.optional(count),
});
const notification = v.looseObject({
  connectionId: v.string(),
  id: v.string(),
  level: v.string(),
  title: v.string(),
  time,
});

export const storeOpSchema = v.variant('kind', [
  v.object({ kind: v.literal('batches'), batches: v.array(batch), now: time }),
  v.object({ kind: v.literal('notifications'), list: v.array(notification) }),
]);

/** PortfolioState on the wire (portfolio-wire.ts): Maps as Maps, the fills only as their newest-first list. */
export const portfolioWireSchema = v.object({
  connections: map,
  orders: v.array(v.tuple([v.string(), anyRecord])),
  fillsByTime: v.array(v.looseObject({ connectionId: v.string(), fillId: v.string(), time })),
  positions: map,
  balances: map,
  summaries: map,
  marks: map,
  instruments: map,
  notifications: v.array(notification),
  positionClosedAt: map,
  closedRealized: map,
  closedRealizedInferred: map,
  equityHistory: v.array(v.looseObject({ time })),
  gaps: map,
  applyFaults: map,
  lastBatchSeq: v.number(),
});

const config = v.looseObject({
  id: v.string(),
  label: v.string(),
  venue: v.string(),
  url: v.string(),
  auth: anyRecord,
  options: anyRecord,
});
export const connectionsWireSchema = v.object({
  configs: v.array(config),
  enabled: v.record(v.string(), v.boolean()),
  generation: v.record(v.string(), v.number()),
  waiting: v.record(v.string(), v.array(anyRecord)),
});

/** The owner's status stores, without their controllers (functions do not cross tabs). */
export const statusWireSchema = v.object({
  journal: v.looseObject({ phase: v.picklist(['opening', 'ready', 'unavailable']) }),
  savedConnections: v.looseObject({ phase: v.picklist(['opening', 'ready', 'unavailable']) }),
});

export const JOURNAL_CALLS = ['journal.clear', 'journal.refreshStats', 'journal.retryNow'] as const;

const envelope = { v: v.literal(TAB_PROTOCOL_VERSION), from: tabId };
export const tabMessageSchema = v.variant('type', [
  v.object({ ...envelope, type: v.literal('hello') }),
  v.object({
    ...envelope,
    type: v.literal('snapshot'),
    to: v.array(tabId),
    seq: count,
    portfolio: portfolioWireSchema,
    restoredOpen: v.instance(Map),
    connections: connectionsWireSchema,
    status: statusWireSchema,
  }),
  v.object({ ...envelope, type: v.literal('op'), seq: count, op: storeOpSchema }),
  v.object({ ...envelope, type: v.literal('connections'), state: connectionsWireSchema }),
  v.object({ ...envelope, type: v.literal('status'), status: statusWireSchema }),
  v.object({ ...envelope, type: v.literal('set-connections'), state: connectionsWireSchema }),
  v.object({ ...envelope, type: v.literal('call'), id: tabId, method: v.picklist(JOURNAL_CALLS) }),
  v.object({ ...envelope, type: v.literal('reply'), to: tabId, id: tabId, error: v.optional(v.string()) }),
]);

export type TabMessage = v.InferOutput<typeof tabMessageSchema>;
export type StoreOp = v.InferOutput<typeof storeOpSchema>;
export type JournalCall = (typeof JOURNAL_CALLS)[number];

/** What a sender writes (the envelope is added by TabChannel), in the app's own types. */
export type TabMessageBody =
  | { type: 'hello' }
  | {
      type: 'snapshot';
      to: string[];
      seq: number;
      portfolio: PortfolioWire;
      restoredOpen: RestoredOpenOrders;
      connections: ConnectionsWire;
      status: StatusWire;
    }
  | {
      type: 'op';
      seq: number;
      op: { kind: 'batches'; batches: IngestBatch[]; now: number } | { kind: 'notifications'; list: Notification[] };
    }
  | { type: 'connections' | 'set-connections'; state: ConnectionsWire }
  | { type: 'status'; status: StatusWire }
  | { type: 'call'; id: string; method: JournalCall }
  | { type: 'reply'; to: string; id: string; error?: string };
export type OutgoingOp = Extract<TabMessageBody, { type: 'op' }>['op'];

export type Received =
  | { ok: true; message: TabMessage }
  /** `version`: another build of the app speaks another protocol; `malformed`: not a message of ours. */
  | { ok: false; problem: 'version' | 'malformed'; version?: unknown };

/**
 * Checks a received message. Never quotes the input back (it could carry anything). A valid message
 * is returned as received (the structured clone is already this tab's own copy): the schema's output
 * would reorder object keys, and the mirror keeps the owner's objects exactly.
 */
export function receiveTabMessage(data: unknown): Received {
  if (v.is(tabMessageSchema, data)) return { ok: true, message: data };
  const version = typeof data === 'object' && data !== null ? (data as { v?: unknown }).v : undefined;
  if (typeof version === 'number' && version !== TAB_PROTOCOL_VERSION)
    return { ok: false, problem: 'version', version };
  return { ok: false, problem: 'malformed' };
}

import { addText } from '../domain/decimal';
import { instrumentKey } from '../domain/instrument';
import type { AccountSnapshotEvent, DomainEvent } from '../domain/events';
import type { ConnectionDiagnostics, Fill, GapRecord, Notification, Position } from '../domain/types';
import type { IngestBatch } from '../ingest/protocol';
import { MapDraft, evictOldest } from './collections';
import { equitySampleAfter } from './equity-history';
import { mergeOrderUpdates } from './order-merge';
import {
  LIMITS,
  balanceKey,
  fillKey,
  gapKey,
  markKey,
  orderKey,
  positionKey,
  type ApplyFault,
  type PortfolioState,
} from './state';
import { TERMINAL_ORDER_STATUSES } from '../domain/types';

/**
 * The one place portfolio state changes. Pure: (state, batch, now) -> state. Every rule here is
 * order-independent (newest timestamp wins, statuses never regress, fills keyed by id), so a
 * duplicated or reordered stream converges on the same state.
 */

type ValueOf<M> = M extends ReadonlyMap<string, infer V> ? V : never;
const draftOf = <K extends keyof PortfolioState>(state: PortfolioState, key: K) =>
  new MapDraft<string, ValueOf<PortfolioState[K]>>(state[key] as ReadonlyMap<string, ValueOf<PortfolioState[K]>>);

class Drafts {
  readonly orders: MapDraft<string, ValueOf<PortfolioState['orders']>>;
  readonly fills: MapDraft<string, ValueOf<PortfolioState['fills']>>;
  readonly positions: MapDraft<string, ValueOf<PortfolioState['positions']>>;
  readonly positionClosedAt: MapDraft<string, number>;
  readonly balances: MapDraft<string, ValueOf<PortfolioState['balances']>>;
  readonly summaries: MapDraft<string, ValueOf<PortfolioState['summaries']>>;
  readonly marks: MapDraft<string, ValueOf<PortfolioState['marks']>>;
  readonly instruments: MapDraft<string, ValueOf<PortfolioState['instruments']>>;
  readonly closedRealized: MapDraft<string, string>;
  readonly closedRealizedInferred: MapDraft<string, number>;
  readonly connections: MapDraft<string, ConnectionDiagnostics>;
  readonly gaps: MapDraft<string, GapRecord>;
  readonly applyFaults: MapDraft<string, ApplyFault>;
  notifications: Notification[] | null = null;
  readonly addedFills: Fill[] = [];
  readonly forgotten = new Set<string>();

  constructor(readonly base: PortfolioState) {
    this.orders = draftOf(base, 'orders');
    this.fills = draftOf(base, 'fills');
    this.positions = draftOf(base, 'positions');
    this.positionClosedAt = draftOf(base, 'positionClosedAt');
    this.balances = draftOf(base, 'balances');
    this.summaries = draftOf(base, 'summaries');
    this.marks = draftOf(base, 'marks');
    this.instruments = draftOf(base, 'instruments');
    this.closedRealized = draftOf(base, 'closedRealized');
    this.closedRealizedInferred = draftOf(base, 'closedRealizedInferred');
    this.connections = draftOf(base, 'connections');
    this.gaps = draftOf(base, 'gaps');
    this.applyFaults = draftOf(base, 'applyFaults');
  }
}

function applyPosition(d: Drafts, position: Position): void {
  const key = positionKey(position.connectionId, position.symbol);
  const closedAt = d.positionClosedAt.get(key);
  // Strictly older than the close: stale. At the same millisecond (a flip: the venue closes one
  // position and opens the next in one frame) arrival order decides.
  if (closedAt !== undefined && position.updatedAt < closedAt) return;
  const existing = d.positions.get(key);
  if (existing && existing.updatedAt > position.updatedAt) return;
  d.positions.set(key, position);
}

/**
 * A position is gone: its realized PnL joins the connection's closed total (per settle asset). The
 * final figure the close carries (the closing fill's PnL included) wins over the last one the position
 * showed. Booked only when an open position is removed, so a repeated close books nothing twice.
 */
function closePosition(
  d: Drafts,
  connectionId: string,
  symbol: string,
  time: number,
  final?: { realizedPnl?: string; settleAsset?: string; realizedInferred?: boolean },
): void {
  const key = positionKey(connectionId, symbol);
  const existing = d.positions.get(key);
  if (existing && existing.updatedAt > time) return;
  if ((d.positionClosedAt.get(key) ?? -1) < time) d.positionClosedAt.set(key, time);
  if (!existing) return;
  d.positions.delete(key);
  const realized = final?.realizedPnl ?? existing.realizedPnl;
  if (realized !== undefined) {
    const realizedKey = `${connectionId}|${final?.settleAsset ?? existing.settleAsset ?? ''}`;
    d.closedRealized.set(realizedKey, addText(d.closedRealized.get(realizedKey) ?? '0', realized));
    if (final?.realizedPnl !== undefined && final.realizedInferred)
      d.closedRealizedInferred.set(realizedKey, (d.closedRealizedInferred.get(realizedKey) ?? 0) + 1);
  }
}

function applySnapshot(d: Drafts, e: AccountSnapshotEvent): void {
  if (e.scope.orders) for (const order of e.openOrders) applyEvent(d, { kind: 'order', order });
  for (const orderId of e.unlistedOrders ?? []) {
    // No longer open, end unknown: gone from the orders (the journal drops it too), like a restored
    // order the venue no longer lists. One that reached a terminal status meanwhile keeps it.
    const key = orderKey(e.connectionId, orderId);
    const held = d.orders.get(key);
    if (held && (held.status === undefined || !TERMINAL_ORDER_STATUSES.has(held.status))) d.orders.delete(key);
  }
  if (e.scope.positions) {
    const present = new Set(e.positions.map((p) => p.symbol));
    for (const [, p] of [...d.positions.entries()]) {
      if (p.connectionId === e.connectionId && !present.has(p.symbol))
        closePosition(d, p.connectionId, p.symbol, e.time);
    }
    for (const p of e.positions) applyPosition(d, p);
  }
  if (e.scope.balances) {
    const present = new Set(e.balances.map((b) => b.asset));
    for (const [key, b] of [...d.balances.entries()]) {
      if (b.connectionId === e.connectionId && !present.has(b.asset) && b.updatedAt <= e.time) d.balances.delete(key);
    }
    for (const b of e.balances) applyEvent(d, { kind: 'balance', balance: b });
  }
}

function applyEvent(d: Drafts, e: DomainEvent): void {
  switch (e.kind) {
    case 'order': {
      const key = orderKey(e.order.connectionId, e.order.orderId);
      const existing = d.orders.get(key);
      d.orders.set(key, existing ? mergeOrderUpdates(existing, e.order) : e.order);
      return;
    }
    case 'fill': {
      const key = fillKey(e.fill.connectionId, e.fill.fillId);
      if (!d.fills.has(key)) {
        d.fills.set(key, e.fill);
        d.addedFills.push(e.fill);
      }
      return;
    }
    case 'position':
      applyPosition(d, e.position);
      return;
    case 'position-closed':
      closePosition(d, e.connectionId, e.symbol, e.time, e);
      return;
    case 'balance': {
      const key = balanceKey(e.balance.connectionId, e.balance.asset);
      const existing = d.balances.get(key);
      if (!existing || existing.updatedAt <= e.balance.updatedAt) d.balances.set(key, e.balance);
      return;
    }
    case 'account-summary': {
      const existing = d.summaries.get(e.summary.connectionId);
      if (!existing || existing.updatedAt <= e.summary.updatedAt) d.summaries.set(e.summary.connectionId, e.summary);
      return;
    }
    case 'mark': {
      const key = markKey(e.mark.connectionId, e.mark.symbol, e.mark.kind);
      const existing = d.marks.get(key);
      if (!existing || existing.time <= e.mark.time) d.marks.set(key, e.mark);
      return;
    }
    case 'notification': {
      const list = (d.notifications ??= [...d.base.notifications]);
      if (!list.some((n) => n.id === e.notification.id && n.connectionId === e.notification.connectionId))
        list.push(e.notification);
      return;
    }
    case 'account-snapshot':
      applySnapshot(d, e);
      return;
    case 'instrument':
      d.instruments.set(instrumentKey(e.instrument.connectionId, e.instrument.symbol), e.instrument);
      return;
    case 'gap':
      applyGap(d, e.gap);
      return;
  }
}

/**
 * A gap record replaces the one held for the same gap unless it says less: a closed gap over an open
 * one, a settled recovery over a pending one (so a late or repeated record cannot undo an outcome).
 */
function applyGap(d: Drafts, gap: GapRecord): void {
  const key = gapKey(gap.connectionId, gap.from);
  const held = d.gaps.get(key);
  if (held && gapRank(held) > gapRank(gap)) return;
  let record = gap;
  if (gap.recovered === 'pending') {
    for (const [, other] of d.gaps.entries()) if (covers(other, record)) record = settledBy(record, other);
  } else {
    for (const [otherKey, other] of d.gaps.entries())
      if (covers(gap, other)) d.gaps.set(otherKey, settledBy(other, gap));
  }
  d.gaps.set(key, record);
}

/**
 * A settled gap settles the records of its connection still pending that lie strictly inside its
 * window. Within a page that does not happen: one gap is open at a time, the next starts no earlier
 * than the last one's end (the lifecycle counts the moment it went live as a live frame), and a
 * recovery report settles every gap pending. It happens after a reload: the "page closed" gap starts
 * at the earliest gap the earlier page left pending (store/journal/resume.ts), so the others that page
 * left pending lie inside it, and its recovery is theirs. Checked in either arrival order, so the rule
 * stays order-independent.
 */
function covers(settled: GapRecord, inside: GapRecord): boolean {
  return (
    settled.recovered !== 'pending' &&
    settled.to !== null &&
    inside.recovered === 'pending' &&
    inside.connectionId === settled.connectionId &&
    inside.from > settled.from &&
    inside.from < settled.to &&
    (inside.to === null || inside.to <= settled.to)
  );
}

/** `inside` takes the outcome of the gap that covers it (an open one ends where that one ended). */
function settledBy(inside: GapRecord, settled: GapRecord): GapRecord {
  const out: GapRecord = { ...inside, to: inside.to ?? settled.to, recovered: settled.recovered };
  if (settled.detail !== undefined) out.detail = settled.detail;
  return out;
}

const gapRank = (g: GapRecord) => (g.to === null ? 0 : 1) + (g.recovered === 'pending' ? 0 : 2);

/** The connection an event belongs to. */
function eventConnection(e: DomainEvent): string | undefined {
  switch (e.kind) {
    case 'order':
      return e.order.connectionId;
    case 'fill':
      return e.fill.connectionId;
    case 'position':
      return e.position.connectionId;
    case 'balance':
      return e.balance.connectionId;
    case 'account-summary':
      return e.summary.connectionId;
    case 'mark':
      return e.mark.connectionId;
    case 'notification':
      return e.notification.connectionId;
    case 'instrument':
      return e.instrument.connectionId;
    case 'gap':
      return e.gap.connectionId;
    case 'position-closed':
    case 'account-snapshot':
      return e.connectionId;
  }
}

/**
 * Applies one event; an event that throws marks its own connection (counted, with the error's message)
 * and the batch goes on, so one bad event never takes the other connections down with it.
 */
function applyGuarded(d: Drafts, e: DomainEvent, now: number): void {
  try {
    applyEvent(d, e);
  } catch (error) {
    const connectionId = eventConnection(e) ?? '';
    const held = d.applyFaults.get(connectionId);
    const why = error instanceof Error ? error.message : 'unknown error';
    d.applyFaults.set(connectionId, {
      count: (held?.count ?? 0) + 1,
      message: `a ${e.kind} event could not be applied (${why.slice(0, 120)}); skipped`,
      time: Number.isNaN(now) ? Date.now() : now,
    });
  }
}

/** Drop everything a removed connection contributed. */
function forgetConnection(d: Drafts, connectionId: string): void {
  d.forgotten.add(connectionId);
  d.connections.delete(connectionId);
  d.summaries.delete(connectionId);
  d.applyFaults.delete(connectionId);
  const prefix = `${connectionId}|`;
  for (const draft of [
    d.orders,
    d.fills,
    d.positions,
    d.positionClosedAt,
    d.balances,
    d.marks,
    d.instruments,
    d.closedRealized,
    d.closedRealizedInferred,
    d.gaps,
  ] as MapDraft<string, unknown>[]) {
    for (const [key] of [...draft.entries()]) if (key.startsWith(prefix)) draft.delete(key);
  }
  if (d.base.notifications.some((n) => n.connectionId === connectionId) || d.notifications) {
    d.notifications = (d.notifications ?? [...d.base.notifications]).filter((n) => n.connectionId !== connectionId);
  }
}

export function applyEvents(state: PortfolioState, events: readonly DomainEvent[]): PortfolioState {
  return applyBatches(
    state,
    [{ type: 'batch', seq: state.lastBatchSeq, events: [...events], connections: [], removed: [] }],
    Number.NaN,
  );
}

/** Apply several batches at once (everything that arrived since the last animation frame). */
export function applyBatches(state: PortfolioState, batches: readonly IngestBatch[], now: number): PortfolioState {
  if (batches.length === 0) return state;
  const d = new Drafts(state);
  let seq = state.lastBatchSeq;
  for (const batch of batches) {
    for (const id of batch.removed) forgetConnection(d, id);
    for (const diag of batch.connections) d.connections.set(diag.connectionId, diag);
    for (const event of batch.events) applyGuarded(d, event, now);
    seq = Math.max(seq, batch.seq);
  }
  const fillsByTime = updateFillsByTime(d, state.fillsByTime);
  // Counting the open orders walks every order: only worth it when the map could be over the limit.
  if (d.orders.size > LIMITS.closedOrders)
    evictOldest(
      d.orders,
      LIMITS.closedOrders + countOpen(d),
      (o) => o.updatedAt,
      (o) => o.status !== undefined && TERMINAL_ORDER_STATUSES.has(o.status),
    );
  evictOldest(d.gaps, LIMITS.gaps, (g) => g.from);
  let notifications = d.notifications ?? state.notifications;
  if (notifications.length > LIMITS.notifications) notifications = notifications.slice(-LIMITS.notifications);

  const next: PortfolioState = {
    connections: d.connections.finish(),
    orders: d.orders.finish(),
    fills: d.fills.finish(),
    fillsByTime,
    positions: d.positions.finish(),
    positionClosedAt: d.positionClosedAt.finish(),
    balances: d.balances.finish(),
    summaries: d.summaries.finish(),
    marks: d.marks.finish(),
    instruments: d.instruments.finish(),
    notifications,
    closedRealized: d.closedRealized.finish(),
    closedRealizedInferred: d.closedRealizedInferred.finish(),
    equityHistory: state.equityHistory,
    gaps: d.gaps.finish(),
    applyFaults: d.applyFaults.finish(),
    lastBatchSeq: seq,
  };
  return Number.isNaN(now) ? next : { ...next, equityHistory: equitySampleAfter(next, now) };
}

function countOpen(d: Drafts): number {
  let open = 0;
  for (const [, o] of d.orders.entries()) if (o.status === undefined || !TERMINAL_ORDER_STATUSES.has(o.status)) open++;
  return open;
}

const newestFirst = (a: Fill, b: Fill) =>
  b.time - a.time || (a.connectionId + a.fillId < b.connectionId + b.fillId ? -1 : 1);

/**
 * Merge this batch's new fills into the time-sorted list (O(n), no full sort) and evict the oldest
 * beyond the limit from both the list and the Map.
 */
function updateFillsByTime(d: Drafts, previous: readonly Fill[]): readonly Fill[] {
  if (d.addedFills.length === 0 && d.forgotten.size === 0) return previous;
  const kept = d.forgotten.size === 0 ? previous : previous.filter((f) => !d.forgotten.has(f.connectionId));
  const added = d.addedFills
    .filter((f) => !d.forgotten.has(f.connectionId) || d.fills.has(fillKey(f.connectionId, f.fillId)))
    .sort(newestFirst);
  // Live fills are almost always newer than everything held: put them in front (one copy, no compares).
  if (kept.length === 0 || added.length === 0 || newestFirst(added[added.length - 1]!, kept[0]!) < 0)
    return keepNewestFills(d, added.length === 0 ? kept : added.concat(kept));
  const merged: Fill[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < added.length) {
    if (j >= added.length || (i < kept.length && newestFirst(kept[i]!, added[j]!) <= 0)) merged.push(kept[i++]!);
    else merged.push(added[j++]!);
  }
  return keepNewestFills(d, merged);
}

function keepNewestFills(d: Drafts, byTime: readonly Fill[]): readonly Fill[] {
  if (byTime.length <= LIMITS.fills) return byTime;
  for (let i = LIMITS.fills; i < byTime.length; i++)
    d.fills.delete(fillKey(byTime[i]!.connectionId, byTime[i]!.fillId));
  return byTime.slice(0, LIMITS.fills);
}

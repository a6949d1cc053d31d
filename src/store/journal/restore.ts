import type { DomainEvent } from '../../domain/events';
import { instrumentKey, type Instrument } from '../../domain/instrument';
import { TERMINAL_ORDER_STATUSES } from '../../domain/types';
import { applyEvents } from '../apply-batch';
import { mergeEquitySamples } from '../equity-history';
import { orderKey, type PortfolioState } from '../state';
import { realizedKey, type JournalRecords, type RealizedRecord } from './records';
import type { RestoredOpenOrders } from './reconcile';

/**
 * Apply what the journal holds to a PortfolioState, through the same reducer as live data: fills are
 * keyed by [connectionId, fillId] (one each, whatever the journal or the state already holds; the
 * newest LIMITS.fills are kept in memory, the journal may hold more), orders merge as order updates
 * (status never regresses, filled quantity only grows), gap records as gap events (the newest record
 * of each gap; LIMITS.gaps newest kept in memory), samples merge into the equity history
 * (mergeEquitySamples: tiers and cap as live sampling).
 */
export function restoreFromJournal(state: PortfolioState, records: JournalRecords): PortfolioState {
  const events: DomainEvent[] = [];
  for (const order of records.orders) events.push({ kind: 'order', order });
  for (const fill of records.fills) events.push({ kind: 'fill', fill });
  for (const gap of records.gaps ?? []) events.push({ kind: 'gap', gap });
  let applied = events.length === 0 ? state : applyEvents(state, events);
  if (records.realized && records.realized.length > 0) {
    applied = {
      ...applied,
      closedRealized: restoreClosedRealized(applied.closedRealized, records.realized),
      closedRealizedInferred: restoreInferredCloses(applied.closedRealizedInferred, records.realized),
    };
  }
  if (records.instruments && records.instruments.length > 0)
    applied = { ...applied, instruments: restoreInstruments(applied.instruments, records.instruments) };
  if (records.samples.length === 0) return applied;
  return { ...applied, equityHistory: mergeEquitySamples(applied.equityHistory, records.samples) };
}

/** How many closes of each journaled total were priced by inference (replaces, as the totals do). */
function restoreInferredCloses(
  current: ReadonlyMap<string, number>,
  records: readonly RealizedRecord[],
): ReadonlyMap<string, number> {
  const next = new Map(current);
  for (const r of records) {
    const key = realizedKey(r.connectionId, r.asset);
    if (r.inferredCloses) next.set(key, r.inferredCloses);
    else next.delete(key);
  }
  return next;
}

/**
 * The closed positions' realized PnL as journaled. Each record is the running total the page last
 * wrote for its key, so it replaces (never adds to) what the state holds: the restore runs before any
 * live data (the state is empty), and a total written since this page loaded already includes what
 * this page booked.
 */
function restoreClosedRealized(
  current: ReadonlyMap<string, string>,
  records: readonly RealizedRecord[],
): ReadonlyMap<string, string> {
  const next = new Map(current);
  for (const r of records) next.set(realizedKey(r.connectionId, r.asset), r.amount);
  return next;
}

/**
 * The restored orders that were still open (per connection: orderId -> updatedAt as restored). Their
 * final state is unknown until the venue speaks again: see reconcile.ts.
 */
export function restoredOpenOrders(restored: PortfolioState, records: JournalRecords): RestoredOpenOrders {
  const out = new Map<string, Map<string, number>>();
  for (const r of records.orders) {
    const order = restored.orders.get(orderKey(r.connectionId, r.orderId));
    if (!order || (order.status !== undefined && TERMINAL_ORDER_STATUSES.has(order.status))) continue;
    let mine = out.get(r.connectionId);
    if (!mine) out.set(r.connectionId, (mine = new Map()));
    mine.set(r.orderId, order.updatedAt);
  }
  return out;
}

/**
 * Every order the state holds open (per connection: orderId -> updatedAt), merged into `pending`: after
 * the ingest worker restarts, its new sessions start with no state, so each open order the page shows
 * is, like one restored after a reload, unconfirmed until its venue speaks (reconcile.ts).
 */
export function openOrdersAwaitingReconciliation(
  state: PortfolioState,
  pending: RestoredOpenOrders,
): RestoredOpenOrders {
  const out = new Map<string, Map<string, number>>();
  for (const [connectionId, orders] of pending) out.set(connectionId, new Map(orders));
  for (const order of state.orders.values()) {
    if (order.status !== undefined && TERMINAL_ORDER_STATUSES.has(order.status)) continue;
    let mine = out.get(order.connectionId);
    if (!mine) out.set(order.connectionId, (mine = new Map()));
    mine.set(order.orderId, order.updatedAt);
  }
  return out;
}

/**
 * What each journaled symbol stands for, so restored fills convert before the venue touches the symbol
 * again. An instrument the state already knows stays (the venue's own announcement, which also
 * replaces a journaled one when it comes).
 */
function restoreInstruments(
  current: ReadonlyMap<string, Instrument>,
  records: readonly Instrument[],
): ReadonlyMap<string, Instrument> {
  const next = new Map(current);
  for (const i of records) {
    const key = instrumentKey(i.connectionId, i.symbol);
    if (!next.has(key)) next.set(key, i);
  }
  return next;
}

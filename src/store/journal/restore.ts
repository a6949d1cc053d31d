import type { DomainEvent } from '../../domain/events';
import { TERMINAL_ORDER_STATUSES } from '../../domain/types';
import { applyEvents } from '../apply-batch';
import { mergeEquitySamples } from '../equity-history';
import { orderKey, type PortfolioState } from '../state';
import type { JournalRecords } from './records';
import type { RestoredOpenOrders } from './reconcile';

/**
 * Apply what the journal holds to a PortfolioState, through the same reducer as live data: fills are
 * keyed by [connectionId, fillId] (one each, whatever the journal or the state already holds; the
 * newest LIMITS.fills are kept in memory, the journal may hold more), orders merge as order updates
 * (status never regresses, filled quantity only grows), samples merge into the equity history
 * (mergeEquitySamples: tiers and cap as live sampling).
 */
export function restoreFromJournal(state: PortfolioState, records: JournalRecords): PortfolioState {
  const events: DomainEvent[] = [];
  for (const order of records.orders) events.push({ kind: 'order', order });
  for (const fill of records.fills) events.push({ kind: 'fill', fill });
  const applied = events.length === 0 ? state : applyEvents(state, events);
  if (records.samples.length === 0) return applied;
  return { ...applied, equityHistory: mergeEquitySamples(applied.equityHistory, records.samples) };
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

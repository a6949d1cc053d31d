import { TERMINAL_ORDER_STATUSES, type OrderUpdate } from '../../domain/types';
import type { IngestBatch } from '../../ingest/protocol';
import { MapDraft } from '../collections';
import { orderKey, type PortfolioState } from '../state';

/**
 * Restored open orders can be stale: an order filled or canceled while the page was closed may never
 * be reported again (most venues send no terminal event for it later). The same holds for every open
 * order the page shows when the ingest worker is replaced (its new sessions start with no state): the
 * store's `awaitOrderReconciliation` marks them as restored ones. The rule:
 *
 * - Until the venue speaks, a restored open order is shown as restored (its journaled state).
 * - A live update for it (newer `updatedAt`) makes it live state like any other: it is no longer "restored".
 * - The FIRST account snapshot with orders scope for its connection (ZDEX full state, ScaleTrade's
 *   account state, Rails' open-orders read when complete) that does not list it, while it is still exactly as restored, DROPS it: the venue
 *   says it is not open, and its final state (filled? canceled?) is unknown, so nothing is invented.
 *   The journal deletes it too (changes.ts `droppedOrders`). Its journaled fills stay. A live session
 *   does the same for the orders it held open (the snapshot's `unlistedOrders`, apply-batch.ts), so
 *   both paths agree on an order that left the book without a word from the venue.
 * - Venues that send no such snapshot (Roxom re-sends open orders on subscribe but never lists them
 *   all, and its session is told the page's orders instead; CoinSwitch) leave restored open orders until
 *   an update or the retention removes them.
 * - Removing a connection forgets its pending orders.
 *
 * Only the first snapshot per connection reconciles: later ones find no restored order left to judge.
 */
export type RestoredOpenOrders = ReadonlyMap<string, ReadonlyMap<string, number>>;

export function reconcileRestoredOrders(
  state: PortfolioState,
  pending: RestoredOpenOrders,
  batches: readonly IngestBatch[],
): { state: PortfolioState; pending: RestoredOpenOrders } {
  if (pending.size === 0) return { state, pending };
  let left: Map<string, ReadonlyMap<string, number>> | undefined;
  let orders: MapDraft<string, PortfolioState['orders'] extends ReadonlyMap<string, infer V> ? V : never> | undefined;
  for (const batch of batches) {
    for (const id of batch.removed) if ((left ?? pending).has(id)) (left ??= new Map(pending)).delete(id);
    for (const event of batch.events) {
      if (event.kind !== 'account-snapshot' || !event.scope.orders) continue;
      const restored = (left ?? pending).get(event.connectionId);
      if (!restored) continue;
      const listed = new Set(event.openOrders.map((o) => o.orderId));
      for (const [orderId, restoredAt] of restored) {
        if (listed.has(orderId)) continue;
        const key = orderKey(event.connectionId, orderId);
        const current = (orders ?? state.orders).get(key);
        const untouched =
          current !== undefined &&
          current.updatedAt <= restoredAt &&
          (current.status === undefined || !TERMINAL_ORDER_STATUSES.has(current.status));
        if (untouched && event.time >= restoredAt) (orders ??= new MapDraft(state.orders)).delete(key);
      }
      (left ??= new Map(pending)).delete(event.connectionId);
    }
  }
  if (!left) return { state, pending };
  return { state: orders ? { ...state, orders: orders.finish() } : state, pending: left };
}

/**
 * A restored open order its venue has not confirmed yet: still awaiting the first account snapshot of
 * its connection, still exactly as restored (no live update since) and not terminal. The Orders table
 * marks it "unconfirmed": it may have filled or been cancelled while the page was closed.
 */
export function isUnconfirmedRestored(pending: RestoredOpenOrders, order: OrderUpdate): boolean {
  const restoredAt = pending.get(order.connectionId)?.get(order.orderId);
  return (
    restoredAt !== undefined &&
    order.updatedAt <= restoredAt &&
    (order.status === undefined || !TERMINAL_ORDER_STATUSES.has(order.status))
  );
}

import { Decimal, decText } from '../../domain/decimal';
import { TERMINAL_ORDER_STATUSES, type OrderStatus, type OrderUpdate } from '../../domain/types';
import { executionTime } from './normalize';
import type { RailsCompletedOrder } from './wire';

/**
 * What a Rails session holds as open (from the orders stream and REST `open-orders`), and which orders
 * an execution completed (`fillType: "complete"`, the venue's own word that the order is filled). The
 * recovery compares the open set with what REST lists after a gap: an order held as open that Rails no
 * longer lists was filled (an execution says so) or ended some other way Rails' REST does not tell.
 * Pure state; bounded.
 */

export interface TrackedOrder {
  orderId: string;
  market?: string;
  /** Original quantity, when known. */
  quantity?: string;
  filledQuantity?: string;
  status: OrderStatus;
  /** Local time the session first learnt the order (a REST answer can only list orders older than itself). */
  seenAt: number;
}

/** Open orders tracked; past this the oldest are forgotten (a recovery then cannot check them). */
export const TRACKED_ORDER_LIMIT = 5_000;
/** Orders remembered as completed by an execution. */
const COMPLETED_LIMIT = 5_000;

export class OrderTracker {
  private readonly open = new Map<string, TrackedOrder>();
  /** orderId -> time of the execution that completed it. */
  private readonly completed = new Map<string, number>();

  /** An order update (normalized) the session emitted. A terminal one ends tracking. */
  note(update: OrderUpdate, market: string | undefined, now: number): void {
    const known = this.open.get(update.orderId);
    if (update.status !== undefined && TERMINAL_ORDER_STATUSES.has(update.status)) {
      this.open.delete(update.orderId);
      return;
    }
    // An update without a status about an order not held open says nothing about being open.
    if (!known && update.status === undefined) return;
    const next: TrackedOrder = known ?? { orderId: update.orderId, status: update.status!, seenAt: now };
    if (update.status !== undefined) next.status = update.status;
    const m = update.symbol ?? market;
    if (m !== undefined) next.market = m;
    if (update.quantity !== undefined) next.quantity = update.quantity;
    if (update.filledQuantity !== undefined)
      next.filledQuantity =
        next.filledQuantity === undefined || new Decimal(update.filledQuantity).gt(next.filledQuantity)
          ? update.filledQuantity
          : next.filledQuantity;
    if (!known) {
      this.open.set(update.orderId, next);
      if (this.open.size > TRACKED_ORDER_LIMIT) this.forgetOldest(this.open);
    }
  }

  /** An execution (stream or REST): remembers the orders it completed. */
  noteExecution(trade: RailsCompletedOrder): void {
    if (trade.fillType !== 'complete' || this.completed.has(trade.orderId)) return;
    this.completed.set(trade.orderId, executionTime(trade) ?? 0);
    if (this.completed.size > COMPLETED_LIMIT) this.forgetOldest(this.completed);
  }

  /** Open orders of `market` (every market for undefined) the session knew before `cutoff`. */
  heldOpen(market: string | undefined, cutoff: number): TrackedOrder[] {
    return [...this.open.values()].filter(
      (o) => o.seenAt < cutoff && (market === undefined || o.market === undefined || o.market === market),
    );
  }

  /** When an execution completed this order, if one did. */
  completedAt(orderId: string): number | undefined {
    return this.completed.get(orderId);
  }

  /**
   * The update that closes an order an execution completed: `filled`, its whole quantity filled (when
   * known), dated by that execution. Tracking ends.
   */
  closeAsFilled(order: TrackedOrder, connectionId: string): OrderUpdate {
    this.open.delete(order.orderId);
    const at = this.completed.get(order.orderId) ?? 0;
    const update: OrderUpdate = { connectionId, orderId: order.orderId, status: 'filled', updatedAt: at };
    if (order.market !== undefined) update.symbol = order.market;
    if (order.quantity !== undefined) update.filledQuantity = decText(new Decimal(order.quantity));
    return update;
  }

  /** An order the venue no longer lists and whose end nobody can tell: it is no longer held open. */
  forget(orderId: string): void {
    this.open.delete(orderId);
  }

  private forgetOldest<V>(map: Map<string, V>): void {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

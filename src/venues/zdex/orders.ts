import { Decimal, decText } from '../../domain/decimal';
import { TERMINAL_ORDER_STATUSES, type OrderStatus, type OrderUpdate, type Side } from '../../domain/types';
import type { OrderGrowth } from './attribution';
import { canon, orderStatusOf, sideOf, zdexStatusOf } from './normalize';
import type { ZdexOpenOrder, ZdexOrderStatus } from './wire';

/**
 * What the session knows about each of the account's orders, keyed by the numeric order id (the one
 * `order_new`, `order_canceled` and full-state `openOrders` carry). `order_update` carries a cuid
 * instead, with no documented link to the numeric id (docs/venues/zdex.md, "Order events");
 * `resolveCuid` maps it (see there).
 *
 * The venue's figures decide what is reported: `order_new` and `order_canceled` are reported at once
 * (they name the numeric id), while an `order_update` (a guessed mapping) and the fills inferred from
 * position changes only inform the tracker until the next full state, whose cumulative `executedQty`
 * per open order settles fill attribution, fill progress and which vanished orders filled
 * (account.ts). The store never lets a status regress, so nothing uncertain is reported early.
 */
export interface TrackedOrder {
  orderId: string;
  symbol: string;
  /** The tracker's best knowledge of the venue status (order_update and inferred fills included). */
  status: OrderStatus;
  side?: Side;
  price?: string;
  quantity?: string;
  /** Cumulative filled quantity, canonical: the venue's `executedQty`, plus fills attributed since. */
  filled: string;
  /** A fill inferred from a position change was attributed to this order. */
  inferredFill: boolean;
  /** The status an `order_update` gave, not yet confirmed by a full state. */
  hint?: OrderStatus;
  /** Session clock when `hint` was given (released unconfirmed after a while). */
  hintAt?: number;
  /** A terminal status was reported for it (order_canceled, or a hint released without a full state). */
  reportedTerminal: boolean;
  /** The cuid `order_update` uses for this order, once mapped. */
  cuid?: string;
  createdAt: number;
  /** Creation order within the session; breaks ties between equal `createdAt`. */
  seq: number;
  /** `ts` of the newest frame that told us about this order. */
  touchedAt: number;
}

/** Remembered cuid -> order id mappings (bounded; a trader's day holds far fewer orders). */
const MAX_CUIDS = 5_000;

export class OrderTracker {
  private readonly orders = new Map<string, TrackedOrder>();
  private readonly idByCuid = new Map<string, string>();
  /**
   * Maker fills whose resting order is ambiguous (several open orders on the same side at the same
   * limit price, none of which the full state shows growing): quantity per symbol|side|price. The next
   * full state settles it: an order that vanished with its remainder covered by this pool was filled.
   */
  private readonly unattributed = new Map<string, Decimal>();
  private seq = 0;

  constructor(private readonly connectionId: string) {}

  get(orderId: string): TrackedOrder | undefined {
    return this.orders.get(orderId);
  }

  /** `order_new`: the numeric id is the canonical order id. */
  created(ref: { orderId: number; symbol: string; status: ZdexOrderStatus }, ts: number): OrderUpdate {
    const orderId = String(ref.orderId);
    const status = orderStatusOf(ref.status);
    const known = this.orders.get(orderId);
    if (known) {
      known.status = status;
      known.touchedAt = Math.max(known.touchedAt, ts);
      known.seq = ++this.seq; // announced just now: the next order_update most likely speaks of it
    } else {
      this.orders.set(orderId, {
        orderId,
        symbol: ref.symbol,
        status,
        filled: '0',
        inferredFill: false,
        reportedTerminal: false,
        createdAt: ts,
        seq: ++this.seq,
        touchedAt: ts,
      });
    }
    return {
      connectionId: this.connectionId,
      orderId,
      symbol: ref.symbol,
      status,
      createdAt: known?.createdAt ?? ts,
      updatedAt: ts,
    };
  }

  /** `order_canceled` (or any event that states a status for a numeric id): the venue's word, reported. */
  statusChanged(ref: { orderId: number; symbol: string; status: ZdexOrderStatus }, ts: number): OrderUpdate {
    const orderId = String(ref.orderId);
    const status = orderStatusOf(ref.status);
    const known = this.orders.get(orderId);
    if (known) {
      known.status = status;
      known.hint = undefined;
      known.reportedTerminal ||= TERMINAL_ORDER_STATUSES.has(status);
      known.touchedAt = Math.max(known.touchedAt, ts);
    }
    return { connectionId: this.connectionId, orderId, symbol: ref.symbol, status, updatedAt: ts };
  }

  /**
   * Map an `order_update` cuid to a numeric order id. A cuid seen before keeps its mapping. Otherwise the
   * candidates are this symbol's open orders that have no cuid yet and whose status is `oldStatus`; the
   * most recently announced wins (the latest `order_new` received: the venue sends `order_new` then
   * `order_update` for an order that trades at once). Arrival order, not the venue's creation time: a
   * full state's `time` of a resting order says nothing about which order an update speaks of.
   * Undefined when nothing fits. A guess: the next full state confirms or moves it (`moveCuid`).
   */
  resolveCuid(cuid: string, symbol: string, oldStatus: ZdexOrderStatus): string | undefined {
    const known = this.idByCuid.get(cuid);
    if (known !== undefined) return known;
    let best: TrackedOrder | undefined;
    for (const o of this.orders.values()) {
      if (o.symbol !== symbol || o.cuid !== undefined || TERMINAL_ORDER_STATUSES.has(o.status)) continue;
      if (zdexStatusOf(o.status) !== oldStatus) continue;
      if (!best || o.seq > best.seq) best = o;
    }
    if (!best) return undefined;
    this.mapCuid(cuid, best);
    return best.orderId;
  }

  /** Attribution showed an `order_update` was about another order: the cuid (and its status) move there. */
  moveCuid(fromOrderId: string, toOrderId: string): void {
    const from = this.orders.get(fromOrderId);
    const to = this.orders.get(toOrderId);
    if (!from || !to || from.cuid === undefined || to.cuid !== undefined) return;
    this.mapCuid(from.cuid, to);
    from.cuid = undefined;
    if (from.hint !== undefined) {
      to.hint = from.hint;
      to.hintAt = from.hintAt;
      from.hint = undefined;
      from.hintAt = undefined;
      if (!from.reportedTerminal && TERMINAL_ORDER_STATUSES.has(from.status)) from.status = 'open';
    }
  }

  /** An `order_update`'s new status for a mapped order: known to the tracker, reported once confirmed. */
  noteUpdate(orderId: string, newStatus: ZdexOrderStatus, ts: number, now: number): void {
    const known = this.orders.get(orderId);
    if (!known || known.reportedTerminal) return;
    const status = orderStatusOf(newStatus);
    known.status = status;
    known.hint = status;
    known.hintAt = now;
    known.touchedAt = Math.max(known.touchedAt, ts);
  }

  /** Session clock of the oldest unconfirmed `order_update` status. */
  oldestHintAt(): number | undefined {
    let oldest: number | undefined;
    for (const o of this.orders.values())
      if (o.hint !== undefined && o.hintAt !== undefined && (oldest === undefined || o.hintAt < oldest))
        oldest = o.hintAt;
    return oldest;
  }

  /** Open orders on `symbol` with `side` and a known limit price that can still fill `quantity`. */
  resting(symbol: string, side: Side, quantity: string): TrackedOrder[] {
    const out: TrackedOrder[] = [];
    for (const o of this.orders.values()) {
      if (o.symbol !== symbol || o.side !== side || o.price === undefined || TERMINAL_ORDER_STATUSES.has(o.status))
        continue;
      if (o.quantity !== undefined && new Decimal(o.quantity).minus(o.filled).lt(quantity)) continue;
      out.push(o);
    }
    return out;
  }

  /** A maker fill at `price` that several resting orders could have made. */
  noteUnattributedFill(symbol: string, side: Side, price: string, quantity: string): void {
    const key = `${symbol}|${side}|${price}`;
    this.unattributed.set(key, (this.unattributed.get(key) ?? new Decimal(0)).plus(quantity));
  }

  /** Record a fill attributed to an order (capped at its quantity); returns the order's fill state. */
  applyFill(orderId: string, quantity: string, inferred: boolean, ts: number): OrderUpdate | undefined {
    const o = this.orders.get(orderId);
    if (!o) return undefined;
    let filled = new Decimal(o.filled).plus(quantity);
    if (o.quantity !== undefined) filled = Decimal.min(filled, o.quantity);
    o.filled = decText(filled);
    o.inferredFill ||= inferred;
    o.touchedAt = Math.max(o.touchedAt, ts);
    if (!TERMINAL_ORDER_STATUSES.has(o.status)) o.status = isFullyFilled(o) ? 'filled' : 'partially_filled';
    return {
      connectionId: this.connectionId,
      orderId,
      symbol: o.symbol,
      status: o.status,
      filledQuantity: o.filled,
      updatedAt: ts,
    };
  }

  /**
   * How much each order traded since the tracker last knew, by the venue's cumulative figures in a full
   * state: an open order's `executedQty` above what is known, and the remainder of an order that is no
   * longer listed (filled, unless a cancel was missed; unbounded when its quantity was never seen, e.g.
   * a market order known only from `order_new`). Orders a newer frame spoke of are left out.
   */
  growth(openOrders: readonly ZdexOpenOrder[], ts: number): OrderGrowth[] {
    const out: OrderGrowth[] = [];
    const listed = new Set<string>();
    for (const wire of openOrders) {
      const orderId = String(wire.orderId);
      listed.add(orderId);
      const known = this.orders.get(orderId);
      if (known && known.touchedAt > ts) continue;
      const grown = new Decimal(wire.executedQty).minus(known?.filled ?? '0');
      if (grown.lte(0)) continue;
      out.push({
        orderId,
        symbol: wire.symbol,
        side: sideOf(wire.side),
        price: canon(wire.price),
        remaining: grown,
      });
    }
    for (const o of this.orders.values()) {
      if (listed.has(o.orderId) || o.touchedAt > ts || o.reportedTerminal) continue;
      if (o.hint !== undefined && o.hint !== 'filled' && o.hint !== 'partially_filled') continue;
      const remaining = o.quantity === undefined ? undefined : new Decimal(o.quantity).minus(o.filled);
      if (remaining !== undefined && remaining.lte(0)) continue;
      const growth: OrderGrowth = { orderId: o.orderId, symbol: o.symbol };
      if (o.side !== undefined) growth.side = o.side;
      if (o.price !== undefined) growth.price = o.price;
      if (remaining !== undefined) growth.remaining = remaining;
      out.push(growth);
    }
    return out;
  }

  /**
   * A full state lists every open order and is the venue's word on them: known orders take its figures
   * (status and cumulative `executedQty`), unless a newer frame spoke of them. An order that was open
   * and is absent, with no terminal status reported, is resolved here: `filled` when the fills
   * attributed to it cover its quantity (or an `order_update` said FILLED), the status an
   * `order_update` gave otherwise, else `canceled`.
   */
  sync(openOrders: readonly ZdexOpenOrder[], ts: number): OrderUpdate[] {
    const present = new Set<string>();
    for (const wire of openOrders) {
      const orderId = String(wire.orderId);
      present.add(orderId);
      const known = this.orders.get(orderId);
      if (known && known.touchedAt > ts) continue;
      const fields = {
        symbol: wire.symbol,
        status: orderStatusOf(wire.status),
        side: sideOf(wire.side),
        price: canon(wire.price),
        quantity: canon(wire.origQty),
        filled: canon(wire.executedQty),
        createdAt: wire.time,
        hint: undefined,
        hintAt: undefined,
      };
      if (known) Object.assign(known, fields, { touchedAt: ts });
      else
        this.orders.set(orderId, {
          orderId,
          ...fields,
          inferredFill: false,
          reportedTerminal: false,
          seq: ++this.seq,
          touchedAt: ts,
        });
    }
    const resolved: OrderUpdate[] = [];
    for (const o of [...this.orders.values()]) {
      if (present.has(o.orderId) || o.touchedAt > ts) continue;
      this.orders.delete(o.orderId);
      if (o.reportedTerminal) continue;
      const status = this.finalStatus(o);
      const update: OrderUpdate = {
        connectionId: this.connectionId,
        orderId: o.orderId,
        symbol: o.symbol,
        status,
        updatedAt: ts,
      };
      const filled = status === 'filled' ? (o.quantity ?? o.filled) : o.filled;
      if (new Decimal(filled).gt(0)) update.filledQuantity = filled;
      resolved.push(update);
    }
    return resolved;
  }

  /**
   * Reports the `order_update` statuses no full state confirmed in time (a venue that stopped pushing
   * full states): the venue said so, and the mapping is the best there is.
   */
  releaseHints(olderThan: number): OrderUpdate[] {
    const out: OrderUpdate[] = [];
    for (const o of this.orders.values()) {
      if (o.hint === undefined || (o.hintAt ?? 0) > olderThan) continue;
      const update: OrderUpdate = {
        connectionId: this.connectionId,
        orderId: o.orderId,
        symbol: o.symbol,
        status: o.hint,
        updatedAt: o.touchedAt,
      };
      if (o.hint === 'filled' && o.quantity !== undefined) update.filledQuantity = o.quantity;
      else if (new Decimal(o.filled).gt(0)) update.filledQuantity = o.filled;
      o.reportedTerminal ||= TERMINAL_ORDER_STATUSES.has(o.hint);
      o.hint = undefined;
      o.hintAt = undefined;
      out.push(update);
    }
    return out;
  }

  /** Open orders as far as the tracker knows, with their cumulative filled quantity (recovery digest). */
  *openFills(): Iterable<[orderId: string, filled: string]> {
    for (const o of this.orders.values()) {
      if (o.reportedTerminal || TERMINAL_ORDER_STATUSES.has(o.status)) continue;
      yield [o.orderId, o.filled];
    }
  }

  private finalStatus(o: TrackedOrder): OrderStatus {
    if (TERMINAL_ORDER_STATUSES.has(o.status)) return o.status;
    if (isFullyFilled(o) || this.claimUnattributed(o)) return 'filled';
    return 'canceled';
  }

  /** Take an order's remainder from the unattributed pool at its price, if the pool covers it. */
  private claimUnattributed(o: TrackedOrder): boolean {
    if (o.side === undefined || o.price === undefined || o.quantity === undefined) return false;
    const key = `${o.symbol}|${o.side}|${o.price}`;
    const pool = this.unattributed.get(key);
    const remaining = new Decimal(o.quantity).minus(o.filled);
    if (!pool || pool.lt(remaining)) return false;
    const left = pool.minus(remaining);
    if (left.isZero()) this.unattributed.delete(key);
    else this.unattributed.set(key, left);
    return true;
  }

  private mapCuid(cuid: string, order: TrackedOrder): void {
    order.cuid = cuid;
    this.idByCuid.set(cuid, order.orderId);
    if (this.idByCuid.size > MAX_CUIDS) this.idByCuid.delete(this.idByCuid.keys().next().value as string);
  }
}

/** Filled when the quantity is covered; an order whose quantity was never seen (market) once anything filled. */
function isFullyFilled(o: TrackedOrder): boolean {
  return o.quantity !== undefined ? new Decimal(o.filled).gte(o.quantity) : new Decimal(o.filled).gt(0);
}

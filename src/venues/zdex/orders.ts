import { Decimal, decText } from '../../domain/decimal';
import { TERMINAL_ORDER_STATUSES, type OrderStatus, type OrderUpdate, type Side } from '../../domain/types';
import { canon, orderStatusOf, sideOf, zdexStatusOf } from './normalize';
import type { ZdexOpenOrder, ZdexOrderStatus } from './wire';

/**
 * What the session knows about each of the account's orders, keyed by the numeric order id (the one
 * `order_new`, `order_canceled` and full-state `openOrders` carry). `order_update` carries a cuid
 * instead, with no documented link to the numeric id (docs.zdex.world/docs/websocket/channels, "Order
 * Events"); `resolveCuid` maps it (see there).
 */
export interface TrackedOrder {
  orderId: string;
  symbol: string;
  status: OrderStatus;
  side?: Side;
  price?: string;
  quantity?: string;
  /** Cumulative filled quantity, canonical. */
  filled: string;
  /** A fill inferred from a position change was attributed to this order. */
  inferredFill: boolean;
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
   * limit price): quantity per symbol|side|price. Guessing would be permanent (a terminal status never
   * regresses), so the next full state settles it: an order that vanished with its remainder covered
   * by this pool was filled.
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

  /** `order_canceled` (or any event that states a status for a numeric id). */
  statusChanged(ref: { orderId: number; symbol: string; status: ZdexOrderStatus }, ts: number): OrderUpdate {
    const orderId = String(ref.orderId);
    const status = orderStatusOf(ref.status);
    const known = this.orders.get(orderId);
    if (known) {
      known.status = status;
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
   * Undefined when nothing fits.
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
    best.cuid = cuid;
    this.idByCuid.set(cuid, best.orderId);
    if (this.idByCuid.size > MAX_CUIDS) this.idByCuid.delete(this.idByCuid.keys().next().value as string);
    return best.orderId;
  }

  /** Apply an `order_update`'s new status to a mapped order. */
  updated(orderId: string, symbol: string, newStatus: ZdexOrderStatus, ts: number): OrderUpdate {
    const status = orderStatusOf(newStatus);
    const update: OrderUpdate = { connectionId: this.connectionId, orderId, symbol, status, updatedAt: ts };
    const known = this.orders.get(orderId);
    if (known) {
      known.status = status;
      known.touchedAt = Math.max(known.touchedAt, ts);
      if (status === 'filled' && known.quantity !== undefined) {
        known.filled = known.quantity;
        update.filledQuantity = known.quantity;
      }
    }
    return update;
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

  /** Record a fill attributed to an order; returns the order's new fill state. */
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
   * A full state lists every open order. Known orders take the venue's figures; an order that was open
   * and is absent, with no terminal event, is resolved here: `filled` when the fills inferred for it
   * account for its quantity (a maker fill: the venue sends no order event), else `canceled`. Orders
   * touched by a frame newer than the state are left alone.
   */
  sync(openOrders: readonly ZdexOpenOrder[], ts: number): OrderUpdate[] {
    const present = new Set<string>();
    for (const wire of openOrders) {
      const orderId = String(wire.orderId);
      present.add(orderId);
      const known = this.orders.get(orderId);
      const fields = {
        symbol: wire.symbol,
        status: orderStatusOf(wire.status),
        side: sideOf(wire.side),
        price: canon(wire.price),
        quantity: canon(wire.origQty),
        filled: canon(wire.executedQty),
        createdAt: wire.time,
      };
      if (known) Object.assign(known, fields, { touchedAt: Math.max(known.touchedAt, ts) });
      else this.orders.set(orderId, { orderId, ...fields, inferredFill: false, seq: ++this.seq, touchedAt: ts });
    }
    const resolved: OrderUpdate[] = [];
    for (const o of [...this.orders.values()]) {
      if (present.has(o.orderId) || o.touchedAt > ts) continue;
      this.orders.delete(o.orderId);
      if (TERMINAL_ORDER_STATUSES.has(o.status)) continue;
      const status: OrderStatus = isFullyFilled(o) || this.claimUnattributed(o) ? 'filled' : 'canceled';
      const update: OrderUpdate = {
        connectionId: this.connectionId,
        orderId: o.orderId,
        symbol: o.symbol,
        status,
        updatedAt: ts,
      };
      if (status === 'filled') update.filledQuantity = o.quantity ?? o.filled;
      resolved.push(update);
    }
    return resolved;
  }
}

function isFullyFilled(o: TrackedOrder): boolean {
  return o.quantity !== undefined ? new Decimal(o.filled).gte(o.quantity) : o.inferredFill;
}

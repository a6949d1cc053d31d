import { Decimal, decText } from '../../domain/decimal';
import type { DomainEvent, PositionClosedEvent } from '../../domain/events';
import type { Fill, Side } from '../../domain/types';
import {
  ZERO_POSITION,
  deriveFillLegs,
  halfTick,
  realizedAfterClose,
  snapPrice,
  type FillLeg,
  type PositionPoint,
} from './fill-math';
import type { ZdexMarket } from './market';
import {
  canon,
  normalizeBalanceUpdate,
  normalizeFullState,
  normalizeFuturesAccount,
  normalizeNotification,
  normalizePosition,
  ZDEX_SETTLE_ASSET,
} from './normalize';
import { OrderTracker, type TrackedOrder } from './orders';
import type { ZdexAccountFrame, ZdexFullState, ZdexOrderStatus, ZdexPositionClosed, ZdexPositionUpdate } from './wire';

/**
 * The account channel's state across sockets: orders (with the cuid mapping), the last known position
 * per symbol, and the fills inferred from position changes. docs.zdex.world/docs/websocket/channels,
 * "account (Authenticated)". The session feeds it only after the socket's first full state.
 */

export interface AccountResult {
  events: DomainEvent[];
  /** Frames that were valid but could not be used (an order_update with no order to map it to). */
  unknown?: number;
  /** Frames older than what is already known (a replayed position_update). */
  duplicates?: number;
  error?: string;
}

interface Baseline {
  point: PositionPoint;
  /** `ts` of the frame that said so. */
  ts: number;
}

/** An order_update FILLED / PARTIALLY_FILLED: the next position change on its symbol is its (taker) fill. */
interface PendingTaker {
  orderId?: string;
  side?: Side;
  ts: number;
}

/** A maker fill priced only by the market (a close without PnL figures) must be this close to a limit price. */
const UNPRICED_MATCH_SPREAD = new Decimal('0.005');

export class ZdexAccount {
  private readonly orders: OrderTracker;
  private readonly positions = new Map<string, Baseline>();
  private readonly pendingTaker = new Map<string, PendingTaker>();
  private hasBaseline = false;

  constructor(
    private readonly connectionId: string,
    private readonly market: ZdexMarket,
  ) {
    this.orders = new OrderTracker(connectionId);
  }

  onFrame(frame: ZdexAccountFrame): AccountResult {
    const { connectionId } = this;
    switch (frame.event) {
      case undefined:
        return this.fullState(frame.data, frame.ts);
      case 'order_new':
        return { events: [{ kind: 'order', order: this.orders.created(frame.data.order, frame.ts) }] };
      case 'order_canceled':
        return { events: [{ kind: 'order', order: this.orders.statusChanged(frame.data.order, frame.ts) }] };
      case 'order_update':
        return this.orderUpdate(frame.data, frame.ts);
      case 'position_update':
        return this.positionUpdate(frame.data, frame.ts);
      case 'balance_update':
        return { events: [{ kind: 'balance', balance: normalizeBalanceUpdate(connectionId, frame.data, frame.ts) }] };
      case 'futures_account_update':
        return {
          events: [{ kind: 'account-summary', summary: normalizeFuturesAccount(connectionId, frame.data, frame.ts) }],
        };
      case 'notification':
        return {
          events: [{ kind: 'notification', notification: normalizeNotification(connectionId, frame.data, frame.ts) }],
        };
    }
  }

  /**
   * "Full State Update": pushed after auth, on changes, and every ~60 s. One account-snapshot, then the
   * fills implied by position changes since the last known state (activity during a reconnect gap, or
   * a missed event), then explicit order events for orders that vanished without a terminal event.
   */
  private fullState(state: ZdexFullState, ts: number): AccountResult {
    const events: DomainEvent[] = [normalizeFullState(this.connectionId, state, ts)];
    for (const o of state.openOrders) this.market.observe(o.symbol, [o.price]);
    const listed = new Map(state.positions.map((p) => [p.symbol, p]));
    const symbols = new Set([...this.positions.keys(), ...listed.keys()]);
    const errors: string[] = [];
    for (const symbol of symbols) {
      const base = this.positions.get(symbol);
      if (base && base.ts > ts) continue; // a position_update newer than this state already said more
      const prev = base?.point ?? ZERO_POSITION;
      const wire = listed.get(symbol);
      const next: PositionPoint = { quantity: wire ? canon(wire.quantity) : '0' };
      // The full state names no position id. Keep the known one only while the quantity is unchanged:
      // after activity in a gap the position may have closed and reopened under a new id.
      if (prev.positionId !== undefined && next.quantity === prev.quantity) next.positionId = prev.positionId;
      if (wire && next.quantity !== '0') {
        next.avgEntryPrice = canon(wire.avgEntryPrice);
        next.realizedPnl = canon(wire.realizedPnl);
      }
      if (this.hasBaseline) this.deriveFills(symbol, prev, next, ts, events, errors);
      this.positions.set(symbol, { point: next, ts });
    }
    events.push(...this.orders.sync(state.openOrders, ts).map((order): DomainEvent => ({ kind: 'order', order })));
    // The full state reflects every fill up to `ts`: an order_update older than that has had its fill.
    for (const [symbol, pending] of this.pendingTaker) if (pending.ts <= ts) this.pendingTaker.delete(symbol);
    this.hasBaseline = true;
    return withError({ events }, errors);
  }

  /** `order_update`: map the cuid to a numeric id; a fill status marks the next position change as taker. */
  private orderUpdate(
    d: { orderId: string; symbol: string; oldStatus: ZdexOrderStatus; newStatus: ZdexOrderStatus },
    ts: number,
  ): AccountResult {
    const orderId = this.orders.resolveCuid(d.orderId, d.symbol, d.oldStatus);
    if (d.newStatus === 'FILLED' || d.newStatus === 'PARTIALLY_FILLED') {
      const pending: PendingTaker = { ts };
      if (orderId !== undefined) pending.orderId = orderId;
      const side = orderId === undefined ? undefined : this.orders.get(orderId)?.side;
      if (side !== undefined) pending.side = side;
      this.pendingTaker.set(d.symbol, pending);
    }
    if (orderId === undefined) {
      return {
        events: [],
        unknown: 1,
        error: `order_update for ${d.symbol} (${d.oldStatus}->${d.newStatus}) matches no open order; ignored`,
      };
    }
    return { events: [{ kind: 'order', order: this.orders.updated(orderId, d.symbol, d.newStatus, ts) }] };
  }

  /**
   * `position_update`: the position itself (or its close, with the final realized PnL), then the fills
   * its quantity change implies.
   */
  private positionUpdate(d: ZdexPositionUpdate | ZdexPositionClosed, ts: number): AccountResult {
    const base = this.positions.get(d.symbol);
    if (base && ts < base.ts) return { events: [], duplicates: 1 };
    const prev = base?.point ?? ZERO_POSITION;
    const next: PositionPoint = { positionId: d.positionId, quantity: canon(d.quantity) };
    const position = isClosed(d) ? undefined : normalizePosition(this.connectionId, d, ts);
    if (!isClosed(d)) {
      // A closed frame carries no PnL or average; a full frame with quantity "0" still has its PnL.
      next.realizedPnl = canon(d.realizedPnl);
      if (next.quantity !== '0') next.avgEntryPrice = canon(d.avgEntryPrice);
    }
    const fills: DomainEvent[] = [];
    const errors: string[] = [];
    const closePrice = this.hasBaseline ? this.deriveFills(d.symbol, prev, next, ts, fills, errors) : undefined;
    const events: DomainEvent[] = [];
    const lineageChanged =
      prev.positionId !== undefined && next.positionId !== undefined && prev.positionId !== next.positionId;
    if (!position) events.push(this.closed(d.symbol, prev, next, closePrice, ts));
    // A new position id while the old one is open in our state (its close frame was missed): the old
    // one closed first, with what its close fill implies.
    else if (lineageChanged && prev.quantity !== '0')
      events.push(this.closed(d.symbol, prev, { quantity: '0' }, closePrice, ts), { kind: 'position', position });
    else events.push({ kind: 'position', position });
    events.push(...fills);
    this.positions.set(d.symbol, { point: next, ts });
    return withError({ events }, errors);
  }

  /**
   * `position-closed` with the position's final realized PnL (the closing fill's included): the
   * venue's own figure when the frame has it (a full frame with quantity "0"); else derived from the
   * last known state and the close fill's price, flagged `realizedInferred` since that price was not
   * in the venue's figures (a maker close takes its resting order's limit price, a taker close the
   * book's). No figure when the last state or the price is unknown: the store then books the last
   * realized PnL the position showed.
   */
  private closed(
    symbol: string,
    prev: PositionPoint,
    next: PositionPoint,
    closePrice: string | undefined,
    ts: number,
  ): PositionClosedEvent {
    const event: PositionClosedEvent = { kind: 'position-closed', connectionId: this.connectionId, symbol, time: ts };
    if (next.realizedPnl !== undefined)
      return { ...event, realizedPnl: next.realizedPnl, settleAsset: ZDEX_SETTLE_ASSET };
    const realized = closePrice === undefined ? undefined : realizedAfterClose(prev, closePrice);
    return realized === undefined
      ? event
      : { ...event, realizedPnl: realized, settleAsset: ZDEX_SETTLE_ASSET, realizedInferred: true };
  }

  /**
   * Fills for one position change. The fill id is deterministic in the resulting position state, so a
   * replayed frame or a re-sent full state derives the same id (and an unchanged quantity derives none).
   */
  private deriveFills(
    symbol: string,
    prev: PositionPoint,
    next: PositionPoint,
    ts: number,
    events: DomainEvent[],
    errors: string[],
  ): string | undefined {
    const legs = deriveFillLegs(prev, next);
    if (legs.length === 0) return undefined;
    let closePrice: string | undefined;
    const taker = this.pendingTaker.get(symbol);
    this.pendingTaker.delete(symbol);
    const key = next.positionId ?? prev.positionId ?? symbol;
    const baseId = `pos:${key}:${next.quantity}:${next.realizedPnl ?? '-'}:${next.avgEntryPrice ?? '-'}`;
    for (const leg of legs) {
      const fillId = leg.part === 'whole' ? baseId : `${baseId}:${leg.part}`;
      const onTaker = taker !== undefined && (taker.side === undefined || taker.side === leg.side);
      const made = onTaker ? this.takerFill(symbol, leg, taker, fillId, ts) : this.makerFill(symbol, leg, fillId, ts);
      if (!made) {
        errors.push(
          `${symbol}: a ${leg.side} of ${leg.quantity} happened but its price is unknown (no PnL on the close, no market price); fill not recorded`,
        );
        continue;
      }
      events.push({ kind: 'fill', fill: made.fill });
      if (made.order) events.push({ kind: 'order', order: made.order });
      // The leg that closed all of `prev` (to zero, or the old position of a new id).
      if (
        leg.part !== 'open' &&
        leg.quantity === decText(new Decimal(prev.quantity).abs()) &&
        leg.side === (new Decimal(prev.quantity).isPositive() ? 'sell' : 'buy')
      ) {
        closePrice = made.fill.price;
      }
    }
    return closePrice;
  }

  /** The order's own fill, reported by an order_update just before the position moved. */
  private takerFill(symbol: string, leg: FillLeg, taker: PendingTaker, fillId: string, ts: number) {
    const exact = snapPrice(leg, this.market.decimalsFor(symbol));
    const price = exact ?? this.market.takerEstimate(symbol, leg.side);
    if (price === undefined) return undefined;
    const fill: Fill = {
      connectionId: this.connectionId,
      fillId,
      symbol,
      side: leg.side,
      price,
      quantity: leg.quantity,
      liquidity: 'taker',
      time: ts,
    };
    if (taker.orderId !== undefined) fill.orderId = taker.orderId;
    if (exact === undefined) fill.inferred = true; // priced from the market, not from the venue's figures
    const order =
      taker.orderId === undefined ? undefined : this.orders.applyFill(taker.orderId, leg.quantity, false, ts);
    return { fill, order };
  }

  /**
   * No order event: a maker fill (the venue's known gap) or activity we did not see. Attributed to the
   * resting order on that side whose limit price the derived price matches; maker fills execute at the
   * limit price, so the order's exact price is used.
   */
  private makerFill(symbol: string, leg: FillLeg, fillId: string, ts: number) {
    const decimals = this.market.decimalsFor(symbol);
    const derived = snapPrice(leg, decimals);
    const match = this.restingMatch(symbol, leg, decimals);
    const resting = match?.orders.length === 1 ? match.orders[0] : undefined;
    const price = match?.price ?? derived ?? this.market.takerEstimate(symbol, leg.side);
    if (price === undefined) return undefined;
    const fill: Fill = {
      connectionId: this.connectionId,
      fillId,
      symbol,
      side: leg.side,
      price,
      quantity: leg.quantity,
      time: ts,
      inferred: true,
    };
    if (match && !resting) {
      // Several resting orders at this price could have filled: the price is certain, the order is not.
      fill.liquidity = 'maker';
      this.orders.noteUnattributedFill(symbol, leg.side, match.price, leg.quantity);
      return { fill, order: undefined };
    }
    if (!resting) return { fill, order: undefined };
    fill.orderId = resting.orderId;
    fill.liquidity = 'maker';
    return { fill, order: this.orders.applyFill(resting.orderId, leg.quantity, true, ts) };
  }

  /**
   * The resting orders this leg may have filled: those at the nearest limit price within the
   * derivation's error (or near the market when unpriced). More than one means ambiguous.
   */
  private restingMatch(
    symbol: string,
    leg: FillLeg,
    decimals: number,
  ): { price: string; orders: TrackedOrder[] } | undefined {
    let reference: Decimal;
    let tolerance: Decimal;
    if (leg.rawPrice) {
      reference = leg.rawPrice;
      tolerance = Decimal.max(halfTick(decimals), leg.tolerance);
    } else {
      const last = this.market.lastPriceOf(symbol);
      if (last === undefined) return undefined;
      reference = new Decimal(last);
      tolerance = reference.times(UNPRICED_MATCH_SPREAD);
    }
    let best: { price: string; orders: TrackedOrder[]; distance: Decimal } | undefined;
    for (const order of this.orders.resting(symbol, leg.side, leg.quantity)) {
      const price = order.price as string;
      const distance = reference.minus(price).abs();
      if (distance.gt(tolerance)) continue;
      if (!best || distance.lt(best.distance)) best = { price, orders: [order], distance };
      else if (distance.eq(best.distance) && price === best.price) best.orders.push(order);
    }
    return best && { price: best.price, orders: best.orders };
  }
}

function isClosed(d: ZdexPositionUpdate | ZdexPositionClosed): d is ZdexPositionClosed {
  return (d as ZdexPositionClosed).closed === true;
}

function withError(result: AccountResult, errors: readonly string[]): AccountResult {
  if (errors.length > 0) result.error = errors.join('; ');
  return result;
}

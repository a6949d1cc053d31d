import { Decimal, decText } from '../../domain/decimal';
import type { Fill, Side } from '../../domain/types';
import type { HeldFill } from './attribution';
import { FillIds } from './fill-ids';
import { deriveFillLegs, halfTick, snapPrice, type FillLeg, type PositionPoint } from './fill-math';
import type { ZdexMarket } from './market';
import type { OrderTracker, TrackedOrder } from './orders';

/**
 * Fills rebuilt from one position change (fill-math.ts for the arithmetic, fill-ids.ts for the ids),
 * each priced and given a first guess of its order, to be held until the full state settles it
 * (attribution.ts). A taker fill follows the `order_update` that named its order; anything else is a
 * maker fill of the resting order whose limit price it matches, or activity the session did not see.
 */

/** An order_update FILLED / PARTIALLY_FILLED: the next position change on its symbol is its (taker) fill. */
export interface PendingTaker {
  orderId?: string;
  side?: Side;
  ts: number;
}

export interface BuiltFills {
  held: HeldFill[];
  /** The price of the leg that closed all of `prev` (to zero, or the old position of a new id). */
  closePrice?: string;
  /** Legs that happened but could not be priced: no fill is made for them. */
  errors: string[];
}

/** A maker fill priced only by the market (a close without PnL figures) must be this close to a limit price. */
const UNPRICED_MATCH_SPREAD = new Decimal('0.005');

export class FillBuilder {
  private readonly ids = new FillIds();

  constructor(
    private readonly connectionId: string,
    private readonly market: ZdexMarket,
    private readonly orders: OrderTracker,
  ) {}

  /** The fills from `prev` to `next` (undefined when the quantity did not change). */
  build(
    symbol: string,
    prev: PositionPoint,
    next: PositionPoint,
    ts: number,
    taker: PendingTaker | undefined,
  ): BuiltFills | undefined {
    const legs = deriveFillLegs(prev, next);
    if (legs.length === 0) return undefined;
    const built: BuiltFills = { held: [], errors: [] };
    const position = next.positionId ?? prev.positionId ?? symbol;
    for (const leg of legs) {
      const fillId = this.ids.make(symbol, position, ts, next, leg.part);
      const onTaker = taker !== undefined && (taker.side === undefined || taker.side === leg.side);
      const held = onTaker ? this.takerFill(symbol, leg, taker, fillId, ts) : this.makerFill(symbol, leg, fillId, ts);
      if (!held) {
        built.errors.push(
          `${symbol}: a ${leg.side} of ${leg.quantity} happened but its price is unknown (no PnL on the close, no market price); fill not recorded`,
        );
        continue;
      }
      built.held.push(held);
      if (
        leg.part !== 'open' &&
        leg.quantity === decText(new Decimal(prev.quantity).abs()) &&
        leg.side === (new Decimal(prev.quantity).isPositive() ? 'sell' : 'buy')
      ) {
        built.closePrice = held.fill.price;
      }
    }
    return built;
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
    if (exact === undefined) fill.inferred = true; // priced from the market, not from the venue's figures
    const held: HeldFill = { fill, heldAt: 0 };
    if (taker.orderId !== undefined) held.takerOrderId = taker.orderId;
    return held;
  }

  /**
   * No order event: a maker fill (the venue's known gap) or activity we did not see. Guessed to be the
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
    const held: HeldFill = { fill, heldAt: 0 };
    if (match) fill.liquidity = 'maker';
    if (resting) held.restingOrderId = resting.orderId;
    else if (match) held.ambiguousPrice = match.price;
    return held;
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

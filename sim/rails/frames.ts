import type {
  RailsBookLevel,
  RailsCompletedOrder,
  RailsCompletedOrdersDelta,
  RailsErrorResponse,
  RailsOrder,
  RailsOrderReplyType,
  RailsOrderResponse,
  RailsOrderStatus,
  RailsPong,
  RailsPublicCompletedOrders,
  RailsPublicCompletedOrdersDelta,
  RailsPublicOrderBook,
  RailsPublicOrderBookDelta,
  RailsPublicTrade,
  RailsSubscribed,
  RailsSubscription,
  RailsUnsubscribed,
} from '../../src/venues/rails/wire';
import type { FillRecord, OrderRecord, OrderStatus } from '../core/records';
import { ORDER_UPDATE } from './protocol';
import { num, text } from '../core/num';

/**
 * Pure builders of Rails frames, written from the documented shapes (seed 002, docs/venues/rails.md, the
 * stream pages) and typed by wire.ts. Decimals are strings, times Unix ms.
 */

// ---- control ------------------------------------------------------------------------------------

export function pongFrame(clientRequestId: string | undefined): RailsPong {
  return { resultType: 'pong', data: withRequestId({ statusCode: 200 }, clientRequestId) };
}

export function subscriptionFrame(
  resultType: 'subscribed' | 'unsubscribed',
  active: RailsSubscription[],
  requested: RailsSubscription[],
  clientRequestId: string | undefined,
): RailsSubscribed | RailsUnsubscribed {
  const data = withRequestId({ activeSubscriptions: active, requestedSubscriptions: requested }, clientRequestId);
  return resultType === 'subscribed' ? { resultType, data } : { resultType, data };
}

/** [guess] a request the server cannot serve; any `data.statusCode` ≥ 400 is an error. */
export function errorFrame(
  statusCode: number,
  body: string,
  clientRequestId: string | undefined,
  market?: string,
): RailsErrorResponse {
  const frame: RailsErrorResponse = { resultType: 'error', data: withRequestId({ statusCode, body }, clientRequestId) };
  if (market !== undefined) frame.market = market;
  return frame;
}

/** The simulator does not take orders: order requests are answered with their own resultType and 501. */
export function orderRequestRefusedFrame(
  resultType: RailsOrderReplyType,
  market: string,
  clientRequestId: string | undefined,
): RailsOrderResponse {
  return {
    resultType,
    market,
    data: withRequestId(
      { statusCode: 501, body: 'order requests are not supported by the simulator' },
      clientRequestId,
    ),
  };
}

function withRequestId<T extends object>(
  data: T,
  clientRequestId: string | undefined,
): T & { clientRequestId?: string } {
  return clientRequestId === undefined ? data : { ...data, clientRequestId };
}

// ---- orders stream ------------------------------------------------------------------------------

const ORDER_STATUS: Record<OrderStatus, RailsOrderStatus> = {
  open: 'active',
  partially_filled: 'partiallyFilled',
  filled: 'filled',
  canceled: 'cancelled',
};

/**
 * An order as the orders stream shows it. `quantity` is the REMAINING quantity and
 * `filledQuantity` the cumulative one (the two add up to the original quantity). A market order
 * has no `price` and an unfilled order no `avgFillPrice` [guess: the docs show only limit orders].
 * A market order just placed is `pending` (it fills at once); a limit order just placed `active`.
 */
export function railsOrder(order: OrderRecord, orderId: string, placed: boolean): RailsOrder {
  const orderStatus: RailsOrderStatus = placed && order.type === 'market' ? 'pending' : ORDER_STATUS[order.status];
  // Keys in the documented order, so frames read like the docs' examples.
  return {
    orderId,
    orderType: order.side,
    tradeType: order.type,
    ...(order.price === undefined ? {} : { price: order.price }),
    quantity: text(num(order.quantity).minus(order.filledQuantity)),
    filledQuantity: order.filledQuantity,
    orderStatus,
    ...(order.averagePrice === undefined ? {} : { avgFillPrice: order.averagePrice }),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    postOnly: false,
  };
}

/** [guess: resultType] an order state change pushed to the orders stream. */
export function orderUpdateFrame(market: string, order: RailsOrder): RailsOrderResponse {
  return { resultType: ORDER_UPDATE, market, data: { statusCode: 200, order } };
}

// ---- trades stream (private) --------------------------------------------------------------------

export interface ExecutionContext {
  market: string;
  orderId: string;
  matchId: string;
  tradeType: string;
  /** Whether this execution completed the order. */
  complete: boolean;
  leverage: number;
  orderCreatedAt: number;
}

/**
 * One execution of the account, with every field of the trade stream's example (transaction-stream
 * page; docs/venues/rails.md lists the same). The core has no trigger orders: the trigger fields carry the
 * example's values for a plain order ("none", "0", 0).
 */
export function completedOrder(fill: FillRecord, c: ExecutionContext): RailsCompletedOrder {
  return {
    market: c.market,
    orderId: c.orderId,
    matchId: c.matchId,
    orderType: fill.side,
    tradeType: c.tradeType,
    executionType: fill.liquidity,
    fillType: c.complete ? 'complete' : 'partial',
    price: fill.price,
    quantity: fill.quantity,
    leverage: String(c.leverage),
    fees: fill.fee,
    orderCreatedAt: c.orderCreatedAt,
    orderFilledAt: fill.time,
    triggerType: 'none',
    triggerPrice: '0',
    triggerCreatedAt: 0,
  };
}

/** The trade stream carries an array as `data`, and no top-level market (it spans every market). */
export function completedOrdersDeltaFrame(orders: RailsCompletedOrder[]): RailsCompletedOrdersDelta {
  return { resultType: 'completedOrdersDelta', data: orders };
}

// ---- public streams -----------------------------------------------------------------------------

export function publicTradesDeltaFrame(market: string, orders: RailsPublicTrade[]): RailsPublicCompletedOrdersDelta {
  return { resultType: 'publicCompletedOrdersDelta', market, data: { orders, statusCode: 200 } };
}

export function publicTradesSnapshotFrame(
  market: string,
  orders: RailsPublicTrade[],
  clientRequestId: string | undefined,
): RailsPublicCompletedOrders {
  return {
    resultType: 'publicCompletedOrders',
    market,
    data: withRequestId({ orders, statusCode: 200 }, clientRequestId),
  };
}

export function bookDeltaFrame(market: string, orders: RailsBookLevel[], ts: number): RailsPublicOrderBookDelta {
  return { resultType: 'publicOrderBookDelta', market, data: { orders, statusCode: 200, ts } };
}

export function bookSnapshotFrame(
  market: string,
  orders: RailsBookLevel[],
  ts: number,
  clientRequestId: string | undefined,
): RailsPublicOrderBook {
  return {
    resultType: 'publicOrderBook',
    market,
    data: withRequestId({ orders, statusCode: 200, ts }, clientRequestId),
  };
}

// ---- faults -------------------------------------------------------------------------------------

/** Malformed frames, cycling: truncated JSON, a JSON array, an unknown resultType. */
export function malformedFrame(index: number, now: number): string {
  switch (index % 3) {
    case 0:
      return '{"resultType":"publicOrderBookDelta","market":"BTC-USDT","data":{"orders":[{"orderType":"buy","pri';
    case 1:
      return JSON.stringify([{ resultType: 'pong', data: { statusCode: 200 } }]);
    default:
      return JSON.stringify({ resultType: 'marginCallV2', data: { statusCode: 200, ts: now } });
  }
}

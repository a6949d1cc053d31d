import type {
  CoinswitchExecution,
  CoinswitchOrder,
  CoinswitchOrderMessage,
  CoinswitchOrderStatus,
  CoinswitchTicker,
  CoinswitchTickerMessage,
  CoinswitchTradeMessage,
} from '../../src/venues/coinswitch/wire';
import type { FillRecord, OrderRecord, OrderStatus } from '../core/records';
import { COINSWITCH_EXCHANGE } from '../../src/venues/coinswitch/wire';
import { num, text } from '../core/num';

/** Who the private envelopes name. */
export interface EnvelopeIds {
  userId: string;
  subAccountId: string;
}

/** What an order object needs beyond the core's record. */
export interface OrderExtras {
  orderId: string;
  orderLinkId: string;
  /** The limit price, or a market order's protection price. */
  price: string;
  lastPriceOnCreated: string;
  cumExecValue: string;
  cumExecFee: string;
}

/** What an execution needs beyond the core's fill. */
export interface ExecutionExtras {
  orderId: string;
  orderLinkId: string;
  orderPrice: string;
  orderQty: string;
  orderType: 'Market' | 'Limit';
  /** The order's quantity still open after this execution. */
  leavesQty: string;
  execId: string;
  closedSize: string;
  seq: number;
}

const STATUS: Record<OrderStatus, CoinswitchOrderStatus> = {
  open: 'New',
  partially_filled: 'PartiallyFilled',
  filled: 'Filled',
  canceled: 'Cancelled',
};

const side = (s: 'buy' | 'sell') => (s === 'buy' ? 'Buy' : 'Sell');

/** `o` of an order message: exactly the seed's 26 Bybit V5 fields, in the seed's order. */
export function bybitOrder(order: OrderRecord, x: OrderExtras): CoinswitchOrder {
  const done = order.status === 'filled' || order.status === 'canceled';
  const leaves = done ? num(0) : num(order.quantity).minus(order.filledQuantity);
  return {
    category: 'linear',
    symbol: order.symbol,
    orderId: x.orderId,
    orderLinkId: x.orderLinkId,
    side: side(order.side),
    positionIdx: 0,
    orderStatus: STATUS[order.status],
    // [guess] Bybit's value for a user's cancel; "UNKNOWN" otherwise, as in the seed.
    cancelType: order.status === 'canceled' ? 'CancelByUser' : 'UNKNOWN',
    rejectReason: 'EC_NoError',
    // Market orders are IOC (the seed); the account's limit orders rest, GTC [guess].
    timeInForce: order.type === 'market' ? 'IOC' : 'GTC',
    price: x.price,
    qty: order.quantity,
    // [guess] "0" until something filled (Bybit's unified account); the seed shows only a filled order.
    avgPrice: order.averagePrice ?? '0',
    leavesQty: text(leaves),
    leavesValue: text(leaves.mul(x.price)),
    cumExecQty: order.filledQuantity,
    cumExecValue: x.cumExecValue,
    cumExecFee: x.cumExecFee,
    orderType: order.type === 'market' ? 'Market' : 'Limit',
    lastPriceOnCreated: x.lastPriceOnCreated,
    closeOnTrigger: false,
    reduceOnly: false,
    createType: 'CreateByUser',
    updatedTime: String(order.updatedAt),
  };
}

/** One element of a trade message's `o`: exactly the seed's 21 fields, in the seed's order. */
export function bybitExecution(fill: FillRecord, x: ExecutionExtras): CoinswitchExecution {
  const value = num(fill.price).mul(fill.quantity);
  return {
    category: 'linear',
    symbol: fill.symbol,
    orderId: x.orderId,
    orderLinkId: x.orderLinkId,
    side: side(fill.side),
    orderPrice: x.orderPrice,
    orderQty: x.orderQty,
    leavesQty: x.leavesQty,
    createType: 'CreateByUser',
    orderType: x.orderType,
    execFee: fill.fee,
    execId: x.execId,
    execPrice: fill.price,
    execQty: fill.quantity,
    execType: 'Trade',
    execValue: text(value),
    execTime: String(fill.time),
    isMaker: fill.liquidity === 'maker',
    // The rate the core charged: fee / value (exact: fees are rounded to 8 decimals and notionals
    // have at most 4, so the ratio of a bp-multiple rate is exact).
    feeRate: value.isZero() ? '0' : text(num(fill.fee).div(value).toDecimalPlaces(8)),
    closedSize: x.closedSize,
    seq: x.seq,
  };
}

/** Envelope of `v1.f.ex1.private.subAccountId.<id>.order`: `T` is 0, as in the seed. */
export function orderMessage(order: CoinswitchOrder, ids: EnvelopeIds, now: number): CoinswitchOrderMessage {
  return {
    t: now,
    e: COINSWITCH_EXCHANGE,
    event_type: 'order.linear',
    E: now,
    T: 0,
    user_id: ids.userId,
    sub_account_id: ids.subAccountId,
    o: order,
  };
}

/** Envelope of `...trade`: `T` is the executions' time, as in the seed (`T` = `execTime`). */
export function tradeMessage(
  executions: CoinswitchExecution[],
  execTime: number,
  ids: EnvelopeIds,
  now: number,
): CoinswitchTradeMessage {
  return {
    t: now,
    e: COINSWITCH_EXCHANGE,
    event_type: 'execution.linear',
    E: now,
    T: execTime,
    user_id: ids.userId,
    sub_account_id: ids.subAccountId,
    o: executions,
  };
}

/** [guess] the ticker (wire.ts CoinswitchTickerMessage): Bybit V5's linear ticker in the envelope, no user ids. */
export function tickerMessage(ticker: CoinswitchTicker, eventTime: number, now: number): CoinswitchTickerMessage {
  return { t: now, e: COINSWITCH_EXCHANGE, event_type: 'ticker.linear', E: eventTime, T: eventTime, o: ticker };
}

/** Malformed private messages for the `malformed` fault, cycling: which subject, which text. */
export function malformedMessage(
  index: number,
  ids: EnvelopeIds,
  now: number,
): { stream: 'order' | 'trade'; text: string } {
  const envelope = {
    t: now,
    e: COINSWITCH_EXCHANGE,
    E: now,
    T: now,
    user_id: ids.userId,
    sub_account_id: ids.subAccountId,
  };
  switch (index % 4) {
    case 0:
      return {
        stream: 'order',
        text: JSON.stringify({ ...envelope, event_type: 'order.linear', o: { category: 'linear' } }).slice(0, 60),
      };
    case 1:
      return { stream: 'order', text: '[1,2,3]' };
    case 2:
      // A trade whose `o` is an object, not the documented array.
      return {
        stream: 'trade',
        text: JSON.stringify({ ...envelope, event_type: 'execution.linear', o: { execId: 'not-an-array' } }),
      };
    default:
      return { stream: 'trade', text: JSON.stringify({ ...envelope, event_type: 'bogus.linear', o: [] }) };
  }
}

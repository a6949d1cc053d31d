/**
 * Rails wire types, as documented (seed 002 = docs.rails.xyz/latest/websocket-api/overview.md, the
 * stream pages it links, and docs/venues/rails.md). Shared by the adapter's codec and the
 * simulator's front end (sim/rails imports this file as types only); the codec checks frames against
 * these shapes at run time, the simulator writes them.
 *
 * Envelopes (overview, "Request Envelope" / "Response Envelope"):
 *   request  {"message": <type>, "content": {clientRequestId?, market?, ...}}
 *   response {"resultType": <type>, "market"?: <market>, "data": {...}}
 *
 * Quirks kept on purpose:
 * - An order's `orderType` is its SIDE ("buy" | "sell"); the order type proper is `tradeType`.
 * - `order.quantity` is the REMAINING quantity; `order.filledQuantity` is CUMULATIVE.
 * - `completedOrdersDelta` carries an array as `data`; every other response carries an object.
 * - Timestamps are Unix ms or ISO-8601 text depending on the doc page; both are accepted.
 *
 * Marked [guess] where the docs leave a name or shape unknown; the simulator follows the same guess.
 */

export type DecimalString = string;
/** Unix ms, or ISO-8601 text (the doc pages disagree). */
export type RailsTimestamp = number | string;

/** Subscription types accepted in the `subscriptions` query parameter and in subscribe requests. */
export const RAILS_SUBSCRIPTIONS = ['orders', 'trades', 'publicTrades', 'publicOrderBook'] as const;
export type RailsSubscription = (typeof RAILS_SUBSCRIPTIONS)[number];

/** `market=ALL` subscribes to every market; every request must then name `content.market`. */
export const RAILS_ALL_MARKETS = 'ALL';

/** The subprotocol prefix carrying the JWT: `new WebSocket(url, ["authorization#" + jwt])`. */
export const RAILS_AUTH_SUBPROTOCOL_PREFIX = 'authorization#';

/**
 * Close code and reason the server uses when the JWT expires while the socket is open [guess: the
 * docs say nothing about mid-connection expiry].
 */
export const RAILS_CLOSE_TOKEN_EXPIRED = 4001;
export const RAILS_CLOSE_TOKEN_EXPIRED_REASON = 'token expired';

export type RailsSide = 'buy' | 'sell';

// ---- client -> server -------------------------------------------------------------------------
interface RailsRequestContent {
  /** Optional correlation id, echoed in the reply. */
  clientRequestId?: string;
  /** Required when the connection uses market=ALL. */
  market?: string;
}

export interface RailsSubscribeRequest {
  message: 'subscribe';
  content: RailsRequestContent & { subscriptions: RailsSubscription[] };
}
/** Mirror of subscribe; the reply name `unsubscribed` is a [guess]. */
export interface RailsUnsubscribeRequest {
  message: 'unsubscribe';
  content: RailsRequestContent & { subscriptions: RailsSubscription[] };
}
export interface RailsPingRequest {
  message: 'ping';
  content?: RailsRequestContent;
}
/** Order book snapshot request (publicOrderBook stream page) → `publicOrderBook`. */
export interface RailsEmitPublicOrderBookRequest {
  message: 'emitPublicOrderBook';
  content: RailsRequestContent;
}
/** Public trades snapshot request (publicTrades stream page) → `publicCompletedOrders`. */
export interface RailsEmitPublicCompletedOrdersRequest {
  message: 'emitPublicCompletedOrders';
  content: RailsRequestContent;
}
/** Order Creation stream requests. The dashboard never sends these; the fields past the envelope are a [guess]. */
export interface RailsCreateOrderRequest {
  message: 'createOrder';
  content: RailsRequestContent & {
    orderType: RailsSide;
    tradeType: string;
    quantity: DecimalString;
    price?: DecimalString;
    postOnly?: boolean;
  };
}
export interface RailsCancelOrderRequest {
  message: 'cancelOrder';
  content: RailsRequestContent & { cancelBy: 'orderId'; orderId: string };
}
export interface RailsModifyOrderRequest {
  message: 'modifyOrder';
  content: RailsRequestContent & { orderId: string; price?: DecimalString; quantity?: DecimalString };
}

export type RailsClientFrame =
  | RailsSubscribeRequest
  | RailsUnsubscribeRequest
  | RailsPingRequest
  | RailsEmitPublicOrderBookRequest
  | RailsEmitPublicCompletedOrdersRequest
  | RailsCreateOrderRequest
  | RailsCancelOrderRequest
  | RailsModifyOrderRequest;

export type RailsRequestType = RailsClientFrame['message'];

// ---- server -> client: control ----------------------------------------------------------------
export interface RailsSubscriptionData {
  activeSubscriptions: RailsSubscription[];
  requestedSubscriptions: RailsSubscription[];
  clientRequestId?: string;
}
export interface RailsSubscribed {
  resultType: 'subscribed';
  market?: string;
  data: RailsSubscriptionData;
}
/** [guess] mirror of `subscribed`. */
export interface RailsUnsubscribed {
  resultType: 'unsubscribed';
  market?: string;
  data: RailsSubscriptionData;
}
export interface RailsPong {
  resultType: 'pong';
  market?: string;
  data: { clientRequestId?: string; statusCode: number };
}
/**
 * A request the server could not serve (unknown message, missing content.market with market=ALL,
 * bad JSON) [guess: the docs show only per-request replies with a statusCode]. Any response whose
 * `data.statusCode` is ≥ 400 is an error, whatever its resultType.
 */
export interface RailsErrorResponse {
  resultType: 'error';
  market?: string;
  data: { statusCode: number; body?: string; clientRequestId?: string };
}

// ---- server -> client: public streams ---------------------------------------------------------
/** One order book level; `quantity` is the new total at that price, "0" deletes the level. */
export interface RailsBookLevel {
  orderType: RailsSide;
  price: DecimalString;
  quantity: DecimalString;
}
export interface RailsBookData {
  orders: RailsBookLevel[];
  statusCode?: number;
  ts?: number;
  clientRequestId?: string;
}
/** Snapshot: the reply to `emitPublicOrderBook`. */
export interface RailsPublicOrderBook {
  resultType: 'publicOrderBook';
  market?: string;
  data: RailsBookData;
}
/** Delta, absolute quantity per level. No sequence numbers: re-snapshot after every (re)connect. */
export interface RailsPublicOrderBookDelta {
  resultType: 'publicOrderBookDelta';
  market?: string;
  data: RailsBookData;
}

export interface RailsPublicTrade {
  executionType: 'maker' | 'taker';
  matchId: string;
  orderType: RailsSide;
  price: DecimalString;
  quantity: DecimalString;
  updatedAt: RailsTimestamp;
}
export interface RailsPublicTradesData {
  orders: RailsPublicTrade[];
  statusCode?: number;
  ts?: number;
  clientRequestId?: string;
}
/** Snapshot: the reply to `emitPublicCompletedOrders`. */
export interface RailsPublicCompletedOrders {
  resultType: 'publicCompletedOrders';
  market?: string;
  data: RailsPublicTradesData;
}
export interface RailsPublicCompletedOrdersDelta {
  resultType: 'publicCompletedOrdersDelta';
  market?: string;
  data: RailsPublicTradesData;
}

// ---- server -> client: private trades stream --------------------------------------------------
/**
 * One execution of one of the account's orders: an element of the trades stream's
 * `completedOrdersDelta` (all markets whatever the URL market) and of REST `GET /api/v1/completed-orders`
 * (docs.rails.xyz/latest/rest-api/get-account-completed-orders), which share the fields. A fill needs the
 * market, the two ids, the side, price, quantity and one of the times; everything else may be absent
 * (the REST answer has no `leverage` nor `orderCreatedAt`; a partial element is merged, not rejected).
 */
export interface RailsCompletedOrder {
  market: string;
  /** ULID. */
  orderId: string;
  matchId: string;
  /** The side. */
  orderType: RailsSide;
  tradeType?: string;
  executionType?: 'maker' | 'taker';
  /** `complete` when this execution filled the order. */
  fillType?: 'partial' | 'complete';
  price: DecimalString;
  quantity: DecimalString;
  leverage?: DecimalString | number;
  /** Fee in the market's quote asset (USDT for BTC-USDT). */
  fees?: DecimalString;
  orderCreatedAt?: RailsTimestamp;
  /** The stream's execution time. */
  orderFilledAt?: RailsTimestamp;
  /** REST's execution time (the latest doc revision). */
  filledAt?: RailsTimestamp;
  /** REST's execution time (an older doc revision; the sort key "txCreated"). */
  txCreated?: RailsTimestamp;
  transactionHash?: string;
  /** "none" when the order had no trigger. */
  triggerType?: string;
  /** "0" when the order had no trigger. */
  triggerPrice?: DecimalString;
  /** 0 when the order had no trigger. */
  triggerCreatedAt?: RailsTimestamp;
}
export interface RailsCompletedOrdersDelta {
  resultType: 'completedOrdersDelta';
  market?: string;
  data: RailsCompletedOrder[];
}

// ---- server -> client: orders stream ----------------------------------------------------------
/** Documented values plus the ones the stream pages imply; unknown ones are mapped and counted. */
export type RailsOrderStatus =
  | 'pending'
  | 'active'
  | 'cancelling'
  | 'cancelled'
  | 'modifying'
  | 'modified'
  | 'partiallyFilled'
  | 'filled'
  | 'rejected'
  | 'expired';

/**
 * An order as the orders stream and REST `open-orders` show it. Only `orderId` is needed: the docs mark
 * the rest required, but an update carrying some of them (an id and a new status) is merged over what
 * is known, never rejected.
 */
export interface RailsOrder {
  /** ULID. */
  orderId: string;
  /** The side. */
  orderType?: RailsSide;
  /** limit | market | ... */
  tradeType?: string;
  price?: DecimalString;
  /** REMAINING quantity. */
  quantity?: DecimalString;
  /** CUMULATIVE filled quantity. */
  filledQuantity?: DecimalString;
  orderStatus?: RailsOrderStatus | string;
  avgFillPrice?: DecimalString;
  createdAt?: RailsTimestamp;
  updatedAt?: RailsTimestamp;
  postOnly?: boolean;
  /** Present when the connection uses market=ALL, and always in REST answers. */
  market?: string;
  leverage?: DecimalString | number;
  /** The id of the request this reply answers (changes per request; not a client order id). */
  clientRequestId?: string;
}

export interface RailsOrderResponseData {
  /** 202 acknowledgement, then 200 confirmation; ≥ 400 is an error. */
  statusCode: number;
  body?: string;
  clientRequestId?: string;
  apiQuotaUsed?: number;
  order?: RailsOrder;
}

/** Replies to order requests: the resultType is the request's type. */
export type RailsOrderReplyType = 'createOrder' | 'cancelOrder' | 'modifyOrder';
/** Order state changes pushed by the venue (fills, cancels, rejects) [guess: the docs leave the name unknown]. */
export const RAILS_ORDER_UPDATE = 'orderUpdate';

export interface RailsOrderResponse {
  resultType: RailsOrderReplyType | typeof RAILS_ORDER_UPDATE;
  market?: string;
  data: RailsOrderResponseData;
}

export type RailsServerFrame =
  | RailsSubscribed
  | RailsUnsubscribed
  | RailsPong
  | RailsErrorResponse
  | RailsPublicOrderBook
  | RailsPublicOrderBookDelta
  | RailsPublicCompletedOrders
  | RailsPublicCompletedOrdersDelta
  | RailsCompletedOrdersDelta
  | RailsOrderResponse;

export type RailsResultType = RailsServerFrame['resultType'];

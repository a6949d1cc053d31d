import { clip } from '../shared/session-output';
import { decodeJsonFrame, UnknownFrame, type FrameDecodeError, type FrameDecodeResult } from '../shared/frame-decoding';
import {
  decimalOrNumber,
  fail,
  decimalText,
  flag,
  integer,
  list,
  member,
  record,
  text,
  timestamp,
  type Fields,
} from './shape';
import {
  RAILS_ORDER_UPDATE,
  RAILS_SUBSCRIPTIONS,
  type RailsBookData,
  type RailsBookLevel,
  type RailsCompletedOrder,
  type RailsCompletedOrdersDelta,
  type RailsOrder,
  type RailsOrderResponse,
  type RailsOrderResponseData,
  type RailsPong,
  type RailsPublicCompletedOrders,
  type RailsPublicCompletedOrdersDelta,
  type RailsPublicOrderBook,
  type RailsPublicOrderBookDelta,
  type RailsPublicTrade,
  type RailsPublicTradesData,
  type RailsSide,
  type RailsSubscribed,
  type RailsSubscription,
  type RailsUnsubscribed,
} from './wire';

/**
 * Rails codec: text -> checked wire frame, or a typed decode error. Pure; never throws.
 * Docs: docs.rails.xyz/latest/websocket-api/overview (envelopes, = seed 002) and the stream pages it
 * links (order-book-stream, trade-stream, transaction-stream, order-creation-stream, subscribe, ping).
 *
 * The `parse*` functions take `unknown` (a JSON value) and return the documented wire type or throw a
 * `ShapeError`; `decodeRailsFrame` is the only entry point that catches, so callers get a result value.
 */

export type RailsDecodeError = FrameDecodeError;

/**
 * A reply whose `data.statusCode` is 400 or more, whatever its resultType (an order request's reply
 * uses the request's name; the docs show no dedicated error frame). `body` is the venue's text.
 */
export interface RailsErrorReply {
  resultType: string;
  market?: string;
  statusCode: number;
  body?: string;
  clientRequestId?: string;
}

/** A checked frame, tagged by the stream it belongs to. */
export type RailsDecoded =
  | { family: 'control'; frame: RailsSubscribed | RailsUnsubscribed | RailsPong }
  | { family: 'book'; frame: RailsPublicOrderBook | RailsPublicOrderBookDelta }
  | { family: 'publicTrades'; frame: RailsPublicCompletedOrders | RailsPublicCompletedOrdersDelta }
  | { family: 'trades'; frame: RailsCompletedOrdersDelta }
  | { family: 'orders'; frame: RailsOrderResponse }
  | { family: 'error'; frame: RailsErrorReply };

export type RailsDecodeResult = FrameDecodeResult<RailsDecoded>;

const SIDES: readonly RailsSide[] = ['buy', 'sell'];
const ORDER_RESULT_TYPES = ['createOrder', 'cancelOrder', 'modifyOrder', RAILS_ORDER_UPDATE] as const;

export function decodeRailsFrame(raw: string): RailsDecodeResult {
  return decodeJsonFrame(raw, parseServerFrame);
}

/** Response envelope `{"resultType", "market"?, "data"}` (overview, "Response Envelope"). */
export function parseServerFrame(json: unknown): RailsDecoded {
  const o = record(json, 'frame');
  if (o.resultType === undefined) throw new UnknownFrame('frame has no resultType');
  const resultType = text(o.resultType, 'resultType');
  const market = optional(o.market, (v) => text(v, `${resultType}.market`));
  const error = parseErrorReply(resultType, market, o.data);
  if (error) return { family: 'error', frame: error };
  const at = <T extends object>(frame: T): T => (market === undefined ? frame : { ...frame, market });
  switch (resultType) {
    case 'subscribed':
    case 'unsubscribed':
      return { family: 'control', frame: at({ resultType, data: parseSubscriptionData(resultType, o.data) }) };
    case 'pong':
      return { family: 'control', frame: at(parsePong(o.data)) };
    case 'publicOrderBook':
    case 'publicOrderBookDelta':
      return { family: 'book', frame: at({ resultType, data: parseBookData(resultType, o.data) }) };
    case 'publicCompletedOrders':
    case 'publicCompletedOrdersDelta':
      return { family: 'publicTrades', frame: at({ resultType, data: parsePublicTradesData(resultType, o.data) }) };
    case 'completedOrdersDelta':
      return { family: 'trades', frame: at(parseCompletedOrdersDelta(o.data)) };
    default:
      if ((ORDER_RESULT_TYPES as readonly string[]).includes(resultType)) {
        const type = resultType as (typeof ORDER_RESULT_TYPES)[number];
        return { family: 'orders', frame: at({ resultType: type, data: parseOrderResponseData(type, o.data) }) };
      }
      throw new UnknownFrame(`unknown resultType "${clip(resultType)}"`);
  }
}

// ---- errors: any reply with data.statusCode >= 400 -------------------------------------------------

/** Order Creation stream: "a unique clientRequestId can be used to correlate ... any error responses". */
export function parseErrorReply(
  resultType: string,
  market: string | undefined,
  data: unknown,
): RailsErrorReply | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const d = data as Fields;
  if (typeof d.statusCode !== 'number' || !(d.statusCode >= 400)) return undefined;
  const reply: RailsErrorReply = { resultType, statusCode: d.statusCode };
  if (market !== undefined) reply.market = market;
  const body = d.body ?? d.message ?? d.error;
  if (typeof body === 'string' && body.length > 0) reply.body = body;
  else if (typeof body === 'object' && body !== null) reply.body = JSON.stringify(body);
  if (typeof d.clientRequestId === 'string' && d.clientRequestId.length > 0) reply.clientRequestId = d.clientRequestId;
  return reply;
}

// ---- control: websocket-v2/subscribe, unsubscribe, ping --------------------------------------------

/** `{"activeSubscriptions":[...],"requestedSubscriptions":[...],"clientRequestId"?}`; unknown names are dropped. */
export function parseSubscriptionData(
  resultType: 'subscribed' | 'unsubscribed',
  value: unknown,
): RailsSubscribed['data'] {
  const d = record(value, `${resultType}.data`);
  const names = (key: 'activeSubscriptions' | 'requestedSubscriptions'): RailsSubscription[] =>
    list(d[key], `${resultType}.data.${key}`)
      .map((s, i) => text(s, `${resultType}.data.${key}[${i}]`))
      .filter((s): s is RailsSubscription => (RAILS_SUBSCRIPTIONS as readonly string[]).includes(s));
  const data: RailsSubscribed['data'] = {
    activeSubscriptions: names('activeSubscriptions'),
    requestedSubscriptions: names('requestedSubscriptions'),
  };
  const id = optional(d.clientRequestId, (v) => text(v, `${resultType}.data.clientRequestId`));
  if (id !== undefined) data.clientRequestId = id;
  return data;
}

/** Ping: `{"resultType":"pong","data":{"clientRequestId","statusCode":200}}`. */
export function parsePong(value: unknown): RailsPong {
  const d = record(value, 'pong.data');
  const data: RailsPong['data'] = { statusCode: integer(d.statusCode, 'pong.data.statusCode') };
  const id = optional(d.clientRequestId, (v) => text(v, 'pong.data.clientRequestId'));
  if (id !== undefined) data.clientRequestId = id;
  return { resultType: 'pong', data };
}

// ---- publicOrderBook: websocket-api/order-book-stream ----------------------------------------------

/** `data.orders[]` of `{orderType, price, quantity}` (quantity: the level's new total; "0" deletes), `statusCode`, `ts`. */
export function parseBookData(resultType: string, value: unknown): RailsBookData {
  const d = record(value, `${resultType}.data`);
  const data: RailsBookData = {
    orders: list(d.orders, `${resultType}.data.orders`).map((l, i) =>
      parseBookLevel(l, `${resultType}.data.orders[${i}]`),
    ),
  };
  copyEnvelopeFields(d, data, resultType);
  return data;
}

export function parseBookLevel(value: unknown, path: string): RailsBookLevel {
  const l = record(value, path);
  return {
    orderType: member(l.orderType, SIDES, `${path}.orderType`),
    price: decimalText(l.price, `${path}.price`),
    quantity: decimalText(l.quantity, `${path}.quantity`),
  };
}

// ---- publicTrades: websocket-api/trade-stream ------------------------------------------------------

export function parsePublicTradesData(resultType: string, value: unknown): RailsPublicTradesData {
  const d = record(value, `${resultType}.data`);
  const data: RailsPublicTradesData = {
    orders: list(d.orders, `${resultType}.data.orders`).map((t, i) =>
      parsePublicTrade(t, `${resultType}.data.orders[${i}]`),
    ),
  };
  copyEnvelopeFields(d, data, resultType);
  return data;
}

/** `{executionType, matchId, orderType, price, quantity, updatedAt}`. */
export function parsePublicTrade(value: unknown, path: string): RailsPublicTrade {
  const t = record(value, path);
  return {
    executionType: member(t.executionType, ['maker', 'taker'] as const, `${path}.executionType`),
    matchId: text(t.matchId, `${path}.matchId`),
    orderType: member(t.orderType, SIDES, `${path}.orderType`),
    price: decimalText(t.price, `${path}.price`),
    quantity: decimalText(t.quantity, `${path}.quantity`),
    updatedAt: timestamp(t.updatedAt, `${path}.updatedAt`),
  };
}

// ---- trades (private): websocket-api/transaction-stream ("Trade Stream") ---------------------------

/** `{"resultType":"completedOrdersDelta","data":[...]}`: `data` is an array here, unlike every other frame. */
export function parseCompletedOrdersDelta(value: unknown): RailsCompletedOrdersDelta {
  return {
    resultType: 'completedOrdersDelta',
    data: list(value, 'completedOrdersDelta.data').map((c, i) =>
      parseCompletedOrder(c, `completedOrdersDelta.data[${i}]`),
    ),
  };
}

/**
 * One execution, from the trades stream or from REST `completed-orders` (same fields, see wire.ts).
 * Needed: market, orderId, matchId, the side, price, quantity and a time (`orderFilledAt` on the stream,
 * `filledAt` or `txCreated` in REST answers); every other field is read when present.
 */
export function parseCompletedOrder(value: unknown, path: string): RailsCompletedOrder {
  const c = record(value, path);
  const trade: RailsCompletedOrder = {
    market: text(c.market, `${path}.market`),
    orderId: text(c.orderId, `${path}.orderId`),
    matchId: text(c.matchId, `${path}.matchId`),
    orderType: member(c.orderType, SIDES, `${path}.orderType`),
    price: decimalText(c.price, `${path}.price`),
    quantity: decimalText(c.quantity, `${path}.quantity`),
  };
  const set = <K extends keyof RailsCompletedOrder>(
    key: K,
    read: (v: unknown, p: string) => RailsCompletedOrder[K],
  ) => {
    const v = optional(c[key], (raw) => read(raw, `${path}.${key}`));
    if (v !== undefined) trade[key] = v;
  };
  set('tradeType', text);
  set('executionType', (v, p) => member(v, ['maker', 'taker'] as const, p));
  set('fillType', (v, p) => member(v, ['partial', 'complete'] as const, p));
  set('leverage', decimalOrNumber);
  set('fees', decimalText);
  set('orderCreatedAt', timestamp);
  set('orderFilledAt', timestamp);
  set('filledAt', timestamp);
  set('txCreated', timestamp);
  set('transactionHash', text);
  set('triggerType', text);
  set('triggerPrice', decimalText);
  // `0` means "no trigger" (the docs' example: triggerType "none", triggerPrice "0", triggerCreatedAt 0).
  if (c.triggerCreatedAt !== 0) set('triggerCreatedAt', timestamp);
  if (trade.orderFilledAt === undefined && trade.filledAt === undefined && trade.txCreated === undefined)
    fail(`${path}.orderFilledAt`, 'a timestamp (Unix ms or ISO-8601), or filledAt / txCreated');
  return trade;
}

// ---- orders: websocket-api/order-creation-stream ---------------------------------------------------

/** `data: {statusCode, body?, clientRequestId?, apiQuotaUsed?, order?}`: 202 acknowledgement, then 200 confirmation. */
export function parseOrderResponseData(resultType: string, value: unknown): RailsOrderResponseData {
  const d = record(value, `${resultType}.data`);
  const data: RailsOrderResponseData = { statusCode: integer(d.statusCode, `${resultType}.data.statusCode`) };
  const body = optional(d.body, (v) => text(v, `${resultType}.data.body`));
  if (body !== undefined) data.body = body;
  const id = optional(d.clientRequestId, (v) => text(v, `${resultType}.data.clientRequestId`));
  if (id !== undefined) data.clientRequestId = id;
  const quota = optional(d.apiQuotaUsed, (v) => integer(v, `${resultType}.data.apiQuotaUsed`));
  if (quota !== undefined) data.apiQuotaUsed = quota;
  const order = optional(d.order, (v) => parseOrder(v, `${resultType}.data.order`));
  if (order !== undefined) data.order = order;
  return data;
}

/**
 * The order object. `orderType` is the SIDE, `tradeType` the order type; `quantity` is the REMAINING
 * quantity and `filledQuantity` the CUMULATIVE one (they add up to the original quantity). The status
 * is kept as text: undocumented values are mapped (and counted) by normalize. Only `orderId` is needed:
 * an update with some fields (an id and a new status) is merged over what is known; a field that is
 * present must be well-formed.
 */
export function parseOrder(value: unknown, path: string): RailsOrder {
  const o = record(value, path);
  const order: RailsOrder = { orderId: text(o.orderId, `${path}.orderId`) };
  const set = <K extends keyof RailsOrder>(key: K, read: (v: unknown, p: string) => RailsOrder[K]) => {
    const v = optional(o[key], (raw) => read(raw, `${path}.${key}`));
    if (v !== undefined) order[key] = v;
  };
  set('orderType', (v, p) => member(v, SIDES, p));
  set('tradeType', text);
  set('price', decimalText);
  set('quantity', decimalText);
  set('filledQuantity', decimalText);
  set('orderStatus', text);
  set('avgFillPrice', decimalText);
  set('createdAt', timestamp);
  set('updatedAt', timestamp);
  set('postOnly', flag);
  set('market', text);
  set('leverage', decimalOrNumber);
  set('clientRequestId', text);
  return order;
}

// ---- helpers ---------------------------------------------------------------------------------------

/** `statusCode`, `ts` and `clientRequestId` beside a public stream's `orders`. */
function copyEnvelopeFields(
  d: Fields,
  data: { statusCode?: number; ts?: number; clientRequestId?: string },
  resultType: string,
): void {
  const statusCode = optional(d.statusCode, (v) => integer(v, `${resultType}.data.statusCode`));
  if (statusCode !== undefined) data.statusCode = statusCode;
  const ts = optional(d.ts, (v) => integer(v, `${resultType}.data.ts`));
  if (ts !== undefined) data.ts = ts;
  const id = optional(d.clientRequestId, (v) => text(v, `${resultType}.data.clientRequestId`));
  if (id !== undefined) data.clientRequestId = id;
}

/** An optional field: absent or null is "not sent". */
function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

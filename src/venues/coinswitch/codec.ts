import { clip } from '../shared/session-output';
import { decodeJsonFrame, UnknownFrame, type FrameDecodeError, type FrameDecodeResult } from '../shared/frame-decoding';
import {
  anyText,
  decimalOrEmpty,
  decimalText,
  flag,
  idText,
  integer,
  list,
  member,
  millis,
  millisText,
  optional,
  record,
  text,
} from './shape';
import type {
  CoinswitchAuthReply,
  CoinswitchExecution,
  CoinswitchOrder,
  CoinswitchSide,
  CoinswitchTicker,
} from './wire';

/**
 * CoinSwitch codec: the `data` text of a NATS message -> a checked payload, or a typed decode error.
 * Pure; never throws. Docs: api-trading.coinswitch.co/hft/sockets/private (= seed 001: "Order
 * Updates", "Trade Updates", "Authenticate the WebSocket"), api-trading.coinswitch.co/hft/sockets/ticker
 * (no payload captured: the ticker shape is a [guess], see ./wire.ts), docs/contract.md section 2 (the auth
 * reply).
 *
 * The payloads are Bybit V5 objects. The codec checks every field the adapter reads, with its
 * documented type, and copies the other documented fields it knows when they have the documented
 * type; a field the adapter does not read may be absent (a venue that trims its payload must not
 * lose orders). The `parse*` functions take a JSON value and throw a `ShapeError`; the `decode*`
 * functions are the only ones that catch, so callers get a result value.
 */

export type CoinswitchDecodeError = FrameDecodeError;

export type DecodeResult<T> = FrameDecodeResult<{ value: T }>;

/** Envelope fields the adapter reads; `t`/`E`/`T` and the ids are optional at run time. */
export interface CheckedEnvelope {
  event_type: string;
  t?: number;
  E?: number;
  T?: number;
  e?: string;
  user_id?: string;
  sub_account_id?: string;
}

/**
 * An order as the adapter reads it: only `orderId` and `updatedTime` are required (an update that
 * carries an order's id and new status is merged over what is known, never rejected); every other
 * documented field it uses is type-checked when present.
 */
export type CheckedOrder = Pick<CoinswitchOrder, 'orderId' | 'updatedTime'> &
  Partial<
    Pick<
      CoinswitchOrder,
      | 'symbol'
      | 'side'
      | 'orderStatus'
      | 'qty'
      | 'cumExecQty'
      | 'orderType'
      | 'category'
      | 'orderLinkId'
      | 'price'
      | 'avgPrice'
      | 'leavesQty'
      | 'timeInForce'
      | 'rejectReason'
      | 'cancelType'
      | 'reduceOnly'
    >
  > & {
    /** Bybit's `createdTime` (Unix ms text): not in the seed's example, used when present. */
    createdTime?: string;
  };

/** An execution: what a fill needs is required (`isMaker` only sets the liquidity, so it may be absent). */
export type CheckedExecution = Pick<
  CoinswitchExecution,
  'symbol' | 'side' | 'execId' | 'execPrice' | 'execQty' | 'execType' | 'execTime'
> &
  Partial<
    Pick<
      CoinswitchExecution,
      'isMaker' | 'category' | 'orderId' | 'orderLinkId' | 'execFee' | 'feeRate' | 'seq' | 'orderType'
    >
  >;

export type CheckedTicker = Pick<CoinswitchTicker, 'symbol'> &
  Partial<Pick<CoinswitchTicker, 'lastPrice' | 'markPrice' | 'indexPrice' | 'bid1Price' | 'ask1Price' | 'fundingRate'>>;

export interface CheckedOrderMessage extends CheckedEnvelope {
  o: CheckedOrder;
}
export interface CheckedTradeMessage extends CheckedEnvelope {
  o: CheckedExecution[];
}
export interface CheckedTickerMessage extends CheckedEnvelope {
  o: CheckedTicker;
}

const SIDES: readonly CoinswitchSide[] = ['Buy', 'Sell'];

function decode<T>(data: string, parse: (json: unknown) => T): DecodeResult<T> {
  return decodeJsonFrame(data, (json) => ({ value: parse(json) }));
}

export function decodeOrderMessage(data: string): DecodeResult<CheckedOrderMessage> {
  return decode(data, parseOrderMessage);
}
export function decodeTradeMessage(data: string): DecodeResult<CheckedTradeMessage> {
  return decode(data, parseTradeMessage);
}
export function decodeTickerMessage(data: string): DecodeResult<CheckedTickerMessage> {
  return decode(data, parseTickerMessage);
}
export function decodeAuthReply(data: string): DecodeResult<CoinswitchAuthReply> {
  return decode(data, parseAuthReply);
}

// ---- envelope: {t, e:"COINSWITCHX", event_type, E, T, user_id, sub_account_id, o} ------------------

/** The CoinSwitch envelope (seed 001, both examples); `event_type` must start with `family + "."`. */
export function parseEnvelope(
  json: unknown,
  family: 'order' | 'execution' | 'ticker',
  what: string,
): { envelope: CheckedEnvelope; o: unknown } {
  const m = record(json, what);
  const eventType = text(m.event_type, `${what}.event_type`);
  if (!eventType.startsWith(`${family}.`)) throw new UnknownFrame(`${what} with event_type "${clip(eventType)}"`);
  const envelope: CheckedEnvelope = { event_type: eventType };
  const t = optional(m.t, (v) => millis(v, `${what}.t`));
  if (t !== undefined) envelope.t = t;
  const E = optional(m.E, (v) => millis(v, `${what}.E`));
  if (E !== undefined) envelope.E = E;
  const T = optional(m.T, (v) => millis(v, `${what}.T`));
  if (T !== undefined) envelope.T = T;
  const e = optional(m.e, (v) => text(v, `${what}.e`));
  if (e !== undefined) envelope.e = e;
  const user = optional(m.user_id, (v) => idText(v, `${what}.user_id`));
  if (user !== undefined) envelope.user_id = user;
  const sub = optional(m.sub_account_id, (v) => idText(v, `${what}.sub_account_id`));
  if (sub !== undefined) envelope.sub_account_id = sub;
  return { envelope, o: m.o };
}

// ---- Order Updates (subject v1.f.ex1.private.subAccountId.<id>.order) -------------------------------

/**
 * `{..., event_type:"order.linear", o:{Bybit V5 order}}`: `o` is ONE order (seed 001, "Order Updates").
 * An update without `updatedTime` is dated by the envelope's event time (`E`, else `t`).
 */
export function parseOrderMessage(json: unknown): CheckedOrderMessage {
  const { envelope, o } = parseEnvelope(json, 'order', 'order');
  return { ...envelope, o: parseOrder(o, 'order.o', envelope.E ?? envelope.t) };
}

/**
 * Mirrors Get Orders (Realtime) `result.list[]`. Only `orderId` and `updatedTime` are required
 * (`fallbackTime`, when given, stands in for a missing `updatedTime`). The status stays text:
 * undocumented ones are mapped (and counted) by normalize.
 */
export function parseOrder(value: unknown, path: string, fallbackTime?: number): CheckedOrder {
  const o = record(value, path);
  const order: CheckedOrder = {
    orderId: text(o.orderId, `${path}.orderId`),
    updatedTime:
      o.updatedTime === undefined && fallbackTime !== undefined && fallbackTime > 0
        ? String(fallbackTime)
        : millisText(o.updatedTime, `${path}.updatedTime`),
  };
  copy(
    order,
    'symbol',
    optional(o.symbol, (v) => text(v, `${path}.symbol`)),
  );
  copy(
    order,
    'side',
    optional(o.side, (v) => member(v, SIDES, `${path}.side`)),
  );
  copy(
    order,
    'orderStatus',
    optional(o.orderStatus, (v) => text(v, `${path}.orderStatus`)),
  );
  copy(
    order,
    'qty',
    optional(o.qty, (v) => decimalText(v, `${path}.qty`)),
  );
  copy(
    order,
    'cumExecQty',
    optional(o.cumExecQty, (v) => decimalText(v, `${path}.cumExecQty`)),
  );
  copy(
    order,
    'orderType',
    optional(o.orderType, (v) => text(v, `${path}.orderType`)),
  );
  copy(
    order,
    'category',
    optional(o.category, (v) => text(v, `${path}.category`)),
  );
  copy(
    order,
    'orderLinkId',
    optional(o.orderLinkId, (v) => anyText(v, `${path}.orderLinkId`)),
  );
  copy(
    order,
    'price',
    optional(o.price, (v) => decimalOrEmpty(v, `${path}.price`)),
  );
  copy(
    order,
    'avgPrice',
    optional(o.avgPrice, (v) => decimalOrEmpty(v, `${path}.avgPrice`)),
  );
  copy(
    order,
    'leavesQty',
    optional(o.leavesQty, (v) => decimalOrEmpty(v, `${path}.leavesQty`)),
  );
  copy(
    order,
    'timeInForce',
    optional(o.timeInForce, (v) => anyText(v, `${path}.timeInForce`)),
  );
  copy(
    order,
    'rejectReason',
    optional(o.rejectReason, (v) => anyText(v, `${path}.rejectReason`)),
  );
  copy(
    order,
    'cancelType',
    optional(o.cancelType, (v) => anyText(v, `${path}.cancelType`)),
  );
  copy(
    order,
    'reduceOnly',
    optional(o.reduceOnly, (v) => flag(v, `${path}.reduceOnly`)),
  );
  copy(
    order,
    'createdTime',
    optional(o.createdTime, (v) => millisText(v, `${path}.createdTime`)),
  );
  return order;
}

// ---- Trade Updates (subject v1.f.ex1.private.subAccountId.<id>.trade) -------------------------------

/** `{..., event_type:"execution.linear", o:[executions]}`: `o` is an ARRAY (seed 001, "Trade Updates"). */
export function parseTradeMessage(json: unknown): CheckedTradeMessage {
  const { envelope, o } = parseEnvelope(json, 'execution', 'trade');
  return { ...envelope, o: list(o, 'trade.o').map((e, i) => parseExecution(e, `trade.o[${i}]`)) };
}

/** Mirrors Execution List `result.list[]`; `execId` is the fill's primary key (seed 001). */
export function parseExecution(value: unknown, path: string): CheckedExecution {
  const e = record(value, path);
  const execution: CheckedExecution = {
    symbol: text(e.symbol, `${path}.symbol`),
    side: member(e.side, SIDES, `${path}.side`),
    execId: text(e.execId, `${path}.execId`),
    execPrice: decimalText(e.execPrice, `${path}.execPrice`),
    execQty: decimalText(e.execQty, `${path}.execQty`),
    execType: text(e.execType, `${path}.execType`),
    execTime: millisText(e.execTime, `${path}.execTime`),
  };
  copy(
    execution,
    'isMaker',
    optional(e.isMaker, (v) => flag(v, `${path}.isMaker`)),
  );
  copy(
    execution,
    'category',
    optional(e.category, (v) => text(v, `${path}.category`)),
  );
  // Funding and settlement executions carry "" for the order.
  copy(
    execution,
    'orderId',
    optional(e.orderId, (v) => anyText(v, `${path}.orderId`)),
  );
  copy(
    execution,
    'orderLinkId',
    optional(e.orderLinkId, (v) => anyText(v, `${path}.orderLinkId`)),
  );
  copy(
    execution,
    'execFee',
    optional(e.execFee, (v) => decimalText(v, `${path}.execFee`)),
  );
  copy(
    execution,
    'feeRate',
    optional(e.feeRate, (v) => decimalOrEmpty(v, `${path}.feeRate`)),
  );
  copy(
    execution,
    'seq',
    optional(e.seq, (v) => integer(v, `${path}.seq`)),
  );
  copy(
    execution,
    'orderType',
    optional(e.orderType, (v) => anyText(v, `${path}.orderType`)),
  );
  return execution;
}

// ---- Ticker (subject v1.f.ex1.public.futures.ticker.<BASE/QUOTE>) [guess] ----------------------------

/** [guess] `{..., event_type:"ticker.linear", o:{Bybit V5 linear ticker}}`; see CoinswitchTicker in ./wire.ts. */
export function parseTickerMessage(json: unknown): CheckedTickerMessage {
  const { envelope, o } = parseEnvelope(json, 'ticker', 'ticker');
  const t = record(o, 'ticker.o');
  const ticker: CheckedTicker = { symbol: text(t.symbol, 'ticker.o.symbol') };
  for (const key of ['lastPrice', 'markPrice', 'indexPrice', 'bid1Price', 'ask1Price', 'fundingRate'] as const) {
    copy(
      ticker,
      key,
      optional(t[key], (v) => decimalOrEmpty(v, `ticker.o.${key}`)),
    );
  }
  return { ...envelope, o: ticker };
}

// ---- auth reply (docs/contract.md section 2) ---------------------------------------------------------------

/** `{"success":true}` or `{"success":false,"error":"..."}` (a missing error text is tolerated). */
export function parseAuthReply(json: unknown): CoinswitchAuthReply {
  const r = record(json, 'auth reply');
  const success = flag(r.success, 'auth reply.success');
  if (success) return { success: true };
  const error = typeof r.error === 'string' && r.error.trim().length > 0 ? r.error : 'no reason given';
  return { success: false, error };
}

// ---- helpers ------------------------------------------------------------------------------------------

function copy<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

import { Decimal } from '../../domain/decimal';
import { clip } from '../shared/session-output';
import { decodeJsonFrame, UnknownFrame, type FrameDecodeError, type FrameDecodeResult } from '../shared/frame-decoding';
import { JsonNumber, parseJsonLossless } from './lossless-json';
import {
  ShapeError,
  decimal,
  idText,
  isAbsent,
  list,
  nanos,
  optDecimal,
  optIdText,
  optNanos,
  optText,
  record,
  safeInteger,
  text,
  token,
  type Fields,
} from './shape';
import {
  ROXOM_MARKET_CHANNELS,
  type RoxomAccountNotice,
  type RoxomBalance,
  type RoxomMarketChannel,
  type RoxomOrder,
  type RoxomPosition,
  type RoxomPositionSide,
  type RoxomSide,
} from './wire';

/**
 * Roxom codec: text -> checked wire frame, or a typed decode error. Pure; never throws.
 * Docs: https://docs.roxom.com/reference/websockets/account-updates (= seed 000) and the field lists
 * in docs/venues/roxom.md (order, position and balance updates, error codes).
 *
 * Every frame is parsed with `parseJsonLossless`: nanosecond timestamps (> 2^53) come out exact, as
 * `bigint`; never through `JSON.parse`, which would round them. The `parse*` functions take the parsed
 * value and return the wire type or throw a `ShapeError`; `decodeRoxomFrame` is the only entry point
 * that catches, so callers get a result value.
 */

export type RoxomDecodeError = FrameDecodeError;

/**
 * An order update as checked: `status` is the venue's word, lower case, documented or not. Only
 * `orderId`, `status` and `timestamp` are required: an update carrying some fields (an id and a new
 * status, say) is merged over what is known, never dropped [guess: the docs list fields, not which
 * may be left out]. What the session knows fills in symbol and side for a fill.
 */
export type CheckedOrder = Omit<RoxomOrder, 'status' | 'symbol' | 'side' | 'orderSize' | 'executedQty'> & {
  status: string;
  symbol?: string;
  side?: RoxomSide;
  orderSize?: string;
  executedQty?: string;
};
/**
 * A position as checked: `status` lower case, documented or not; `side` read as long/short. Key fields:
 * `symbol`, `size`, `updatedAt`; an entry without `side` (or `id`) is completed by the session from the
 * symbol's last known position [guess: the docs list fields, not which may be left out].
 */
export type CheckedPosition = Omit<RoxomPosition, 'status' | 'side' | 'id'> & {
  status?: string;
  side?: RoxomPositionSide;
  id?: string;
};
/** A balance as checked: `unit` lower case, whatever it is. */
export type CheckedBalance = Omit<RoxomBalance, 'unit'> & { unit: string };

/** `{"event":"subscribe"}` (the docs' examples test `event === "subscribe"`), or a Bybit-style `{"op":"subscribe","success":true}` [guess]. */
export interface CheckedAck {
  kind: 'subscribed' | 'unsubscribed';
  channels: string[];
}
/** `{"event":"error","code":"600010","msg":"Authentication failed","connId":"…"}`; `code` as text. */
export interface CheckedError {
  kind: 'error';
  code: string;
  msg: string;
}

export interface CheckedMarketFrame {
  channel: RoxomMarketChannel;
  symbol: string;
  type: 'snapshot' | 'delta';
  createdTime: bigint;
  data: Fields;
}

export type RoxomDecoded =
  | { family: 'control'; frame: CheckedAck | CheckedError }
  | { family: 'order'; order: CheckedOrder }
  | { family: 'position'; positions: CheckedPosition[] }
  | { family: 'balance'; balance: CheckedBalance }
  | { family: 'account'; notice: RoxomAccountNotice }
  | { family: 'market'; frame: CheckedMarketFrame };

export type RoxomDecodeResult = FrameDecodeResult<RoxomDecoded>;

export function decodeRoxomFrame(raw: string): RoxomDecodeResult {
  return decodeJsonFrame(raw, parseServerFrame, parseJsonLossless);
}

/**
 * Account updates carry `type` + `data` ("Message Format": "filter on the type field"); market data
 * `topic` + `type` + `createdTime`; control frames `event` (or `op` on an acknowledgement).
 */
export function parseServerFrame(json: unknown): RoxomDecoded {
  const o = record(json, 'frame');
  if (o.topic !== undefined) return { family: 'market', frame: parseMarketFrame(o) };
  if (o.event !== undefined) return { family: 'control', frame: parseControlFrame(o) };
  if (o.type !== undefined) {
    const type = text(o.type, 'type');
    switch (type) {
      case 'order':
        return { family: 'order', order: parseOrder(o.data) };
      case 'position':
        return { family: 'position', positions: parsePositions(o.data) };
      case 'balance':
        return { family: 'balance', balance: parseBalance(o.data) };
      case 'account':
        return { family: 'account', notice: parseAccountNotice(o.data) };
      default:
        throw new UnknownFrame(`unknown type "${clip(type)}"`);
    }
  }
  if (o.op !== undefined) return { family: 'control', frame: parseOpReply(o) };
  throw new UnknownFrame('frame has neither type, topic nor event');
}

// ---- control frames: docs/venues/roxom.md "Subscribe", "Error codes" ---------------------------------------

/** `event`: "subscribe" / "subscribed" (ack), "unsubscribe" / "unsubscribed", "error". */
export function parseControlFrame(o: Fields): CheckedAck | CheckedError {
  const event = text(o.event, 'event');
  switch (event) {
    case 'subscribe':
    case 'subscribed':
      return { kind: 'subscribed', channels: ackChannels(o) };
    case 'unsubscribe':
    case 'unsubscribed':
      return { kind: 'unsubscribed', channels: ackChannels(o) };
    case 'error':
      return parseError(o);
    default:
      throw new UnknownFrame(`unknown event "${clip(event)}"`);
  }
}

/** The documented error frame. `code` is text ("600010"); a number is read by its digits. `msg` may be absent. */
export function parseError(o: Fields): CheckedError {
  const code = isAbsent(o.code) ? '' : idText(o.code, 'error.code');
  const msg = typeof o.msg === 'string' ? o.msg : typeof o.message === 'string' ? o.message : '';
  return { kind: 'error', code, msg };
}

/**
 * A reply carrying `op` and no `event`: the Bybit-style acknowledgement `{"op":"subscribe","success":true,
 * "ret_msg":"","conn_id":"…"}` that Roxom's request shape resembles [guess; the docs show no ack]. A
 * `success:false` is read as an error with the reply's message.
 */
export function parseOpReply(o: Fields): CheckedAck | CheckedError {
  const op = text(o.op, 'op');
  if (op !== 'subscribe' && op !== 'unsubscribe') throw new UnknownFrame(`unknown op reply "${clip(op)}"`);
  if (o.success === false) {
    const msg = typeof o.ret_msg === 'string' ? o.ret_msg : typeof o.msg === 'string' ? o.msg : `${op} refused`;
    return { kind: 'error', code: isAbsent(o.code) ? '' : idText(o.code, `${op}.code`), msg };
  }
  if (o.success !== true) throw new UnknownFrame(`"${op}" frame without event or success`);
  return { kind: op === 'subscribe' ? 'subscribed' : 'unsubscribed', channels: ackChannels(o) };
}

/** Channels named by an ack's `args` ([{channel}] or ["orders"]), when it names any. */
function ackChannels(o: Fields): string[] {
  if (!Array.isArray(o.args)) return [];
  const channels: string[] = [];
  for (const arg of o.args) {
    if (typeof arg === 'string') channels.push(arg);
    else if (typeof arg === 'object' && arg !== null && typeof (arg as Fields).channel === 'string')
      channels.push((arg as Fields).channel as string);
  }
  return channels;
}

// ---- order updates: account-updates "Order Updates"; docs/venues/roxom.md "Order" --------------------------

/**
 * `{"type":"order","data":{…}}`: one order's state after a change (cumulative `executedQty`). Key fields:
 * `orderId`, `status`, `timestamp`; the rest may be absent (merged over what is known). An executed
 * quantity above the order's size is refused (the venue's cumulative figures cannot contradict).
 */
export function parseOrder(value: unknown): CheckedOrder {
  const path = 'order.data';
  const d = record(value, path);
  const order: CheckedOrder = {
    orderId: idText(d.orderId, `${path}.orderId`),
    status: token(d.status, `${path}.status`),
    timestamp: nanos(d.timestamp, `${path}.timestamp`),
  };
  put(order, 'symbol', optText(d.symbol, `${path}.symbol`));
  if (!isAbsent(d.side) && d.side !== '') order.side = parseSide(d.side, `${path}.side`);
  put(order, 'orderSize', optDecimal(d.orderSize, `${path}.orderSize`));
  put(order, 'executedQty', optDecimal(d.executedQty, `${path}.executedQty`));
  put(order, 'accountId', optIdText(d.accountId, `${path}.accountId`));
  put(order, 'orderType', optText(d.orderType, `${path}.orderType`));
  put(order, 'limitPrice', optDecimal(d.limitPrice, `${path}.limitPrice`));
  put(order, 'clientOrderId', optIdText(d.clientOrderId, `${path}.clientOrderId`));
  put(order, 'remainingQty', optDecimal(d.remainingQty, `${path}.remainingQty`));
  put(order, 'avgPx', optDecimal(d.avgPx, `${path}.avgPx`));
  put(order, 'fillPx', optDecimal(d.fillPx, `${path}.fillPx`));
  put(order, 'filledFees', optDecimal(d.filledFees, `${path}.filledFees`));
  put(order, 'entryPositionId', optIdText(d.entryPositionId, `${path}.entryPositionId`));
  put(order, 'exitPositionId', optIdText(d.exitPositionId, `${path}.exitPositionId`));
  put(order, 'reason', optText(d.reason, `${path}.reason`));
  if (order.executedQty?.startsWith('-')) throw new ShapeError(`${path}.executedQty: expected a non-negative quantity`);
  if (
    order.executedQty !== undefined &&
    order.orderSize !== undefined &&
    new Decimal(order.executedQty).gt(order.orderSize)
  )
    throw new ShapeError(`${path}.executedQty: more than the order's size (orderSize)`);
  return order;
}

/** "buy" / "sell" in any case ("Buy", "BUY"). */
export function parseSide(value: unknown, path: string): RoxomSide {
  const side = token(value, path);
  if (side === 'buy' || side === 'sell') return side;
  throw new ShapeError(`${path}: expected buy or sell`);
}

// ---- position updates: account-updates "Position Updates"; docs/venues/roxom.md "Position" -----------------

/** `{"type":"position","data":[{…}]}`: an ARRAY of positions, each in full. */
export function parsePositions(value: unknown): CheckedPosition[] {
  return list(value, 'position.data').map((p, i) => parsePosition(p, `position.data[${i}]`));
}

/** A position's optional decimal fields, the same on the stream and in REST answers (rest-codec.ts). */
export const POSITION_DECIMAL_FIELDS = [
  'entryAmount',
  'exitAmount',
  'avgEntry',
  'avgExit',
  'positionBalance',
  'initialMargin',
  'maintenanceMargin',
  'liquidationPrice',
  'leverage',
  'markPrice',
  'unrealizedPnl',
  'realizedPnl',
] as const;

export function parsePosition(value: unknown, path: string): CheckedPosition {
  const d = record(value, path);
  const position: CheckedPosition = {
    symbol: text(d.symbol, `${path}.symbol`),
    size: decimal(d.size, `${path}.size`),
    updatedAt: nanos(d.updatedAt, `${path}.updatedAt`),
  };
  put(position, 'id', optIdText(d.id, `${path}.id`));
  if (!isAbsent(d.side) && d.side !== '') position.side = parsePositionSide(d.side, `${path}.side`);
  for (const key of POSITION_DECIMAL_FIELDS) {
    put(position, key, optDecimal(d[key], `${path}.${key}`));
  }
  put(position, 'tradeMode', optText(d.tradeMode, `${path}.tradeMode`));
  if (!isAbsent(d.status) && d.status !== '') position.status = token(d.status, `${path}.status`);
  if (!isAbsent(d.openDate)) position.openDate = safeInteger(d.openDate, `${path}.openDate`);
  put(position, 'createdAt', optNanos(d.createdAt, `${path}.createdAt`));
  return position;
}

/** "long" / "short" [guess: values not listed]; "buy" / "sell" are read as long / short. */
export function parsePositionSide(value: unknown, path: string): RoxomPositionSide {
  const side = token(value, path);
  if (side === 'long' || side === 'buy') return 'long';
  if (side === 'short' || side === 'sell') return 'short';
  throw new ShapeError(`${path}: expected long or short`);
}

// ---- balance updates: account-updates "Balance Updates"; docs/venues/roxom.md "Balance" --------------------

/** `{"type":"balance","data":{accountId, balanceBefore, balanceAfter, amount, unit:"btc", updateType, timestamp}}`. */
export function parseBalance(value: unknown): CheckedBalance {
  const path = 'balance.data';
  const d = record(value, path);
  const balance: CheckedBalance = {
    balanceAfter: decimal(d.balanceAfter, `${path}.balanceAfter`),
    // Roxom is Bitcoin-denominated and the docs show "btc" on every balance; absent means BTC.
    unit: isAbsent(d.unit) ? 'btc' : text(d.unit, `${path}.unit`).toLowerCase(),
    timestamp: nanos(d.timestamp, `${path}.timestamp`),
  };
  put(balance, 'accountId', optIdText(d.accountId, `${path}.accountId`));
  put(balance, 'balanceBefore', optDecimal(d.balanceBefore, `${path}.balanceBefore`));
  put(balance, 'amount', optDecimal(d.amount, `${path}.amount`));
  put(balance, 'updateType', optText(d.updateType, `${path}.updateType`));
  if (!/^[a-z0-9]{1,12}$/.test(balance.unit))
    throw new ShapeError(`${path}.unit: expected an asset code such as "btc"`);
  return balance;
}

// ---- account notifications: account-updates "Account Notifications" (no schema) ---------------------

/**
 * The `account` channel is listed ("Account-level alerts and status updates") without a payload. Read
 * leniently [guess]: the text is `message`, `msg` or `text`; `level` and `timestamp` when present. A
 * payload with no text at all is `unknown`, not malformed: nothing documents it.
 */
export function parseAccountNotice(value: unknown): RoxomAccountNotice {
  const path = 'account.data';
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof JsonNumber) {
    throw new UnknownFrame('account frame without an object payload');
  }
  const d = value as Fields;
  const message = [d.message, d.msg, d.text].find((v): v is string => typeof v === 'string' && v.trim().length > 0);
  if (message === undefined) throw new UnknownFrame('account frame without a message');
  const notice: RoxomAccountNotice = { message };
  put(notice, 'accountId', optIdText(d.accountId, `${path}.accountId`));
  if (typeof d.level === 'string' && d.level.length > 0) notice.level = d.level.toLowerCase();
  put(notice, 'timestamp', optNanos(d.timestamp, `${path}.timestamp`));
  return notice;
}

// ---- market data: docs/venues/roxom.md "Messages" > Market --------------------------------------------------

/** `{"topic":"channel.symbol","type":"snapshot|delta","createdTime":<ns>,"data":{…}}`; `data` is undocumented. */
export function parseMarketFrame(o: Fields): CheckedMarketFrame {
  const topic = text(o.topic, 'topic');
  const dot = topic.indexOf('.');
  const channel = dot < 0 ? topic : topic.slice(0, dot);
  const symbol = dot < 0 ? '' : topic.slice(dot + 1);
  if (!(ROXOM_MARKET_CHANNELS as readonly string[]).includes(channel) || symbol.length === 0) {
    throw new UnknownFrame(`unknown topic "${clip(topic)}"`);
  }
  const type = text(o.type, `${channel}.type`);
  if (type !== 'snapshot' && type !== 'delta') throw new ShapeError(`${channel}.type: expected snapshot or delta`);
  return {
    channel: channel as RoxomMarketChannel,
    symbol,
    type,
    createdTime: nanos(o.createdTime, `${channel}.createdTime`),
    data: record(o.data, `${channel}.data`),
  };
}

/** Sets `target[key]` only when `value` is present, so no key ever holds `undefined`. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

import { clip } from '../shared/session-output';
import { decodeJsonFrame, UnknownFrame, type FrameDecodeError, type FrameDecodeResult } from '../shared/frame-decoding';
import { normalizeDecimal } from '../../domain/decimal';
import {
  ShapeError,
  decimalText,
  finite,
  flag,
  idText,
  integer,
  list,
  member,
  record,
  text,
  type Fields,
} from '../shared/shape';
import {
  ZDEX_UNMODELLED_ACCOUNT_EVENTS,
  type ZdexAccountFrame,
  type ZdexBalance,
  type ZdexBalanceUpdate,
  type ZdexChannel,
  type ZdexControlFrame,
  type ZdexError,
  type ZdexFullState,
  type ZdexFuturesAccountUpdate,
  type ZdexKline,
  type ZdexOpenOrder,
  type ZdexOrderStatus,
  type ZdexPositionClosed,
  type ZdexPositionUpdate,
  type ZdexPublicChannel,
  type ZdexPublicFrame,
  type ZdexStatePosition,
  type ZdexSubscribed,
  type ZdexTrade,
  type ZdexUnmodelledAccountFrame,
  type ZdexUnsubscribed,
} from './wire';

/**
 * ZDEX codec: text -> checked wire frame, or a typed decode error. Pure; never throws.
 * Docs: https://docs.zdex.world/docs/websocket (control frames) and
 * https://docs.zdex.world/docs/websocket/channels (channel payloads) = seed 004.
 *
 * The `parse*` functions take `unknown` (a JSON value) and return the documented wire type or throw a
 * `ShapeError`; `decodeZdexFrame` is the only entry point that catches, so callers get a result value.
 */

export type ZdexDecodeError = FrameDecodeError;

/** A checked frame, tagged by family (a `subscribed` ack may carry a `channel` too, so that cannot tell). */
export type ZdexDecoded =
  | { family: 'control'; frame: ZdexControlFrame }
  | { family: 'public'; frame: ZdexPublicFrame }
  | { family: 'account'; frame: ZdexAccountFrame | ZdexUnmodelledAccountFrame };

export type ZdexDecodeResult = FrameDecodeResult<ZdexDecoded>;

export const ZDEX_PUBLIC_CHANNELS: readonly ZdexPublicChannel[] = [
  'ticker',
  'orderbook',
  'trades',
  'kline',
  'markprice',
];
const CHANNELS: readonly ZdexChannel[] = [...ZDEX_PUBLIC_CHANNELS, 'account'];
const ORDER_STATUSES: readonly ZdexOrderStatus[] = [
  'NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
];

export function decodeZdexFrame(raw: string): ZdexDecodeResult {
  return decodeJsonFrame(raw, parseServerFrame);
}

/**
 * Reads the channel and symbol of a public frame from its text without parsing it, so the ~300-400
 * msg/s the server auto-pushes for every symbol can be dropped before JSON.parse
 * (docs.zetariumdex.com/docs/websocket/overview: "drop messages whose (channel, symbol) you don't care
 * about as early as possible"). Returns undefined when the text is not recognisably a public frame; the
 * full decode then decides. Public payloads carry only numbers and symbols, so the first `"symbol"` key
 * is the frame's own (ticker and markprice repeat the same symbol inside `data`).
 */
export function peekPublicRoute(raw: string): { channel: ZdexPublicChannel; symbol: string } | undefined {
  const channel = peekStringField(raw, 'channel');
  if (channel === undefined || !(ZDEX_PUBLIC_CHANNELS as readonly string[]).includes(channel)) return undefined;
  const symbol = peekStringField(raw, 'symbol');
  return symbol === undefined ? undefined : { channel: channel as ZdexPublicChannel, symbol };
}

/** The value of the first `"key": "value"` in the text, when it is a plain (unescaped) string. */
function peekStringField(raw: string, key: string): string | undefined {
  const at = raw.indexOf(`"${key}"`);
  if (at < 0) return undefined;
  let i = at + key.length + 2;
  while (raw.charCodeAt(i) === 32) i++;
  if (raw[i] !== ':') return undefined;
  i++;
  while (raw.charCodeAt(i) === 32) i++;
  if (raw[i] !== '"') return undefined;
  const end = raw.indexOf('"', i + 1);
  if (end < 0) return undefined;
  const value = raw.slice(i + 1, end);
  return value.includes('\\') ? undefined : value;
}

/** Data frames carry `channel` (+ `ts`, `data`); control frames only `event` (docs.zdex.world/docs/websocket). */
export function parseServerFrame(json: unknown): ZdexDecoded {
  const o = record(json, 'frame');
  if (o.channel !== undefined && o.data !== undefined) {
    const channel = text(o.channel, 'channel');
    if (channel === 'account') return { family: 'account', frame: parseAccountFrame(o) };
    if ((ZDEX_PUBLIC_CHANNELS as readonly string[]).includes(channel))
      return { family: 'public', frame: parsePublicFrame(o) };
    throw new UnknownFrame(`unknown channel "${clip(channel)}"`);
  }
  if (o.event !== undefined) return { family: 'control', frame: parseControlFrame(o) };
  if (o.channel !== undefined) throw new ShapeError(`${clip(String(o.channel))} frame: expected data`);
  throw new UnknownFrame('frame has neither channel nor event');
}

// ---- control frames: docs.zdex.world/docs/websocket -----------------------------------------------

export function parseControlFrame(o: Fields): ZdexControlFrame {
  const event = text(o.event, 'event');
  switch (event) {
    case 'connected':
      return parseConnected(o);
    case 'authenticated':
      return {
        event,
        accountId: idText(o.accountId, 'authenticated.accountId'),
        subAccountId: idText(o.subAccountId, 'authenticated.subAccountId'),
      };
    case 'pong':
      return { event, ts: integer(o.ts, 'pong.ts') };
    case 'subscribed':
    case 'unsubscribed':
      return parseSubscription(event, o);
    case 'error':
      return parseError(o);
    default:
      throw new UnknownFrame(`unknown event "${clip(event)}"`);
  }
}

/** `{"event":"connected","channels":[...],"symbols":[...],"pollIntervalMs":2000}`: the welcome frame. */
export function parseConnected(o: Fields): ZdexControlFrame {
  const channels = list(o.channels, 'connected.channels').map((c, i) => text(c, `connected.channels[${i}]`));
  return {
    event: 'connected',
    channels: channels.filter((c): c is ZdexChannel => (CHANNELS as readonly string[]).includes(c)),
    symbols: list(o.symbols, 'connected.symbols').map((s, i) => text(s, `connected.symbols[${i}]`)),
    pollIntervalMs: finite(o.pollIntervalMs, 'connected.pollIntervalMs'),
  };
}

function parseSubscription(event: 'subscribed' | 'unsubscribed', o: Fields): ZdexSubscribed | ZdexUnsubscribed {
  const frame: ZdexSubscribed | ZdexUnsubscribed = { event };
  if (o.channel !== undefined) frame.channel = member(o.channel, CHANNELS, `${event}.channel`);
  if (o.symbol !== undefined) frame.symbol = text(o.symbol, `${event}.symbol`);
  if (o.channels !== undefined)
    frame.channels = list(o.channels, `${event}.channels`).map((c, i) => text(c, `${event}.channels[${i}]`));
  if (o.symbols !== undefined)
    frame.symbols = list(o.symbols, `${event}.symbols`).map((s, i) => text(s, `${event}.symbols[${i}]`));
  return frame;
}

/** Not in the docs; the server's rejection shape is `{"event":"error","message":"..."}` [guess]. */
export function parseError(o: Fields): ZdexError {
  const message = typeof o.message === 'string' ? o.message : typeof o.msg === 'string' ? o.msg : '';
  const frame: ZdexError = { event: 'error', message };
  if (typeof o.code === 'string' || typeof o.code === 'number') frame.code = String(o.code);
  return frame;
}

// ---- public channels: docs.zdex.world/docs/websocket/channels --------------------------------------

export function parsePublicFrame(o: Fields): ZdexPublicFrame {
  const channel = member(o.channel, ZDEX_PUBLIC_CHANNELS, 'channel');
  const symbol = text(o.symbol, `${channel}.symbol`);
  const ts = integer(o.ts, `${channel}.ts`);
  switch (channel) {
    case 'ticker':
      return { channel, symbol, ts, data: parseTicker(o.data) };
    case 'orderbook':
      return { channel, symbol, ts, data: parseOrderbook(o.data) };
    case 'trades':
      return {
        channel,
        symbol,
        ts,
        data: list(o.data, 'trades.data').map((t, i) => parseTrade(t, `trades.data[${i}]`)),
      };
    case 'kline':
      return { channel, symbol, ts, data: list(o.data, 'kline.data').map((k, i) => parseKline(k, `kline.data[${i}]`)) };
    case 'markprice':
      return { channel, symbol, ts, data: parseMarkPrice(o.data) };
  }
}

/** Channels > ticker. */
export function parseTicker(value: unknown): Extract<ZdexPublicFrame, { channel: 'ticker' }>['data'] {
  const d = record(value, 'ticker.data');
  const p = (k: string) => decimalText(d[k], `ticker.data.${k}`);
  return {
    symbol: text(d.symbol, 'ticker.data.symbol'),
    lastPrice: p('lastPrice'),
    priceChange: p('priceChange'),
    priceChangePercent: p('priceChangePercent'),
    highPrice: p('highPrice'),
    lowPrice: p('lowPrice'),
    volume: p('volume'),
    quoteVolume: p('quoteVolume'),
  };
}

/** Channels > orderbook: top 50 levels, each `[price, quantity]`. */
export function parseOrderbook(value: unknown): Extract<ZdexPublicFrame, { channel: 'orderbook' }>['data'] {
  const d = record(value, 'orderbook.data');
  const levels = (side: 'bids' | 'asks'): [string, string][] =>
    list(d[side], `orderbook.data.${side}`).map((level, i) => {
      const path = `orderbook.data.${side}[${i}]`;
      const pair = list(level, path);
      return [decimalText(pair[0], `${path}[0]`), decimalText(pair[1], `${path}[1]`)];
    });
  return {
    lastUpdateId: integer(d.lastUpdateId, 'orderbook.data.lastUpdateId'),
    bids: levels('bids'),
    asks: levels('asks'),
  };
}

/** Channels > trades. */
export function parseTrade(value: unknown, path: string): ZdexTrade {
  const t = record(value, path);
  return {
    id: integer(t.id, `${path}.id`),
    price: decimalText(t.price, `${path}.price`),
    qty: decimalText(t.qty, `${path}.qty`),
    time: integer(t.time, `${path}.time`),
    isBuyerMaker: flag(t.isBuyerMaker, `${path}.isBuyerMaker`),
  };
}

/** Channels > kline: `[openTime, open, high, low, close, volume, closeTime, quoteVol, trades, takerBuyBaseVol, takerBuyQuoteVol, ignore]`. */
export function parseKline(value: unknown, path: string): ZdexKline {
  const k = list(value, path);
  if (k.length !== 12) throw new ShapeError(`${path}: expected 12 fields, got ${k.length}`);
  const d = (i: number) => decimalText(k[i], `${path}[${i}]`);
  const n = (i: number) => integer(k[i], `${path}[${i}]`);
  return [n(0), d(1), d(2), d(3), d(4), d(5), n(6), d(7), n(8), d(9), d(10), d(11)];
}

/** Channels > markprice. */
export function parseMarkPrice(value: unknown): Extract<ZdexPublicFrame, { channel: 'markprice' }>['data'] {
  const d = record(value, 'markprice.data');
  return {
    symbol: text(d.symbol, 'markprice.data.symbol'),
    markPrice: decimalText(d.markPrice, 'markprice.data.markPrice'),
    indexPrice: decimalText(d.indexPrice, 'markprice.data.indexPrice'),
    fundingRate: decimalText(d.fundingRate, 'markprice.data.fundingRate'),
    nextFundingTime: integer(d.nextFundingTime, 'markprice.data.nextFundingTime'),
  };
}

// ---- account channel: docs.zdex.world/docs/websocket/channels "account (Authenticated)" -------------

export function parseAccountFrame(o: Fields): ZdexAccountFrame | ZdexUnmodelledAccountFrame {
  const ts = integer(o.ts, 'account.ts');
  if (o.event === undefined) return { channel: 'account', ts, data: parseFullState(o.data) };
  const event = text(o.event, 'account.event');
  switch (event) {
    case 'order_new':
    case 'order_canceled':
      return {
        channel: 'account',
        event,
        ts,
        data: { order: parseOrderRef(record(o.data, `${event}.data`).order, `${event}.data.order`) },
      };
    case 'order_update':
      return { channel: 'account', event, ts, data: parseOrderUpdate(o.data) };
    case 'position_update':
      return { channel: 'account', event, ts, data: parsePositionUpdate(o.data) };
    case 'balance_update':
      return { channel: 'account', event, ts, data: parseBalanceUpdate(o.data) };
    case 'futures_account_update':
      return { channel: 'account', event, ts, data: parseFuturesAccountUpdate(o.data) };
    case 'notification':
      return { channel: 'account', event, ts, data: parseNotification(o.data) };
    default:
      if ((ZDEX_UNMODELLED_ACCOUNT_EVENTS as readonly string[]).includes(event)) {
        return { channel: 'account', event: event as ZdexUnmodelledAccountFrame['event'], ts, data: o.data };
      }
      throw new UnknownFrame(`unknown account event "${clip(event)}"`);
  }
}

/** "Full State Update": balances, openOrders, positions. */
export function parseFullState(value: unknown): ZdexFullState {
  const d = record(value, 'account.data');
  return {
    balances: list(d.balances, 'account.data.balances').map((b, i) => parseBalance(b, `account.data.balances[${i}]`)),
    openOrders: list(d.openOrders, 'account.data.openOrders').map((x, i) =>
      parseOpenOrder(x, `account.data.openOrders[${i}]`),
    ),
    positions: list(d.positions, 'account.data.positions').map((p, i) =>
      parseStatePosition(p, `account.data.positions[${i}]`),
    ),
  };
}

export function parseBalance(value: unknown, path: string): ZdexBalance {
  const b = record(value, path);
  const p = (k: string) => decimalText(b[k], `${path}.${k}`);
  return {
    asset: text(b.asset, `${path}.asset`),
    walletBalance: p('walletBalance'),
    unrealizedProfit: p('unrealizedProfit'),
    marginBalance: p('marginBalance'),
    availableBalance: p('availableBalance'),
  };
}

export function parseOpenOrder(value: unknown, path: string): ZdexOpenOrder {
  const o = record(value, path);
  return {
    orderId: integer(o.orderId, `${path}.orderId`),
    symbol: text(o.symbol, `${path}.symbol`),
    status: member(o.status, ORDER_STATUSES, `${path}.status`),
    price: decimalText(o.price, `${path}.price`),
    origQty: decimalText(o.origQty, `${path}.origQty`),
    executedQty: decimalText(o.executedQty, `${path}.executedQty`),
    type: text(o.type, `${path}.type`),
    side: member(o.side, ['BUY', 'SELL'] as const, `${path}.side`),
    positionSide: text(o.positionSide, `${path}.positionSide`),
    time: integer(o.time, `${path}.time`),
  };
}

export function parseStatePosition(value: unknown, path: string): ZdexStatePosition {
  const p = record(value, path);
  const d = (k: string) => decimalText(p[k], `${path}.${k}`);
  return {
    symbol: text(p.symbol, `${path}.symbol`),
    quantity: d('quantity'),
    avgEntryPrice: d('avgEntryPrice'),
    markPrice: d('markPrice'),
    liquidationPrice: d('liquidationPrice'),
    unrealizedPnl: d('unrealizedPnl'),
    realizedPnl: d('realizedPnl'),
    fundingFee: d('fundingFee'),
    initialMargin: d('initialMargin'),
    leverage: finite(p.leverage, `${path}.leverage`),
    marginMode: text(p.marginMode, `${path}.marginMode`),
  };
}

/** "Order Events": `order_new` / `order_canceled` carry a numeric `data.order.orderId`. */
export function parseOrderRef(
  value: unknown,
  path: string,
): { orderId: number; symbol: string; status: ZdexOrderStatus } {
  const o = record(value, path);
  return {
    orderId: integer(o.orderId, `${path}.orderId`),
    symbol: text(o.symbol, `${path}.symbol`),
    status: member(o.status, ORDER_STATUSES, `${path}.status`),
  };
}

/** "Order Events": `order_update` carries a string cuid `data.orderId` ("clx..."), not the numeric id. */
export function parseOrderUpdate(value: unknown): {
  orderId: string;
  symbol: string;
  oldStatus: ZdexOrderStatus;
  newStatus: ZdexOrderStatus;
} {
  const d = record(value, 'order_update.data');
  return {
    orderId: idText(d.orderId, 'order_update.data.orderId'),
    symbol: text(d.symbol, 'order_update.data.symbol'),
    oldStatus: member(d.oldStatus, ORDER_STATUSES, 'order_update.data.oldStatus'),
    newStatus: member(d.newStatus, ORDER_STATUSES, 'order_update.data.newStatus'),
  };
}

/** "Position Events": the full shape, or `{symbol, positionId, quantity: "0", closed: true}` when closed. */
export function parsePositionUpdate(value: unknown): ZdexPositionUpdate | ZdexPositionClosed {
  const d = record(value, 'position_update.data');
  const path = 'position_update.data';
  const positionId = idText(d.positionId, `${path}.positionId`);
  if (d.closed === true) {
    const symbol = text(d.symbol, `${path}.symbol`);
    if (normalizeDecimal(d.quantity) !== '0')
      throw new ShapeError(`${path}.quantity: expected "0" on a closed position`);
    return { symbol, positionId, quantity: '0', closed: true };
  }
  // Only the key fields are required; whatever else is present must have its documented type.
  const update: ZdexPositionUpdate = {
    symbol: text(d.symbol, `${path}.symbol`),
    positionId,
    quantity: decimalText(d.quantity, `${path}.quantity`),
  };
  for (const key of POSITION_DECIMALS) if (d[key] !== undefined) update[key] = decimalText(d[key], `${path}.${key}`);
  if (d.leverage !== undefined) update.leverage = finite(d.leverage, `${path}.leverage`);
  if (d.adl !== undefined) update.adl = finite(d.adl, `${path}.adl`);
  if (d.marginMode !== undefined) update.marginMode = text(d.marginMode, `${path}.marginMode`);
  if (d.openedAt !== undefined) update.openedAt = text(d.openedAt, `${path}.openedAt`);
  return update;
}

const POSITION_DECIMALS = [
  'avgEntryPrice',
  'markPrice',
  'liquidationPrice',
  'unrealizedPnl',
  'realizedPnl',
  'fundingFee',
  'initialMargin',
  'maintenanceMargin',
  'marginBalance',
] as const;

/** "Balance Events": the asset (`symbol`) is required, each figure optional (merged over what is known). */
export function parseBalanceUpdate(value: unknown): ZdexBalanceUpdate {
  const d = record(value, 'balance_update.data');
  const update: ZdexBalanceUpdate = { symbol: text(d.symbol, 'balance_update.data.symbol') };
  if (d.type !== undefined) update.type = text(d.type, 'balance_update.data.type');
  for (const key of ['free', 'locked', 'total'] as const)
    if (d[key] !== undefined) update[key] = decimalText(d[key], `balance_update.data.${key}`);
  if (update.free === undefined && update.locked === undefined && update.total === undefined)
    throw new ShapeError('balance_update.data: no figures (free, locked or total)');
  return update;
}

/**
 * "Futures Account Update": the one payload that sends numbers instead of decimal strings. Each figure is
 * optional (merged over what is known); one with none at all is malformed.
 */
export function parseFuturesAccountUpdate(value: unknown): ZdexFuturesAccountUpdate {
  const d = record(value, 'futures_account_update.data');
  const update: ZdexFuturesAccountUpdate = {};
  for (const key of FUTURES_NUMBERS)
    if (d[key] !== undefined) update[key] = finite(d[key], `futures_account_update.data.${key}`);
  if (d.symbol !== undefined) update.symbol = text(d.symbol, 'futures_account_update.data.symbol');
  if (d.walletMode !== undefined) update.walletMode = text(d.walletMode, 'futures_account_update.data.walletMode');
  if (FUTURES_NUMBERS.every((key) => update[key] === undefined))
    throw new ShapeError('futures_account_update.data: no figures');
  return update;
}

const FUTURES_NUMBERS = [
  'availableBalance',
  'maintenanceMargin',
  'marginBalance',
  'balance',
  'accountEquity',
  'unrealizedPnL',
  'marginCallRate',
  'marginRatio',
] as const;

/** "Other Events" > notification: no schema in the docs; `title` is required, the rest optional [guess]. */
export function parseNotification(value: unknown): Extract<ZdexAccountFrame, { event: 'notification' }>['data'] {
  const d = record(value, 'notification.data');
  const n: Extract<ZdexAccountFrame, { event: 'notification' }>['data'] = {
    title: text(d.title, 'notification.data.title'),
  };
  if (d.id !== undefined) n.id = idText(d.id, 'notification.data.id');
  if (d.level !== undefined)
    n.level = member(d.level, ['info', 'warning', 'error'] as const, 'notification.data.level');
  if (typeof d.message === 'string' && d.message.length > 0) n.message = d.message;
  return n;
}

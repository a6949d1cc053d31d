/**
 * CoinSwitch PRO HFT ("DMA") wire types, exactly as documented (seed 001 =
 * api-trading.coinswitch.co/hft/sockets/private, api-trading.coinswitch.co/hft/sockets/overview, and
 * docs/venues/coinswitch.md). Shared by the adapter's codec and the simulator (sim/coinswitch
 * imports this file as types and constants only); the codec checks payloads against these shapes at
 * run time, the simulator publishes them on a real nats-server.
 *
 * Transport: NATS over WebSocket (`wss://pc-nats-prod.coinswitch.co`). Every payload below is the
 * `data` of a NATS message on the subject named next to it.
 *
 * Auth (docs/contract.md section 2; the venue's docs leave the transport open):
 * - `authMode: "request"` (default): after the NATS connection opens, the client sends the JSON text
 *   `{"op":"auth","args":[apiKey, expires, signature]}` as a NATS request on the auth subject
 *   (default `v1.f.ex1.private.auth`); the reply is `{"success":true}` or
 *   `{"success":false,"error":"..."}`. Private subjects are subscribed only after success, and after
 *   every reconnect the request is sent again.
 * - `authMode: "connect"`: the same JSON text is the NATS CONNECT `token`; a rejection is the NATS
 *   `Authorization Violation`.
 *
 * Quirks kept on purpose:
 * - The payloads are Bybit V5 (`orderStatus`, `cancelType`, `rejectReason:"EC_NoError"`, `execType`,
 *   `seq`), wrapped in a CoinSwitch envelope `{t, e:"COINSWITCHX", event_type, E, T, user_id,
 *   sub_account_id, o}`.
 * - An order message's `o` is ONE order object; a trade message's `o` is an ARRAY of executions.
 * - Decimals are strings; `updatedTime` and `execTime` are Unix ms as decimal TEXT; the envelope's
 *   `t`, `E`, `T` are numbers (`T` is 0 on order messages).
 * - Market tokens in public subjects contain a slash (`BTC/USDT`); payload symbols do not (`BTCUSDT`).
 *
 * Marked [guess] where the docs leave a name or shape unknown; the simulator follows the same guess.
 */

export type DecimalString = string;
/** Unix ms as decimal text, e.g. "1756478182110". */
export type MillisString = string;

// ---- endpoint, subjects -----------------------------------------------------------------------
export const COINSWITCH_DEFAULT_URL = 'wss://pc-nats-prod.coinswitch.co';

/** Default auth subject for `authMode: "request"` (docs/contract.md section 2). */
export const COINSWITCH_DEFAULT_AUTH_SUBJECT = 'v1.f.ex1.private.auth';

/** `v1.f.ex1.private.subAccountId.<id>.order` (seed 001, "Order Updates"). */
export function coinswitchOrderSubject(subAccountId: string): string {
  return `v1.f.ex1.private.subAccountId.${subAccountId}.order`;
}
/** `v1.f.ex1.private.subAccountId.<id>.trade` (seed 001, "Trade Updates"). */
export function coinswitchTradeSubject(subAccountId: string): string {
  return `v1.f.ex1.private.subAccountId.${subAccountId}.trade`;
}
/** `v1.f.ex1.public.futures.ticker.<BASE/QUOTE>` (hft/sockets/overview); the token keeps its slash. */
export function coinswitchTickerSubject(market: string): string {
  return `v1.f.ex1.public.futures.ticker.${market}`;
}
export const COINSWITCH_TICKER_SUBJECT_PREFIX = 'v1.f.ex1.public.futures.ticker.';

// ---- auth (docs/contract.md section 2) --------------------------------------------------------------
/** The auth message (Bybit's WS auth frame): `[api_key, expires (Unix ms), signature]`. */
export interface CoinswitchAuthRequest {
  op: 'auth';
  args: [apiKey: string, expires: number, signature: string];
}
export type CoinswitchAuthReply = { success: true } | { success: false; error: string };

/** The exact text sent (request data, or CONNECT token): key order `op`, `args`, no whitespace. */
export function coinswitchAuthText(apiKey: string, expires: number, signature: string): string {
  const message: CoinswitchAuthRequest = { op: 'auth', args: [apiKey, expires, signature] };
  return JSON.stringify(message);
}

/** The response of `GET /dma/api/v1/socket/signature` (seed 001, "Get a signature"). */
export interface CoinswitchSocketSignature {
  api_key: string;
  /** Unix ms. */
  expires: number;
  signature: string;
}

// ---- envelope ---------------------------------------------------------------------------------
export const COINSWITCH_EXCHANGE = 'COINSWITCHX';

interface CoinswitchEnvelope<EventType extends string, Payload> {
  /** Unix ms (publish time). */
  t: number;
  e: typeof COINSWITCH_EXCHANGE | string;
  event_type: EventType;
  /** Event time, Unix ms. */
  E: number;
  /** Transaction time, Unix ms; 0 on order messages. */
  T: number;
  user_id: string;
  sub_account_id: string;
  o: Payload;
}

// ---- order updates (subject ...order) ---------------------------------------------------------
/** Bybit V5 order statuses (mirrors Get Orders (Realtime) `result.list[].orderStatus`). */
export const COINSWITCH_ORDER_STATUSES = [
  'New',
  'PartiallyFilled',
  'Untriggered',
  'Rejected',
  'PartiallyFilledCanceled',
  'Filled',
  'Cancelled',
  'Triggered',
  'Deactivated',
  'Expired',
] as const;
export type CoinswitchOrderStatus = (typeof COINSWITCH_ORDER_STATUSES)[number];

export type CoinswitchSide = 'Buy' | 'Sell';

/** `o` of an order message: Bybit V5 order, as in the seed. */
export interface CoinswitchOrder {
  category: string;
  symbol: string;
  orderId: string;
  /** The client order id ("" when none). */
  orderLinkId: string;
  side: CoinswitchSide;
  positionIdx: number;
  orderStatus: CoinswitchOrderStatus | string;
  cancelType: string;
  rejectReason: string;
  timeInForce: string;
  price: DecimalString;
  qty: DecimalString;
  /** "0" or "" until something filled. */
  avgPrice: DecimalString;
  leavesQty: DecimalString;
  leavesValue: DecimalString;
  cumExecQty: DecimalString;
  cumExecValue: DecimalString;
  cumExecFee: DecimalString;
  orderType: 'Market' | 'Limit' | string;
  lastPriceOnCreated: DecimalString;
  closeOnTrigger: boolean;
  reduceOnly: boolean;
  createType: string;
  updatedTime: MillisString;
}

export type CoinswitchOrderMessage = CoinswitchEnvelope<'order.linear', CoinswitchOrder>;

// ---- trade updates (subject ...trade) ---------------------------------------------------------
/** Bybit V5 exec types. Only `Trade` is a fill of an order. */
export type CoinswitchExecType = 'Trade' | 'Funding' | 'AdlTrade' | 'BustTrade' | 'Settle' | string;

/** One element of a trade message's `o` array (mirrors Execution List `result.list[]`). */
export interface CoinswitchExecution {
  category: string;
  symbol: string;
  orderId: string;
  orderLinkId: string;
  side: CoinswitchSide;
  orderPrice: DecimalString;
  orderQty: DecimalString;
  leavesQty: DecimalString;
  createType: string;
  orderType: string;
  execFee: DecimalString;
  /** Unique per execution: the fill's primary key (seed 001). */
  execId: string;
  execPrice: DecimalString;
  execQty: DecimalString;
  execType: CoinswitchExecType;
  execValue: DecimalString;
  execTime: MillisString;
  isMaker: boolean;
  feeRate: DecimalString;
  closedSize: DecimalString;
  seq: number;
}

export type CoinswitchTradeMessage = CoinswitchEnvelope<'execution.linear', CoinswitchExecution[]>;

// ---- ticker (subject v1.f.ex1.public.futures.ticker.<BASE/QUOTE>) ------------------------------
/**
 * [guess] The ticker payload was not captured. The docs say "same envelope" and the HFT surface is
 * Bybit V5, so this is Bybit V5's linear ticker (`tickers.{symbol}`) in the CoinSwitch envelope with
 * `event_type: "ticker.linear"`; `user_id`/`sub_account_id` are absent on public subjects [guess].
 * Decimals are strings; `nextFundingTime` is Unix ms text like Bybit.
 */
export interface CoinswitchTicker {
  symbol: string;
  lastPrice: DecimalString;
  markPrice: DecimalString;
  indexPrice: DecimalString;
  bid1Price?: DecimalString;
  bid1Size?: DecimalString;
  ask1Price?: DecimalString;
  ask1Size?: DecimalString;
  highPrice24h?: DecimalString;
  lowPrice24h?: DecimalString;
  prevPrice24h?: DecimalString;
  price24hPcnt?: DecimalString;
  volume24h?: DecimalString;
  turnover24h?: DecimalString;
  openInterest?: DecimalString;
  fundingRate?: DecimalString;
  nextFundingTime?: MillisString;
}

/** [guess] see CoinswitchTicker. */
export interface CoinswitchTickerMessage {
  t: number;
  e: typeof COINSWITCH_EXCHANGE | string;
  event_type: 'ticker.linear';
  E: number;
  T: number;
  o: CoinswitchTicker;
}

export type CoinswitchMessage = CoinswitchOrderMessage | CoinswitchTradeMessage | CoinswitchTickerMessage;

// ---- REST for recovery after a gap (docs/venues/coinswitch.md, "Recovery after a gap") ----------
/**
 * `GET /v5/execution/list?category=linear&startTime=<ms>&endTime=<ms>&limit=<1-100>&cursor=<c>`:
 * executions as in the trade stream's `o[]`, newest first; a window is at most 7 days.
 */
export const COINSWITCH_EXECUTION_LIST_PATH = '/v5/execution/list';
/** `GET /v5/order/realtime?category=linear&openOnly=0&limit=<1-50>&cursor=<c>`: open and recent closed orders. */
export const COINSWITCH_ORDER_REALTIME_PATH = '/v5/order/realtime';

/** The Bybit V5 REST envelope; `retCode` 0 is success, anything else an error named by `retMsg`. */
export interface CoinswitchRestEnvelope<Item> {
  retCode: number;
  retMsg: string;
  result: CoinswitchRestPage<Item> | Record<string, never>;
  /** [guess] Bybit's: `{}` and the server time; the docs name only retCode, retMsg and result. */
  retExtInfo?: Record<string, unknown>;
  time?: number;
}

export interface CoinswitchRestPage<Item> {
  category: string;
  list: Item[];
  /** The cursor of the next page; "" on the last one. */
  nextPageCursor: string;
}

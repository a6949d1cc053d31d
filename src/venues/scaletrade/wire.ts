/**
 * ScaleTrade Client API wire types, exactly as documented (seed 003 = scaletrade.com/client-api/ws/,
 * and docs/venues/scaletrade.md). Shared by the adapter's codec and the simulator's
 * front end (types and constants only); the codec checks frames against these layouts at run time,
 * the simulator writes them.
 *
 * Server data frames are compact JSON arrays decoded strictly by position: the first element is the
 * marker (`t` quote, `b` balance, `o` trade, `a` price alert, `n` notification). Control frames are
 * JSON objects with an `event`. The heartbeat is plain text `ping` -> `pong` (not JSON).
 *
 * Everything marked [guess] is undocumented; the adapter and the simulator follow the same guesses
 * (see README.md).
 */

/** A price or amount: the docs show numbers; strings are accepted too and normalized to decimal text. */
export type WireNumber = number | string;

// ---- heartbeat (plain text, not JSON) -----------------------------------------------------------
export const SCALETRADE_PING = 'ping';
export const SCALETRADE_PONG = 'pong';

// ---- client -> server ---------------------------------------------------------------------------
/** `{"authorization":"<JWT>"}` (seed 003, Authentication). */
export interface ScaletradeAuthRequest {
  authorization: string;
}
/**
 * `{"event":"account.switch","active_login":2000009}` (current docs; aliases `login` and
 * `data:{active_login}` exist, this adapter sends `active_login`). Account events flow only after it.
 */
export interface ScaletradeAccountSwitchRequest {
  event: 'account.switch';
  active_login: number;
}
/** `{"event":"subscribe","data":["eurusd","btcusd"]}` (seed 003, Subscribe). */
export interface ScaletradeSubscribeRequest {
  event: 'subscribe';
  data: string[];
}
/** `{"event":"unsubscribe","data":["eurusd"]}` (seed 003, Unsubscribe). */
export interface ScaletradeUnsubscribeRequest {
  event: 'unsubscribe';
  data: string[];
}
export type ScaletradeClientFrame =
  ScaletradeAuthRequest | ScaletradeAccountSwitchRequest | ScaletradeSubscribeRequest | ScaletradeUnsubscribeRequest;

// ---- server -> client: control objects ----------------------------------------------------------
/** Documented authorization error codes. */
export const SCALETRADE_AUTH_ERRORS = ['INVALID_TOKEN', 'UNSUPPORTED_SESSION'] as const;
export type ScaletradeAuthError = (typeof SCALETRADE_AUTH_ERRORS)[number];

/** `{"event":"authorization","success":true}` or `success:false` with `error` (docs/venues/scaletrade.md). */
export interface ScaletradeAuthorizationReply {
  event: 'authorization';
  success: boolean;
  error?: string;
}
/** [guess] The reply shape is undocumented: `{"event":"account.switch","success":true,"active_login":N}`. */
export interface ScaletradeAccountSwitchReply {
  event: 'account.switch';
  success: boolean;
  active_login?: number;
  error?: string;
}
/** [guess] `{"event":"subscribe","success":true,"data":[...]}`; unsubscribe mirrors it. */
export interface ScaletradeSubscriptionReply {
  event: 'subscribe' | 'unsubscribe';
  success: boolean;
  data?: string[];
  error?: string;
}
/**
 * [guess] Sent by the server after the account.switch reply, once it has pushed the account's `b` and
 * one `o` per open ticket: the initial state is complete. `tickets` = how many `o` frames it pushed.
 */
export interface ScaletradeAccountStateMarker {
  event: 'account.state';
  login: number;
  tickets: number;
}
export type ScaletradeControlFrame =
  | ScaletradeAuthorizationReply
  | ScaletradeAccountSwitchReply
  | ScaletradeSubscriptionReply
  | ScaletradeAccountStateMarker;

// ---- server -> client: compact arrays -----------------------------------------------------------
export const SCALETRADE_MARKERS = ['t', 'b', 'o', 'a', 'n'] as const;
export type ScaletradeMarker = (typeof SCALETRADE_MARKERS)[number];

/** `t` quote: `["t", symbol, bid, ask, ctm]`. ctm is seconds in the Client API example, ms in the TCP doc. */
export const QUOTE = { MARKER: 0, SYMBOL: 1, BID: 2, ASK: 3, CTM: 4 } as const;
export const QUOTE_LENGTH = 5;
export type ScaletradeQuoteArray = [marker: 't', symbol: string, bid: WireNumber, ask: WireNumber, ctm: number];

/** `b` balance: `["b", login, balance, margin, margin_free, margin_level, equity, credit, level_type, profit, code]`. */
export const BALANCE = {
  MARKER: 0,
  LOGIN: 1,
  BALANCE: 2,
  MARGIN: 3,
  MARGIN_FREE: 4,
  MARGIN_LEVEL: 5,
  EQUITY: 6,
  CREDIT: 7,
  LEVEL_TYPE: 8,
  PROFIT: 9,
  CODE: 10,
} as const;
export const BALANCE_LENGTH = 11;
export type ScaletradeBalanceArray = [
  marker: 'b',
  login: number,
  balance: WireNumber,
  margin: WireNumber,
  marginFree: WireNumber,
  marginLevel: WireNumber,
  equity: WireNumber,
  credit: WireNumber,
  levelType: number,
  profit: WireNumber,
  code: number,
];

/**
 * `o` trade: `["o", order, login, symbol, cmd, volume, open_price, close_price, open_time, close_time,
 * tp, sl, state, storage, commission, profit, comment, code]`. `volume` is an int in minimal lots.
 */
export const TRADE = {
  MARKER: 0,
  ORDER: 1,
  LOGIN: 2,
  SYMBOL: 3,
  CMD: 4,
  VOLUME: 5,
  OPEN_PRICE: 6,
  CLOSE_PRICE: 7,
  OPEN_TIME: 8,
  CLOSE_TIME: 9,
  TP: 10,
  SL: 11,
  STATE: 12,
  STORAGE: 13,
  COMMISSION: 14,
  PROFIT: 15,
  COMMENT: 16,
  CODE: 17,
} as const;
export const TRADE_LENGTH = 18;
export type ScaletradeTradeArray = [
  marker: 'o',
  order: number,
  login: number,
  symbol: string,
  cmd: number,
  volume: number,
  openPrice: WireNumber,
  closePrice: WireNumber,
  openTime: number,
  closeTime: number,
  tp: WireNumber,
  sl: WireNumber,
  state: number,
  storage: WireNumber,
  commission: WireNumber,
  profit: WireNumber,
  comment: string,
  code: number,
];

/** [guess, MT4 style] `volume / VOLUME_PER_LOT` = lots. */
export const VOLUME_PER_LOT = 100;

/** `cmd`: 0 BUY, 1 SELL documented; 2–5 pending types [guess, MT4 style]. */
export const TRADE_CMD = {
  BUY: 0,
  SELL: 1,
  BUY_LIMIT: 2,
  SELL_LIMIT: 3,
  BUY_STOP: 4,
  SELL_STOP: 5,
} as const;
export type ScaletradeTradeCmd = (typeof TRADE_CMD)[keyof typeof TRADE_CMD];

/**
 * `state` [guess]: 0 OPEN (an active market ticket, i.e. a position, or an active pending order),
 * 1 CLOSED (a market ticket closed: PnL realized), 2 DELETED (a pending order cancelled),
 * 3 ACTIVATED (a pending order became a market ticket).
 */
export const TRADE_STATE = { OPEN: 0, CLOSED: 1, DELETED: 2, ACTIVATED: 3 } as const;
export type ScaletradeTradeState = (typeof TRADE_STATE)[keyof typeof TRADE_STATE];

/**
 * `code`: the kind of update [guess]: 0 NEW, 1 MODIFIED, 2 CLOSED, 3 PROFIT (a recalculated-profit
 * update of an open ticket), 4 DELETED, 5 ACTIVATED.
 */
export const TRADE_CODE = { NEW: 0, MODIFIED: 1, CLOSED: 2, PROFIT: 3, DELETED: 4, ACTIVATED: 5 } as const;
export type ScaletradeTradeCode = (typeof TRADE_CODE)[keyof typeof TRADE_CODE];

/**
 * `a` price alert: `["a", id, login, symbol, indicator_name, message, side, condition, target_price,
 * channel_low, channel_high, move_threshold, status, repeat_mode, expires_at, triggered_price,
 * triggered_at, code]`. side 0 bid / 1 ask; condition 0–11.
 */
export const ALERT = {
  MARKER: 0,
  ID: 1,
  LOGIN: 2,
  SYMBOL: 3,
  INDICATOR_NAME: 4,
  MESSAGE: 5,
  SIDE: 6,
  CONDITION: 7,
  TARGET_PRICE: 8,
  CHANNEL_LOW: 9,
  CHANNEL_HIGH: 10,
  MOVE_THRESHOLD: 11,
  STATUS: 12,
  REPEAT_MODE: 13,
  EXPIRES_AT: 14,
  TRIGGERED_PRICE: 15,
  TRIGGERED_AT: 16,
  CODE: 17,
} as const;
export const ALERT_LENGTH = 18;
export type ScaletradeAlertArray = [
  marker: 'a',
  id: number,
  login: number,
  symbol: string,
  indicatorName: string,
  message: string,
  side: number,
  condition: number,
  targetPrice: WireNumber,
  channelLow: WireNumber,
  channelHigh: WireNumber,
  moveThreshold: WireNumber,
  status: number,
  repeatMode: number,
  expiresAt: number,
  triggeredPrice: WireNumber,
  triggeredAt: number,
  code: number,
];

/** Alert `side`: 0 bid, 1 ask (documented). */
export const ALERT_SIDE = { BID: 0, ASK: 1 } as const;
/** Alert `status`: 0 active and 4 expired documented; 1 triggered, 2 paused, 3 cancelled [guess]. */
export const ALERT_STATUS = { ACTIVE: 0, TRIGGERED: 1, PAUSED: 2, CANCELLED: 3, EXPIRED: 4 } as const;
export type ScaletradeAlertStatus = (typeof ALERT_STATUS)[keyof typeof ALERT_STATUS];

/**
 * `n` notification (TCP doc; the Client API is the same [guess]):
 * `["n", message, description, token, status, level, user_id, create_time, data?, code]`.
 * When `arr[8]` is an object the frame has 10 elements and the code is `arr[9]`; otherwise it has 9
 * and the code is `arr[8]`.
 */
export const NOTIFICATION = {
  MARKER: 0,
  MESSAGE: 1,
  DESCRIPTION: 2,
  TOKEN: 3,
  STATUS: 4,
  LEVEL: 5,
  USER_ID: 6,
  CREATE_TIME: 7,
  /** `data` when it is an object, else the code. */
  DATA_OR_CODE: 8,
  /** The code when `arr[8]` is the data object. */
  CODE_AFTER_DATA: 9,
} as const;
export const NOTIFICATION_LENGTH_WITHOUT_DATA = 9;
export const NOTIFICATION_LENGTH_WITH_DATA = 10;
export type ScaletradeNotificationArray =
  | [
      marker: 'n',
      message: string,
      description: string,
      token: string,
      status: number,
      level: number,
      userId: number,
      createTime: number,
      code: number,
    ]
  | [
      marker: 'n',
      message: string,
      description: string,
      token: string,
      status: number,
      level: number,
      userId: number,
      createTime: number,
      data: Record<string, unknown>,
      code: number,
    ];

/**
 * Notification `level`: 10 INFO … 60 NEWS documented; the names in between are a [guess]
 * (MT-style 20 NOTICE, 30 WARNING, 40 ERROR, 50 CRITICAL).
 */
export const NOTIFICATION_LEVEL = { INFO: 10, NOTICE: 20, WARNING: 30, ERROR: 40, CRITICAL: 50, NEWS: 60 } as const;
/** [guess] level >= this maps to domain `error`. */
export const NOTIFICATION_ERROR_THRESHOLD = 40;
/** [guess] level >= this (and below the error threshold) maps to domain `warning`. */
export const NOTIFICATION_WARNING_THRESHOLD = 30;

/**
 * Times (`ctm`, `open_time`, `close_time`, `expires_at`, `triggered_at`, `create_time`) below this are
 * seconds, at or above it milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
 */
export const SECONDS_VS_MS_THRESHOLD = 1e11;

export type ScaletradeDataFrame =
  | ScaletradeQuoteArray
  | ScaletradeBalanceArray
  | ScaletradeTradeArray
  | ScaletradeAlertArray
  | ScaletradeNotificationArray;

/**
 * Roxom wire types, as documented (seed 000 = docs.roxom.com/reference/websockets/account-updates, and
 * docs/venues/roxom.md). Shared by the adapter's codec and the simulator's front end
 * (sim/roxom imports this file); the codec checks frames against these shapes at run time, the
 * simulator writes them.
 *
 * The browser never talks to Roxom directly: it opens the keyring relay's
 * `ws://127.0.0.1:8787/ws/<id>` (the pairing token as the subprotocol), and the relay opens `wss://ws.roxom.com/ws` with
 * `X-API-Key` / `X-API-Signature` and forwards the JSON text frames both ways (docs/contract.md section 4).
 *
 * Quirks kept on purpose:
 * - Timestamps are NANOSECONDS since the Unix epoch, written as bare JSON integers larger than 2^53
 *   (e.g. 1756478182146123456). `JSON.parse` would round them. In memory they are `bigint`; write frames
 *   with {@link stringifyRoxomFrame} (bigint → bare integer literal), read them with the codec's
 *   lossless parser. Exception: a position's `openDate` is milliseconds (a safe number).
 * - `position` frames carry an ARRAY in `data`; `order` and `balance` frames carry an object.
 * - There is no fills channel: fills are the growth of an order's cumulative `executedQty`.
 * - Balances are Bitcoin-denominated: `unit` is lower-case "btc".
 * - Error codes are decimal strings; the auth failure is six digits ("600010"), the rest five ("60014").
 *
 * Marked [guess] where the docs leave a name or shape unknown; the simulator follows the same guess.
 */

/** Decimal text, e.g. "0.015". [guess: the docs list the fields without types; the codec also accepts JSON numbers.] */
export type DecimalString = string;

/** Nanoseconds since the Unix epoch. On the wire: a bare JSON integer, usually > 2^53. */
export type RoxomNanos = bigint;

/** Private channels (seed 000 "Stream Types Overview"). */
export const ROXOM_PRIVATE_CHANNELS = ['orders', 'positions', 'balance', 'account'] as const;
export type RoxomPrivateChannel = (typeof ROXOM_PRIVATE_CHANNELS)[number];

/** Market channels (docs/venues/roxom.md "Subscribe"). The dashboard does not subscribe to them. */
export const ROXOM_MARKET_CHANNELS = ['level1', 'trade', 'depth', 'ticker'] as const;
export type RoxomMarketChannel = (typeof ROXOM_MARKET_CHANNELS)[number];

// ---- client -> server -------------------------------------------------------------------------
export interface RoxomSubscribe {
  op: 'subscribe';
  args: { channel: RoxomPrivateChannel }[];
}
export interface RoxomUnsubscribe {
  op: 'unsubscribe';
  args: { channel: RoxomPrivateChannel }[];
}
/** Market subscription, one channel and symbol per frame (the dashboard never sends it). */
export interface RoxomMarketSubscribe {
  channel: RoxomMarketChannel;
  symbol: string;
}
export type RoxomClientFrame = RoxomSubscribe | RoxomUnsubscribe | RoxomMarketSubscribe;

// ---- server -> client: control ----------------------------------------------------------------
/**
 * Subscription acknowledgement. The docs' examples only test `event === "subscribe"`; the other fields
 * are a [guess] (the simulator echoes the args it accepted).
 */
export interface RoxomSubscribed {
  event: 'subscribe';
  args?: { channel: string }[];
  connId?: string;
}
/** [guess] mirror of the subscribe acknowledgement. */
export interface RoxomUnsubscribed {
  event: 'unsubscribe';
  args?: { channel: string }[];
  connId?: string;
}

/** Documented error codes (docs/venues/roxom.md). */
export const ROXOM_ERROR_CODES = {
  authenticationFailed: '600010',
  unknownChannel: '60014',
  unknownSymbol: '60015',
  subscriptionLimit: '60016',
  badJson: '60017',
  binaryNotSupported: '60018',
  internalError: '60019',
} as const;
export type RoxomErrorCode = (typeof ROXOM_ERROR_CODES)[keyof typeof ROXOM_ERROR_CODES];

/** `{"event":"error","code":"600010","msg":"Authentication failed","connId":"…"}` */
export interface RoxomError {
  event: 'error';
  /** Decimal text on the wire; the codec also accepts a JSON number. */
  code: RoxomErrorCode | string;
  msg: string;
  connId?: string;
}

export type RoxomControlFrame = RoxomSubscribed | RoxomUnsubscribed | RoxomError;

// ---- server -> client: account updates --------------------------------------------------------
export type RoxomOrderStatus =
  | 'pendingsubmit'
  | 'waitingtrigger'
  | 'submitted'
  | 'partiallyfilled'
  | 'filled'
  | 'partiallyfilledcancelled'
  | 'cancelled'
  | 'rejected'
  | 'inactive'
  | 'pendingcancel';

export const ROXOM_ORDER_STATUSES: readonly RoxomOrderStatus[] = [
  'pendingsubmit',
  'waitingtrigger',
  'submitted',
  'partiallyfilled',
  'filled',
  'partiallyfilledcancelled',
  'cancelled',
  'rejected',
  'inactive',
  'pendingcancel',
];

/** Lower case on the wire [guess]; the codec also accepts "Buy" / "BUY". */
export type RoxomSide = 'buy' | 'sell';

/**
 * Fields marked optional (`?`) are listed by the docs on every order; they are optional here because the
 * codec tolerates them null or absent (nothing says they are always filled, e.g. `fillPx` before any fill).
 */
export interface RoxomOrder {
  /** UUIDv7. */
  orderId: string;
  accountId?: string;
  symbol: string;
  side: RoxomSide;
  /** "limit" | "market" | ... [guess: values not listed]. */
  orderType?: string;
  orderSize: DecimalString;
  /** "0" (or absent) for market orders [guess]. */
  limitPrice?: DecimalString;
  clientOrderId?: string;
  /** One of {@link ROXOM_ORDER_STATUSES}; the codec passes an undocumented value through (lower case). */
  status: RoxomOrderStatus;
  remainingQty?: DecimalString;
  /** CUMULATIVE executed quantity. */
  executedQty: DecimalString;
  /** Average price of all executions so far. */
  avgPx?: DecimalString;
  /** Price of the LAST execution. */
  fillPx?: DecimalString;
  /** CUMULATIVE fees, in BTC [guess: Roxom is Bitcoin-denominated; the unit is not stated]. */
  filledFees?: DecimalString;
  entryPositionId?: string;
  exitPositionId?: string;
  /** Free text, e.g. a rejection reason; "" when none [guess]. */
  reason?: string;
  timestamp: RoxomNanos;
}
export interface RoxomOrderFrame {
  type: 'order';
  data: RoxomOrder;
}

/** "long" | "short" [guess: values not listed]. */
export type RoxomPositionSide = 'long' | 'short';
/** "open" | "closed" [guess: values not listed]. */
export type RoxomPositionStatus = 'open' | 'closed';

/** As with orders, `?` marks documented fields the codec tolerates null or absent. */
export interface RoxomPosition {
  id: string;
  symbol: string;
  side: RoxomPositionSide;
  /** Unsigned size; the sign comes from `side`. */
  size: DecimalString;
  entryAmount?: DecimalString;
  exitAmount?: DecimalString;
  avgEntry?: DecimalString;
  avgExit?: DecimalString;
  /** "cross" | "isolated" [guess]. */
  tradeMode?: string;
  positionBalance?: DecimalString;
  initialMargin?: DecimalString;
  maintenanceMargin?: DecimalString;
  liquidationPrice?: DecimalString;
  /** [guess] decimal text; the codec also accepts a JSON number. */
  leverage?: DecimalString;
  markPrice?: DecimalString;
  /** One of "open" | "closed"; the codec passes other values through (lower case). */
  status?: RoxomPositionStatus;
  unrealizedPnl?: DecimalString;
  realizedPnl?: DecimalString;
  /** MILLISECONDS since the epoch (the only ms field). */
  openDate?: number;
  updatedAt: RoxomNanos;
  createdAt?: RoxomNanos;
}
export interface RoxomPositionFrame {
  type: 'position';
  data: RoxomPosition[];
}

export interface RoxomBalance {
  accountId?: string;
  balanceBefore?: DecimalString;
  balanceAfter: DecimalString;
  /** balanceAfter - balanceBefore. */
  amount?: DecimalString;
  /** "btc" in the docs; the codec lower-cases whatever comes. */
  unit: 'btc';
  /** "ordersettle" is the documented example; others ("deposit", "withdrawal", "funding") are a [guess]. */
  updateType?: string;
  timestamp: RoxomNanos;
}
export interface RoxomBalanceFrame {
  type: 'balance';
  data: RoxomBalance;
}

/**
 * The `account` channel is listed ("Account-level alerts and status updates") without a schema.
 * [guess] shape the simulator sends; the adapter turns it into a notice.
 */
export interface RoxomAccountNotice {
  accountId?: string;
  /** e.g. "info" | "warning" | "error". */
  level?: string;
  message: string;
  timestamp?: RoxomNanos;
}
export interface RoxomAccountFrame {
  type: 'account';
  data: RoxomAccountNotice;
}

export type RoxomAccountUpdateFrame = RoxomOrderFrame | RoxomPositionFrame | RoxomBalanceFrame | RoxomAccountFrame;

// ---- server -> client: market data ------------------------------------------------------------
/** `{"topic":"ticker.US500-BTC","type":"snapshot","createdTime":<ns>,"data":{…}}`; data is undocumented. */
export interface RoxomMarketFrame {
  topic: string;
  type: 'snapshot' | 'delta';
  createdTime: RoxomNanos;
  data: Record<string, unknown>;
}

export type RoxomServerFrame = RoxomControlFrame | RoxomAccountUpdateFrame | RoxomMarketFrame;

// ---- serialisation ----------------------------------------------------------------------------
/**
 * JSON text of a frame, with every `bigint` written as a bare integer literal (exact), the way Roxom
 * writes nanosecond timestamps. Everything else is ordinary `JSON.stringify`.
 */
export function stringifyRoxomFrame(frame: unknown): string {
  const marker = '\u0000roxom-bigint:';
  const text = JSON.stringify(frame, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${marker}${value.toString()}` : value,
  );
  // JSON.stringify escapes U+0000 inside ordinary strings as \u0000, so only our markers match here.
  return text.replace(/"\\u0000roxom-bigint:(-?\d+)"/g, '$1');
}

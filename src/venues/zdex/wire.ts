/**
 * ZDEX wire types, exactly as documented (seed 004, docs.zdex.world/docs/websocket/channels, and
 * docs/venues/zdex.md). Shared by the adapter's codec and the simulator's front end; the codec
 * checks frames against these shapes at run time, the simulator writes them.
 *
 * Quirks kept on purpose:
 * - `order_new` / `order_canceled` carry a numeric `data.order.orderId`; `order_update` carries a
 *   string cuid `data.orderId` ("clx...").
 * - `futures_account_update` sends numbers; everything else sends decimal strings.
 * - Maker fills produce no order event; only position changes show them.
 */

export type DecimalString = string;

// ---- client -> server -------------------------------------------------------------------------
export type ZdexClientFrame =
  | { action: 'auth'; token: string }
  | { action: 'subscribe'; channel: ZdexChannel; symbol?: string }
  | { action: 'unsubscribe'; channel: ZdexChannel; symbol?: string }
  | { action: 'ping' };

export type ZdexPublicChannel = 'ticker' | 'orderbook' | 'trades' | 'kline' | 'markprice';
export type ZdexChannel = ZdexPublicChannel | 'account';

// ---- server -> client: control ----------------------------------------------------------------
export interface ZdexConnected {
  event: 'connected';
  channels: ZdexChannel[];
  symbols: string[];
  pollIntervalMs: number;
}
/**
 * Subscription acknowledgements. docs.zdex.world shows none; docs.zetariumdex.com/docs/websocket/overview
 * shows `{ event: "subscribed", channels: [...], symbols: [...] }`, so both the singular and the plural
 * forms are optional.
 */
export interface ZdexSubscribed {
  event: 'subscribed';
  channel?: ZdexChannel;
  symbol?: string;
  channels?: string[];
  symbols?: string[];
}
export interface ZdexUnsubscribed {
  event: 'unsubscribed';
  channel?: ZdexChannel;
  symbol?: string;
  channels?: string[];
  symbols?: string[];
}
export interface ZdexAuthenticated {
  event: 'authenticated';
  accountId: string;
  subAccountId: string;
}
export interface ZdexPong {
  event: 'pong';
  ts: number;
}
/** The docs do not show the error frame; this is the shape the server uses for rejections [guess]. */
export interface ZdexError {
  event: 'error';
  message: string;
  code?: string;
}
export type ZdexControlFrame =
  ZdexConnected | ZdexSubscribed | ZdexUnsubscribed | ZdexAuthenticated | ZdexPong | ZdexError;

// ---- server -> client: public channels --------------------------------------------------------
export interface ZdexTicker {
  symbol: string;
  lastPrice: DecimalString;
  priceChange: DecimalString;
  priceChangePercent: DecimalString;
  highPrice: DecimalString;
  lowPrice: DecimalString;
  volume: DecimalString;
  quoteVolume: DecimalString;
}
export interface ZdexOrderbook {
  lastUpdateId: number;
  bids: [DecimalString, DecimalString][];
  asks: [DecimalString, DecimalString][];
}
export interface ZdexTrade {
  id: number;
  price: DecimalString;
  qty: DecimalString;
  time: number;
  isBuyerMaker: boolean;
}
/** [openTime, open, high, low, close, volume, closeTime, quoteVol, trades, takerBuyBaseVol, takerBuyQuoteVol, ignore] */
export type ZdexKline = [
  number,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  number,
  DecimalString,
  number,
  DecimalString,
  DecimalString,
  DecimalString,
];
export interface ZdexMarkPrice {
  symbol: string;
  markPrice: DecimalString;
  indexPrice: DecimalString;
  fundingRate: DecimalString;
  nextFundingTime: number;
}

export type ZdexPublicFrame =
  | { channel: 'ticker'; symbol: string; data: ZdexTicker; ts: number }
  | { channel: 'orderbook'; symbol: string; data: ZdexOrderbook; ts: number }
  | { channel: 'trades'; symbol: string; data: ZdexTrade[]; ts: number }
  | { channel: 'kline'; symbol: string; data: ZdexKline[]; ts: number }
  | { channel: 'markprice'; symbol: string; data: ZdexMarkPrice; ts: number };

// ---- server -> client: account channel --------------------------------------------------------
export type ZdexOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';

export interface ZdexOpenOrder {
  orderId: number;
  symbol: string;
  status: ZdexOrderStatus;
  price: DecimalString;
  origQty: DecimalString;
  executedQty: DecimalString;
  type: string;
  side: 'BUY' | 'SELL';
  positionSide: string;
  time: number;
}
export interface ZdexBalance {
  asset: string;
  walletBalance: DecimalString;
  unrealizedProfit: DecimalString;
  marginBalance: DecimalString;
  availableBalance: DecimalString;
}
export interface ZdexStatePosition {
  symbol: string;
  quantity: DecimalString;
  avgEntryPrice: DecimalString;
  markPrice: DecimalString;
  liquidationPrice: DecimalString;
  unrealizedPnl: DecimalString;
  realizedPnl: DecimalString;
  fundingFee: DecimalString;
  initialMargin: DecimalString;
  leverage: number;
  marginMode: string;
}
export interface ZdexFullState {
  balances: ZdexBalance[];
  openOrders: ZdexOpenOrder[];
  positions: ZdexStatePosition[];
}
/**
 * `position_update`. The docs show every field; the codec requires only `symbol`, `positionId` and
 * `quantity`, and an update carrying fewer fields (a PnL recalculation or a margin adjustment may carry
 * only what changed [guess]) is merged over the last known state of the same position.
 */
export interface ZdexPositionUpdate extends Partial<ZdexStatePosition> {
  symbol: string;
  quantity: DecimalString;
  positionId: string;
  maintenanceMargin?: DecimalString;
  marginBalance?: DecimalString;
  adl?: number;
  openedAt?: string;
}
export interface ZdexPositionClosed {
  symbol: string;
  positionId: string;
  quantity: '0';
  closed: true;
}
/** `balance_update`: `symbol` (the asset) is required; the figures it lacks are merged from what is known. */
export interface ZdexBalanceUpdate {
  type?: string;
  symbol: string;
  free?: DecimalString;
  locked?: DecimalString;
  total?: DecimalString;
}
/** `futures_account_update`: every figure optional; those present replace what is known. */
export interface ZdexFuturesAccountUpdate {
  symbol?: string;
  availableBalance?: number;
  maintenanceMargin?: number;
  marginBalance?: number;
  balance?: number;
  accountEquity?: number;
  unrealizedPnL?: number;
  walletMode?: string;
  marginCallRate?: number;
  marginRatio?: number;
}
/**
 * The docs list `notification` without a schema; this is the shape the simulator sends [guess]. `id` is
 * optional because nothing documents it; the adapter derives one from ts + title when it is absent.
 */
export interface ZdexNotification {
  id?: string;
  level?: 'info' | 'warning' | 'error';
  title: string;
  message?: string;
}

export type ZdexAccountFrame =
  | { channel: 'account'; data: ZdexFullState; ts: number; event?: undefined }
  | {
      channel: 'account';
      event: 'order_new';
      data: { order: { orderId: number; symbol: string; status: ZdexOrderStatus } };
      ts: number;
    }
  | {
      channel: 'account';
      event: 'order_canceled';
      data: { order: { orderId: number; symbol: string; status: ZdexOrderStatus } };
      ts: number;
    }
  | {
      channel: 'account';
      event: 'order_update';
      data: { orderId: string; symbol: string; oldStatus: ZdexOrderStatus; newStatus: ZdexOrderStatus };
      ts: number;
    }
  | { channel: 'account'; event: 'position_update'; data: ZdexPositionUpdate | ZdexPositionClosed; ts: number }
  | { channel: 'account'; event: 'balance_update'; data: ZdexBalanceUpdate; ts: number }
  | { channel: 'account'; event: 'futures_account_update'; data: ZdexFuturesAccountUpdate; ts: number }
  | { channel: 'account'; event: 'notification'; data: ZdexNotification; ts: number };

export type ZdexServerFrame = ZdexControlFrame | ZdexPublicFrame | ZdexAccountFrame;

/**
 * Account events the docs list under "Other Events" without a schema (deposit, withdrawal and transfer
 * status changes). They are recognised so they are not counted as unknown, and carry no portfolio data.
 */
export const ZDEX_UNMODELLED_ACCOUNT_EVENTS = ['deposit_update', 'withdraw_update', 'transfer_update'] as const;
export interface ZdexUnmodelledAccountFrame {
  channel: 'account';
  event: (typeof ZDEX_UNMODELLED_ACCOUNT_EVENTS)[number];
  data: unknown;
  ts: number;
}

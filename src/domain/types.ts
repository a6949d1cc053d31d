/**
 * The normalized domain. Every venue adapter maps its wire frames onto these types; everything
 * downstream (store, panels, snapshot) only ever sees these. Decimal values are canonical decimal
 * strings (see decimal.ts). Times are Unix milliseconds. Optional fields are omitted when the venue
 * does not provide them: never invented.
 */

export const VENUE_IDS = ['roxom', 'coinswitch', 'rails', 'scaletrade', 'zdex'] as const;
export type VenueId = (typeof VENUE_IDS)[number];

export const CONNECTION_STATUSES = [
  'connecting',
  'authenticating',
  'live',
  'stale',
  'reconnecting',
  'error',
  'disconnected',
] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const ORDER_STATUSES = [
  'pending',
  'open',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected', 'expired']);

export type Side = 'buy' | 'sell';
export type Liquidity = 'maker' | 'taker';

export interface Order {
  connectionId: string;
  /** The venue's order id, as text. */
  orderId: string;
  clientOrderId?: string;
  symbol: string;
  side?: Side;
  /** Venue order type, lower case (limit, market, stop, ...). */
  type?: string;
  status: OrderStatus;
  price?: string;
  /** Original order quantity. */
  quantity?: string;
  /** Cumulative filled quantity. */
  filledQuantity?: string;
  averagePrice?: string;
  createdAt?: number;
  updatedAt: number;
}

/** A partial order update: merged over what is known about the order (newest wins, never regresses). */
export type OrderUpdate = Partial<Omit<Order, 'connectionId' | 'orderId' | 'updatedAt'>> &
  Pick<Order, 'connectionId' | 'orderId' | 'updatedAt'>;

export interface Fill {
  connectionId: string;
  /** Venue execution id, or a deterministic derived id when the venue reports none. */
  fillId: string;
  orderId?: string;
  symbol: string;
  side: Side;
  price: string;
  quantity: string;
  fee?: string;
  feeAsset?: string;
  liquidity?: Liquidity;
  time: number;
  /** True when the venue sent no execution and the fill was inferred (e.g. from a position change). */
  inferred?: boolean;
}

export interface Position {
  connectionId: string;
  symbol: string;
  /** Signed: positive long, negative short. Never zero (a closed position is removed). */
  quantity: string;
  entryPrice?: string;
  markPrice?: string;
  unrealizedPnl?: string;
  realizedPnl?: string;
  fundingFee?: string;
  liquidationPrice?: string;
  leverage?: number;
  marginMode?: string;
  /** Asset that PnL and margin are denominated in (USDT, BTC, ...), when known. */
  settleAsset?: string;
  updatedAt: number;
}

export interface Balance {
  connectionId: string;
  asset: string;
  total: string;
  free?: string;
  locked?: string;
  updatedAt: number;
}

/** Account-level figures a venue reports directly (ZDEX futures_account_update, ScaleTrade `b`). */
export interface AccountSummary {
  connectionId: string;
  asset?: string;
  equity?: string;
  balance?: string;
  availableBalance?: string;
  unrealizedPnl?: string;
  maintenanceMargin?: string;
  marginRatio?: string;
  updatedAt: number;
}

export type MarkKind = 'ticker' | 'mark' | 'trade' | 'book';

/** A price observation for a symbol: ticker last price, mark price, a public trade, or top of book. */
export interface PriceMark {
  connectionId: string;
  symbol: string;
  kind: MarkKind;
  /** The price this mark stands for (last, mark or trade price; mid for a book). */
  price: string;
  bid?: string;
  ask?: string;
  indexPrice?: string;
  fundingRate?: string;
  time: number;
}

export type NotificationLevel = 'info' | 'warning' | 'error';

export interface Notification {
  connectionId: string;
  /** Stable id for de-duplication. */
  id: string;
  level: NotificationLevel;
  title: string;
  message?: string;
  time: number;
}

export interface ConnectionDiagnostics {
  connectionId: string;
  venue: VenueId;
  status: ConnectionStatus;
  /** Human-readable reason for `error`, `reconnecting`, `stale`. Never contains a secret. */
  reason?: string;
  lastMessageAt?: number;
  messagesPerSecond: number;
  messagesTotal: number;
  /** Frames dropped because they were not configured (e.g. ZDEX auto-push for other symbols). */
  filteredTotal: number;
  malformedTotal: number;
  unknownTotal: number;
  duplicatesDropped: number;
  reconnects: number;
  /** Last few diagnostic errors (malformed frames, venue errors), newest last. */
  errors: DiagnosticError[];
  connectedAt?: number;
  /** When the current credential expires (Unix ms), when the venue has such a thing. */
  credentialExpiresAt?: number;
  /** True when the credential comes from the keyring relay and is renewed before it expires. */
  credentialRenews?: boolean;
}

export interface DiagnosticError {
  time: number;
  message: string;
}

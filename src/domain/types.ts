/**
 * The normalized domain. Every venue adapter maps its wire frames onto these types; everything
 * downstream (store, panels, snapshot) only ever sees these. Decimal values are canonical decimal
 * strings (see decimal.ts). Times are Unix milliseconds. Optional fields are omitted when the venue
 * does not provide them: never invented.
 */

export const VENUE_IDS = ['roxom', 'coinswitch', 'rails', 'scaletrade', 'zdex', 'desk'] as const;
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

/**
 * The status reason while a socket is replaced by a renewed credential (a planned `reconnecting`,
 * not an outage): the lifecycle sets it, the page's alerts recognise it.
 */
export const RENEWING_CREDENTIAL = 'renewing the credential';

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
  /** A connection kept on two sockets (a venue's hot standby): the status of the socket not shown. */
  standbyStatus?: ConnectionStatus;
  /** Desk mode: the collector that runs this connection and reported this row. */
  collector?: string;
}

/** What recovery achieved for a gap (docs/contract.md section 3). */
export const GAP_RECOVERIES = ['full', 'partial', 'none', 'pending'] as const;
export type GapRecovery = (typeof GAP_RECOVERIES)[number];

/**
 * An interval in which a connection was not live after having been live once (a drop, a stall, a
 * reconnect for renewal, the page being closed), and what recovery made of it. Keyed by
 * `connectionId` + `from`; a later record with the same key replaces the earlier one.
 */
export interface GapRecord {
  connectionId: string;
  /** Unix ms: the last moment the connection was known complete (its last frame while live). */
  from: number;
  /** Unix ms at which it was live again; null while the gap lasts. */
  to: number | null;
  /** `full`: nothing the venue sent in it is missing; `partial`, `none`; `pending` while recovery runs. */
  recovered: GapRecovery;
  /** Why the connection left live ("socket closed (1006)", "no message for 10 s", "page closed"). */
  cause?: string;
  /** What recovery did, or why it could not (shown to the user; never a secret). */
  detail?: string;
}

export interface DiagnosticError {
  time: number;
  message: string;
}

/**
 * Venue-neutral records the core hands out (in events and in the ground-truth ledger). Decimals are
 * canonical strings, times Unix milliseconds, statuses in the dashboard's normalized vocabulary.
 */
export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type OrderStatus = 'open' | 'partially_filled' | 'filled' | 'canceled';
export type Liquidity = 'maker' | 'taker';

export interface OrderRecord {
  /** Numeric text; front ends map it to their venue's id format. */
  orderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  status: OrderStatus;
  /** Limit price; absent for market orders. */
  price?: string;
  quantity: string;
  filledQuantity: string;
  averagePrice?: string;
  createdAt: number;
  updatedAt: number;
}

export interface FillRecord {
  fillId: string;
  orderId: string;
  symbol: string;
  side: Side;
  price: string;
  quantity: string;
  fee: string;
  feeAsset: string;
  liquidity: Liquidity;
  /** PnL this fill realized against the position's (rounded) average entry price. */
  realizedPnl: string;
  time: number;
}

export interface FundingRecord {
  symbol: string;
  rate: string;
  markPrice: string;
  /** Signed position quantity the payment was computed on. */
  positionQuantity: string;
  /** Signed amount credited to the wallet (negative: paid). */
  amount: string;
  time: number;
}

export interface PositionView {
  symbol: string;
  positionId: string;
  quantity: string;
  avgEntryPrice: string;
  markPrice: string;
  liquidationPrice: string;
  unrealizedPnl: string;
  /** Realized since the position opened (it resets when the position closes). */
  realizedPnl: string;
  fundingFee: string;
  initialMargin: string;
  maintenanceMargin: string;
  /** Initial margin plus unrealized PnL. */
  marginBalance: string;
  leverage: number;
  marginMode: 'Isolated';
  openedAt: number;
}

export interface BalanceView {
  asset: 'USDT';
  wallet: string;
  /** Initial margin of open orders and positions. */
  locked: string;
  /** wallet - locked. */
  available: string;
  unrealizedPnl: string;
  maintenanceMargin: string;
  /** wallet + unrealized PnL. */
  equity: string;
}

export interface AccountView {
  accountId: string;
  openOrders: OrderRecord[];
  positions: PositionView[];
  balance: BalanceView;
}

import type { FillRecord, FundingRecord, OrderStatus, OrderType, Side } from './records';
import type { Num } from './num';

/** Mutable internal state of the core's accounts (records and views are derived from it). */
export interface OrderState {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  status: OrderStatus;
  /** Null for market orders. */
  readonly price: Num | null;
  readonly quantity: Num;
  filled: Num;
  /** Sum of price x qty over the fills, for the average price. */
  filledNotional: Num;
  readonly createdAt: number;
  updatedAt: number;
}

export interface PositionState {
  readonly symbol: string;
  readonly positionId: string;
  quantity: Num;
  avgEntry: Num;
  realized: Num;
  fundingFee: Num;
  readonly openedAt: number;
}

export interface AccountState {
  readonly id: string;
  readonly initialBalance: Num;
  readonly wallet: Num;
  readonly realizedTotal: Num;
  readonly feesTotal: Num;
  readonly fundingTotal: Num;
  /** Every order ever placed, in placement order. */
  readonly orders: ReadonlyMap<string, OrderState>;
  readonly openOrders: ReadonlyMap<string, OrderState>;
  readonly positions: ReadonlyMap<string, PositionState>;
  readonly fills: readonly FillRecord[];
  readonly fundingPayments: readonly FundingRecord[];
}

export function isOpenStatus(status: OrderStatus): boolean {
  return status === 'open' || status === 'partially_filled';
}

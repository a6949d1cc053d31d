import type {
  BalanceView,
  FillRecord,
  FundingRecord,
  Liquidity,
  OrderRecord,
  OrderStatus,
  PositionView,
} from './records';

/**
 * What the core tells its front ends. Account events of one atomic change (a placement, a fill, a
 * cancel, a funding payment) arrive synchronously, in this order where they apply:
 *   orderPlaced, execution, orderUpdated | orderCanceled, positionChanged, balanceChanged, accountSettled
 * `accountSettled` closes the change, so a front end knows when to send a full state.
 */
export type AccountEvent =
  | { type: 'orderPlaced'; accountId: string; time: number; order: OrderRecord }
  | { type: 'execution'; accountId: string; time: number; fill: FillRecord }
  | {
      type: 'orderUpdated';
      accountId: string;
      time: number;
      order: OrderRecord;
      previousStatus: OrderStatus;
      /** The liquidity of the fill that caused the update (some venues report only taker fills). */
      liquidity: Liquidity;
    }
  | { type: 'orderCanceled'; accountId: string; time: number; order: OrderRecord; previousStatus: OrderStatus }
  | {
      type: 'positionChanged';
      accountId: string;
      time: number;
      symbol: string;
      positionId: string;
      /** Null when the change closed the position. */
      position: PositionView | null;
      cause: 'fill' | 'funding';
    }
  | { type: 'funding'; accountId: string; time: number; payment: FundingRecord }
  | { type: 'balanceChanged'; accountId: string; time: number; symbol: string; balance: BalanceView }
  | { type: 'accountSettled'; accountId: string; time: number; symbol: string };

export interface PublicTradeData {
  id: number;
  price: string;
  qty: string;
  time: number;
  isBuyerMaker: boolean;
}

export interface OrderbookData {
  /** Strictly increasing per symbol. */
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

export interface TickerData {
  lastPrice: string;
  priceChange: string;
  priceChangePercent: string;
  highPrice: string;
  lowPrice: string;
  volume: string;
  quoteVolume: string;
}

/** A one-minute candle. */
export interface CandleData {
  openTime: number;
  closeTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string;
  trades: number;
  takerBuyBaseVolume: string;
  takerBuyQuoteVolume: string;
}

export interface MarkData {
  markPrice: string;
  indexPrice: string;
  fundingRate: string;
  nextFundingTime: number;
}

export type PublicEvent =
  | { type: 'publicTrades'; symbol: string; time: number; trades: PublicTradeData[] }
  | { type: 'orderbook'; symbol: string; time: number; book: OrderbookData }
  | { type: 'ticker'; symbol: string; time: number; ticker: TickerData }
  | { type: 'kline'; symbol: string; time: number; candle: CandleData }
  | { type: 'mark'; symbol: string; time: number; mark: MarkData };

export type CoreEvent = AccountEvent | PublicEvent;
export type CoreListener = (event: CoreEvent) => void;

import type {
  ZdexAccountFrame,
  ZdexBalance,
  ZdexConnected,
  ZdexFuturesAccountUpdate,
  ZdexNotification,
  ZdexOpenOrder,
  ZdexOrderStatus,
  ZdexPositionClosed,
  ZdexPositionUpdate,
  ZdexPublicFrame,
  ZdexStatePosition,
  ZdexChannel,
} from '../../src/venues/zdex/wire';
import type { PublicEvent } from '../core/events';
import type { AccountView, BalanceView, OrderRecord, OrderStatus, PositionView } from '../core/records';
import { Num } from '../core/num';

/**
 * Pure builders of ZDEX frames, written from the documented shapes (seed 004) and typed by wire.ts.
 * Decimals are strings everywhere except futures_account_update, which the venue sends as numbers.
 */

export const ZDEX_CHANNELS: ZdexChannel[] = ['ticker', 'orderbook', 'trades', 'kline', 'markprice', 'account'];

export function connectedFrame(symbols: string[], pollIntervalMs: number): ZdexConnected {
  return { event: 'connected', channels: ZDEX_CHANNELS, symbols, pollIntervalMs };
}

const ZDEX_STATUS: Record<OrderStatus, ZdexOrderStatus> = {
  open: 'NEW',
  partially_filled: 'PARTIALLY_FILLED',
  filled: 'FILLED',
  canceled: 'CANCELED',
};

export function zdexStatus(status: OrderStatus): ZdexOrderStatus {
  return ZDEX_STATUS[status];
}

// ---- account channel ---------------------------------------------------------------------------

function openOrder(o: OrderRecord): ZdexOpenOrder {
  return {
    orderId: Number(o.orderId),
    symbol: o.symbol,
    status: zdexStatus(o.status),
    price: o.price ?? '0',
    origQty: o.quantity,
    executedQty: o.filledQuantity,
    type: o.type.toUpperCase(),
    side: o.side === 'buy' ? 'BUY' : 'SELL',
    // The documented example pairs a BUY with "LONG"; the venue runs one-way mode [guess].
    positionSide: o.side === 'buy' ? 'LONG' : 'SHORT',
    time: o.createdAt,
  };
}

function statePosition(p: PositionView): ZdexStatePosition {
  return {
    symbol: p.symbol,
    quantity: p.quantity,
    avgEntryPrice: p.avgEntryPrice,
    markPrice: p.markPrice,
    liquidationPrice: p.liquidationPrice,
    unrealizedPnl: p.unrealizedPnl,
    realizedPnl: p.realizedPnl,
    fundingFee: p.fundingFee,
    initialMargin: p.initialMargin,
    leverage: p.leverage,
    marginMode: p.marginMode,
  };
}

function stateBalance(b: BalanceView): ZdexBalance {
  return {
    asset: b.asset,
    walletBalance: b.wallet,
    unrealizedProfit: b.unrealizedPnl,
    marginBalance: b.equity,
    availableBalance: b.available,
  };
}

/** `extraBalances`: wallets beside the core's USDT one, sent as they are (ZdexTuning.extraBalances). */
export function fullStateFrame(
  view: AccountView,
  ts: number,
  extraBalances: readonly ZdexBalance[] = [],
): ZdexAccountFrame {
  return {
    channel: 'account',
    data: {
      balances: [stateBalance(view.balance), ...extraBalances],
      openOrders: view.openOrders.map(openOrder),
      positions: view.positions.map(statePosition),
    },
    ts,
  };
}

export function orderNewFrame(order: OrderRecord, ts: number): ZdexAccountFrame {
  return {
    channel: 'account',
    event: 'order_new',
    data: { order: { orderId: Number(order.orderId), symbol: order.symbol, status: 'NEW' } },
    ts,
  };
}

export function orderCanceledFrame(order: OrderRecord, ts: number): ZdexAccountFrame {
  return {
    channel: 'account',
    event: 'order_canceled',
    data: { order: { orderId: Number(order.orderId), symbol: order.symbol, status: 'CANCELED' } },
    ts,
  };
}

export function orderUpdateFrame(
  cuid: string,
  symbol: string,
  oldStatus: OrderStatus,
  newStatus: OrderStatus,
  ts: number,
): ZdexAccountFrame {
  return {
    channel: 'account',
    event: 'order_update',
    data: { orderId: cuid, symbol, oldStatus: zdexStatus(oldStatus), newStatus: zdexStatus(newStatus) },
    ts,
  };
}

/** ADL indicator 0-5 [guess]: one step per 20% return on margin, 0 for losing positions. */
function adlRank(p: PositionView): number {
  const margin = new Num(p.initialMargin);
  if (margin.isZero()) return 0;
  const roe = new Num(p.unrealizedPnl).div(margin).toNumber();
  return Math.max(0, Math.min(5, Math.ceil(roe * 5)));
}

export function positionUpdateFrame(p: PositionView, ts: number): ZdexAccountFrame {
  const data: ZdexPositionUpdate = {
    ...statePosition(p),
    positionId: p.positionId,
    maintenanceMargin: p.maintenanceMargin,
    marginBalance: p.marginBalance,
    adl: adlRank(p),
    openedAt: new Date(p.openedAt).toISOString(),
  };
  return { channel: 'account', event: 'position_update', data, ts };
}

export function positionClosedFrame(symbol: string, positionId: string, ts: number): ZdexAccountFrame {
  const data: ZdexPositionClosed = { symbol, positionId, quantity: '0', closed: true };
  return { channel: 'account', event: 'position_update', data, ts };
}

export function balanceUpdateFrame(b: BalanceView, ts: number): ZdexAccountFrame {
  return {
    channel: 'account',
    event: 'balance_update',
    data: { type: 'Futures', symbol: b.asset, free: b.available, locked: b.locked, total: b.wallet },
    ts,
  };
}

/** Numbers, as the venue sends them (rounded to 8 decimals first: they are for display). */
function n(value: string): number {
  return new Num(value).toDecimalPlaces(8).toNumber();
}

/**
 * Field meanings follow the documented example: marginBalance = balance - availableBalance (the
 * margin in use), accountEquity = balance + unrealizedPnL, marginRatio = maintenance / margin in use.
 */
export function futuresAccountFrame(b: BalanceView, symbol: string, ts: number): ZdexAccountFrame {
  const locked = new Num(b.locked);
  const ratio = locked.isZero() ? new Num(0) : new Num(b.maintenanceMargin).div(locked);
  const data: ZdexFuturesAccountUpdate = {
    symbol,
    availableBalance: n(b.available),
    maintenanceMargin: n(b.maintenanceMargin),
    marginBalance: n(b.locked),
    balance: n(b.wallet),
    accountEquity: n(b.equity),
    unrealizedPnL: n(b.unrealizedPnl),
    walletMode: 'OneWay',
    marginCallRate: 20,
    marginRatio: ratio.toDecimalPlaces(6).toNumber(),
  };
  return { channel: 'account', event: 'futures_account_update', data, ts };
}

export function notificationFrame(notification: ZdexNotification, ts: number): ZdexAccountFrame {
  return { channel: 'account', event: 'notification', data: notification, ts };
}

// ---- public channels ---------------------------------------------------------------------------

export function publicFrame(event: PublicEvent): ZdexPublicFrame {
  const { symbol, time: ts } = event;
  switch (event.type) {
    case 'ticker':
      return { channel: 'ticker', symbol, data: { symbol, ...event.ticker }, ts };
    case 'orderbook':
      return { channel: 'orderbook', symbol, data: event.book, ts };
    case 'publicTrades':
      return { channel: 'trades', symbol, data: event.trades, ts };
    case 'kline': {
      const c = event.candle;
      return {
        channel: 'kline',
        symbol,
        data: [
          [
            c.openTime,
            c.open,
            c.high,
            c.low,
            c.close,
            c.volume,
            c.closeTime,
            c.quoteVolume,
            c.trades,
            c.takerBuyBaseVolume,
            c.takerBuyQuoteVolume,
            '0',
          ],
        ],
        ts,
      };
    }
    case 'mark':
      return { channel: 'markprice', symbol, data: { symbol, ...event.mark }, ts };
  }
}

// ---- fault switch: malformed frames ------------------------------------------------------------

/** Truncated JSON, a JSON array, and a well-formed frame with an event the docs do not define. */
export function malformedFrame(index: number, ts: number): string {
  switch (index % 3) {
    case 0:
      return `{"channel":"account","event":"balance_update","data":{"type":"Futures","symbol":"USD`;
    case 1:
      return JSON.stringify(['account', 'balance_update', { ts }]);
    default:
      return JSON.stringify({ channel: 'account', event: 'margin_call_v2', data: { level: 3 }, ts });
  }
}

/**
 * Payloads copied verbatim from the ZDEX docs (seed 004, docs.zdex.world/docs/websocket/channels).
 * Tests compare the simulator's frames with these: same keys, same value types.
 */
export const SEED_FULL_STATE = {
  channel: 'account',
  data: {
    balances: [
      {
        asset: 'USDT',
        walletBalance: '1250.50',
        unrealizedProfit: '26.75',
        marginBalance: '1277.25',
        availableBalance: '980.30',
      },
    ],
    openOrders: [
      {
        orderId: 12345,
        symbol: 'BTCUSDT',
        status: 'NEW',
        price: '70000',
        origQty: '0.01',
        executedQty: '0',
        type: 'LIMIT',
        side: 'BUY',
        positionSide: 'LONG',
        time: 1711756800000,
      },
    ],
    positions: [
      {
        symbol: 'BTCUSDT',
        quantity: '0.05',
        avgEntryPrice: '70500.00',
        markPrice: '71034.50',
        liquidationPrice: '51493.41',
        unrealizedPnl: '26.75',
        realizedPnl: '0',
        fundingFee: '-1.23',
        initialMargin: '176.25',
        leverage: 20,
        marginMode: 'Isolated',
      },
    ],
  },
  ts: 1711756800000,
};

export const SEED_ORDER_NEW = {
  channel: 'account',
  event: 'order_new',
  data: { order: { orderId: 12345, symbol: 'BTCUSDT', status: 'NEW' } },
  ts: 1711756800000,
};

export const SEED_ORDER_UPDATE = {
  channel: 'account',
  event: 'order_update',
  data: { orderId: 'clx...', symbol: 'BTCUSDT', oldStatus: 'NEW', newStatus: 'FILLED' },
  ts: 1711756800000,
};

export const SEED_POSITION_UPDATE = {
  channel: 'account',
  event: 'position_update',
  data: {
    symbol: 'BTCUSDT',
    positionId: '33600',
    quantity: '0.05',
    avgEntryPrice: '70500.00',
    markPrice: '71034.50',
    liquidationPrice: '51493.41',
    unrealizedPnl: '26.75',
    realizedPnl: '0',
    fundingFee: '-1.23',
    initialMargin: '176.25',
    maintenanceMargin: '14.10',
    marginBalance: '202.75',
    leverage: 20,
    marginMode: 'Isolated',
    adl: 2,
    openedAt: '2026-04-02T22:29:35.065Z',
  },
  ts: 1711756800000,
};

export const SEED_POSITION_CLOSED = {
  channel: 'account',
  event: 'position_update',
  data: { symbol: 'BTCUSDT', positionId: '33600', quantity: '0', closed: true },
  ts: 1711756800000,
};

export const SEED_BALANCE_UPDATE = {
  channel: 'account',
  event: 'balance_update',
  data: { type: 'Futures', symbol: 'USDT', free: '980.30', locked: '270.20', total: '1250.50' },
  ts: 1711756800000,
};

export const SEED_FUTURES_ACCOUNT_UPDATE = {
  channel: 'account',
  event: 'futures_account_update',
  data: {
    symbol: 'BTCUSDT',
    availableBalance: 15000.0,
    maintenanceMargin: 163.08,
    marginBalance: 3350.0,
    balance: 18350.0,
    accountEquity: 18475.75,
    unrealizedPnL: 125.75,
    walletMode: 'OneWay',
    marginCallRate: 20,
    marginRatio: 0.048,
  },
  ts: 1711756800000,
};

export const SEED_PUBLIC = {
  ticker: {
    channel: 'ticker',
    symbol: 'BTCUSDT',
    data: {
      symbol: 'BTCUSDT',
      lastPrice: '71034.5',
      priceChange: '1052.3',
      priceChangePercent: '1.503',
      highPrice: '71500.0',
      lowPrice: '69200.0',
      volume: '12543.231',
      quoteVolume: '891234567.89',
    },
    ts: 1711756800000,
  },
  orderbook: {
    channel: 'orderbook',
    symbol: 'BTCUSDT',
    data: { lastUpdateId: 123456, bids: [['71034.5', '1.234']], asks: [['71035.0', '2.345']] },
    ts: 1711756800000,
  },
  trades: {
    channel: 'trades',
    symbol: 'BTCUSDT',
    data: [{ id: 123456, price: '71034.5', qty: '0.123', time: 1711756800000, isBuyerMaker: false }],
    ts: 1711756800000,
  },
  kline: {
    channel: 'kline',
    symbol: 'BTCUSDT',
    data: [
      [
        1711756800000,
        '71000.0',
        '71500.0',
        '70800.0',
        '71034.5',
        '1234.567',
        1711756859999,
        '87654321.0',
        523,
        '617.283',
        '43827160.5',
        '0',
      ],
    ],
    ts: 1711756800000,
  },
  markprice: {
    channel: 'markprice',
    symbol: 'BTCUSDT',
    data: {
      symbol: 'BTCUSDT',
      markPrice: '71045.20',
      indexPrice: '71042.80',
      fundingRate: '0.00010',
      nextFundingTime: 1711760400000,
    },
    ts: 1711756800000,
  },
} as const;

/**
 * The type skeleton of a value: same keys and JS types, recursively (array items compared by their
 * first element). Two frames with equal skeletons have the same documented shape.
 */
export function skeleton(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [skeleton(value[0])];
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, skeleton(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  }
  return typeof value;
}

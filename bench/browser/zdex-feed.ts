/**
 * The browser bench's feed: ZDEX frames in the documented shapes (docs/venues/zdex.md, the fixtures in
 * src/venues/zdex/fixtures), numbered by a global sequence. What a ZDEX socket carries: the auto-pushed
 * public channels for every symbol (most of them for symbols nobody configured), the configured
 * symbols' ticker, mark price, trades and book, and the account channel (orders, positions, balances).
 *
 * Every PROBE_EVERY-th frame is a USDT `balance_update` whose total is PROBE_BASE + its sequence number,
 * so a page that shows that balance tells which frame it has reached, and when (event-to-screen).
 */

export const PROBE_EVERY = 10;
export const PROBE_BASE = 5_000_000;
/** The symbols the app's connection configures; the other auto-pushed ones are dropped early. */
export const CONFIGURED = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;
const OTHERS = Array.from({ length: 141 }, (_, i) => `X${String(i).padStart(3, '0')}USDT`);
const PRICE: Record<string, number> = { BTCUSDT: 71_000, ETHUSDT: 3_500, SOLUSDT: 200 };

export function connectedFrame(): string {
  return JSON.stringify({
    event: 'connected',
    channels: ['orderbook', 'trades', 'ticker', 'kline', 'markprice'],
    symbols: [...CONFIGURED, ...OTHERS],
    pollIntervalMs: 2000,
  });
}

export function authenticatedFrame(): string {
  return JSON.stringify({ event: 'authenticated', accountId: 'clxbench', subAccountId: '34696153' });
}

export function subscribedFrame(channel: string, symbol?: string): string {
  return JSON.stringify(
    symbol === undefined ? { event: 'subscribed', channel } : { event: 'subscribed', channel, symbol },
  );
}

export function pongFrame(ts: number): string {
  return JSON.stringify({ event: 'pong', ts });
}

/** The account's full state: the probe balance at PROBE_BASE (sequence 0), no orders, one position. */
export function fullStateFrame(ts: number): string {
  return JSON.stringify({
    channel: 'account',
    data: {
      balances: [
        {
          asset: 'USDT',
          walletBalance: String(PROBE_BASE),
          unrealizedProfit: '0',
          marginBalance: String(PROBE_BASE),
          availableBalance: String(PROBE_BASE),
        },
      ],
      openOrders: [],
      positions: [position('BTCUSDT', '0.05', PRICE.BTCUSDT!)],
    },
    ts,
  });
}

function position(symbol: string, quantity: string, mark: number) {
  return {
    symbol,
    quantity,
    avgEntryPrice: '70500',
    markPrice: String(mark),
    liquidationPrice: '51493.41',
    unrealizedPnl: '26.75',
    realizedPnl: '0',
    fundingFee: '-1.23',
    initialMargin: '176.25',
    leverage: 20,
    marginMode: 'Isolated',
  };
}

/** The sequence number a probe balance total stands for, or undefined for any other figure. */
export function probeSequence(total: number): number | undefined {
  const seq = total - PROBE_BASE;
  return Number.isSafeInteger(seq) && seq > 0 && seq < PROBE_BASE ? seq : undefined;
}

export function isProbe(seq: number): boolean {
  return seq % PROBE_EVERY === 0;
}

function book(symbol: string, seq: number, mid: number, ts: number): string {
  const levels = (from: number, step: number) =>
    Array.from({ length: 20 }, (_, i) => [(from + i * step).toFixed(1), ((seq + i) % 97) / 10 + 0.1 + '']);
  return JSON.stringify({
    channel: 'orderbook',
    symbol,
    data: { lastUpdateId: seq, bids: levels(mid - 0.5, -0.5), asks: levels(mid + 0.5, 0.5) },
    ts,
  });
}

/**
 * Frame number `seq` (from 1) sent at `ts`. Out of every 10: the probe balance, 4 auto-pushed frames
 * of unconfigured symbols, and 5 of the configured ones: ticker, mark price, trades, book, and an
 * account event (an order placed or canceled, or a position moving).
 */
export function feedFrame(seq: number, ts: number): string {
  const slot = seq % PROBE_EVERY;
  const symbol = CONFIGURED[Math.floor(seq / PROBE_EVERY) % CONFIGURED.length]!;
  const mid = PRICE[symbol]! + (seq % 200) / 10;
  const other = OTHERS[seq % OTHERS.length]!;
  switch (slot) {
    case 0:
      return JSON.stringify({
        channel: 'account',
        event: 'balance_update',
        data: {
          type: 'Futures',
          symbol: 'USDT',
          free: String(PROBE_BASE + seq),
          locked: '0',
          total: String(PROBE_BASE + seq),
        },
        ts,
      });
    case 1:
    case 2:
      return book(other, seq, 10 + (seq % 50), ts);
    case 3:
      return JSON.stringify({
        channel: 'trades',
        symbol: other,
        data: [{ id: seq, price: String(10 + (seq % 50)), qty: '1.5', time: ts, isBuyerMaker: seq % 2 === 0 }],
        ts,
      });
    case 4:
      return JSON.stringify({
        channel: 'ticker',
        symbol: other,
        data: {
          symbol: other,
          lastPrice: '12.5',
          priceChange: '0.1',
          priceChangePercent: '0.8',
          highPrice: '13',
          lowPrice: '12',
          volume: '1000',
          quoteVolume: '12500',
        },
        ts,
      });
    case 5:
      return JSON.stringify({
        channel: 'ticker',
        symbol,
        data: {
          symbol,
          lastPrice: mid.toFixed(1),
          priceChange: '10.5',
          priceChangePercent: '0.5',
          highPrice: String(mid + 500),
          lowPrice: String(mid - 500),
          volume: '12543.231',
          quoteVolume: '891234567.89',
        },
        ts,
      });
    case 6:
      return JSON.stringify({
        channel: 'markprice',
        symbol,
        data: {
          symbol,
          markPrice: (mid + 0.3).toFixed(2),
          indexPrice: (mid + 0.1).toFixed(2),
          fundingRate: '0.00010',
          nextFundingTime: ts + 3_600_000,
        },
        ts,
      });
    case 7:
      return JSON.stringify({
        channel: 'trades',
        symbol,
        data: [{ id: seq, price: mid.toFixed(1), qty: '0.01', time: ts, isBuyerMaker: seq % 2 === 0 }],
        ts,
      });
    case 8:
      return book(symbol, seq, mid, ts);
    default:
      return accountEvent(seq, mid, ts);
  }
}

/** Orders come and go (placed, then canceled 10 frames later); every third slot moves the BTC position. */
function accountEvent(seq: number, mid: number, ts: number): string {
  const round = Math.floor(seq / PROBE_EVERY);
  if (round % 3 === 2)
    return JSON.stringify({
      channel: 'account',
      event: 'position_update',
      data: {
        ...position('BTCUSDT', '0.05', PRICE.BTCUSDT! + (seq % 200) / 10),
        positionId: '33600',
        maintenanceMargin: '14.10',
        marginBalance: '202.75',
        adl: 2,
        openedAt: '2026-04-02T22:29:35.065Z',
      },
      ts,
    });
  const orderId = 100_000 + Math.floor(round / 3);
  const orderSymbol = CONFIGURED[orderId % CONFIGURED.length]!;
  const placed = round % 3 === 0;
  return JSON.stringify({
    channel: 'account',
    event: placed ? 'order_new' : 'order_canceled',
    data: {
      order: {
        orderId,
        symbol: orderSymbol,
        status: placed ? 'NEW' : 'CANCELED',
        price: (mid - 100).toFixed(1),
        origQty: '0.01',
        executedQty: '0',
        type: 'LIMIT',
        side: 'BUY',
        positionSide: 'LONG',
        time: ts,
      },
    },
    ts,
  });
}

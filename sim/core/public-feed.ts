import type { CandleData, MarkData, PublicEvent, PublicTradeData, TickerData } from './events';
import type { Market, SymbolState } from './market';
import type { Prng } from './prng';
import type { Scheduler } from './clock';
import { CANDLE_DURATION_MS } from './market';
import { syntheticBook } from './orderbook';
import { text } from './num';

export interface PublicFeedOptions {
  /** Multiplies the auto-push rate (book, trades, ticker, kline). 0 turns the auto-push off. */
  rateScale: number;
  markIntervalMs: number;
  nextFundingTime: () => number;
}

/**
 * Base intervals (ms) at rate scale 1. Traded symbols get a book every 200-250 ms; the quieter
 * noise symbols about once a second. Over ~144 symbols that makes about 330 messages a second.
 */
const TRADED = { book: [200, 250], trades: [250, 750], ticker: [1000, 1000] } as const;
const NOISE = { book: [800, 1200], trades: [1500, 2500], ticker: [2000, 2000] } as const;
const KLINE_MS = 5000;
const FEED_TICK_MS = 20;

type Stream = 'book' | 'trades' | 'ticker' | 'kline' | 'mark';
type Due = Record<Stream, number>;

export class PublicFeed {
  private readonly due = new Map<string, Due>();
  private cancel: (() => void) | null = null;

  constructor(
    private readonly market: Market,
    private readonly rng: Prng,
    private readonly emit: (event: PublicEvent) => void,
    private readonly options: PublicFeedOptions,
  ) {}

  start(scheduler: Scheduler): void {
    const now = scheduler.now();
    for (const s of this.market.all()) {
      // Spread the first pushes over one interval so symbols do not all fire together.
      this.due.set(s.instrument.symbol, {
        book: now + this.interval(s, 'book') * this.rng.next(),
        trades: now + this.interval(s, 'trades') * this.rng.next(),
        ticker: now + this.interval(s, 'ticker') * this.rng.next(),
        kline: now + this.interval(s, 'kline') * this.rng.next(),
        mark: now + this.options.markIntervalMs * this.rng.next(),
      });
    }
    this.cancel = scheduler.every(FEED_TICK_MS, () => this.tick(scheduler.now()));
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private tick(now: number): void {
    for (const s of this.market.all()) {
      const due = this.due.get(s.instrument.symbol);
      if (!due) continue;
      if (now >= due.mark) {
        due.mark = now + this.options.markIntervalMs;
        this.emit({ type: 'mark', symbol: s.instrument.symbol, time: now, mark: this.markData(s) });
      }
      if (this.options.rateScale <= 0) continue;
      if (now >= due.trades) {
        due.trades = now + this.interval(s, 'trades');
        this.emit({ type: 'publicTrades', symbol: s.instrument.symbol, time: now, trades: this.trades(s, now) });
      }
      if (now >= due.book) {
        due.book = now + this.interval(s, 'book');
        this.emit({ type: 'orderbook', symbol: s.instrument.symbol, time: now, book: syntheticBook(s, this.rng) });
      }
      if (now >= due.ticker) {
        due.ticker = now + this.interval(s, 'ticker');
        this.emit({ type: 'ticker', symbol: s.instrument.symbol, time: now, ticker: tickerData(s) });
      }
      if (now >= due.kline) {
        due.kline = now + this.interval(s, 'kline');
        this.emit({ type: 'kline', symbol: s.instrument.symbol, time: now, candle: candleData(s) });
      }
    }
  }

  private interval(s: SymbolState, stream: Exclude<Stream, 'mark'>): number {
    const scale = this.options.rateScale > 0 ? this.options.rateScale : 1;
    if (stream === 'kline') return KLINE_MS / scale;
    const [min, max] = (s.instrument.traded ? TRADED : NOISE)[stream];
    return (min + (max - min) * this.rng.next()) / scale;
  }

  private trades(s: SymbolState, now: number): PublicTradeData[] {
    const { tick, tickDecimals, qtyStep, qtyDecimals } = s.instrument;
    const count = this.rng.int(1, 3);
    const trades: PublicTradeData[] = [];
    for (let i = 0; i < count; i++) {
      const isBuyerMaker = this.rng.chance(0.5);
      const price = s.last.plus(tick.mul(isBuyerMaker ? -this.rng.int(0, 1) : this.rng.int(0, 1)));
      const qty = qtyStep.mul(this.rng.int(1, 200));
      this.market.recordTrade(s.instrument.symbol, price, qty, !isBuyerMaker, now);
      s.nextTradeId += 1;
      trades.push({
        id: s.nextTradeId,
        price: price.toFixed(tickDecimals),
        qty: qty.toFixed(qtyDecimals),
        time: now,
        isBuyerMaker,
      });
    }
    return trades;
  }

  private markData(s: SymbolState): MarkData {
    const d = s.instrument.tickDecimals;
    return {
      markPrice: s.mark.toFixed(d),
      indexPrice: s.index.toFixed(d),
      fundingRate: s.fundingRate.toFixed(5),
      nextFundingTime: this.options.nextFundingTime(),
    };
  }
}

function tickerData(s: SymbolState): TickerData {
  const d = s.instrument.tickDecimals;
  const change = s.last.minus(s.open24);
  return {
    lastPrice: s.last.toFixed(d),
    priceChange: change.toFixed(d),
    priceChangePercent: change.div(s.open24).mul(100).toFixed(3),
    highPrice: s.high24.toFixed(d),
    lowPrice: s.low24.toFixed(d),
    volume: text(s.volume24),
    quoteVolume: s.quoteVolume24.toFixed(2),
  };
}

function candleData(s: SymbolState): CandleData {
  const c = s.candle;
  const d = s.instrument.tickDecimals;
  return {
    openTime: c.openTime,
    closeTime: c.openTime + CANDLE_DURATION_MS - 1,
    open: c.open.toFixed(d),
    high: c.high.toFixed(d),
    low: c.low.toFixed(d),
    close: c.close.toFixed(d),
    volume: text(c.volume),
    quoteVolume: c.quoteVolume.toFixed(2),
    trades: c.trades,
    takerBuyBaseVolume: text(c.takerBuyBase),
    takerBuyQuoteVolume: c.takerBuyQuote.toFixed(2),
  };
}

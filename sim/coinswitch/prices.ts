import type { CoinswitchTicker } from '../../src/venues/coinswitch/wire';
import type { MarkData, PublicEvent, TickerData } from '../core/events';
import { num, text } from '../core/num';

interface SymbolPrices {
  last?: string;
  mark?: MarkData;
  bid?: [string, string];
  ask?: [string, string];
}

/**
 * The latest public figures per symbol, read off the core's public events (the core has no price
 * accessor): the last price (ticker, kline close, public trades, the account's own market fills),
 * mark/index/funding, and the top of the book. They give `lastPriceOnCreated` and the ticker.
 */
export class PriceBook {
  private readonly symbols = new Map<string, SymbolPrices>();

  observe(event: PublicEvent): void {
    const p = this.entry(event.symbol);
    switch (event.type) {
      case 'ticker':
        p.last = event.ticker.lastPrice;
        return;
      case 'kline':
        p.last = event.candle.close;
        return;
      case 'publicTrades': {
        const last = event.trades[event.trades.length - 1];
        if (last) p.last = last.price;
        return;
      }
      case 'mark':
        p.mark = event.mark;
        return;
      case 'orderbook':
        p.bid = event.book.bids[0];
        p.ask = event.book.asks[0];
        return;
    }
  }

  /** A market fill happens at the last price: the freshest figure there is. */
  observeFill(symbol: string, price: string): void {
    this.entry(symbol).last = price;
  }

  /** The last price, else the mark (within two ticks of it), else undefined. */
  last(symbol: string): string | undefined {
    const p = this.symbols.get(symbol);
    return p?.last ?? p?.mark?.markPrice;
  }

  /** [guess] Bybit V5's linear ticker fields filled from the core's ticker, mark and book. */
  ticker(symbol: string, t: TickerData): CoinswitchTicker {
    const p = this.entry(symbol);
    const prev = num(t.lastPrice).minus(t.priceChange);
    const ticker: CoinswitchTicker = {
      symbol,
      lastPrice: t.lastPrice,
      markPrice: p.mark?.markPrice ?? t.lastPrice,
      indexPrice: p.mark?.indexPrice ?? t.lastPrice,
    };
    if (p.bid) [ticker.bid1Price, ticker.bid1Size] = p.bid;
    if (p.ask) [ticker.ask1Price, ticker.ask1Size] = p.ask;
    ticker.highPrice24h = t.highPrice;
    ticker.lowPrice24h = t.lowPrice;
    ticker.prevPrice24h = text(prev);
    // Bybit gives the change as a fraction ("0.0123"), the core as a percentage ("1.230").
    ticker.price24hPcnt = text(num(t.priceChangePercent).div(100));
    ticker.volume24h = t.volume;
    ticker.turnover24h = t.quoteVolume;
    if (p.mark) {
      ticker.fundingRate = p.mark.fundingRate;
      ticker.nextFundingTime = String(p.mark.nextFundingTime);
    }
    return ticker;
  }

  private entry(symbol: string): SymbolPrices {
    let p = this.symbols.get(symbol);
    if (!p) {
      p = {};
      this.symbols.set(symbol, p);
    }
    return p;
  }
}

import type { PublicEvent } from '../core/events';
import type { Instrument } from '../core/instruments';
import { num, type Num } from '../core/num';
import { scaletradeSymbol } from './symbols';

export interface Quote {
  /** ScaleTrade name, e.g. "btcusd". */
  symbol: string;
  bid: Num;
  ask: Num;
  time: number;
}

/** Without a book for this long, the mark (once a second) drives the quote instead. */
const BOOK_STALE_MS = 1500;

/**
 * Best bid/ask per symbol from the core's public feed: the top of each order book (every 200-250 ms
 * on the traded symbols at rate scale 1), or, when the book feed is off or slow, the mark with a
 * one-tick spread. Every core symbol has a channel under its ScaleTrade name.
 */
export class QuoteBoard {
  private readonly names = new Map<string, { name: string; instrument: Instrument }>();
  private readonly lastBook = new Map<string, number>();
  private readonly latest = new Map<string, Quote>();

  constructor(instruments: readonly Instrument[]) {
    for (const i of instruments) this.names.set(i.symbol, { name: scaletradeSymbol(i.symbol), instrument: i });
  }

  /** The ScaleTrade name of a core symbol. */
  nameOf(coreSymbol: string): string | undefined {
    return this.names.get(coreSymbol)?.name;
  }

  /** The latest quote of a ScaleTrade symbol, if one was seen. */
  quote(name: string): Quote | undefined {
    return this.latest.get(name);
  }

  /**
   * The quote this public event produces, if any. `wanted` says whether anyone listens to the
   * symbol: if not, only the book's timing is noted (no decimals are built).
   */
  onPublicEvent(event: PublicEvent, wanted: (name: string) => boolean): Quote | null {
    if (event.type !== 'orderbook' && event.type !== 'mark') return null;
    const entry = this.names.get(event.symbol);
    if (!entry) return null;
    if (event.type === 'orderbook') {
      const bid = event.book.bids[0]?.[0];
      const ask = event.book.asks[0]?.[0];
      if (bid === undefined || ask === undefined) return null;
      this.lastBook.set(event.symbol, event.time);
      return wanted(entry.name)
        ? this.store({ symbol: entry.name, bid: num(bid), ask: num(ask), time: event.time })
        : null;
    }
    if (event.time - (this.lastBook.get(event.symbol) ?? -Infinity) < BOOK_STALE_MS || !wanted(entry.name)) return null;
    const mark = num(event.mark.markPrice);
    return this.store({ symbol: entry.name, bid: mark, ask: mark.plus(entry.instrument.tick), time: event.time });
  }

  private store(q: Quote): Quote {
    this.latest.set(q.symbol, q);
    return q;
  }
}

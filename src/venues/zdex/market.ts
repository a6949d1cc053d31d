import type { PriceMark, Side } from '../../domain/types';
import { decimalsOf } from './fill-math';
import { bookMark, markPriceMark, tickerMark, tradeMark } from './normalize';
import type { ZdexPublicFrame } from './wire';

/** Price precision assumed for a symbol before any of its prices were seen (the venue's avg rounding). */
export const DEFAULT_PRICE_DECIMALS = 8;

export type MarketResult = { mark?: PriceMark; stale?: true };

/**
 * Public channels for the configured symbols -> marks, plus what the account side needs to know about
 * each market: its observed price precision (to round inferred fill prices) and its latest traded price.
 */
export class ZdexMarket {
  private readonly decimals = new Map<string, number>();
  private readonly lastPrice = new Map<string, string>();
  /** The mark price the account's own position frames last showed, per symbol (a last resort). */
  private readonly positionMark = new Map<string, string>();
  /** Best bid / ask of the latest book per symbol. */
  private readonly top = new Map<string, { bid?: string; ask?: string }>();
  /** Per socket: the last orderbook `lastUpdateId` per symbol. */
  private readonly bookIds = new Map<string, number>();

  constructor(private readonly connectionId: string) {}

  /** A new socket: update ids restart with it. */
  resetSocket(): void {
    this.bookIds.clear();
  }

  onPublic(frame: ZdexPublicFrame): MarketResult {
    const { connectionId } = this;
    switch (frame.channel) {
      case 'ticker': {
        this.observe(frame.symbol, [frame.data.lastPrice, frame.data.highPrice, frame.data.lowPrice]);
        return this.withLast(tickerMark(connectionId, frame.symbol, frame.data, frame.ts));
      }
      case 'trades': {
        this.observe(
          frame.symbol,
          frame.data.map((t) => t.price),
        );
        return this.withLast(tradeMark(connectionId, frame.symbol, frame.data, frame.ts));
      }
      case 'orderbook': {
        // "drop messages whose lastUpdateId is not above the last one" (docs/venues/zdex.md, orderbook).
        const last = this.bookIds.get(frame.symbol);
        if (last !== undefined && frame.data.lastUpdateId <= last) return { stale: true };
        this.bookIds.set(frame.symbol, frame.data.lastUpdateId);
        this.observe(frame.symbol, [...frame.data.bids.map((l) => l[0]), ...frame.data.asks.map((l) => l[0])]);
        const mark = bookMark(connectionId, frame.symbol, frame.data, frame.ts);
        const top: { bid?: string; ask?: string } = {};
        if (mark?.bid !== undefined) top.bid = mark.bid;
        if (mark?.ask !== undefined) top.ask = mark.ask;
        this.top.set(frame.symbol, top);
        return this.withLast(mark);
      }
      case 'markprice':
        return this.withLast(markPriceMark(connectionId, frame.symbol, frame.data, frame.ts));
      case 'kline':
        // Checked by the codec; candles are not part of the portfolio model.
        return {};
    }
  }

  /** Remember how many decimals this symbol's prices use (order prices count too). */
  observe(symbol: string, prices: Iterable<string>): void {
    let max = this.decimals.get(symbol);
    for (const p of prices) max = Math.max(max ?? 0, decimalsOf(p));
    if (max !== undefined) this.decimals.set(symbol, max);
  }

  decimalsFor(symbol: string): number {
    return this.decimals.get(symbol) ?? DEFAULT_PRICE_DECIMALS;
  }

  /**
   * A position frame's `markPrice` ("current mark price from exchange"): the price of a symbol whose
   * public data has not arrived yet (filtered out, or a gap right after connecting).
   */
  notePositionMark(symbol: string, markPrice: string | undefined): void {
    if (markPrice !== undefined && Number(markPrice) > 0) this.positionMark.set(symbol, markPrice);
  }

  /** The latest market price seen for a symbol (trade, ticker, book mid or mark; else a position's mark). */
  lastPriceOf(symbol: string): string | undefined {
    return this.lastPrice.get(symbol) ?? this.positionMark.get(symbol);
  }

  /**
   * Where an order of `side` would have traded just now: a buy lifts the best ask, a sell hits the best
   * bid; without a book, the latest market price. Only for fills the venue's figures cannot price.
   */
  takerEstimate(symbol: string, side: Side): string | undefined {
    const top = this.top.get(symbol);
    return (side === 'buy' ? top?.ask : top?.bid) ?? this.lastPriceOf(symbol);
  }

  private withLast(mark: PriceMark | undefined): MarketResult {
    if (!mark) return {};
    this.lastPrice.set(mark.symbol, mark.price);
    return { mark };
  }
}

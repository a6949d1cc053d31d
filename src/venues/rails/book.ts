import { canon } from './normalize';
import type { RailsBookLevel, RailsSide } from './wire';

/** Levels kept per side; the ones farthest from the top are dropped beyond this (bounded memory). */
export const MAX_LEVELS_PER_SIDE = 1_000;

export interface TopOfBook {
  bid?: string;
  ask?: string;
}

/**
 * One market's order book, rebuilt from `publicOrderBook` and kept with `publicOrderBookDelta`
 * (docs.rails.xyz/latest/websocket-api/order-book-stream): each level carries the NEW TOTAL quantity
 * at its price, and "0" deletes it. Only the top of book leaves this class. Prices are keyed by their
 * canonical text; ordering uses their numeric value (only to pick a level; the text stays exact).
 */
export class LocalBook {
  private readonly bids = new BookSide(1);
  private readonly asks = new BookSide(-1);

  constructor(private readonly maxLevels = MAX_LEVELS_PER_SIDE) {}

  /** Replaces everything with a snapshot. */
  reset(levels: readonly RailsBookLevel[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(levels);
  }

  /** Applies absolute levels (snapshot or delta). */
  apply(levels: readonly RailsBookLevel[]): void {
    for (const level of levels)
      this.side(level.orderType).set(canon(level.price), canon(level.quantity), this.maxLevels);
  }

  top(): TopOfBook {
    const top: TopOfBook = {};
    const bid = this.bids.best();
    const ask = this.asks.best();
    if (bid !== undefined) top.bid = bid;
    if (ask !== undefined) top.ask = ask;
    return top;
  }

  /** Levels per side, for tests and diagnostics. */
  depth(): { bids: number; asks: number } {
    return { bids: this.bids.size, asks: this.asks.size };
  }

  private side(side: RailsSide): BookSide {
    return side === 'buy' ? this.bids : this.asks;
  }
}

/** One side: price text -> quantity text, with the best price cached and recomputed lazily. */
class BookSide {
  private readonly levels = new Map<string, string>();
  private bestPrice: string | undefined;
  private bestKnown = true;

  /** `sign` 1: higher is better (bids); -1: lower is better (asks). */
  constructor(private readonly sign: 1 | -1) {}

  get size(): number {
    return this.levels.size;
  }

  clear(): void {
    this.levels.clear();
    this.bestPrice = undefined;
    this.bestKnown = true;
  }

  set(price: string, quantity: string, maxLevels: number): void {
    if (!(Number(price) > 0)) return;
    if (quantity === '0' || quantity.startsWith('-')) {
      if (this.levels.delete(price) && price === this.bestPrice) this.bestKnown = false;
      return;
    }
    this.levels.set(price, quantity);
    if (this.bestKnown && (this.bestPrice === undefined || this.better(price, this.bestPrice))) this.bestPrice = price;
    if (this.levels.size > maxLevels) this.dropWorst();
  }

  best(): string | undefined {
    if (!this.bestKnown) {
      this.bestPrice = this.extreme(true);
      this.bestKnown = true;
    }
    return this.bestPrice;
  }

  private better(a: string, b: string): boolean {
    return this.sign * (Number(a) - Number(b)) > 0;
  }

  private dropWorst(): void {
    const worst = this.extreme(false);
    if (worst === undefined) return;
    this.levels.delete(worst);
    if (worst === this.bestPrice) this.bestKnown = false;
  }

  /** The best (or worst) price present, by a linear scan. */
  private extreme(best: boolean): string | undefined {
    let found: string | undefined;
    for (const price of this.levels.keys()) {
      if (found === undefined || this.better(price, found) === best) found = price;
    }
    return found;
  }
}

import type { RailsBookLevel, RailsSide } from '../../src/venues/rails/wire';
import type { OrderbookData } from '../core/events';

type Levels = Map<string, string>;

function levelsOf(rows: [string, string][]): Levels {
  return new Map(rows.filter(([, qty]) => Number(qty) > 0));
}

/** Changed or new levels with their new total, removed levels with "0". */
function diff(side: RailsSide, before: Levels, after: Levels): RailsBookLevel[] {
  const out: RailsBookLevel[] = [];
  for (const [price, quantity] of after)
    if (before.get(price) !== quantity) out.push({ orderType: side, price, quantity });
  for (const price of before.keys()) if (!after.has(price)) out.push({ orderType: side, price, quantity: '0' });
  return out;
}

function sorted(side: RailsSide, levels: Levels): RailsBookLevel[] {
  const rows = [...levels].map(([price, quantity]) => ({ orderType: side, price, quantity }));
  // Bids best (highest) first, asks best (lowest) first.
  return rows.sort((a, b) => (side === 'buy' ? Number(b.price) - Number(a.price) : Number(a.price) - Number(b.price)));
}

/**
 * One market's public order book, rebuilt from the core's successive top-of-book snapshots. Rails
 * sends deltas only (no sequence numbers): each delta lists every level whose total changed, with
 * its NEW ABSOLUTE total, and "0" for each level that disappeared.
 */
export class MarketBook {
  private bids: Levels = new Map();
  private asks: Levels = new Map();
  private updatedAt = 0;

  /** Take the next snapshot; returns the delta from the previous one (empty when nothing changed). */
  update(book: OrderbookData, time: number): RailsBookLevel[] {
    const bids = levelsOf(book.bids);
    const asks = levelsOf(book.asks);
    const delta = [...diff('buy', this.bids, bids), ...diff('sell', this.asks, asks)];
    this.bids = bids;
    this.asks = asks;
    this.updatedAt = time;
    return delta;
  }

  /** The whole book: bids best first, then asks best first. */
  snapshot(): RailsBookLevel[] {
    return [...sorted('buy', this.bids), ...sorted('sell', this.asks)];
  }

  get ts(): number {
    return this.updatedAt;
  }
}

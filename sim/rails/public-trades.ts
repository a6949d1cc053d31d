import type { RailsPublicTrade } from '../../src/venues/rails/wire';
import type { PublicTradeData } from '../core/events';
import type { RailsIds } from './ids';

/**
 * Public trades of one market: each core public trade is one execution, reported from the taker's
 * side [guess: the docs' example mixes taker and maker rows without saying which side a row is].
 * The last `capacity` are kept for the `emitPublicCompletedOrders` snapshot, oldest first [guess].
 */
export class MarketTrades {
  private readonly recent: RailsPublicTrade[] = [];

  constructor(
    private readonly symbol: string,
    private readonly ids: RailsIds,
    private readonly capacity: number,
  ) {}

  add(trades: PublicTradeData[]): RailsPublicTrade[] {
    const rows = trades.map((t): RailsPublicTrade => ({
      executionType: 'taker',
      matchId: this.ids.publicMatchId(this.symbol, t.id),
      orderType: t.isBuyerMaker ? 'sell' : 'buy',
      price: t.price,
      quantity: t.qty,
      updatedAt: t.time,
    }));
    this.recent.push(...rows);
    if (this.recent.length > this.capacity) this.recent.splice(0, this.recent.length - this.capacity);
    return rows;
  }

  snapshot(): RailsPublicTrade[] {
    return [...this.recent];
  }
}

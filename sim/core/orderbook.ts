import type { OrderbookData } from './events';
import type { SymbolState } from './market';
import type { Prng } from './prng';
import { gridText, gridUnits } from './num';

export const BOOK_DEPTH = 50;

/**
 * A synthetic top-of-book snapshot around the last price: the best bid at or one tick below last,
 * the best ask one or two ticks above the best bid, levels 1-3 ticks apart, random sizes.
 * Prices are counted in whole ticks so no level can fall off the tick grid.
 */
export function syntheticBook(s: SymbolState, rng: Prng): OrderbookData {
  const { tick, tickGrid, qtyGrid } = s.instrument;
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  let bid = gridUnits(s.last, tick) - rng.int(0, 1);
  let ask = bid + rng.int(1, 2);
  for (let i = 0; i < BOOK_DEPTH; i++) {
    if (bid > 0) bids.push([gridText(bid, tickGrid), gridText(rng.int(1, 500), qtyGrid)]);
    asks.push([gridText(ask, tickGrid), gridText(rng.int(1, 500), qtyGrid)]);
    bid -= rng.int(1, 3);
    ask += rng.int(1, 3);
  }
  s.nextBookUpdateId += rng.int(1, 40);
  return { lastUpdateId: s.nextBookUpdateId, bids, asks };
}

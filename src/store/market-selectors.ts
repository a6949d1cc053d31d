import { dec, decText } from '../domain/decimal';
import type { ConnectionDiagnostics, MarkKind, PriceMark, VenueId } from '../domain/types';
import type { PortfolioState } from './state';

/**
 * Selectors for the market panel. Pure, and memoized on the identity of the collections they read
 * (like selectors.ts): the store replaces a collection only when it changed.
 */

/** One row per connection and symbol that has any price mark. */
export interface MarketRow {
  /** `connectionId|symbol`. */
  key: string;
  connectionId: string;
  /** From the connection's diagnostics; undefined until the connection has reported. */
  venue?: VenueId;
  symbol: string;
  /** Top of book: from the `book` mark, else from a ticker that carries bid/ask. */
  bid?: string;
  ask?: string;
  /** ask − bid, exact; only when both sides are known. */
  spread?: string;
  /** Which mark the bid/ask came from, and when. */
  quoteKind?: MarkKind;
  quoteTime?: number;
  /** Last traded price: the newest public `trade`, else the `ticker` last price. */
  last?: string;
  lastKind?: MarkKind;
  lastTime?: number;
  /** The venue's mark price (kind `mark`). */
  mark?: string;
  indexPrice?: string;
  /** Funding rate as the venue sends it (a fraction per funding period: 0.0001 = 0.01 %). */
  fundingRate?: string;
  markTime?: number;
  /** Time of the freshest figure in the row. */
  updatedAt: number;
}

interface PairMarks {
  connectionId: string;
  symbol: string;
  ticker?: PriceMark;
  mark?: PriceMark;
  trade?: PriceMark;
  book?: PriceMark;
}

const hasQuote = (m: PriceMark | undefined): m is PriceMark =>
  m !== undefined && (m.bid !== undefined || m.ask !== undefined);

/** ask − bid as exact decimal text, or undefined when a side is missing or not a number. */
export function spreadOf(bid: string | undefined, ask: string | undefined): string | undefined {
  if (bid === undefined || ask === undefined) return undefined;
  try {
    return decText(dec(ask).minus(bid));
  } catch {
    return undefined;
  }
}

/** The row for one connection and symbol from its (up to four) marks. */
export function marketRowOf(pair: PairMarks, venue: VenueId | undefined): MarketRow {
  const { connectionId, symbol, ticker, mark, trade, book } = pair;
  const row: MarketRow = { key: `${connectionId}|${symbol}`, connectionId, symbol, updatedAt: 0 };
  if (venue !== undefined) row.venue = venue;
  const quote = hasQuote(book) ? book : hasQuote(ticker) ? ticker : undefined;
  if (quote) {
    if (quote.bid !== undefined) row.bid = quote.bid;
    if (quote.ask !== undefined) row.ask = quote.ask;
    const spread = spreadOf(quote.bid, quote.ask);
    if (spread !== undefined) row.spread = spread;
    row.quoteKind = quote.kind;
    row.quoteTime = quote.time;
  }
  const lastMark = trade ?? ticker;
  if (lastMark) {
    row.last = lastMark.price;
    row.lastKind = lastMark.kind;
    row.lastTime = lastMark.time;
  }
  if (mark) {
    row.mark = mark.price;
    row.markTime = mark.time;
    if (mark.indexPrice !== undefined) row.indexPrice = mark.indexPrice;
  }
  const fundingRate = mark?.fundingRate ?? ticker?.fundingRate;
  if (fundingRate !== undefined) row.fundingRate = fundingRate;
  for (const m of [ticker, mark, trade, book]) if (m && m.time > row.updatedAt) row.updatedAt = m.time;
  return row;
}

/** Group marks by connection and symbol (read from the marks themselves, not by splitting keys). */
function groupMarks(marks: ReadonlyMap<string, PriceMark>): Map<string, PairMarks> {
  const pairs = new Map<string, PairMarks>();
  for (const m of marks.values()) {
    const key = `${m.connectionId}|${m.symbol}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { connectionId: m.connectionId, symbol: m.symbol };
      pairs.set(key, pair);
    }
    pair[m.kind] = m;
  }
  return pairs;
}

const byKey = (a: MarketRow, b: MarketRow): number =>
  a.connectionId === b.connectionId ? compare(a.symbol, b.symbol) : compare(a.connectionId, b.connectionId);
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every market row, sorted by connection then symbol. Pure: a fresh array of fresh rows. */
export function buildMarketRows(
  marks: ReadonlyMap<string, PriceMark>,
  connections: ReadonlyMap<string, ConnectionDiagnostics>,
): MarketRow[] {
  const rows: MarketRow[] = [];
  for (const pair of groupMarks(marks).values())
    rows.push(marketRowOf(pair, connections.get(pair.connectionId)?.venue));
  return rows.sort(byKey);
}

/**
 * A memoized market-rows selector. Beyond memoizing on `marks` and `connections`, it keeps the
 * previous row object for a pair whose marks and venue did not change, so a tick on one symbol gives
 * one new row, not a new table.
 */
export function createMarketRowsSelector(): (s: PortfolioState) => MarketRow[] {
  let lastMarks: ReadonlyMap<string, PriceMark> | undefined;
  let lastConnections: ReadonlyMap<string, ConnectionDiagnostics> | undefined;
  let lastRows: MarketRow[] = [];
  let cache = new Map<string, { pair: PairMarks; venue: VenueId | undefined; row: MarketRow }>();
  return (s) => {
    if (s.marks === lastMarks && s.connections === lastConnections) return lastRows;
    lastMarks = s.marks;
    lastConnections = s.connections;
    const nextCache: typeof cache = new Map();
    const rows: MarketRow[] = [];
    for (const [key, pair] of groupMarks(s.marks)) {
      const venue = s.connections.get(pair.connectionId)?.venue;
      const old = cache.get(key);
      const same =
        old !== undefined &&
        old.venue === venue &&
        old.pair.ticker === pair.ticker &&
        old.pair.mark === pair.mark &&
        old.pair.trade === pair.trade &&
        old.pair.book === pair.book;
      const row = same ? old.row : marketRowOf(pair, venue);
      nextCache.set(key, { pair, venue, row });
      rows.push(row);
    }
    cache = nextCache;
    lastRows = rows.sort(byKey);
    return lastRows;
  };
}

export const selectMarketRows: (s: PortfolioState) => MarketRow[] = createMarketRowsSelector();

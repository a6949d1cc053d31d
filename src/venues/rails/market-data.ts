import { BoundedSet } from '../shared/bounded-set';
import type { PriceMark } from '../../domain/types';
import { LocalBook, type TopOfBook } from './book';
import { bookMark, newestTrade, tradeMark } from './normalize';
import { MARKET_NAME } from './options';
import { buildOrderBookSnapshotRequest, buildPublicTradesSnapshotRequest, type RequestIds } from './requests';
import {
  RAILS_ALL_MARKETS,
  type RailsPublicCompletedOrders,
  type RailsPublicCompletedOrdersDelta,
  type RailsPublicOrderBook,
  type RailsPublicOrderBookDelta,
  type RailsSubscription,
} from './wire';

/** Markets tracked at once (market=ALL); frames for more are dropped as `filtered`. */
export const MAX_MARKETS = 200;
/** Public matchIds remembered to drop trades seen before (replays, snapshots after a reconnect). */
export const PUBLIC_TRADE_MEMORY = 5_000;
/** A book snapshot not answered within this long is requested again on the next heartbeat. */
export const SNAPSHOT_RETRY_MS = 10_000;

export interface MarketDataResult {
  marks: PriceMark[];
  /** Request frames to send. */
  requests: string[];
  filtered?: number;
  duplicates?: number;
  error?: string;
}

interface MarketState {
  book: LocalBook;
  /** The book snapshot requested on this socket has arrived: deltas apply from now on. */
  ready: boolean;
  /** When this socket requested the book snapshot (undefined: not yet). */
  requestedAt?: number;
  lastTop: TopOfBook;
  lastTradeTime: number;
}

/**
 * The public streams (publicOrderBook, publicTrades) -> `book` and `trade` marks, per market.
 *
 * - Rails deltas carry no sequence numbers, so every socket re-snapshots (order-book-stream, "Order
 *   Book Snapshot Request"): after `open` each market's book waits for its `publicOrderBook` reply, and
 *   deltas that arrive before it are DROPPED, not buffered (the snapshot already contains them, and
 *   replaying an absolute level older than the snapshot could resurrect a level that is gone).
 * - market=ALL: a market is learnt from the first frame that names it (public or private); the
 *   snapshots for it are requested then, once per socket, and again at every later open.
 * - Public trades are deduplicated by matchId; a `trade` mark is the newest new trade, never older than
 *   the last one shown.
 */
export class RailsMarketData {
  private readonly markets = new Map<string, MarketState>();
  private readonly seenTrades = new BoundedSet<string>(PUBLIC_TRADE_MEMORY);
  /** Markets whose snapshots this socket already requested. */
  private requested = new Set<string>();
  private active: ReadonlySet<RailsSubscription>;
  private tooManyReported = false;

  constructor(
    private readonly connectionId: string,
    private readonly market: string,
    subscriptions: readonly RailsSubscription[],
    private readonly requestIds: RequestIds,
  ) {
    this.active = new Set(subscriptions);
    if (market !== RAILS_ALL_MARKETS) this.markets.set(market, newMarket());
  }

  get allMarkets(): boolean {
    return this.market === RAILS_ALL_MARKETS;
  }

  /** A new socket: every book waits for a fresh snapshot; returns the snapshot requests to send now. */
  open(now: number): string[] {
    this.requested = new Set();
    const requests: string[] = [];
    for (const [market, state] of this.markets) {
      resetBook(state);
      requests.push(...this.requestSnapshots(market, state, now));
    }
    return requests;
  }

  /** The active subscriptions changed (a `subscribed` / `unsubscribed` reply). */
  setActive(subscriptions: readonly RailsSubscription[], now: number): string[] {
    const before = this.active;
    this.active = new Set(subscriptions);
    const requests: string[] = [];
    for (const [market, state] of this.markets) {
      if (!this.active.has('publicOrderBook')) resetBook(state);
      const gained = (s: RailsSubscription) => this.active.has(s) && !before.has(s);
      if (gained('publicOrderBook') || gained('publicTrades')) {
        this.requested.delete(market);
        if (gained('publicOrderBook')) resetBook(state);
        requests.push(
          ...this.requestSnapshots(market, state, now, {
            book: gained('publicOrderBook'),
            trades: gained('publicTrades'),
          }),
        );
      }
    }
    return requests;
  }

  /** A market named by a private frame (order, fill): with market=ALL, its public snapshots are requested. */
  learn(market: string, now: number): MarketDataResult {
    const result: MarketDataResult = { marks: [], requests: [] };
    if (!this.allMarkets || this.markets.has(market) || !MARKET_NAME.test(market)) return result;
    this.track(market, now, result);
    return result;
  }

  onBook(frame: RailsPublicOrderBook | RailsPublicOrderBookDelta, now: number): MarketDataResult {
    const result: MarketDataResult = { marks: [], requests: [] };
    const found = this.resolve(frame.market, now, result);
    if (!found) return result;
    const [market, state] = found;
    const time = frame.data.ts ?? now;
    if (frame.resultType === 'publicOrderBook') {
      state.book.reset(frame.data.orders);
      state.ready = true;
      state.lastTop = {};
    } else {
      // Deltas before this socket's snapshot are already in it: drop them.
      if (!state.ready) return result;
      state.book.apply(frame.data.orders);
    }
    const top = state.book.top();
    if (top.bid === state.lastTop.bid && top.ask === state.lastTop.ask) return result;
    state.lastTop = top;
    const mark = bookMark(this.connectionId, market, top, time);
    if (mark) result.marks.push(mark);
    return result;
  }

  onPublicTrades(frame: RailsPublicCompletedOrders | RailsPublicCompletedOrdersDelta, now: number): MarketDataResult {
    const result: MarketDataResult = { marks: [], requests: [] };
    const found = this.resolve(frame.market, now, result);
    if (!found) return result;
    const [market, state] = found;
    const fresh = frame.data.orders.filter((t) => this.seenTrades.add(`${market}|${t.matchId}`));
    const repeated = frame.data.orders.length - fresh.length;
    // A snapshot repeats recent trades by design; only a delta that repeats one is a duplicate.
    if (repeated > 0 && frame.resultType === 'publicCompletedOrdersDelta') result.duplicates = repeated;
    const newest = newestTrade(fresh);
    if (!newest || newest.time < state.lastTradeTime) return result;
    state.lastTradeTime = newest.time;
    const mark = tradeMark(this.connectionId, market, newest.trade, newest.time);
    if (mark) result.marks.push(mark);
    return result;
  }

  /** Heartbeat: book snapshots requested long ago and still unanswered are requested again. */
  retryStaleSnapshots(now: number): string[] {
    if (!this.active.has('publicOrderBook')) return [];
    const requests: string[] = [];
    for (const [market, state] of this.markets) {
      if (state.ready || state.requestedAt === undefined || now - state.requestedAt < SNAPSHOT_RETRY_MS) continue;
      state.requestedAt = now;
      requests.push(buildOrderBookSnapshotRequest(market, this.requestIds()));
    }
    return requests;
  }

  /** Levels held per market (tests, diagnostics). */
  depth(market: string): { bids: number; asks: number } | undefined {
    return this.markets.get(market)?.book.depth();
  }

  /** The frame's market, tracked (learnt and snapshotted with market=ALL), or undefined when it is dropped. */
  private resolve(
    frameMarket: string | undefined,
    now: number,
    result: MarketDataResult,
  ): [string, MarketState] | undefined {
    const market = frameMarket ?? (this.allMarkets ? undefined : this.market);
    if (market === undefined) {
      result.error = 'Rails sent public data without a market on a market=ALL connection; skipped';
      result.filtered = 1;
      return undefined;
    }
    if (!this.allMarkets && market !== this.market) {
      result.filtered = 1;
      return undefined;
    }
    const state = this.markets.get(market) ?? this.track(market, now, result);
    return state ? [market, state] : undefined;
  }

  private track(market: string, now: number, result: MarketDataResult): MarketState | undefined {
    if (!MARKET_NAME.test(market) || this.markets.size >= MAX_MARKETS) {
      result.filtered = 1;
      if (this.markets.size >= MAX_MARKETS && !this.tooManyReported) {
        this.tooManyReported = true;
        result.error = `Rails market=ALL: tracking the first ${MAX_MARKETS} markets only; use one connection per market`;
      }
      return undefined;
    }
    const state = newMarket();
    this.markets.set(market, state);
    result.requests.push(...this.requestSnapshots(market, state, now));
    return state;
  }

  private requestSnapshots(
    market: string,
    state: MarketState,
    now: number,
    which = { book: true, trades: true },
  ): string[] {
    if (this.requested.has(market)) return [];
    this.requested.add(market);
    const requests: string[] = [];
    if (which.book && this.active.has('publicOrderBook')) {
      state.requestedAt = now;
      requests.push(buildOrderBookSnapshotRequest(market, this.requestIds()));
    }
    if (which.trades && this.active.has('publicTrades'))
      requests.push(buildPublicTradesSnapshotRequest(market, this.requestIds()));
    return requests;
  }
}

function newMarket(): MarketState {
  return { book: new LocalBook(), ready: false, lastTop: {}, lastTradeTime: 0 };
}

function resetBook(state: MarketState): void {
  state.book.reset([]);
  state.ready = false;
  state.lastTop = {};
  delete state.requestedAt;
}

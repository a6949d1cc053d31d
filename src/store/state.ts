import { ChunkedMap } from './chunked-map';
import type { Instrument } from '../domain/instrument';
import type {
  AccountSummary,
  Balance,
  ConnectionDiagnostics,
  Fill,
  GapRecord,
  Notification,
  OrderUpdate,
  Position,
  PriceMark,
} from '../domain/types';

/** Bounds for every in-memory collection (a trader keeps the tab open all day). */
export const LIMITS = {
  /** Fills held and journaled by default: a busy account's week (docs/performance.md, "At scale"). */
  fills: 100_000,
  /** Terminal orders kept; open orders are never evicted. */
  closedOrders: 5_000,
  notifications: 500,
  /** Equity history points, tiered by age (store/history/tiers.ts: 1 s, 1 min, 10 min). */
  equitySamples: 7_200,
  /** Gap records kept, over all connections (the newest). */
  gaps: 1_000,
} as const;

/** An event the reducer could not apply (a bug, or an event no rule expected): counted per connection. */
export interface ApplyFault {
  count: number;
  /** The newest fault's message (never an event's content: it may carry venue text). */
  message: string;
  time: number;
}

/**
 * One point of the portfolio's history, always in USD (the base currency shown converts it: a BTC
 * view divides by `btcUsd`, the BTC price used at that moment). Journaled to IndexedDB.
 */
export interface EquitySample {
  time: number;
  equity: string;
  unrealizedPnl: string;
  realizedPnl: string;
  /** Equity per connection id, USD. */
  perConnection?: Record<string, string>;
  /** USD per BTC at that moment, when known. */
  btcUsd?: string;
}

/**
 * The portfolio as the page sees it. Collections are immutable Maps: a batch that changes one
 * collection replaces that Map, so narrow selectors re-render only what changed. Keys:
 * orders `connectionId|orderId`, fills `connectionId|fillId`, positions `connectionId|symbol`,
 * balances `connectionId|asset`, marks `connectionId|symbol|kind`.
 */
export interface PortfolioState {
  connections: ReadonlyMap<string, ConnectionDiagnostics>;
  /** Merged order updates; an entry becomes a displayed order once its symbol and status are known. */
  orders: ReadonlyMap<string, OrderUpdate>;
  fills: ReadonlyMap<string, Fill>;
  /** The same fills, newest first, kept sorted incrementally (a 100,000-row sort per frame is too slow). */
  fillsByTime: readonly Fill[];
  positions: ReadonlyMap<string, Position>;
  balances: ReadonlyMap<string, Balance>;
  summaries: ReadonlyMap<string, AccountSummary>;
  marks: ReadonlyMap<string, PriceMark>;
  /** What each symbol stands for (base, quote, settle asset), key `connectionId|symbol`. */
  instruments: ReadonlyMap<string, Instrument>;
  notifications: readonly Notification[];
  /** When a position was last seen closed (connection|symbol -> ms): an older update cannot resurrect it. */
  positionClosedAt: ReadonlyMap<string, number>;
  /** Realized PnL of positions that closed this session, per connection|settle asset. */
  closedRealized: ReadonlyMap<string, string>;
  /**
   * How many of the closes summed in `closedRealized` (same keys) carry a realized PnL the adapter
   * derived from a price the venue did not report (`realizedInferred`: ZDEX prices a close from the book).
   */
  closedRealizedInferred: ReadonlyMap<string, number>;
  equityHistory: readonly EquitySample[];
  /** Gap records (docs/contract.md section 3), key `connectionId|from`: the newest record of each gap. */
  gaps: ReadonlyMap<string, GapRecord>;
  /** Events that threw in the reducer, per connection id: that connection is marked, the others go on. */
  applyFaults: ReadonlyMap<string, ApplyFault>;
  /** Last batch applied (worker sequence number), for diagnostics and tests. */
  lastBatchSeq: number;
}

export function emptyPortfolio(): PortfolioState {
  return {
    connections: new Map(),
    orders: ChunkedMap.empty(),
    fills: ChunkedMap.empty(),
    fillsByTime: [],
    positions: new Map(),
    balances: new Map(),
    summaries: new Map(),
    marks: new Map(),
    instruments: new Map(),
    notifications: [],
    positionClosedAt: new Map(),
    closedRealized: new Map(),
    closedRealizedInferred: new Map(),
    equityHistory: [],
    gaps: new Map(),
    applyFaults: new Map(),
    lastBatchSeq: 0,
  };
}

export const orderKey = (connectionId: string, orderId: string): string => `${connectionId}|${orderId}`;
export const fillKey = (connectionId: string, fillId: string): string => `${connectionId}|${fillId}`;
export const positionKey = (connectionId: string, symbol: string): string => `${connectionId}|${symbol}`;
export const balanceKey = (connectionId: string, asset: string): string => `${connectionId}|${asset}`;
export const gapKey = (connectionId: string, from: number): string => `${connectionId}|${from}`;
export const markKey = (connectionId: string, symbol: string, kind: string): string =>
  `${connectionId}|${symbol}|${kind}`;

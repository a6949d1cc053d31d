import type { Instrument } from './instrument';
import type {
  AccountSummary,
  Balance,
  ConnectionDiagnostics,
  Fill,
  GapRecord,
  Notification,
  Order,
  OrderUpdate,
  Position,
  PriceMark,
} from './types';

/**
 * What an adapter produces from wire frames. Reducers in src/store apply these; nothing else
 * changes portfolio state.
 */
export type DomainEvent =
  | { kind: 'order'; order: OrderUpdate }
  | { kind: 'fill'; fill: Fill }
  | { kind: 'position'; position: Position }
  | PositionClosedEvent
  | { kind: 'balance'; balance: Balance }
  | { kind: 'account-summary'; summary: AccountSummary }
  | { kind: 'mark'; mark: PriceMark }
  | { kind: 'notification'; notification: Notification }
  /** What a symbol stands for (emitted once per symbol per connection, before or with its first use). */
  | { kind: 'instrument'; instrument: Instrument }
  /** A gap opened, closed or got its recovery result (emitted by the shared lifecycle, never by an adapter). */
  | { kind: 'gap'; gap: GapRecord }
  /**
   * A connection another process runs (desk mode: a collector's), as that process sees it. The ingest
   * core turns it into the connection's row (IngestBatch.connections); the store never sees the event.
   */
  | { kind: 'connection'; connection: ConnectionDiagnostics }
  | AccountSnapshotEvent;

/**
 * A full account state for one connection. For each collection in `scope`, positions and balances
 * replace what is known (absent means gone); `openOrders` are merged as order updates. An order that
 * was open and is absent is not resolved here: the adapter, which knows the venue's semantics, emits
 * an explicit `order` event for it, or, when the venue does not say how it ended, names it in
 * `unlistedOrders`.
 */
export interface AccountSnapshotEvent {
  kind: 'account-snapshot';
  connectionId: string;
  time: number;
  scope: { orders: boolean; positions: boolean; balances: boolean };
  openOrders: Order[];
  positions: Position[];
  balances: Balance[];
  /**
   * Ids of orders the connection held open that the venue's complete list of open orders no longer
   * has, with no word on how they ended (no status would be true): the store removes them, as it
   * removes a restored order the venue no longer lists (store/journal/reconcile.ts). An order already
   * terminal is left alone. Any scope (a list that could not be given whole still proves these gone).
   */
  unlistedOrders?: string[];
}

/**
 * A position is gone. `realizedPnl` (in `settleAsset`) is the position's final realized PnL, the
 * closing fill's included, when the adapter knows it: the store books it into the connection's closed
 * total instead of the last realized figure it saw on the position (which misses the closing fill).
 * `realizedInferred`: that figure rests on a price the venue did not report (e.g. a close priced from
 * the order book), so it may be off by the difference to the real execution price.
 */
export interface PositionClosedEvent {
  kind: 'position-closed';
  connectionId: string;
  symbol: string;
  time: number;
  realizedPnl?: string;
  settleAsset?: string;
  realizedInferred?: boolean;
}

export type DomainEventKind = DomainEvent['kind'];

import {
  TERMINAL_ORDER_STATUSES,
  type ConnectionDiagnostics,
  type Fill,
  type GapRecord,
  type OrderUpdate,
} from '../../domain/types';
import { ChunkedMap } from '../chunked-map';
import { emptyPortfolio, fillKey, type EquitySample, type PortfolioState } from '../state';
import type { Instrument } from '../../domain/instrument';
import { realizedRecord, type InstrumentRecord, type LivenessRecord, type RealizedRecord } from './records';

/**
 * What the journal must write after a store update, found cheaply from what the reducer guarantees:
 * collections are persistent (an untouched Map, a ChunkedMap bucket, a fill or an order object keeps
 * its identity), `fillsByTime` is newest first and keeps the relative order of the fills it keeps,
 * and `equityHistory` is ascending.
 */
export interface JournalChanges {
  fills: Fill[];
  /** Orders whose merged state changed (the whole merged state is written). */
  orders: OrderUpdate[];
  /**
   * Open orders the store dropped while their connection is present: restored orders a venue's
   * snapshot no longer lists (reconcile.ts). Deleted from the journal too, or every reload would
   * bring them back. Terminal orders evicted from memory and orders of a removed connection stay.
   */
  droppedOrders: { connectionId: string; orderId: string }[];
  samples: EquitySample[];
  /** Closed positions' realized PnL totals that changed (written whole: each is a running total). */
  realized: RealizedRecord[];
  /** `closedRealized` keys the store dropped (a removed connection): deleted from the journal too. */
  droppedRealized: string[];
  /** Instruments new or changed since the previous state. */
  instruments: InstrumentRecord[];
  /** Instruments the store dropped (a removed connection). */
  droppedInstruments: { connectionId: string; symbol: string }[];
  /** Gap records new or changed (the newest record of each gap, key connectionId + from). */
  gaps: GapRecord[];
  /**
   * Gaps of a removed connection. A gap evicted from memory (LIMITS.gaps) while its connection is
   * present stays in the journal until the retention removes it.
   */
  droppedGaps: { connectionId: string; from: number }[];
  /** Connections live with a newer last message than before (written with the timed batch only). */
  liveness: LivenessRecord[];
  /** Connection ids removed from the page. */
  droppedLiveness: string[];
}

export const noChanges = (): JournalChanges => ({
  fills: [],
  orders: [],
  droppedOrders: [],
  samples: [],
  realized: [],
  droppedRealized: [],
  instruments: [],
  droppedInstruments: [],
  gaps: [],
  droppedGaps: [],
  liveness: [],
  droppedLiveness: [],
});

export function isEmpty(c: JournalChanges): boolean {
  return (
    c.fills.length === 0 &&
    c.orders.length === 0 &&
    c.droppedOrders.length === 0 &&
    c.samples.length === 0 &&
    c.realized.length === 0 &&
    c.droppedRealized.length === 0 &&
    c.instruments.length === 0 &&
    c.droppedInstruments.length === 0 &&
    c.gaps.length === 0 &&
    c.droppedGaps.length === 0 &&
    c.liveness.length === 0 &&
    c.droppedLiveness.length === 0
  );
}

export function journalChanges(prev: PortfolioState, next: PortfolioState): JournalChanges {
  return {
    fills: newFills(prev, next),
    ...orderChanges(prev, next),
    samples: newSamples(prev.equityHistory, next.equityHistory),
    ...realizedChanges(
      prev.closedRealized,
      next.closedRealized,
      prev.closedRealizedInferred,
      next.closedRealizedInferred,
    ),
    ...instrumentChanges(prev.instruments, next.instruments),
    ...gapChanges(prev, next),
    ...livenessChanges(prev.connections, next.connections),
  };
}

/**
 * Everything the state holds, as changes to write into an empty journal: what a rewrite after the
 * retry buffer overflowed writes (journal-writer.ts).
 */
export function wholeState(state: PortfolioState): JournalChanges {
  return journalChanges(emptyPortfolio(), state);
}

/** Gap records new or changed; those of a removed connection go (docs/contract.md section 3). */
export function gapChanges(
  prev: Pick<PortfolioState, 'gaps'>,
  next: Pick<PortfolioState, 'gaps' | 'connections'>,
): Pick<JournalChanges, 'gaps' | 'droppedGaps'> {
  const out: Pick<JournalChanges, 'gaps' | 'droppedGaps'> = { gaps: [], droppedGaps: [] };
  if (prev.gaps === next.gaps) return out;
  for (const [key, g] of next.gaps) if (prev.gaps.get(key) !== g) out.gaps.push(g);
  for (const [key, g] of prev.gaps)
    if (!next.gaps.has(key) && !next.connections.has(g.connectionId))
      out.droppedGaps.push({ connectionId: g.connectionId, from: g.from });
  return out;
}

/** The moment a connection was last known live: its last message while its status is `live`. */
export function liveUntilOf(d: ConnectionDiagnostics | undefined): number | undefined {
  return d?.status === 'live' ? d.lastMessageAt : undefined;
}

/** Connections whose liveUntil moved on, and connections removed. */
export function livenessChanges(
  prev: ReadonlyMap<string, ConnectionDiagnostics>,
  next: ReadonlyMap<string, ConnectionDiagnostics>,
): Pick<JournalChanges, 'liveness' | 'droppedLiveness'> {
  const out: Pick<JournalChanges, 'liveness' | 'droppedLiveness'> = { liveness: [], droppedLiveness: [] };
  if (prev === next) return out;
  for (const [id, d] of next) {
    const liveUntil = liveUntilOf(d);
    if (liveUntil !== undefined && liveUntil !== liveUntilOf(prev.get(id)))
      out.liveness.push({ connectionId: id, liveUntil });
  }
  for (const id of prev.keys()) if (!next.has(id)) out.droppedLiveness.push(id);
  return out;
}

/** Instruments that are new, changed or gone (a removed connection). */
export function instrumentChanges(
  prev: ReadonlyMap<string, Instrument>,
  next: ReadonlyMap<string, Instrument>,
): Pick<JournalChanges, 'instruments' | 'droppedInstruments'> {
  const out: Pick<JournalChanges, 'instruments' | 'droppedInstruments'> = { instruments: [], droppedInstruments: [] };
  if (prev === next) return out;
  for (const [key, i] of next) if (prev.get(key) !== i) out.instruments.push(i);
  for (const [key, i] of prev)
    if (!next.has(key)) out.droppedInstruments.push({ connectionId: i.connectionId, symbol: i.symbol });
  return out;
}

/** The closed-realized totals that changed or went (a small map: one entry per connection and settle asset). */
export function realizedChanges(
  prev: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
  prevInferred: ReadonlyMap<string, number> = new Map(),
  nextInferred: ReadonlyMap<string, number> = new Map(),
): Pick<JournalChanges, 'realized' | 'droppedRealized'> {
  const out: Pick<JournalChanges, 'realized' | 'droppedRealized'> = { realized: [], droppedRealized: [] };
  if (prev === next && prevInferred === nextInferred) return out;
  for (const [key, amount] of next) {
    if (prev.get(key) !== amount || prevInferred.get(key) !== nextInferred.get(key))
      out.realized.push(realizedRecord(key, amount, nextInferred.get(key)));
  }
  for (const key of prev.keys()) if (!next.has(key)) out.droppedRealized.push(key);
  return out;
}

/**
 * Fills `next` holds that `prev` did not. Both `fillsByTime` lists are newest first and the reducer
 * keeps the relative order of surviving fills, so one walk with two cursors finds them; on a
 * mismatch one map lookup says whether the fill is new or the previous one was evicted. (The store's
 * ChunkedMap lets most updates skip even that walk.)
 */
export function newFills(prev: PortfolioState, next: PortfolioState): Fill[] {
  const a = prev.fillsByTime;
  const b = next.fillsByTime;
  if (a === b || prev.fills === next.fills) return [];
  if (prev.fills instanceof ChunkedMap && next.fills instanceof ChunkedMap) return newInBuckets(prev.fills, next.fills);
  const added: Fill[] = [];
  let i = 0;
  for (const fill of b) {
    while (i < a.length && a[i] !== fill) {
      // `fill` differs from the previous list's next one: either `fill` is new, or that one left.
      if (!prev.fills.has(fillKey(fill.connectionId, fill.fillId))) break;
      i++;
    }
    if (i < a.length && a[i] === fill) i++;
    else added.push(fill);
  }
  return added;
}

/** Faster still when the fills are a ChunkedMap: only buckets the reducer copied can hold a new fill. */
function newInBuckets(prev: ChunkedMap<Fill>, next: ChunkedMap<Fill>): Fill[] {
  const added: Fill[] = [];
  for (let i = 0; i < next.buckets.length; i++) {
    const before = prev.buckets[i]!;
    const after = next.buckets[i]!;
    if (before === after) continue;
    for (const [key, fill] of after) if (!before.has(key)) added.push(fill);
  }
  return added;
}

function orderChanges(prev: PortfolioState, next: PortfolioState): Pick<JournalChanges, 'orders' | 'droppedOrders'> {
  const out: Pick<JournalChanges, 'orders' | 'droppedOrders'> = { orders: [], droppedOrders: [] };
  if (prev.orders === next.orders) return out;
  const compare = (before: ReadonlyMap<string, OrderUpdate>, after: ReadonlyMap<string, OrderUpdate>) => {
    for (const [key, order] of after) if (!sameOrder(before.get(key), order)) out.orders.push(order);
    for (const [key, order] of before) {
      if (after.has(key)) continue;
      const open = order.status === undefined || !TERMINAL_ORDER_STATUSES.has(order.status);
      if (open && next.connections.has(order.connectionId))
        out.droppedOrders.push({ connectionId: order.connectionId, orderId: order.orderId });
    }
  };
  if (prev.orders instanceof ChunkedMap && next.orders instanceof ChunkedMap) {
    // Only buckets the reducer copied can hold a change.
    const before = prev.orders.buckets;
    const after = next.orders.buckets;
    for (let i = 0; i < after.length; i++) if (before[i] !== after[i]) compare(before[i]!, after[i]!);
  } else {
    compare(prev.orders, next.orders);
  }
  return out;
}

/**
 * A venue re-sending an unchanged order (a periodic full state) merges into a new but equal object:
 * not worth a write. Orders are flat records of strings and numbers.
 */
function sameOrder(a: OrderUpdate | undefined, b: OrderUpdate): boolean {
  if (a === b) return true;
  if (a === undefined) return false;
  const ka = Object.keys(a) as (keyof OrderUpdate)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Samples newer than the previous history's newest (the history only ever grows at its end). */
export function newSamples(prev: readonly EquitySample[], next: readonly EquitySample[]): EquitySample[] {
  if (prev === next || next.length === 0) return [];
  const last = prev.length === 0 ? -Infinity : prev[prev.length - 1]!.time;
  let i = next.length;
  while (i > 0 && next[i - 1]!.time > last) i--;
  return next.slice(i);
}

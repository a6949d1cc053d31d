import { TERMINAL_ORDER_STATUSES, type Fill, type OrderUpdate } from '../../domain/types';
import { ChunkedMap } from '../chunked-map';
import { fillKey, orderKey, type EquitySample, type PortfolioState } from '../state';
import { instrumentKey, type Instrument } from '../../domain/instrument';
import { realizedRecord, type InstrumentRecord, type RealizedRecord } from './records';

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
    c.droppedInstruments.length === 0
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
  };
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

/**
 * Changes waiting for the next write (the bridge writes at most every ~500 ms). Later states of the
 * same order replace earlier ones; a fill or sample is kept once.
 */
export class JournalBuffer {
  private fills = new Map<string, Fill>();
  private orders = new Map<string, OrderUpdate>();
  private dropped = new Map<string, { connectionId: string; orderId: string }>();
  private samples = new Map<number, EquitySample>();
  private realized = new Map<string, RealizedRecord>();
  private droppedRealized = new Set<string>();
  private instruments = new Map<string, InstrumentRecord>();
  private droppedInstruments = new Map<string, { connectionId: string; symbol: string }>();

  add(c: JournalChanges): void {
    for (const f of c.fills) this.fills.set(fillKey(f.connectionId, f.fillId), f);
    for (const o of c.orders) {
      const key = orderKey(o.connectionId, o.orderId);
      this.orders.set(key, o);
      this.dropped.delete(key);
    }
    for (const d of c.droppedOrders) {
      const key = orderKey(d.connectionId, d.orderId);
      this.orders.delete(key);
      this.dropped.set(key, d);
    }
    for (const s of c.samples) this.samples.set(s.time, s);
    for (const r of c.realized) {
      this.realized.set(r.key, r);
      this.droppedRealized.delete(r.key);
    }
    for (const key of c.droppedRealized) {
      this.realized.delete(key);
      this.droppedRealized.add(key);
    }
    for (const i of c.instruments) {
      const key = instrumentKey(i.connectionId, i.symbol);
      this.instruments.set(key, i);
      this.droppedInstruments.delete(key);
    }
    for (const d of c.droppedInstruments) {
      const key = instrumentKey(d.connectionId, d.symbol);
      this.instruments.delete(key);
      this.droppedInstruments.set(key, d);
    }
  }

  get size(): number {
    return (
      this.fills.size +
      this.orders.size +
      this.dropped.size +
      this.samples.size +
      this.realized.size +
      this.droppedRealized.size +
      this.instruments.size +
      this.droppedInstruments.size
    );
  }

  /** Everything pending, oldest sample first; the buffer is empty afterwards. */
  take(): JournalChanges {
    const out: JournalChanges = {
      fills: [...this.fills.values()],
      orders: [...this.orders.values()],
      droppedOrders: [...this.dropped.values()],
      samples: [...this.samples.values()].sort((a, b) => a.time - b.time),
      realized: [...this.realized.values()],
      droppedRealized: [...this.droppedRealized],
      instruments: [...this.instruments.values()],
      droppedInstruments: [...this.droppedInstruments.values()],
    };
    this.clear();
    return out;
  }

  clear(): void {
    this.fills = new Map();
    this.orders = new Map();
    this.dropped = new Map();
    this.samples = new Map();
    this.realized = new Map();
    this.droppedRealized = new Set();
    this.instruments = new Map();
    this.droppedInstruments = new Map();
  }
}

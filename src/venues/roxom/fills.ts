import { Decimal, decText, isDecimalText } from '../../domain/decimal';
import type { Fill } from '../../domain/types';
import { BoundedSet } from '../shared/bounded-set';
import type { ResumedOrder } from '../types';
import type { CheckedOrder } from './codec';
import { ROXOM_SETTLE_ASSET } from './normalize';
import { NS_PER_MS, nsToMs } from './time';

/**
 * Fills derived from order state (Roxom has no fills channel; docs/venues/roxom.md "Ordering and dedupe").
 *
 * Every order update carries the order's CUMULATIVE `executedQty` and `filledFees`, plus `fillPx`, the
 * price of its LAST execution. The session remembers, per orderId, the last executedQty / filledFees /
 * timestamp it saw; the memory lives in the session object, so it spans reconnects.
 *
 * Rules, per order update:
 * 1. Older than what is remembered (`timestamp` before the remembered one): a replay, e.g. after a
 *    reconnect. Nothing is emitted, not even the order (the store already has newer state).
 * 2. Same timestamp, status and executedQty as remembered: a duplicate. Nothing is emitted.
 * 3. executedQty grew from the remembered value: ONE fill of the growth, at `fillPx`, with fee =
 *    growth of `filledFees` (BTC), id `${orderId}:${executedQty}`. Without `fillPx` the fill is priced at
 *    `avgPx` and marked `inferred`.
 * 4. The order was never seen in this session and has executedQty > 0 (it was placed or filled while
 *    we were not connected, or before the page loaded): ONE fill for the whole executedQty at `avgPx`,
 *    fee = `filledFees`, marked `inferred: true` (it may stand for several executions), with the same
 *    id scheme `${orderId}:${executedQty}`.
 * 5. executedQty unchanged or lower: no fill (the order event still goes out when rule 1/2 do not apply).
 *
 * Why `${orderId}:${executedQty}`: the cumulative quantity after an execution names that execution
 * uniquely and deterministically, so a duplicated or replayed frame derives the same id (the session
 * and the store both drop a known id). Rule 4's id equals the id of the LAST live fill that reached the
 * same executedQty, so an order re-sighted after its memory was lost (an evicted entry, or a page
 * reload that kept the journaled fills) collides with the journaled fill instead of counting twice —
 * as long as executedQty did not grow meanwhile. If it did grow during the gap, the inferred fill
 * covers the whole executedQty and overlaps journaled fills: see README "Fills" for this limit.
 *
 * After a page reload the session is new, but the page restores the journaled order states and hands
 * them to `resume()`: an order known that way is no longer "never seen", so its next update derives
 * only the growth beyond the journaled executedQty (rule 3), and nothing overlaps the journaled fills.
 *
 * Growth between two frames is priced at the LAST execution's `fillPx`: if Roxom coalesced two
 * executions into one update (nothing says it does), the derived fill's price is that of the last one.
 */

/** Orders remembered (executedQty, fees, timestamp). Terminal orders are forgotten first. */
export const ORDER_MEMORY = 10_000;
/** Fill ids emitted, remembered to never emit one twice. */
export const FILL_MEMORY = 20_000;
/** How far into the oldest entries eviction looks for a terminal order before evicting the oldest. */
const EVICTION_SCAN = 64;

const TERMINAL = new Set(['filled', 'partiallyfilledcancelled', 'cancelled', 'rejected', 'inactive']);
/** Status remembered for an order known only from `resume()` (no Roxom status word is known). */
const RESUMED = 'resumed';

interface Remembered {
  executedQty: Decimal;
  filledFees?: Decimal;
  timestamp: bigint;
  status: string;
}

export type OrderStep =
  /** Older than what is known, or an exact duplicate: emit nothing. */
  | { kind: 'stale' | 'duplicate' }
  | {
      kind: 'apply';
      fill?: Fill;
      /** A fill id already emitted (counted as a duplicate; nothing emitted for it). */
      duplicateFill?: boolean;
      /** Why a quantity change produced no fill (no usable price). */
      problem?: string;
    };

export class RoxomFillDeriver {
  private readonly orders = new Map<string, Remembered>();
  private readonly emitted: BoundedSet<string>;

  constructor(
    private readonly connectionId: string,
    private readonly orderCapacity = ORDER_MEMORY,
    fillCapacity = FILL_MEMORY,
  ) {
    this.emitted = new BoundedSet<string>(fillCapacity);
  }

  /**
   * Start from what the page already knows (journal after a reload): each order's cumulative filled
   * quantity (and fees) as of its last update. A later update derives only the growth beyond it (rule
   * 3), never a first-sighting fill (rule 4) overlapping fills already journaled. What this session saw
   * itself wins over a resumed entry. The remembered timestamp is the update's millisecond: an update
   * within that millisecond is not taken for stale, and derives nothing unless executedQty grew.
   */
  resume(orders: readonly ResumedOrder[]): void {
    for (const r of orders) {
      if (this.orders.has(r.orderId) || !isDecimalText(r.filledQuantity) || !Number.isSafeInteger(r.updatedAt))
        continue;
      const entry: Remembered = {
        executedQty: new Decimal(r.filledQuantity),
        timestamp: BigInt(r.updatedAt) * NS_PER_MS,
        status: RESUMED,
      };
      if (r.filledFees !== undefined && isDecimalText(r.filledFees)) entry.filledFees = new Decimal(r.filledFees);
      this.orders.set(r.orderId, entry);
      if (this.orders.size > this.orderCapacity) this.evict();
    }
  }

  /** How many orders are remembered (for tests and diagnostics). */
  get size(): number {
    return this.orders.size;
  }

  onOrder(o: CheckedOrder): OrderStep {
    const known = this.orders.get(o.orderId);
    const executed = new Decimal(o.executedQty);
    if (known) {
      if (o.timestamp < known.timestamp) return { kind: 'stale' };
      if (o.timestamp === known.timestamp && o.status === known.status && executed.eq(known.executedQty))
        return { kind: 'duplicate' };
    }
    const step: OrderStep = { kind: 'apply' };
    const derived = known ? this.growth(o, known, executed) : executed.gt(0) ? this.firstSighting(o) : undefined;
    if (derived && 'problem' in derived) step.problem = derived.problem;
    else if (derived) {
      if (this.emitted.add(derived.fillId)) step.fill = derived;
      else step.duplicateFill = true;
    }
    this.remember(o, known, executed);
    return step;
  }

  /** Rule 3: executedQty grew since the remembered update. */
  private growth(o: CheckedOrder, known: Remembered, executed: Decimal): Fill | { problem: string } | undefined {
    if (!executed.gt(known.executedQty)) return undefined;
    const quantity = executed.minus(known.executedQty);
    const fillPx = positive(o.fillPx);
    const price = fillPx ?? positive(o.avgPx);
    if (price === undefined)
      return {
        problem: `order ${o.orderId} executed ${decText(quantity)} more but carries no fill or average price; no fill recorded`,
      };
    const fill = this.fill(o, quantity, price);
    if (fillPx === undefined) fill.inferred = true;
    const fees = o.filledFees === undefined ? undefined : new Decimal(o.filledFees);
    if (fees !== undefined && known.filledFees !== undefined) fill.fee = decText(fees.minus(known.filledFees));
    else if (fees !== undefined && known.executedQty.isZero()) fill.fee = decText(fees);
    if (fill.fee !== undefined) fill.feeAsset = ROXOM_SETTLE_ASSET;
    return fill;
  }

  /** Rule 4: an order first seen with executedQty > 0. */
  private firstSighting(o: CheckedOrder): Fill | { problem: string } {
    const price = positive(o.avgPx) ?? positive(o.fillPx);
    if (price === undefined)
      return {
        problem: `order ${o.orderId} first seen with ${o.executedQty} executed but no average or fill price; no fill recorded`,
      };
    const fill = this.fill(o, new Decimal(o.executedQty), price);
    fill.inferred = true;
    if (o.filledFees !== undefined) {
      fill.fee = o.filledFees;
      fill.feeAsset = ROXOM_SETTLE_ASSET;
    }
    return fill;
  }

  private fill(o: CheckedOrder, quantity: Decimal, price: string): Fill {
    return {
      connectionId: this.connectionId,
      fillId: `${o.orderId}:${o.executedQty}`,
      orderId: o.orderId,
      symbol: o.symbol,
      side: o.side,
      price,
      quantity: decText(quantity),
      time: nsToMs(o.timestamp),
    };
  }

  /** Keeps the highest executedQty (and its fees) and the newest timestamp; refreshes recency. */
  private remember(o: CheckedOrder, known: Remembered | undefined, executed: Decimal): void {
    const grew = !known || executed.gte(known.executedQty);
    const next: Remembered = {
      executedQty: grew ? executed : known.executedQty,
      timestamp: o.timestamp,
      status: o.status,
    };
    const fees = grew ? (o.filledFees === undefined ? known?.filledFees : new Decimal(o.filledFees)) : known.filledFees;
    if (fees !== undefined) next.filledFees = fees;
    this.orders.delete(o.orderId);
    this.orders.set(o.orderId, next);
    if (this.orders.size > this.orderCapacity) this.evict();
  }

  private evict(): void {
    let scanned = 0;
    let oldest: string | undefined;
    for (const [id, entry] of this.orders) {
      oldest ??= id;
      if (TERMINAL.has(entry.status)) {
        this.orders.delete(id);
        return;
      }
      if (++scanned >= EVICTION_SCAN) break;
    }
    if (oldest !== undefined) this.orders.delete(oldest);
  }
}

function positive(value: string | undefined): string | undefined {
  return value === undefined || value === '0' || value.startsWith('-') ? undefined : value;
}

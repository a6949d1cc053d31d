import { Decimal, decText, isDecimalText } from '../../domain/decimal';
import type { Fill } from '../../domain/types';
import { BoundedSet } from '../shared/bounded-set';
import type { ResumedOrder } from '../types';
import type { CheckedOrder } from './codec';
import type { RestExecution } from './rest-codec';
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
  /** Average price at `executedQty`, when known (the growth's price is derived from two of them). */
  avgPx?: string;
  timestamp: bigint;
  status: string;
  /** The reconciliation round that last updated this entry (0: none was running). */
  round: number;
  /** What a fill needs when REST cannot tell (absent for an order known only from `resume`). */
  symbol?: string;
  side?: Fill['side'];
}

/** What an order knew before growth that a reconciliation must turn into fills (recovery.ts). */
export interface Unresolved {
  /** Cumulative quantity the emitted fills already cover. */
  from: Decimal;
  /** Average price and cumulative fees at `from`, when known. */
  fromAvgPx?: string;
  fromFees?: Decimal;
  /** The last execution's price the stream showed for this growth (the fallback price without average prices). */
  lastFillPx?: string;
}

/** An order's memory as a reconciliation reads it. */
export interface OrderMemory {
  symbol?: string;
  side?: Fill['side'];
  executedQty: Decimal;
  avgPx?: string;
  filledFees?: Decimal;
  timestamp: bigint;
  status: string;
}

/** The order's identity a fill carries. */
export interface FillTarget {
  orderId: string;
  symbol: string;
  side: Fill['side'];
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
      /** The growth crosses a gap: no fill now, the running reconciliation resolves it (recovery.ts). */
      deferred?: boolean;
    };

export class RoxomFillDeriver {
  private readonly orders = new Map<string, Remembered>();
  private readonly emitted: BoundedSet<string>;
  /** Growth not yet turned into fills because it crossed a gap; outlives a round that was cut off. */
  private readonly unresolvedOrders = new Map<string, Unresolved>();
  /** The reconciliation round running now (0: none). */
  private round = 0;

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
        round: 0,
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

  onOrder(update: CheckedOrder): OrderStep {
    const known = this.orders.get(update.orderId);
    // A partial update: what is known fills in (an absent executedQty means "unchanged").
    const o: CheckedOrder = { ...update };
    o.symbol ??= known?.symbol;
    o.side ??= known?.side;
    const executed = o.executedQty === undefined ? (known?.executedQty ?? new Decimal(0)) : new Decimal(o.executedQty);
    o.executedQty = decText(executed);
    if (o.symbol === undefined) delete o.symbol;
    if (o.side === undefined) delete o.side;
    if (known) {
      if (o.timestamp < known.timestamp) return { kind: 'stale' };
      if (o.timestamp === known.timestamp && o.status === known.status && executed.eq(known.executedQty))
        return { kind: 'duplicate' };
    }
    const step: OrderStep = { kind: 'apply' };
    if (this.crossesGap(o, known, executed)) {
      step.deferred = true;
      this.remember(o, known, executed);
      return step;
    }
    const derived = known ? this.growth(o, known, executed) : executed.gt(0) ? this.firstSighting(o) : undefined;
    if (derived && 'problem' in derived) step.problem = derived.problem;
    else if (derived) {
      if (this.emitted.add(derived.fillId)) step.fill = derived;
      else step.duplicateFill = true;
    }
    this.remember(o, known, executed);
    return step;
  }

  // ---- reconciliation (recovery.ts) ------------------------------------------------------------

  /**
   * A reconciliation starts: growth from memory older than it (what the page knew before the gap, or
   * an order never seen) may span several executions the stream did not show, so it is deferred to
   * the round (exact fills from REST) instead of being derived as one fill.
   */
  beginRound(round: number): void {
    this.round = round;
  }

  endRound(): void {
    this.round = 0;
  }

  /** Orders with growth waiting for a reconciliation. */
  unresolvedIds(): string[] {
    return [...this.unresolvedOrders.keys()];
  }

  memoryOf(orderId: string): OrderMemory | undefined {
    const known = this.orders.get(orderId);
    if (!known) return undefined;
    const memory: OrderMemory = { executedQty: known.executedQty, timestamp: known.timestamp, status: known.status };
    if (known.symbol !== undefined) memory.symbol = known.symbol;
    if (known.side !== undefined) memory.side = known.side;
    if (known.avgPx !== undefined) memory.avgPx = known.avgPx;
    if (known.filledFees !== undefined) memory.filledFees = known.filledFees;
    return memory;
  }

  /**
   * What fills must cover for an order REST shows with `executedQty`: from the deferred growth's start,
   * or from the memory when REST shows more, or from 0 for an order never seen. Undefined: nothing.
   */
  gapOf(orderId: string, executedQty: Decimal): Unresolved | undefined {
    const pending = this.unresolvedOrders.get(orderId);
    if (pending) return pending;
    const known = this.orders.get(orderId);
    if (!known) return executedQty.gt(0) ? { from: new Decimal(0) } : undefined;
    if (!executedQty.gt(known.executedQty)) return undefined;
    return startOf(known);
  }

  /**
   * An order as REST shows it: the memory takes the highest executed quantity (with its average price
   * and fees) and the newest time and status, as a stream update would. No fill is derived here.
   */
  noteRest(
    target: FillTarget,
    state: { executedQty: Decimal; avgPx?: string; filledFees?: Decimal; time: bigint; status?: string },
  ): void {
    const orderId = target.orderId;
    const known = this.orders.get(orderId);
    const grew = !known || state.executedQty.gte(known.executedQty);
    const newer = !known || state.time >= known.timestamp;
    const next: Remembered = {
      executedQty: grew ? state.executedQty : known.executedQty,
      timestamp: known && !newer ? known.timestamp : state.time,
      status: (newer ? state.status : undefined) ?? known?.status ?? RESUMED,
      round: this.round,
      symbol: target.symbol,
      side: target.side,
    };
    const avgPx = grew
      ? (state.avgPx ?? (known?.executedQty.eq(state.executedQty) ? known.avgPx : undefined))
      : known.avgPx;
    if (avgPx !== undefined) next.avgPx = avgPx;
    const fees = grew
      ? (state.filledFees ?? (known?.executedQty.eq(state.executedQty) ? known.filledFees : undefined))
      : known.filledFees;
    if (fees !== undefined) next.filledFees = fees;
    this.orders.delete(orderId);
    this.orders.set(orderId, next);
    if (this.orders.size > this.orderCapacity) this.evict();
  }

  /**
   * Exact fills from an order's executions (REST `fills[]`): each execution's id is the cumulative
   * quantity it reached, `${orderId}:${cumulative}` — the id the stream derives for the same execution —
   * so an execution the stream already turned into a fill is not emitted twice. Only what lies beyond
   * `from` is emitted. Returns the fills, how many were already known, and the cumulative quantity the
   * executions reach with its exact average price.
   */
  fillsFromExecutions(
    target: FillTarget,
    from: Decimal,
    executions: readonly RestExecution[],
  ): { fills: Fill[]; duplicates: number; reached: Decimal; reachedAvgPx?: string; reachedFees?: Decimal } {
    const ordered = [...executions].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    let cumulative = new Decimal(0);
    let notional = new Exact(0);
    let fees: Decimal | undefined = new Decimal(0);
    const fills: Fill[] = [];
    let duplicates = 0;
    for (const e of ordered) {
      const before = cumulative;
      cumulative = cumulative.plus(e.quantity);
      notional = notional.plus(new Exact(e.price).times(e.quantity));
      fees = fees === undefined || e.fee === undefined ? undefined : fees.plus(e.fee);
      if (!cumulative.gt(from)) continue;
      const quantity = cumulative.minus(Decimal.max(before, from));
      const fill: Fill = {
        connectionId: this.connectionId,
        fillId: `${target.orderId}:${decText(cumulative)}`,
        orderId: target.orderId,
        symbol: target.symbol,
        side: target.side,
        price: e.price,
        quantity: decText(quantity),
        time: nsToMs(e.time),
      };
      // Part of an execution the stream already covered: its fee cannot be split exactly.
      if (e.fee !== undefined && !before.lt(from)) {
        fill.fee = e.fee;
        fill.feeAsset = ROXOM_SETTLE_ASSET;
      }
      if (this.emitted.add(fill.fillId)) fills.push(fill);
      else duplicates++;
    }
    const reached: {
      fills: Fill[];
      duplicates: number;
      reached: Decimal;
      reachedAvgPx?: string;
      reachedFees?: Decimal;
    } = {
      fills,
      duplicates,
      reached: cumulative,
    };
    if (cumulative.gt(0)) reached.reachedAvgPx = rounded(notional.div(cumulative.toFixed()));
    if (fees !== undefined && ordered.length > 0) reached.reachedFees = fees;
    return reached;
  }

  /**
   * One fill for growth whose executions are not known: `(from, to]` priced by the two average prices,
   * (avgPx_to·to − avgPx_from·from) / (to − from), exactly, and marked `inferred` (it may stand for
   * several executions). Without the average at `from` (when from > 0) or at `to`, the last execution's
   * price the stream showed; without that either, no fill but a problem. The id is `${orderId}:${to}`,
   * what the stream derives for an update reaching `to`.
   */
  derivedFill(
    target: FillTarget,
    start: Unresolved,
    to: { executedQty: Decimal; avgPx?: string; filledFees?: Decimal; time: bigint },
  ): { fill?: Fill; duplicate?: boolean; problem?: string } {
    if (!to.executedQty.gt(start.from)) return {};
    const price = growthPrice(start, to) ?? start.lastFillPx;
    if (price === undefined)
      return {
        problem: `order ${target.orderId}: ${decText(to.executedQty.minus(start.from))} executed while away without average prices to price it`,
      };
    const fill: Fill = {
      connectionId: this.connectionId,
      fillId: `${target.orderId}:${decText(to.executedQty)}`,
      orderId: target.orderId,
      symbol: target.symbol,
      side: target.side,
      price,
      quantity: decText(to.executedQty.minus(start.from)),
      time: nsToMs(to.time),
      inferred: true,
    };
    const fee =
      to.filledFees === undefined
        ? undefined
        : start.from.isZero()
          ? to.filledFees
          : start.fromFees === undefined
            ? undefined
            : to.filledFees.minus(start.fromFees);
    if (fee !== undefined) {
      fill.fee = decText(fee);
      fill.feeAsset = ROXOM_SETTLE_ASSET;
    }
    if (!this.emitted.add(fill.fillId)) return { duplicate: true };
    return { fill };
  }

  /**
   * Growth a reconciliation found in REST (the order list shows more than the fills cover): kept until
   * its executions are read, like growth the stream deferred. `noteRest` moves the memory up to what
   * REST shows, so without this a round cut off before the executions came (a drop) would leave the
   * next round nothing to tell that fills are still owed.
   */
  owe(orderId: string, start: Unresolved): void {
    if (!this.unresolvedOrders.has(orderId)) this.unresolvedOrders.set(orderId, start);
  }

  /** The order's growth is accounted for (fills emitted, or given up on with a reason). */
  resolved(orderId: string): void {
    this.unresolvedOrders.delete(orderId);
  }

  /** Growth during a round from memory older than it (or an order never seen): defer it (see beginRound). */
  private crossesGap(o: CheckedOrder, known: Remembered | undefined, executed: Decimal): boolean {
    if (this.round === 0) return false;
    if (known && known.round === this.round) return false;
    if (!(known ? executed.gt(known.executedQty) : executed.gt(0))) return false;
    const pending = this.unresolvedOrders.get(o.orderId) ?? (known ? startOf(known) : { from: new Decimal(0) });
    const fillPx = positive(o.fillPx);
    if (fillPx !== undefined) pending.lastFillPx = fillPx;
    this.unresolvedOrders.set(o.orderId, pending);
    return true;
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
    if ('problem' in fill) return fill;
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
        problem: `order ${o.orderId} first seen with ${o.executedQty ?? '0'} executed but no average or fill price; no fill recorded`,
      };
    const fill = this.fill(o, new Decimal(o.executedQty ?? '0'), price);
    if ('problem' in fill) return fill;
    fill.inferred = true;
    if (o.filledFees !== undefined) {
      fill.fee = o.filledFees;
      fill.feeAsset = ROXOM_SETTLE_ASSET;
    }
    return fill;
  }

  private fill(o: CheckedOrder, quantity: Decimal, price: string): Fill | { problem: string } {
    if (o.symbol === undefined || o.side === undefined)
      return {
        problem: `order ${o.orderId} executed ${decText(quantity)} but its symbol or side is not known; no fill recorded`,
      };
    return {
      connectionId: this.connectionId,
      fillId: `${o.orderId}:${o.executedQty ?? '0'}`,
      orderId: o.orderId,
      symbol: o.symbol,
      side: o.side,
      price,
      quantity: decText(quantity),
      time: nsToMs(o.timestamp),
    };
  }

  /** Keeps the highest executedQty (with its fees and average price) and the newest timestamp; refreshes recency. */
  private remember(o: CheckedOrder, known: Remembered | undefined, executed: Decimal): void {
    const grew = !known || executed.gte(known.executedQty);
    const next: Remembered = {
      executedQty: grew ? executed : known.executedQty,
      timestamp: o.timestamp,
      status: o.status,
      round: this.round,
    };
    const symbol = o.symbol ?? known?.symbol;
    const side = o.side ?? known?.side;
    if (symbol !== undefined) next.symbol = symbol;
    if (side !== undefined) next.side = side;
    const fees = grew ? (o.filledFees === undefined ? known?.filledFees : new Decimal(o.filledFees)) : known.filledFees;
    if (fees !== undefined) next.filledFees = fees;
    const avgPx = grew
      ? (positive(o.avgPx) ?? (known?.executedQty.eq(executed) ? known.avgPx : undefined))
      : known.avgPx;
    if (avgPx !== undefined) next.avgPx = avgPx;
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

function startOf(known: Remembered): Unresolved {
  const start: Unresolved = { from: known.executedQty };
  if (known.avgPx !== undefined) start.fromAvgPx = known.avgPx;
  if (known.filledFees !== undefined) start.fromFees = known.filledFees;
  return start;
}

/** More digits than any Roxom price or quantity, so the products and the difference below are exact. */
const Exact = Decimal.clone({ precision: 60 });

/** A quotient, rounded to 20 significant digits (Decimal's default precision), as canonical text. */
function rounded(value: InstanceType<typeof Exact>): string {
  return decText(new Decimal(value.toSignificantDigits(20).toFixed()));
}

/**
 * The average price of the executions between `from` and `to`: (avgPx_to·to − avgPx_from·from) / (to − from),
 * in exact decimal arithmetic (only the final quotient is rounded, to 20 significant digits).
 */
export function growthPrice(start: Unresolved, to: { executedQty: Decimal; avgPx?: string }): string | undefined {
  if (to.avgPx === undefined || !new Decimal(to.avgPx).gt(0)) return undefined;
  if (start.from.isZero()) return to.avgPx;
  if (start.fromAvgPx === undefined) return undefined;
  const total = new Exact(to.avgPx).times(to.executedQty.toFixed());
  const before = new Exact(start.fromAvgPx).times(start.from.toFixed());
  const quantity = new Exact(to.executedQty.toFixed()).minus(start.from.toFixed());
  const price = total.minus(before).div(quantity);
  return price.gt(0) ? rounded(price) : undefined;
}

function positive(value: string | undefined): string | undefined {
  return value === undefined || value === '0' || value.startsWith('-') ? undefined : value;
}

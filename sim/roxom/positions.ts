import type { FillRecord, PositionView } from '../core/records';
import type { RoxomIds } from './ids';
import { type Num, ZERO, num } from '../core/num';

/**
 * Roxom positions over the core's one-way netting position. The core keeps one position per symbol
 * and lets a fill flip it (same id); Roxom names the entry and the exit position of an order, so
 * here a flip CLOSES the Roxom position and OPENS a new one [guess: the docs do not describe flips].
 * Amounts are kept in core units (USDT, core quantities) and converted when a frame is written.
 */
export interface TrackedPosition {
  readonly id: string;
  readonly coreSymbol: string;
  readonly side: 'long' | 'short';
  /** Cumulative quantity entered and exited; size = entered - exited. */
  entered: Num;
  exited: Num;
  /** Sum of price x quantity of the exits, for avgExit. */
  exitNotional: Num;
  entryFees: Num;
  exitFees: Num;
  /** Realized PnL and funding since THIS Roxom position opened. */
  realized: Num;
  funding: Num;
  readonly openedAt: number;
  readonly createdAtNs: bigint;
  closedAt: number | null;
  /** The core's latest view while open (avgEntry, marks, margins, liquidation price); kept after close. */
  view: PositionView | null;
  /** Mark price last seen, kept for the closing frame. */
  lastMark: string;
}

export interface FillOutcome {
  entryPositionId?: string;
  exitPositionId?: string;
  /** Positions to report: the one filled, or the closed one and the new one on a flip. */
  touched: TrackedPosition[];
}

export class PositionTracker {
  private readonly open = new Map<string, TrackedPosition>();

  constructor(private readonly ids: RoxomIds) {}

  current(coreSymbol: string): TrackedPosition | undefined {
    return this.open.get(coreSymbol);
  }

  all(): TrackedPosition[] {
    return [...this.open.values()];
  }

  onFill(fill: FillRecord, stamp: bigint): FillOutcome {
    const price = num(fill.price);
    const q = num(fill.quantity);
    const fee = num(fill.fee);
    const side = fill.side === 'buy' ? 'long' : 'short';
    const current = this.open.get(fill.symbol);
    if (!current) {
      const opened = this.openPosition(fill, side, q, fee, stamp);
      return { entryPositionId: opened.id, touched: [opened] };
    }
    if (current.side === side) {
      current.entered = current.entered.plus(q);
      current.entryFees = current.entryFees.plus(fee);
      return { entryPositionId: current.id, touched: [current] };
    }
    const size = current.entered.minus(current.exited);
    const closing = q.lt(size) ? q : size;
    current.exited = current.exited.plus(closing);
    current.exitNotional = current.exitNotional.plus(price.mul(closing));
    // On a flip the whole fee goes to the exit of the closed position [guess].
    current.exitFees = current.exitFees.plus(fee);
    current.realized = current.realized.plus(fill.realizedPnl);
    if (closing.lt(size)) return { exitPositionId: current.id, touched: [current] };
    current.closedAt = fill.time;
    this.open.delete(fill.symbol);
    const rest = q.minus(closing);
    if (rest.isZero()) return { exitPositionId: current.id, touched: [current] };
    const opened = this.openPosition(fill, side, rest, ZERO, stamp);
    return { exitPositionId: current.id, entryPositionId: opened.id, touched: [current, opened] };
  }

  onFunding(coreSymbol: string, amount: string): void {
    const p = this.open.get(coreSymbol);
    if (p) p.funding = p.funding.plus(amount);
  }

  /** The core's view after a change (null: the core position closed). */
  onView(coreSymbol: string, view: PositionView | null): TrackedPosition | undefined {
    const p = this.open.get(coreSymbol);
    if (p && view) {
      p.view = view;
      p.lastMark = view.markPrice;
    }
    return p;
  }

  private openPosition(fill: FillRecord, side: 'long' | 'short', q: Num, fee: Num, stamp: bigint): TrackedPosition {
    const p: TrackedPosition = {
      id: this.ids.positionId(fill.fillId, fill.time),
      coreSymbol: fill.symbol,
      side,
      entered: q,
      exited: ZERO,
      exitNotional: ZERO,
      entryFees: fee,
      exitFees: ZERO,
      realized: ZERO,
      funding: ZERO,
      openedAt: fill.time,
      createdAtNs: stamp,
      closedAt: null,
      view: null,
      lastMark: fill.price,
    };
    this.open.set(fill.symbol, p);
    return p;
  }
}

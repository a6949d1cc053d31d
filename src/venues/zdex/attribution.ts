import { Decimal } from '../../domain/decimal';
import type { Fill, Side } from '../../domain/types';

/**
 * Which order a rebuilt fill belongs to, decided by the venue's cumulative figures. ZDEX sends no fill
 * ids, and a maker fill no order event at all (docs/venues/zdex.md, "Known gap"), so a fill is first
 * rebuilt from a position change with a guess (the order an `order_update` just named, or the resting
 * order whose limit price it matches), and held until the next full state. That state lists each open
 * order's cumulative `executedQty`: how much every order traded since the last one. The guess stands
 * when that growth confirms it; otherwise the fill goes to the one order whose growth can explain it
 * (preferring an exact limit price), or to none.
 */

/** How much one order traded between two full states, by the venue's figures. */
export interface OrderGrowth {
  orderId: string;
  symbol: string;
  side?: Side;
  /** Limit price. */
  price?: string;
  /** Quantity still to explain; undefined when unbounded (an order whose quantity was never seen). */
  remaining?: Decimal;
}

/** A fill rebuilt from a position change, waiting for the full state that settles its order. */
export interface HeldFill {
  fill: Fill;
  /** The order an `order_update` said traded just before the position moved (a taker fill). */
  takerOrderId?: string;
  /** The one resting order whose limit price the fill's price matches (a maker fill). */
  restingOrderId?: string;
  /** Several resting orders matched this price level (a maker fill of one of them). */
  ambiguousPrice?: string;
  /** Session clock when it was rebuilt: released with its guess if no full state comes in time. */
  heldAt: number;
}

export interface Attribution {
  held: HeldFill;
  orderId?: string;
  /** The taker hint named another order than the one whose growth explains the fill. */
  takerHintWrong?: boolean;
}

export class GrowthBook {
  private readonly entries: OrderGrowth[];

  constructor(entries: readonly OrderGrowth[]) {
    this.entries = entries.map((e) => ({ ...e }));
  }

  /** Attribute every held fill: confirmed guesses first, so a guess is never taken by a later fill. */
  attribute(held: readonly HeldFill[]): Attribution[] {
    const results = new Map<HeldFill, Attribution>();
    for (const h of held) {
      const guess = h.takerOrderId ?? h.restingOrderId;
      if (guess !== undefined && this.claim(guess, h.fill)) results.set(h, { held: h, orderId: guess });
    }
    for (const h of held) {
      if (results.has(h)) continue;
      const orderId = this.pick(h.fill);
      const result: Attribution = { held: h };
      if (orderId !== undefined) {
        this.claim(orderId, h.fill);
        result.orderId = orderId;
        if (h.takerOrderId !== undefined) result.takerHintWrong = true;
      }
      results.set(h, result);
    }
    return held.map((h) => results.get(h) as Attribution);
  }

  /** The one order whose growth explains `fill`: an exact limit price first, else the only candidate. */
  private pick(fill: Fill): string | undefined {
    const candidates = this.entries.filter((e) => this.fits(e, fill));
    const atPrice = candidates.filter((e) => e.price !== undefined && new Decimal(e.price).eq(fill.price));
    if (atPrice.length === 1) return atPrice[0]?.orderId;
    if (candidates.length === 1) return candidates[0]?.orderId;
    return undefined;
  }

  private claim(orderId: string, fill: Fill): boolean {
    const entry = this.entries.find((e) => e.orderId === orderId);
    if (!entry || !this.fits(entry, fill)) return false;
    if (entry.remaining !== undefined) entry.remaining = entry.remaining.minus(fill.quantity);
    return true;
  }

  private fits(e: OrderGrowth, fill: Fill): boolean {
    if (e.symbol !== fill.symbol) return false;
    if (e.side !== undefined && e.side !== fill.side) return false;
    return e.remaining === undefined || e.remaining.gte(fill.quantity);
  }
}

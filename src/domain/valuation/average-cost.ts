import { Decimal, dec, decText } from '../decimal';
import type { Fill } from '../types';

/** A position rebuilt from fills alone, for venues that stream no positions (average-cost method). */
export interface FillPosition {
  connectionId: string;
  symbol: string;
  /** Signed: positive long. "0" when flat. */
  quantity: string;
  /** Exact average cost of the open quantity (undefined when flat). */
  averagePrice?: string;
  /** PnL realized by reducing fills, before fees, in the quote asset. */
  realizedPnl: string;
  fills: number;
}

/**
 * Average cost: a fill that adds to the position moves the average price; a fill that reduces it
 * realizes (price - average) x closed quantity x direction; a fill that crosses zero closes the old
 * position and opens the rest at its price. The average keeps decimal.js precision (20 significant
 * digits), not a venue's rounding (the simulator rounds its stored average to 8 decimals), so the
 * realized PnL can differ from a venue's in the last few digits (far below a cent). Fills are applied in time order
 * (ties by fill id), so the result does not depend on arrival order.
 */
export function positionsFromFills(fills: Iterable<Fill>): FillPosition[] {
  const groups = new Map<string, Fill[]>();
  for (const f of fills) {
    const key = `${f.connectionId}|${f.symbol}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const out: FillPosition[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.time - b.time || (a.fillId < b.fillId ? -1 : a.fillId > b.fillId ? 1 : 0));
    let qty = dec(0);
    let avg = dec(0);
    let realized = dec(0);
    for (const f of list) {
      const q = dec(f.quantity);
      const delta = f.side === 'buy' ? q : q.neg();
      const price = dec(f.price);
      if (qty.isZero() || qty.isPositive() === delta.isPositive()) {
        const size = qty.abs().plus(q);
        avg = size.isZero() ? dec(0) : avg.times(qty.abs()).plus(price.times(q)).div(size);
        qty = qty.plus(delta);
        continue;
      }
      const closed = Decimal.min(q, qty.abs());
      realized = realized.plus(price.minus(avg).times(closed).times(qty.isPositive() ? 1 : -1));
      const next = qty.plus(delta);
      if (next.isZero()) avg = dec(0);
      else if (next.isPositive() !== qty.isPositive()) avg = price;
      qty = next;
    }
    const first = list[0]!;
    out.push({
      connectionId: first.connectionId,
      symbol: first.symbol,
      quantity: decText(qty),
      ...(qty.isZero() ? {} : { averagePrice: decText(avg) }),
      realizedPnl: decText(realized),
      fills: list.length,
    });
  }
  return out.sort((a, b) => `${a.connectionId}|${a.symbol}`.localeCompare(`${b.connectionId}|${b.symbol}`));
}

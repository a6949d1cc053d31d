import type { Side } from './records';
import { Num, ZERO, round8 } from './num';

/** One-way-mode position arithmetic. Quantity is signed: positive long, negative short. */
export interface PositionAmounts {
  quantity: Num;
  /** Rounded to 8 decimals whenever it changes. */
  avgEntry: Num;
}

export type FillEffect = 'open' | 'increase' | 'reduce' | 'close' | 'flip';

export interface FillOutcome extends PositionAmounts {
  /** PnL realized by this fill, exact against the rounded average entry. */
  realized: Num;
  effect: FillEffect;
}

export function signedQuantity(side: Side, qty: Num): Num {
  return side === 'buy' ? qty : qty.neg();
}

/**
 * Apply one fill of `qty` (> 0) at `price` to a position. Realized PnL on the closed part is
 * (price - avgEntry) x closedQty x sign(position), with the stored (rounded) avgEntry, so for a
 * reducing fill price = avgEntry - realized / quantityChange holds exactly. That lets a client
 * rebuild a fill's price from two position updates.
 */
export function applyFill(current: PositionAmounts, side: Side, price: Num, qty: Num): FillOutcome {
  const delta = signedQuantity(side, qty);
  const { quantity, avgEntry } = current;

  if (quantity.isZero()) {
    return { quantity: delta, avgEntry: round8(price), realized: ZERO, effect: 'open' };
  }
  if (quantity.isPositive() === delta.isPositive()) {
    const size = quantity.abs().plus(qty);
    const avg = round8(avgEntry.mul(quantity.abs()).plus(price.mul(qty)).div(size));
    return { quantity: quantity.plus(delta), avgEntry: avg, realized: ZERO, effect: 'increase' };
  }

  const closed = Num.min(qty, quantity.abs());
  const direction = quantity.isPositive() ? 1 : -1;
  const realized = price.minus(avgEntry).mul(closed).mul(direction);
  const next = quantity.plus(delta);
  if (next.isZero()) return { quantity: ZERO, avgEntry: ZERO, realized, effect: 'close' };
  if (next.isPositive() === quantity.isPositive()) return { quantity: next, avgEntry, realized, effect: 'reduce' };
  return { quantity: next, avgEntry: round8(price), realized, effect: 'flip' };
}

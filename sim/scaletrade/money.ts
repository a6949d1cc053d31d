import { Num, ZERO } from '../core/num';

/** Account-currency amounts (USD) are kept in cents, like an MT-style account [guess: 2 digits]. */
export function cents(value: Num): Num {
  return value.toDecimalPlaces(2, Num.ROUND_HALF_UP);
}

/**
 * Split `total` (cents) over parts weighted by `weights`: every part but the last is rounded toward
 * zero, the last takes the rest, so the parts add up to `total` exactly and keep its sign.
 */
export function splitCents(total: Num, weights: readonly number[]): Num[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares: Num[] = [];
  let given = ZERO;
  weights.forEach((w, i) => {
    if (i === weights.length - 1) {
      shares.push(total.minus(given));
      return;
    }
    const share = sum === 0 ? ZERO : total.mul(w).div(sum).toDecimalPlaces(2, Num.ROUND_DOWN);
    shares.push(share);
    given = given.plus(share);
  });
  return shares;
}

/** A JSON number for the wire (the docs' arrays carry numbers). */
export function wireNumber(value: Num): number {
  return value.toNumber();
}

/** The venue reports times in whole seconds: the ledger keeps that precision (Unix ms of the second). */
export function venueMs(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

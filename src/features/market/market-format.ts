import { dec, decText } from '../../domain/decimal';

/** A funding rate (a fraction per period, "0.0001") as an exact percentage ("0.01"); undefined when unreadable. */
export function fundingPercent(rate: string | undefined): string | undefined {
  if (rate === undefined) return undefined;
  try {
    return decText(dec(rate).times(100));
  } catch {
    return undefined;
  }
}

/** The spread in basis points of the mid, rounded to 2 decimals (for the tooltip; the cell shows the exact spread). */
export function spreadBps(bid: string | undefined, ask: string | undefined): string | undefined {
  if (bid === undefined || ask === undefined) return undefined;
  try {
    const mid = dec(bid).plus(ask).div(2);
    if (mid.lte(0)) return undefined;
    return dec(ask).minus(bid).div(mid).times(10_000).toFixed(2);
  } catch {
    return undefined;
  }
}

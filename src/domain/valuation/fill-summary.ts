import { dec, decText } from '../decimal';
import type { Fill } from '../types';
import { positionsFromFills, type FillPosition } from './average-cost';

/** Fee paid per connection and fee asset (no asset: `asset` undefined). */
export interface FeeTotal {
  connectionId: string;
  asset?: string;
  amount: string;
}

/**
 * What valuation needs from the fills, computed once per change of the fill list (thousands of
 * fills) rather than on every price tick: average-cost positions and fees by asset.
 */
export interface FillSummary {
  positions: FillPosition[];
  fees: FeeTotal[];
}

export function summarizeFills(fills: Iterable<Fill>): FillSummary {
  const list = [...fills];
  const fees = new Map<string, { connectionId: string; asset?: string; amount: ReturnType<typeof dec> }>();
  for (const f of list) {
    if (f.fee === undefined) continue;
    const key = `${f.connectionId}|${f.feeAsset ?? ''}`;
    const entry = fees.get(key);
    if (entry) entry.amount = entry.amount.plus(f.fee);
    else fees.set(key, { connectionId: f.connectionId, ...(f.feeAsset !== undefined ? { asset: f.feeAsset } : {}), amount: dec(f.fee) });
  }
  return {
    positions: positionsFromFills(list),
    fees: [...fees.values()].map((e) => ({ ...e, amount: decText(e.amount) })),
  };
}

import { dec, decText, type Decimal } from '../../domain/decimal';
import type { ExposureMatrix } from '../../domain/valuation/exposure';
import type { PortfolioValuation } from '../../domain/valuation/portfolio-valuation';

/** One slice of an allocation: its value in the base currency and its share of the whole, in percent. */
export interface AllocationSlice {
  key: string;
  value: string;
  /** Percent of the allocation's total (the shares add up to 100). */
  share: string;
  /** What it holds: the connections of a venue, or the connections holding an asset. */
  connectionIds: string[];
}

/** A venue none of whose connections has an equity (it streams no balances), or an asset no price values. */
export interface UnvaluedSlice {
  key: string;
  connectionIds: string[];
}

export interface Allocation {
  slices: AllocationSlice[];
  total: string;
  /** Left out for want of a figure (listed, never dropped silently), by key. */
  unvalued: UnvaluedSlice[];
  /** Connections with no equity whose venue has a slice through another connection. */
  missing: string[];
}

function slicesOf(groups: Map<string, { value: Decimal; connectionIds: Set<string> }>): {
  slices: AllocationSlice[];
  total: string;
} {
  const total = [...groups.values()].reduce((acc, g) => acc.plus(g.value), dec(0));
  const slices = [...groups]
    .map(([key, g]) => ({
      key,
      value: decText(g.value),
      share: total.isZero() ? '0' : decText(g.value.div(total).times(100)),
      connectionIds: [...g.connectionIds].sort(),
    }))
    .sort((a, b) => dec(b.value).comparedTo(a.value) || a.key.localeCompare(b.key));
  return { slices, total: decText(total) };
}

/** Equity per venue (its connections together) and its share of the total equity (the PnL summary's). */
export function allocationByVenue(
  v: PortfolioValuation,
  venueOf: (connectionId: string) => string | undefined,
): Allocation {
  const groups = new Map<string, { value: Decimal; connectionIds: Set<string> }>();
  const without = new Map<string, string[]>();
  for (const c of v.perConnection) {
    const venue = venueOf(c.connectionId) ?? 'unknown venue';
    if (c.equity === undefined) {
      without.set(venue, [...(without.get(venue) ?? []), c.connectionId]);
      continue;
    }
    let g = groups.get(venue);
    if (!g) groups.set(venue, (g = { value: dec(0), connectionIds: new Set() }));
    g.value = g.value.plus(c.equity);
    g.connectionIds.add(c.connectionId);
  }
  const unvalued = [...without]
    .filter(([venue]) => !groups.has(venue))
    .map(([key, connectionIds]) => ({ key, connectionIds }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const missing = [...without].filter(([venue]) => groups.has(venue)).flatMap(([, ids]) => ids);
  return { ...slicesOf(groups), unvalued, missing };
}

/**
 * Gross exposure per asset (long + |short| over every connection, spot and derivatives, valued in the
 * base currency; stablecoins are cash, not exposure) and its share of the total gross exposure.
 */
export function allocationByAsset(m: ExposureMatrix): Allocation {
  const groups = new Map<string, { value: Decimal; connectionIds: Set<string> }>();
  const unvalued: UnvaluedSlice[] = [];
  for (const row of m.rows) {
    const priced = row.cells.filter((c) => c.grossValue !== undefined);
    if (priced.length === 0) {
      unvalued.push({ key: row.asset, connectionIds: row.cells.map((c) => c.connectionId).sort() });
      continue;
    }
    groups.set(row.asset, {
      value: priced.reduce((acc, c) => acc.plus(c.grossValue ?? 0), dec(0)),
      connectionIds: new Set(priced.map((c) => c.connectionId)),
    });
  }
  return { ...slicesOf(groups), unvalued, missing: [] };
}

import { dec, decText, type Decimal } from '../../domain/decimal';
import type { PortfolioValuation } from '../../domain/valuation/portfolio-valuation';

/** How the PnL table groups: by symbol (over connections), by connection, or by venue. */
export type PnlGrouping = 'symbol' | 'connection' | 'venue';
export const PNL_GROUPINGS: readonly PnlGrouping[] = ['symbol', 'connection', 'venue'];

/** One row of PnL by symbol / connection / venue, in the valuation's currency. */
export interface PnlGroupRow {
  /** Unique within a grouping: the symbol, `closed|<asset>`, the connection id or the venue. */
  key: string;
  label: string;
  /** The connections whose figures it holds, sorted. */
  connectionIds: string[];
  realized: string;
  unrealized: string;
  /** Fees paid (a rebate is negative). */
  fees: string;
  /** realized + unrealized - fees. */
  total: string;
}

interface Sums {
  label: string;
  connectionIds: Set<string>;
  realized: Decimal;
  unrealized: Decimal;
  fees: Decimal;
}

/**
 * The valuation's PnL (the PnL summary's figures) grouped by symbol, connection or venue: every
 * group is a sum of the valuation's own per-symbol parts (`ConnectionValuation.bySymbol`), so the
 * groups add up to the summary exactly. Realized PnL of positions closed this session is kept by the
 * store per settle asset, not per symbol: in the symbol grouping it is a row "closed positions (USDT)".
 */
export function pnlBreakdown(
  v: PortfolioValuation,
  grouping: PnlGrouping,
  venueOf: (connectionId: string) => string | undefined,
): PnlGroupRow[] {
  const groups = new Map<string, Sums>();
  const add = (
    key: string,
    label: string,
    connectionId: string,
    part: { realized: string; unrealized: string; fees: string },
  ) => {
    let g = groups.get(key);
    if (!g)
      groups.set(key, (g = { label, connectionIds: new Set(), realized: dec(0), unrealized: dec(0), fees: dec(0) }));
    g.connectionIds.add(connectionId);
    g.realized = g.realized.plus(part.realized);
    g.unrealized = g.unrealized.plus(part.unrealized);
    g.fees = g.fees.plus(part.fees);
  };
  for (const c of v.perConnection) {
    if (grouping === 'connection') add(c.connectionId, c.connectionId, c.connectionId, sumParts(c.bySymbol));
    else if (grouping === 'venue') {
      const venue = venueOf(c.connectionId) ?? 'unknown venue';
      add(venue, venue, c.connectionId, sumParts(c.bySymbol));
    } else
      for (const line of c.bySymbol) {
        if (line.closed)
          add(`closed|${line.symbol}`, `closed positions (${line.symbol || 'no asset'})`, c.connectionId, line);
        else add(line.symbol, line.symbol || '(no symbol)', c.connectionId, line);
      }
  }
  return [...groups]
    .map(([key, g]): PnlGroupRow => ({
      key,
      label: g.label,
      connectionIds: [...g.connectionIds].sort(),
      realized: decText(g.realized),
      unrealized: decText(g.unrealized),
      fees: decText(g.fees),
      total: decText(g.realized.plus(g.unrealized).minus(g.fees)),
    }))
    .sort(
      (a, b) =>
        Number(a.key.startsWith('closed|')) - Number(b.key.startsWith('closed|')) || a.label.localeCompare(b.label),
    );
}

/** The total of a grouping's rows (equal to the valuation's totals). */
export function pnlBreakdownTotal(rows: readonly PnlGroupRow[]): Omit<PnlGroupRow, 'key' | 'label' | 'connectionIds'> {
  const sum = (pick: (r: PnlGroupRow) => string) => decText(rows.reduce((acc, r) => acc.plus(pick(r)), dec(0)));
  return {
    realized: sum((r) => r.realized),
    unrealized: sum((r) => r.unrealized),
    fees: sum((r) => r.fees),
    total: sum((r) => r.total),
  };
}

function sumParts(lines: readonly { realized: string; unrealized: string; fees: string }[]) {
  const sum = (pick: (l: (typeof lines)[number]) => string) =>
    decText(lines.reduce((acc, l) => acc.plus(pick(l)), dec(0)));
  return { realized: sum((l) => l.realized), unrealized: sum((l) => l.unrealized), fees: sum((l) => l.fees) };
}

import { instrumentKey } from '../domain/instrument';
import { pnlStyleOf, unrealizedFromMark } from '../domain/pnl';
import type { Balance, ConnectionDiagnostics, Fill, Order, Position, PriceMark } from '../domain/types';
import { buildPriceBook, type PriceBook, type ValuationCurrency } from '../domain/valuation/price-book';
import { FillSummarizer, type FillSummary } from '../domain/valuation/fill-summary';
import { valuePortfolio, type PortfolioValuation, type Unconverted } from '../domain/valuation/portfolio-valuation';
import { TERMINAL_ORDER_STATUSES } from '../domain/types';
import { asOrder } from './order-merge';
import { balanceKey, markKey, positionKey, type PortfolioState } from './state';

/** Memoize a selector on the identity of the collections it reads. */
export function memo<A extends unknown[], R>(
  inputs: (s: PortfolioState) => [...A],
  compute: (...args: A) => R,
): (s: PortfolioState) => R {
  let lastArgs: A | null = null;
  let lastResult: R;
  return (s) => {
    const args = inputs(s);
    const prev = lastArgs;
    if (prev && args.length === prev.length && args.every((a, i) => a === prev[i])) return lastResult;
    lastArgs = args;
    lastResult = compute(...args);
    return lastResult;
  };
}

export const selectOrderRows: (s: PortfolioState) => Order[] = memo(
  (s) => [s.orders],
  (orders): Order[] => {
    const rows: Order[] = [];
    for (const update of orders.values()) {
      const order = asOrder(update);
      if (order) rows.push(order);
    }
    return rows.sort((a, b) => b.updatedAt - a.updatedAt);
  },
);

export const selectOpenOrderRows: (s: PortfolioState) => Order[] = memo(
  (s) => [selectOrderRows(s)],
  (rows): Order[] => rows.filter((o) => !TERMINAL_ORDER_STATUSES.has(o.status)),
);

/** Newest first; the reducer keeps this list sorted. */
export const selectFillRows = (s: PortfolioState): readonly Fill[] => s.fillsByTime;

export interface PositionRow extends Position {
  key: string;
  /** The unrealized PnL shown: the venue's figure, else computed from the latest mark. */
  unrealizedPnlShown?: string;
  unrealizedSource: 'venue' | 'mark' | 'none';
  markUsed?: { price: string; kind: string; time: number };
}

const MARK_PREFERENCE = ['mark', 'ticker', 'trade', 'book'] as const;

/** The freshest usable price for a symbol on a connection, preferring the venue's mark price. */
export function bestMark(
  marks: ReadonlyMap<string, PriceMark>,
  connectionId: string,
  symbol: string,
): PriceMark | undefined {
  for (const kind of MARK_PREFERENCE) {
    const mark = marks.get(markKey(connectionId, symbol, kind));
    if (mark) return mark;
  }
  return undefined;
}

export const selectPositionRows: (s: PortfolioState) => PositionRow[] = memo(
  (s) => [s.positions, s.marks, s.instruments],
  (positions, marks, instruments): PositionRow[] =>
    [...positions.values()]
      .map((p): PositionRow => {
        const key = positionKey(p.connectionId, p.symbol);
        if (p.unrealizedPnl !== undefined)
          return { ...p, key, unrealizedPnlShown: p.unrealizedPnl, unrealizedSource: 'venue' };
        const mark = bestMark(marks, p.connectionId, p.symbol);
        const instrument = instruments.get(instrumentKey(p.connectionId, p.symbol));
        const computed = mark
          ? unrealizedFromMark(p, mark.price, { style: pnlStyleOf(instrument), contractSize: instrument?.contractSize })
          : undefined;
        if (mark && computed !== undefined) {
          return {
            ...p,
            key,
            unrealizedPnlShown: computed,
            unrealizedSource: 'mark',
            markUsed: { price: mark.price, kind: mark.kind, time: mark.time },
          };
        }
        return { ...p, key, unrealizedSource: 'none' };
      })
      .sort((a, b) => a.key.localeCompare(b.key)),
);

export type BalanceRow = Balance & { key: string };

export const selectBalanceRows: (s: PortfolioState) => BalanceRow[] = memo(
  (s) => [s.balances],
  (balances): BalanceRow[] =>
    [...balances.values()]
      .map((b) => ({ ...b, key: balanceKey(b.connectionId, b.asset) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
);

export const selectConnectionRows: (s: PortfolioState) => ConnectionDiagnostics[] = memo(
  (s) => [s.connections],
  (connections): ConnectionDiagnostics[] =>
    [...connections.values()].sort((a, b) => a.connectionId.localeCompare(b.connectionId)),
);

export interface ConnectionTotals {
  connectionId: string;
  /** "0" when the venue streams no balances (see `equityKnown`). */
  equity: string;
  equityKnown: boolean;
  unrealizedPnl: string;
  realizedPnl: string;
  /** Where the equity figure came from, for the "where does this number come from" tooltip. */
  source: string;
}

export interface Totals {
  equity: string;
  unrealizedPnl: string;
  realizedPnl: string;
  baseCurrency: 'USD';
  /** Amounts that could not be valued in the base currency: flagged, never silently dropped. */
  unconverted: Unconverted[];
  perConnection: ConnectionTotals[];
  /** USD per BTC used (when some figure needed it, or a BTC price was known). */
  btcUsd?: string;
}

/**
 * Connections that stream account state (positions, balances or an equity). The others (fills and
 * orders only, e.g. Rails and CoinSwitch) get their realized PnL from fills by average cost.
 */
function accountStateConnections(
  s: Pick<PortfolioState, 'positions' | 'positionClosedAt' | 'balances' | 'summaries'>,
): Set<string> {
  const ids = new Set<string>(s.summaries.keys());
  for (const p of s.positions.values()) ids.add(p.connectionId);
  for (const b of s.balances.values()) ids.add(b.connectionId);
  for (const key of s.positionClosedAt.keys()) ids.add(key.slice(0, key.indexOf('|')));
  return ids;
}

/** Average-cost positions and fees from the fills: recomputed when fills change, not on every price tick. */
const fillSummarizer = new FillSummarizer();
export const selectFillSummary: (s: PortfolioState) => FillSummary = memo(
  (s) => [s.fillsByTime, s.connections],
  (fills, connections) => {
    let summary = fillSummarizer.update(fills);
    // A removed connection's fills are gone from the list; its figures go too.
    for (const id of fillSummarizer.connectionIds())
      if (!connections.has(id) && !fills.some((f) => f.connectionId === id)) summary = fillSummarizer.forget(id);
    return summary;
  },
);

/** What valuation reads from the state. */
export type ValuationParts = Pick<
  PortfolioState,
  | 'connections'
  | 'balances'
  | 'summaries'
  | 'closedRealized'
  | 'closedRealizedInferred'
  | 'positionClosedAt'
  | 'positions'
  | 'instruments'
>;

export const valuationParts = (s: PortfolioState) =>
  [
    s.connections,
    s.balances,
    s.summaries,
    s.closedRealized,
    s.closedRealizedInferred,
    s.positionClosedAt,
    s.positions,
    s.instruments,
  ] as const;

export function partsOf(args: ReturnType<typeof valuationParts>): ValuationParts {
  const [
    connections,
    balances,
    summaries,
    closedRealized,
    closedRealizedInferred,
    positionClosedAt,
    positions,
    instruments,
  ] = args;
  return {
    connections,
    balances,
    summaries,
    closedRealized,
    closedRealizedInferred,
    positionClosedAt,
    positions,
    instruments,
  };
}

/** The whole portfolio valued in `target` through `book` (pure; memoized by the callers). */
export function valueState(
  s: ValuationParts,
  positionRows: readonly PositionRow[],
  fills: FillSummary,
  book: PriceBook,
  target: ValuationCurrency,
): PortfolioValuation {
  const ids = new Set<string>([...s.connections.keys(), ...s.summaries.keys()]);
  for (const b of s.balances.values()) ids.add(b.connectionId);
  for (const p of positionRows) ids.add(p.connectionId);
  for (const f of fills.fees) ids.add(f.connectionId);
  for (const f of fills.positions) ids.add(f.connectionId);
  const streamed = accountStateConnections(s);
  return valuePortfolio({
    connectionIds: ids,
    hasPositionStream: (id) => streamed.has(id),
    positions: positionRows.map((p) => ({ ...p, unrealizedPnl: p.unrealizedPnlShown })),
    balances: s.balances.values(),
    summaries: s.summaries.values(),
    fills,
    closedRealized: s.closedRealized,
    closedRealizedInferred: s.closedRealizedInferred,
    instruments: s.instruments,
    book,
    target,
  });
}

/**
 * A venue's mark price on a position is a price too (Roxom streams no market data, only its positions'
 * marks): it joins the candidates as a `mark` stamped with the position's update time, so a fresher
 * market price still wins.
 */
export function positionMarks(positions: Iterable<Position>): PriceMark[] {
  const out: PriceMark[] = [];
  for (const p of positions) {
    if (p.markPrice !== undefined)
      out.push({ connectionId: p.connectionId, symbol: p.symbol, kind: 'mark', price: p.markPrice, time: p.updatedAt });
  }
  return out;
}

/** Prices as the totals use them: stablecoins at par (equity samples and alerts are in USD at par). */
export const selectUsdPriceBook: (s: PortfolioState) => PriceBook = memo(
  (s) => [s.marks, s.instruments, s.positions],
  (marks, instruments, positions) =>
    buildPriceBook([...marks.values(), ...positionMarks(positions.values())], instruments, { stablesAtPar: true }),
);

/**
 * Totals in USD (stablecoins at par): what the equity history and the alerts read. Every non-USD
 * amount goes through live prices (Roxom's BTC through the freshest BTC price of any venue); what no
 * price converts is listed in `unconverted`.
 */
export const selectTotals: (s: PortfolioState) => Totals = memo(
  (s) => [selectPositionRows(s), selectFillSummary(s), selectUsdPriceBook(s), ...valuationParts(s)],
  (positionRows, fills, book, ...parts): Totals => {
    const v = valueState(partsOf(parts), positionRows, fills, book, 'USD');
    const btcUsd = book.rate('BTC', 'USD')?.rate;
    return {
      equity: v.equity,
      unrealizedPnl: v.unrealizedPnl,
      realizedPnl: v.realizedPnl,
      baseCurrency: 'USD',
      unconverted: v.unconverted,
      perConnection: v.perConnection.map((c) => ({
        connectionId: c.connectionId,
        equity: c.equity ?? '0',
        equityKnown: c.equity !== undefined,
        unrealizedPnl: c.unrealizedPnl,
        realizedPnl: c.realizedPnl,
        source: c.equitySource,
      })),
      ...(btcUsd !== undefined ? { btcUsd } : {}),
    };
  },
);

import { dec, decText } from '../domain/decimal';
import { isStable, unrealizedFromMark } from '../domain/pnl';
import type { Balance, ConnectionDiagnostics, Fill, Order, Position, PriceMark } from '../domain/types';
import { TERMINAL_ORDER_STATUSES } from '../domain/types';
import { asOrder } from './order-merge';
import { balanceKey, markKey, positionKey, type PortfolioState } from './state';

/** Memoize a selector on the identity of the collections it reads. */
function memo<A extends unknown[], R>(inputs: (s: PortfolioState) => [...A], compute: (...args: A) => R): (s: PortfolioState) => R {
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
export function bestMark(marks: ReadonlyMap<string, PriceMark>, connectionId: string, symbol: string): PriceMark | undefined {
  for (const kind of MARK_PREFERENCE) {
    const mark = marks.get(markKey(connectionId, symbol, kind));
    if (mark) return mark;
  }
  return undefined;
}

export const selectPositionRows: (s: PortfolioState) => PositionRow[] = memo(
  (s) => [s.positions, s.marks],
  (positions, marks): PositionRow[] =>
    [...positions.values()]
      .map((p): PositionRow => {
        const key = positionKey(p.connectionId, p.symbol);
        if (p.unrealizedPnl !== undefined) return { ...p, key, unrealizedPnlShown: p.unrealizedPnl, unrealizedSource: 'venue' };
        const mark = bestMark(marks, p.connectionId, p.symbol);
        const computed = mark ? unrealizedFromMark(p, mark.price) : undefined;
        if (mark && computed !== undefined) {
          return { ...p, key, unrealizedPnlShown: computed, unrealizedSource: 'mark', markUsed: { price: mark.price, kind: mark.kind, time: mark.time } };
        }
        return { ...p, key, unrealizedSource: 'none' };
      })
      .sort((a, b) => a.key.localeCompare(b.key)),
);

export type BalanceRow = Balance & { key: string };

export const selectBalanceRows: (s: PortfolioState) => BalanceRow[] = memo(
  (s) => [s.balances],
  (balances): BalanceRow[] =>
    [...balances.values()].map((b) => ({ ...b, key: balanceKey(b.connectionId, b.asset) })).sort((a, b) => a.key.localeCompare(b.key)),
);

export const selectConnectionRows: (s: PortfolioState) => ConnectionDiagnostics[] = memo(
  (s) => [s.connections],
  (connections): ConnectionDiagnostics[] => [...connections.values()].sort((a, b) => a.connectionId.localeCompare(b.connectionId)),
);

export interface ConnectionTotals {
  connectionId: string;
  equity: string;
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
  unconverted: { connectionId: string; asset: string; amount: string }[];
  perConnection: ConnectionTotals[];
}

export const selectTotals: (s: PortfolioState) => Totals = memo(
  (s) => [s.connections, s.balances, s.summaries, s.closedRealized, selectPositionRows(s)],
  (connections, balances, summaries, closedRealized, positionRows): Totals => {
    const ids = new Set<string>([...connections.keys(), ...summaries.keys()]);
    for (const b of balances.values()) ids.add(b.connectionId);
    for (const p of positionRows) ids.add(p.connectionId);
    const unconverted: Totals['unconverted'] = [];
    const perConnection: ConnectionTotals[] = [];
    for (const connectionId of [...ids].sort()) {
      let unrealized = dec(0);
      let realized = dec(0);
      for (const p of positionRows) {
        if (p.connectionId !== connectionId) continue;
        const settled = isStable(p.settleAsset);
        if (p.unrealizedPnlShown !== undefined) {
          if (settled) unrealized = unrealized.plus(p.unrealizedPnlShown);
          else unconverted.push({ connectionId, asset: `${p.symbol} uPnL (${p.settleAsset ?? 'unknown asset'})`, amount: p.unrealizedPnlShown });
        }
        if (p.realizedPnl !== undefined && settled) realized = realized.plus(p.realizedPnl);
      }
      for (const [key, amount] of closedRealized) {
        const [conn, asset] = key.split('|');
        if (conn === connectionId && isStable(asset)) realized = realized.plus(amount);
      }
      const summary = summaries.get(connectionId);
      let equity = dec(0);
      let source: string;
      if (summary?.equity !== undefined && isStable(summary.asset)) {
        equity = dec(summary.equity);
        source = `venue-reported equity (${summary.asset})`;
      } else {
        for (const b of balances.values()) {
          if (b.connectionId !== connectionId) continue;
          if (isStable(b.asset)) equity = equity.plus(b.total);
          else unconverted.push({ connectionId, asset: b.asset, amount: b.total });
        }
        equity = equity.plus(unrealized);
        source = 'stablecoin balances at par + unrealized PnL';
      }
      perConnection.push({ connectionId, equity: decText(equity), unrealizedPnl: decText(unrealized), realizedPnl: decText(realized), source });
    }
    const sum = (pick: (c: ConnectionTotals) => string) => decText(perConnection.reduce((acc, c) => acc.plus(pick(c)), dec(0)));
    return {
      equity: sum((c) => c.equity),
      unrealizedPnl: sum((c) => c.unrealizedPnl),
      realizedPnl: sum((c) => c.realizedPnl),
      baseCurrency: 'USD',
      unconverted,
      perConnection,
    };
  },
);

import type { Balance, Fill, Order } from '../domain/types';
import {
  selectBalanceRows,
  selectConnectionRows,
  selectFillRows,
  selectOrderRows,
  selectPositionRows,
  type PositionRow,
} from './selectors';
import { DEFAULT_VALUATION, selectValuation, type ValuationSettings } from './valuation-selectors';
import { selectGapsByConnection } from './gap-selectors';
import type { PortfolioState } from './state';

/** docs/contract.md section 3: the normalized state at one moment. Decimals stay strings. */
export const SNAPSHOT_FORMAT = 'venueboard.snapshot/v1';

const pick = <T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<Pick<T, K>> => {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
};

const ORDER_KEYS = [
  'connectionId',
  'orderId',
  'clientOrderId',
  'symbol',
  'side',
  'type',
  'status',
  'price',
  'quantity',
  'filledQuantity',
  'averagePrice',
  'updatedAt',
] as const satisfies readonly (keyof Order)[];
// `inferred` (present only when true) marks a fill the venue never reported: rebuilt from position changes.
const FILL_KEYS = [
  'connectionId',
  'fillId',
  'orderId',
  'symbol',
  'side',
  'price',
  'quantity',
  'fee',
  'feeAsset',
  'liquidity',
  'time',
  'inferred',
] as const satisfies readonly (keyof Fill)[];
const BALANCE_KEYS = ['connectionId', 'asset', 'total', 'free', 'locked'] as const satisfies readonly (keyof Balance)[];

function snapshotPosition(p: PositionRow) {
  return {
    ...pick(p, ['connectionId', 'symbol', 'quantity', 'entryPrice', 'markPrice'] as const),
    ...(p.unrealizedPnlShown !== undefined ? { unrealizedPnl: p.unrealizedPnlShown } : {}),
    ...pick(p, ['realizedPnl', 'liquidationPrice', 'leverage'] as const),
  };
}

/** Totals are in the base currency the user picked (USD, stablecoins at par, by default). */
export function buildSnapshot(s: PortfolioState, now: number, settings: ValuationSettings = DEFAULT_VALUATION) {
  const totals = selectValuation(s, settings);
  const gaps = selectGapsByConnection(s);
  return {
    format: SNAPSHOT_FORMAT,
    takenAt: now,
    baseCurrency: settings.baseCurrency,
    connections: selectConnectionRows(s).map((c) => ({
      id: c.connectionId,
      venue: c.venue,
      status: c.status,
      ...(c.lastMessageAt !== undefined ? { lastMessageAt: c.lastMessageAt } : {}),
      // Every interval not live after having been live, oldest first, and what recovery achieved.
      gaps: (gaps.get(c.connectionId) ?? []).map((g) => ({ from: g.from, to: g.to, recovered: g.recovered })),
    })),
    orders: selectOrderRows(s).map((o) => pick(o, ORDER_KEYS)),
    fills: selectFillRows(s).map((f) => pick(f, FILL_KEYS)),
    positions: selectPositionRows(s).map(snapshotPosition),
    balances: selectBalanceRows(s).map((b) => pick(b, BALANCE_KEYS)),
    totals: { equity: totals.equity, unrealizedPnl: totals.unrealizedPnl, realizedPnl: totals.realizedPnl },
  };
}

export type Snapshot = ReturnType<typeof buildSnapshot>;

export function snapshotJson(s: PortfolioState, now: number, settings?: ValuationSettings): string {
  return JSON.stringify(buildSnapshot(s, now, settings), null, 2);
}

import Decimal from 'decimal.js';
import type { VenueLedger } from '../../sim/index';
import type { Snapshot } from '../../src/store/snapshot';

/**
 * Differences between a dashboard snapshot and a simulator ledger for one connection, as readable
 * lines (empty = equal). Decimals are compared as decimals. Fields that move with every price tick
 * (mark, unrealized PnL) are not compared; everything an account event sets is.
 */
const d = (v: string | undefined) => (v === undefined ? 'undefined' : new Decimal(v).toFixed());

/** What a venue's stream can show: Rails has no positions or balances and sends orders of its URL market only. */
export interface LedgerChecks {
  positions?: boolean;
  balances?: boolean;
  /** Only orders on these symbols are streamed to the connection (default: all). */
  orderSymbols?: readonly string[];
  /**
   * Compare orders (open set, fill progress, and which order each fill belongs to). ZDEX links a
   * fill to its order only through frame order, so a test that reorders its frames turns this off.
   */
  orders?: boolean;
  /**
   * Check which order each fill names. ZDEX sends no fill ids: its fills are rebuilt from position
   * changes and tied to an order by frame order and price, which can pick the wrong one of two
   * orders on a symbol (a known limit, see the ZDEX README); its fills are still checked exactly.
   */
  fillOrderLinks?: boolean;
}

export function diffAgainstLedger(
  snapshot: Snapshot,
  ledger: VenueLedger,
  connectionId: string,
  since: number,
  checks: LedgerChecks = {},
): string[] {
  const { positions = true, balances = true, orderSymbols, orders = true, fillOrderLinks = orders } = checks;
  const problems: string[] = [];
  const mine = <T extends { connectionId?: string }>(rows: T[]) => rows.filter((r) => r.connectionId === connectionId);

  // Fills: one per execution, none lost, none doubled. Matched on what the venue determines exactly
  // (symbol, side, quantity, price); a fill the venue never reported (`inferred`) may carry an
  // estimated price (ZDEX closes to zero), so its price must only be within 0.5% of the truth.
  const ledgerFills = ledger.fills.filter((f) => f.time >= since);
  const unmatched = [...mine(snapshot.fills)];
  const take = (pred: (f: (typeof unmatched)[number]) => boolean) => {
    const i = unmatched.findIndex(pred);
    return i < 0 ? undefined : unmatched.splice(i, 1)[0];
  };
  const same = (a?: string, b?: string) => d(a) === d(b);
  const near = (a?: string, b?: string) =>
    a !== undefined && b !== undefined && new Decimal(a).minus(b).abs().lte(new Decimal(b).times('0.005'));
  for (const l of ledgerFills) {
    const base = (f: (typeof unmatched)[number]) =>
      f.symbol === l.symbol && f.side === l.side && same(f.quantity, l.quantity);
    // Identical fills can exist (a ScaleTrade partial close reopens the remainder at the same price):
    // match the same order first, then a fill that names no order, then an estimated price.
    const got =
      take((f) => base(f) && same(f.price, l.price) && f.orderId === l.orderId) ??
      take((f) => base(f) && same(f.price, l.price) && f.orderId === undefined) ??
      take((f) => base(f) && same(f.price, l.price)) ??
      take((f) => base(f) && f.inferred === true && near(f.price, l.price));
    if (!got) problems.push(`fill missing: ${l.symbol} ${l.side} ${l.quantity} @ ${l.price} (order ${l.orderId})`);
    else if (fillOrderLinks && got.orderId !== undefined && got.orderId !== l.orderId)
      problems.push(`fill ${l.symbol} ${l.quantity} @ ${l.price}: order ${got.orderId}, ledger ${l.orderId}`);
  }
  for (const extra of unmatched)
    problems.push(
      `fill not in the ledger (or doubled): ${extra.symbol} ${extra.side} ${extra.quantity} @ ${extra.price}`,
    );

  // Positions: signed quantity and entry price per symbol. Not checked (`positions: false`): neither
  // side is read, or every position the page shows would be reported as not in the ledger.
  const ledgerPositions = new Map(positions ? ledger.positions.map((p) => [p.symbol, p]) : []);
  for (const p of positions ? mine(snapshot.positions) : []) {
    const l = ledgerPositions.get(p.symbol!);
    if (!l) problems.push(`position ${p.symbol} ${p.quantity} is not in the ledger`);
    else if (d(l.quantity) !== d(p.quantity) || d(l.entryPrice) !== d(p.entryPrice)) {
      problems.push(
        `position ${p.symbol}: dashboard ${p.quantity} @ ${p.entryPrice}, ledger ${l.quantity} @ ${l.entryPrice}`,
      );
    }
    ledgerPositions.delete(p.symbol!);
  }
  for (const l of ledgerPositions.values()) problems.push(`position ${l.symbol} ${l.quantity} missing`);

  // Balances.
  for (const l of balances ? ledger.balances : []) {
    const b = mine(snapshot.balances).find((x) => x.asset === l.asset);
    if (!b) problems.push(`balance ${l.asset} missing`);
    else if (d(b.total) !== d(l.total)) problems.push(`balance ${l.asset}: dashboard ${b.total}, ledger ${l.total}`);
  }

  // Open orders: the same set, with the same fill progress.
  const openStatuses = new Set(['pending', 'open', 'partially_filled']);
  const streamed = (symbol: string) => orderSymbols === undefined || orderSymbols.includes(symbol);
  const ledgerOpen = new Map(
    orders
      ? ledger.orders.filter((o) => openStatuses.has(o.status) && streamed(o.symbol)).map((o) => [o.orderId, o])
      : [],
  );
  for (const o of orders ? mine(snapshot.orders).filter((x) => openStatuses.has(x.status!)) : []) {
    const l = ledgerOpen.get(o.orderId!);
    if (!l) problems.push(`order ${o.orderId} is ${o.status} on the dashboard but not open in the ledger`);
    else if (d(l.filledQuantity) !== d(o.filledQuantity ?? '0'))
      problems.push(`order ${o.orderId}: filled ${o.filledQuantity} vs ledger ${l.filledQuantity}`);
    ledgerOpen.delete(o.orderId!);
  }
  for (const l of ledgerOpen.values()) problems.push(`open order ${l.orderId} missing`);
  return problems;
}

import type { Ledger } from '../core/ledger';
import type { VenueLedger } from '../shared/front-end';
import type { RailsIds } from './ids';
import { marketOf } from './markets';

const market = (symbol: string): string => marketOf(symbol) ?? symbol;

/**
 * The core's ledger in Rails' own terms, so it compares directly with the dashboard's snapshot:
 * symbols are markets ("BTC-USDT"), order ids the ULIDs the streams carry, and a fill's id is
 * `<orderId>:<matchId>` (Rails dedupes private trades by that pair).
 */
export function railsLedger(venue: string, ledger: Ledger, ids: RailsIds): VenueLedger {
  const orderIds = new Map(ledger.orders.map((o) => [o.orderId, ids.orderId(o.orderId, o.createdAt)]));
  const orderId = (coreId: string): string => orderIds.get(coreId) ?? coreId;
  return {
    venue,
    ...ledger,
    orders: ledger.orders.map((o) => ({ ...o, orderId: orderId(o.orderId), symbol: market(o.symbol) })),
    fills: ledger.fills.map((f) => ({
      ...f,
      fillId: `${orderId(f.orderId)}:${ids.matchId(f.fillId)}`,
      orderId: orderId(f.orderId),
      symbol: market(f.symbol),
    })),
    positions: ledger.positions.map((p) => ({ ...p, symbol: market(p.symbol) })),
    marks: Object.fromEntries(Object.entries(ledger.marks).map(([symbol, mark]) => [market(symbol), mark])),
    funding: ledger.funding.map((f) => ({ ...f, symbol: market(f.symbol) })),
  };
}

import type { Ledger } from '../core/ledger';
import type { VenueLedger } from '../shared/front-end';
import type { CoinswitchIds } from './ids';

/**
 * The core's ledger in CoinSwitch's own terms, so it compares directly with the dashboard's
 * snapshot: order ids are the Bybit-style UUIDs of the private payloads, a fill's id is its `execId`
 * (the seed's primary key for fills), symbols stay as the private payloads spell them ("BTCUSDT").
 */
export function coinswitchLedger(venue: string, ledger: Ledger, ids: CoinswitchIds): VenueLedger {
  return {
    venue,
    ...ledger,
    orders: ledger.orders.map((o) => ({ ...o, orderId: ids.orderId(o.orderId) })),
    fills: ledger.fills.map((f) => ({ ...f, fillId: ids.execId(f.fillId), orderId: ids.orderId(f.orderId) })),
  };
}

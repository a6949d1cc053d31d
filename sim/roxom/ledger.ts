import type { Ledger } from '../core/ledger';
import type { OrderRecord } from '../core/records';
import type { VenueLedger } from '../shared/front-end';
import type { RoxomIds } from './ids';
import type { PositionTracker } from './positions';
import { ZERO, text } from '../core/num';
import { btcText, priceText, qty, qtyText, roxomSymbol } from './markets';

function order(o: OrderRecord, orderId: string): OrderRecord {
  const { price, averagePrice, ...rest } = o;
  const record: OrderRecord = {
    ...rest,
    orderId,
    symbol: roxomSymbol(o.symbol),
    quantity: qtyText(o.symbol, o.quantity),
    filledQuantity: qtyText(o.symbol, o.filledQuantity),
  };
  if (price !== undefined) record.price = priceText(o.symbol, price);
  if (averagePrice !== undefined) record.averagePrice = priceText(o.symbol, averagePrice);
  return record;
}

/**
 * The core's ledger in Roxom terms, so it compares directly with the dashboard's snapshot:
 * - symbols are Roxom names (US500-BTC, GOLD-BTC, OIL-BTC), quantities Roxom quantities, prices and
 *   every amount in BTC (markets.ts: 1 BTC = 100 000 USDT, exact);
 * - order ids are the UUIDv7s the `order` frames carry;
 * - a fill's id is `<orderId>:<executedQty after it>`, the id the adapter derives from the growth of
 *   the cumulative executedQty; its price is that frame's fillPx and its fee the growth of filledFees;
 * - positions carry the Roxom position id and the realized PnL and funding since that Roxom position
 *   opened (a flip opens a new one: positions.ts); balances are one `BTC` row.
 */
export function roxomLedger(venue: string, ledger: Ledger, ids: RoxomIds, tracker: PositionTracker): VenueLedger {
  const orderIds = new Map(ledger.orders.map((o) => [o.orderId, ids.orderId(o.orderId, o.createdAt)]));
  const orderId = (coreId: string): string => orderIds.get(coreId) ?? coreId;
  const executed = new Map<string, ReturnType<typeof qty>>();
  const balance = ledger.balances[0];
  return {
    venue,
    accountId: ledger.accountId,
    orders: ledger.orders.map((o) => order(o, orderId(o.orderId))),
    fills: ledger.fills.map((f) => {
      const total = (executed.get(f.orderId) ?? ZERO).plus(qty(f.symbol, f.quantity));
      executed.set(f.orderId, total);
      return {
        ...f,
        fillId: `${orderId(f.orderId)}:${text(total)}`,
        orderId: orderId(f.orderId),
        symbol: roxomSymbol(f.symbol),
        price: priceText(f.symbol, f.price),
        quantity: qtyText(f.symbol, f.quantity),
        fee: btcText(f.fee),
        feeAsset: 'BTC',
        realizedPnl: btcText(f.realizedPnl),
      };
    }),
    positions: ledger.positions.map((p) => {
      const tracked = tracker.current(p.symbol);
      return {
        symbol: roxomSymbol(p.symbol),
        positionId: tracked?.id ?? p.positionId,
        quantity: qtyText(p.symbol, p.quantity),
        entryPrice: priceText(p.symbol, p.entryPrice),
        markPrice: priceText(p.symbol, p.markPrice),
        unrealizedPnl: btcText(p.unrealizedPnl),
        realizedPnl: btcText(tracked?.realized ?? p.realizedPnl),
        fundingFee: btcText(tracked?.funding ?? p.fundingFee),
        liquidationPrice: priceText(p.symbol, p.liquidationPrice),
        leverage: p.leverage,
        openedAt: tracked?.openedAt ?? p.openedAt,
      };
    }),
    balances: balance
      ? [{ asset: 'BTC', total: btcText(balance.total), free: btcText(balance.free), locked: btcText(balance.locked) }]
      : [],
    marks: Object.fromEntries(
      Object.entries(ledger.marks).map(([symbol, mark]) => [roxomSymbol(symbol), priceText(symbol, mark)]),
    ),
    funding: ledger.funding.map((f) => ({
      ...f,
      symbol: roxomSymbol(f.symbol),
      markPrice: priceText(f.symbol, f.markPrice),
      positionQuantity: qtyText(f.symbol, f.positionQuantity),
      amount: btcText(f.amount),
    })),
    totals: {
      initialBalance: btcText(ledger.totals.initialBalance),
      realizedPnl: btcText(ledger.totals.realizedPnl),
      fees: btcText(ledger.totals.fees),
      funding: btcText(ledger.totals.funding),
      wallet: btcText(ledger.totals.wallet),
    },
  };
}

import { Decimal, decText } from '../../domain/decimal';
import type { SessionResume } from '../../ingest/protocol';
import type { PortfolioState } from '../state';

/**
 * What the page knows of one connection's orders, for the worker's `connect` command (protocol.ts
 * `resume`): after a reload these are the journaled order states the restore put in the store. Each
 * order with a known filled quantity, and the sum of its known fills' fees when those fills add up to
 * exactly that quantity in a single fee asset (otherwise the fees are unknown and left out).
 */
export function sessionResumeFor(state: PortfolioState, connectionId: string): SessionResume | undefined {
  const orders: SessionResume['orders'] = [];
  const wanted = new Map<
    string,
    { filled: string; quantity: Decimal; fee: Decimal; asset?: string; feesKnown: boolean }
  >();
  for (const order of state.orders.values()) {
    if (order.connectionId !== connectionId || order.filledQuantity === undefined) continue;
    wanted.set(order.orderId, {
      filled: order.filledQuantity,
      quantity: new Decimal(0),
      fee: new Decimal(0),
      feesKnown: true,
    });
    orders.push({ orderId: order.orderId, filledQuantity: order.filledQuantity, updatedAt: order.updatedAt });
  }
  if (orders.length === 0) return undefined;
  for (const fill of state.fillsByTime) {
    if (fill.connectionId !== connectionId || fill.orderId === undefined) continue;
    const sums = wanted.get(fill.orderId);
    if (!sums) continue;
    sums.quantity = sums.quantity.plus(fill.quantity);
    if (fill.fee === undefined || (sums.asset !== undefined && sums.asset !== fill.feeAsset)) sums.feesKnown = false;
    else {
      sums.fee = sums.fee.plus(fill.fee);
      sums.asset = fill.feeAsset;
    }
  }
  for (const entry of orders) {
    const sums = wanted.get(entry.orderId)!;
    if (sums.feesKnown && sums.quantity.gt(0) && sums.quantity.eq(sums.filled)) entry.filledFees = decText(sums.fee);
  }
  return { orders };
}

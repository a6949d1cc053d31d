import { Decimal, decText } from '../../domain/decimal';
import type { SessionResume } from '../../ingest/protocol';
import type { PortfolioState } from '../state';
import type { JournalRecords } from './records';

/**
 * What the page knows of one connection, for the worker's `connect` command (protocol.ts `resume`):
 * after a reload, the journaled order states the restore put in the store (each order with a known
 * filled quantity, and the sum of its known fills' fees when those fills add up to exactly that
 * quantity in a single fee asset; otherwise the fees are unknown and left out), and `liveUntil`
 * (journaledLiveUntil) when the connection was live in an earlier page.
 */
export function sessionResumeFor(
  state: PortfolioState,
  connectionId: string,
  liveUntil?: number,
): SessionResume | undefined {
  const orders = resumedOrders(state, connectionId);
  if (orders.length === 0 && liveUntil === undefined) return undefined;
  return liveUntil === undefined ? { orders } : { orders, liveUntil };
}

function resumedOrders(state: PortfolioState, connectionId: string): SessionResume['orders'] {
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
  if (orders.length === 0) return orders;
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
  return orders;
}

/**
 * Where each connection's "page closed" gap starts after a reload: the last moment the earlier page
 * had it live (its journaled liveUntil), or earlier, the `from` of a gap of it the journal holds still
 * `pending` (its recovery never reported: the new gap starts there, takes that record's key and
 * replaces it, and its recovery covers the whole window). A connection with neither was never live
 * in an earlier page: no gap.
 */
export function journaledLiveUntil(records: Pick<JournalRecords, 'gaps' | 'liveness'>): Map<string, number> {
  const out = new Map<string, number>();
  const earliest = (connectionId: string, time: number) => {
    const held = out.get(connectionId);
    if (held === undefined || time < held) out.set(connectionId, time);
  };
  for (const l of records.liveness ?? []) earliest(l.connectionId, l.liveUntil);
  for (const g of records.gaps ?? []) if (g.recovered === 'pending') earliest(g.connectionId, g.from);
  return out;
}

/**
 * The journaled liveUntil of each connection, handed out once: to the first `connect` of that
 * connection in this page. A later connect (an edit, a reconnect by the user) is not after a reload.
 */
export class ResumeLiveness {
  private readonly left: Map<string, number>;

  constructor(records: Pick<JournalRecords, 'gaps' | 'liveness'>) {
    this.left = journaledLiveUntil(records);
  }

  take(connectionId: string): number | undefined {
    const liveUntil = this.left.get(connectionId);
    this.left.delete(connectionId);
    return liveUntil;
  }
}

import { compareText } from '../domain/decimal';
import { TERMINAL_ORDER_STATUSES, type Order, type OrderStatus, type OrderUpdate } from '../domain/types';

/**
 * Merging order updates so that the result does not depend on arrival order or duplicates:
 * status only moves forward (pending < open < partially_filled < terminal), a terminal status is
 * never left, cumulative filled quantity only grows, and other fields come from the newest update.
 * The function is commutative and idempotent, which the property tests check.
 */

const STATUS_RANK: Record<OrderStatus, number> = {
  pending: 0,
  open: 1,
  partially_filled: 2,
  // Terminal statuses rank above all; among themselves a fixed order breaks ties deterministically.
  rejected: 3,
  expired: 4,
  canceled: 5,
  filled: 6,
};

function mergeStatus(a: OrderUpdate, b: OrderUpdate): OrderStatus | undefined {
  if (a.status === undefined) return b.status;
  if (b.status === undefined) return a.status;
  const aTerminal = TERMINAL_ORDER_STATUSES.has(a.status);
  const bTerminal = TERMINAL_ORDER_STATUSES.has(b.status);
  if (aTerminal && bTerminal && a.updatedAt !== b.updatedAt) {
    // Two terminal reports: the venue's newest word wins.
    return a.updatedAt > b.updatedAt ? a.status : b.status;
  }
  return STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a.status : b.status;
}

function maxDecimal(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareText(a, b) >= 0 ? a : b;
}

type MergeableKey = Exclude<
  keyof OrderUpdate,
  'connectionId' | 'orderId' | 'updatedAt' | 'status' | 'filledQuantity' | 'createdAt'
>;
const NEWEST_WINS: MergeableKey[] = ['clientOrderId', 'symbol', 'side', 'type', 'price', 'quantity', 'averagePrice'];

export function mergeOrderUpdates(a: OrderUpdate, b: OrderUpdate): OrderUpdate {
  // Ties on updatedAt are broken by content so the result is the same whichever came first.
  const bNewer = b.updatedAt > a.updatedAt || (b.updatedAt === a.updatedAt && JSON.stringify(b) > JSON.stringify(a));
  const [older, newer] = bNewer ? [a, b] : [b, a];
  const merged: OrderUpdate = {
    connectionId: a.connectionId,
    orderId: a.orderId,
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
  for (const key of NEWEST_WINS) {
    const value = newer[key] ?? older[key];
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  const status = mergeStatus(a, b);
  if (status !== undefined) merged.status = status;
  const filled = maxDecimal(a.filledQuantity, b.filledQuantity);
  if (filled !== undefined) merged.filledQuantity = filled;
  const created =
    a.createdAt === undefined
      ? b.createdAt
      : b.createdAt === undefined
        ? a.createdAt
        : Math.min(a.createdAt, b.createdAt);
  if (created !== undefined) merged.createdAt = created;
  return merged;
}

/** An order update becomes a displayable order once symbol and status are known. */
export function asOrder(update: OrderUpdate): Order | null {
  if (update.symbol === undefined || update.status === undefined) return null;
  return update as Order;
}

import type {
  RoxomAccountFrame,
  RoxomBalanceFrame,
  RoxomError,
  RoxomErrorCode,
  RoxomOrder,
  RoxomOrderFrame,
  RoxomOrderStatus,
  RoxomPosition,
  RoxomPositionFrame,
  RoxomSubscribed,
  RoxomUnsubscribed,
} from '../../src/venues/roxom/wire';
import type { OrderRecord } from '../core/records';
import { toJson } from './json';
import { priceText, qty, qtyText, roxomSymbol } from './markets';
import { num, text } from '../core/num';

/**
 * Pure builders of Roxom frames (seed 000, docs/venues/roxom.md, shapes typed by src/venues/roxom/wire.ts).
 * Every builder returns the frame's JSON TEXT: timestamps are bigint nanoseconds written as bare
 * integers (json.ts), never through a JS number.
 */

/** What the front end adds to a core order record: ids, the last fill, cumulative fees (BTC). */
export interface OrderExtras {
  orderId: string;
  accountId: string;
  /** Last fill price in Roxom terms (BTC), "0" before the first fill [guess: the wire type needs a string]. */
  fillPx: string;
  filledFees: string;
  entryPositionId?: string;
  exitPositionId?: string;
}

export function orderStatus(order: OrderRecord, placed: boolean): RoxomOrderStatus {
  if (placed) return 'submitted';
  switch (order.status) {
    case 'open':
      return 'submitted';
    case 'partially_filled':
      return 'partiallyfilled';
    case 'filled':
      return 'filled';
    case 'canceled':
      return num(order.filledQuantity).gt(0) ? 'partiallyfilledcancelled' : 'cancelled';
  }
}

export function orderData(
  order: OrderRecord,
  extras: OrderExtras,
  status: RoxomOrderStatus,
  timestamp: bigint,
): RoxomOrder {
  const s = order.symbol;
  // Key order of the docs' example; toJson leaves out undefined members.
  const data: RoxomOrder = {
    orderId: extras.orderId,
    accountId: extras.accountId,
    symbol: roxomSymbol(s),
    status,
    remainingQty: text(qty(s, order.quantity).minus(qty(s, order.filledQuantity))),
    executedQty: qtyText(s, order.filledQuantity),
    avgPx: order.averagePrice === undefined ? '0' : priceText(s, order.averagePrice),
    fillPx: extras.fillPx,
    filledFees: extras.filledFees,
    side: order.side,
    orderType: order.type,
    orderSize: qtyText(s, order.quantity),
    // A market order has no limit price: left out [guess: wire.ts allows "0" or absent].
    limitPrice: order.price === undefined ? undefined : priceText(s, order.price),
    // The simulated account sends no client order id: left out.
    entryPositionId: extras.entryPositionId,
    exitPositionId: extras.exitPositionId,
    // Nothing is rejected: "" [guess, as wire.ts].
    reason: '',
    timestamp,
  };
  return data;
}

export function orderFrame(data: RoxomOrder): string {
  const frame: RoxomOrderFrame = { type: 'order', data };
  return toJson(frame);
}

/** Fields the positions page of the docs shows beyond wire.ts's (sent; a client may ignore them). */
export interface PositionExtras {
  accountId: string;
  /** Ms when the position closed, null while open. */
  closeDate: number | null;
  entryFees: string;
  exitFees: string;
}

/** `{"type":"position","data":[…]}`: always an array (one position, two on a flip, all open ones in a snapshot). */
export function positionFrame(positions: (RoxomPosition & PositionExtras)[]): string {
  const frame: RoxomPositionFrame = { type: 'position', data: positions };
  return toJson(frame);
}

export function balanceFrame(data: RoxomBalanceFrame['data']): string {
  const frame: RoxomBalanceFrame = { type: 'balance', data };
  return toJson(frame);
}

export function accountNoticeFrame(data: RoxomAccountFrame['data']): string {
  const frame: RoxomAccountFrame = { type: 'account', data };
  return toJson(frame);
}

export function errorFrame(code: RoxomErrorCode, msg: string, connId: string): string {
  const frame: RoxomError = { event: 'error', code, msg, connId };
  return JSON.stringify(frame);
}

export function ackFrame(
  op: 'subscribe' | 'unsubscribe',
  args: { channel: string; symbol?: string }[],
  connId: string,
): string {
  const frame: RoxomSubscribed | RoxomUnsubscribed = { event: op, args, connId };
  return JSON.stringify(frame);
}

/** Fault switch: truncated JSON, a JSON array, a frame of a type the docs do not define. */
export function malformedFrame(index: number, timestamp: bigint): string {
  switch (index % 3) {
    case 0:
      return `{"type":"order","data":{"orderId":"0198`;
    case 1:
      return toJson(['order', { timestamp }]);
    default:
      return toJson({ type: 'margincall', data: { level: 3, timestamp } });
  }
}

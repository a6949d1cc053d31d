import { Decimal, decText, normalizeDecimal } from '../../domain/decimal';
import type { Fill, OrderStatus, OrderUpdate, PriceMark } from '../../domain/types';
import { millisOf } from './time';
import type { RailsCompletedOrder, RailsOrder, RailsPublicTrade } from './wire';

/**
 * Pure wire -> domain mapping for Rails (docs.rails.xyz/latest/websocket-api/*). Inputs are frames the
 * codec has checked; outputs pass src/domain/conformance/validators.ts (absent fields omitted,
 * decimals canonical). Functions that have nothing valid to say return undefined instead of a half
 * object. Rails has no position or balance stream: nothing here invents either.
 */

/** Canonical decimal text of a value the codec already checked. */
export function canon(value: string | number): string {
  return normalizeDecimal(value) ?? String(value);
}

const isPositive = (text: string): boolean => !text.startsWith('-') && text !== '0';

/** "USDT" from "BTC-USDT": the quote asset, in which Rails charges `fees`. Undefined for a name without a dash. */
export function quoteAssetOf(market: string): string | undefined {
  const dash = market.lastIndexOf('-');
  return dash > 0 && dash < market.length - 1 ? market.slice(dash + 1) : undefined;
}

// ---- order status ----------------------------------------------------------------------------------

/**
 * The documented statuses (order-creation-stream: pending, active, cancelling, cancelled, modifying,
 * modified, plus filled / partiallyFilled / rejected for the notifications). `live` means "still on the
 * book": open, or partially_filled once something filled. A cancel or modify in flight does not end
 * the order, so those stay live until the venue says otherwise.
 */
const STATUS: Record<string, OrderStatus | 'live'> = {
  pending: 'pending',
  active: 'live',
  cancelling: 'live',
  modifying: 'live',
  modified: 'live',
  partiallyFilled: 'partially_filled',
  filled: 'filled',
  cancelled: 'canceled',
  rejected: 'rejected',
  expired: 'expired',
};

export interface StatusMapping {
  status: OrderStatus;
  /** The venue sent a status the docs do not list; `status` is the nearest guess. */
  undocumented: boolean;
}

/** Maps an order's status; an undocumented one is mapped by its name, then by its quantities. */
export function orderStatusOf(
  orderStatus: string,
  remaining: string | undefined,
  filled: string | undefined,
): StatusMapping {
  const known = STATUS[orderStatus];
  const live: OrderStatus = filled !== undefined && isPositive(filled) ? 'partially_filled' : 'open';
  if (known !== undefined) return { status: known === 'live' ? live : known, undocumented: false };
  const name = orderStatus.toLowerCase();
  let status: OrderStatus;
  if (name.includes('reject')) status = 'rejected';
  else if (name.includes('expire')) status = 'expired';
  else if (/cancel+ed$/.test(name) || name === 'canceled') status = 'canceled';
  else if (name.includes('partial')) status = 'partially_filled';
  else if (name.includes('fill') || (remaining === '0' && filled !== undefined && isPositive(filled)))
    status = remaining === '0' ? 'filled' : live;
  else if (name.includes('pend') || name === 'new') status = 'pending';
  else status = live;
  return { status, undocumented: true };
}

// ---- orders ----------------------------------------------------------------------------------------

export interface NormalizedOrder {
  order: OrderUpdate;
  /** Set when the status was not a documented one (for diagnostics). */
  undocumentedStatus?: string;
}

/**
 * Order object -> OrderUpdate. The original quantity is `quantity` (remaining) + `filledQuantity`
 * (cumulative), so the filled quantity never exceeds it; the side is `orderType`, the type `tradeType`.
 * A zero price (market orders) and a zero average fill price (nothing filled) are omitted. `symbol` is
 * omitted when unknown (market=ALL and no market on the order); the store shows the order once a later
 * update names it. An update without some fields says nothing about them (the store merges it); one
 * without `updatedAt` is dated `receivedAt`, when it arrived.
 */
export function normalizeOrder(
  connectionId: string,
  o: RailsOrder,
  symbol: string | undefined,
  receivedAt: number,
): NormalizedOrder {
  const remaining = o.quantity === undefined ? undefined : canon(o.quantity);
  const filled = o.filledQuantity === undefined ? undefined : canon(o.filledQuantity);
  const order: OrderUpdate = {
    connectionId,
    orderId: o.orderId,
    updatedAt: (o.updatedAt === undefined ? undefined : millisOf(o.updatedAt)) ?? receivedAt,
  };
  if (symbol !== undefined) order.symbol = symbol;
  if (o.orderType !== undefined) order.side = o.orderType;
  if (o.tradeType !== undefined) order.type = o.tradeType.toLowerCase();
  if (filled !== undefined && !filled.startsWith('-')) {
    order.filledQuantity = filled;
    // A negative remaining quantity is nonsense: the original quantity is then left unknown.
    if (remaining !== undefined && !remaining.startsWith('-'))
      order.quantity = decText(new Decimal(remaining).plus(filled));
  }
  if (o.price !== undefined && isPositive(canon(o.price))) order.price = canon(o.price);
  if (o.avgFillPrice !== undefined && isPositive(canon(o.avgFillPrice))) order.averagePrice = canon(o.avgFillPrice);
  const createdAt = o.createdAt === undefined ? undefined : millisOf(o.createdAt);
  if (createdAt !== undefined) order.createdAt = createdAt;
  if (o.orderStatus === undefined) return { order };
  const mapping = orderStatusOf(o.orderStatus, remaining, order.filledQuantity);
  order.status = mapping.status;
  return mapping.undocumented ? { order, undocumentedStatus: o.orderStatus } : { order };
}

// ---- fills -----------------------------------------------------------------------------------------

/** The dedupe key docs/venues/rails.md gives for private trades: (orderId, matchId). */
export function fillIdOf(trade: Pick<RailsCompletedOrder, 'orderId' | 'matchId'>): string {
  return `${trade.orderId}:${trade.matchId}`;
}

/** When an execution happened: `orderFilledAt` on the stream, `filledAt` (or `txCreated`) in REST answers. */
export function executionTime(t: RailsCompletedOrder): number | undefined {
  for (const value of [t.orderFilledAt, t.filledAt, t.txCreated]) {
    const ms = value === undefined ? undefined : millisOf(value);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/**
 * One execution (a `completedOrdersDelta` entry, or a REST `completed-orders` entry: same fields, same
 * fill id) -> one Fill: side from `orderType`, liquidity from `executionType`, fee from `fees` in the
 * market's quote asset, time `orderFilledAt` / `filledAt` / `txCreated`. Undefined when the price or
 * the quantity is not positive (a fill must have both).
 */
export function normalizeFill(connectionId: string, t: RailsCompletedOrder): Fill | undefined {
  const price = canon(t.price);
  const quantity = canon(t.quantity);
  const time = executionTime(t);
  if (!isPositive(price) || !isPositive(quantity) || time === undefined) return undefined;
  const fill: Fill = {
    connectionId,
    fillId: fillIdOf(t),
    orderId: t.orderId,
    symbol: t.market,
    side: t.orderType,
    price,
    quantity,
    time,
  };
  if (t.fees !== undefined) fill.fee = canon(t.fees);
  if (t.executionType !== undefined) fill.liquidity = t.executionType;
  const feeAsset = quoteAssetOf(t.market);
  if (feeAsset !== undefined && fill.fee !== undefined) fill.feeAsset = feeAsset;
  return fill;
}

// ---- marks -----------------------------------------------------------------------------------------

/** The newest of some public trades (latest `updatedAt`; the later entry on a tie). */
export function newestTrade(
  trades: readonly RailsPublicTrade[],
): { trade: RailsPublicTrade; time: number } | undefined {
  let newest: { trade: RailsPublicTrade; time: number } | undefined;
  for (const trade of trades) {
    const time = millisOf(trade.updatedAt);
    if (time !== undefined && (newest === undefined || time >= newest.time)) newest = { trade, time };
  }
  return newest;
}

export function tradeMark(
  connectionId: string,
  symbol: string,
  trade: RailsPublicTrade,
  time: number,
): PriceMark | undefined {
  const price = canon(trade.price);
  return isPositive(price) ? { connectionId, symbol, kind: 'trade', price, time } : undefined;
}

/** Top of book -> a `book` mark: `price` is the mid, or the one side present. */
export function bookMark(
  connectionId: string,
  symbol: string,
  top: { bid?: string; ask?: string },
  time: number,
): PriceMark | undefined {
  const { bid, ask } = top;
  const price = bid !== undefined && ask !== undefined ? decText(new Decimal(bid).plus(ask).div(2)) : (bid ?? ask);
  if (price === undefined || !isPositive(price)) return undefined;
  const mark: PriceMark = { connectionId, symbol, kind: 'book', price, time };
  if (bid !== undefined) mark.bid = bid;
  if (ask !== undefined) mark.ask = ask;
  return mark;
}

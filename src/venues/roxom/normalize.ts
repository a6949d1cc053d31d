import { Decimal, decText, normalizeDecimal } from '../../domain/decimal';
import type { PositionClosedEvent } from '../../domain/events';
import type {
  Balance,
  Notification,
  NotificationLevel,
  OrderStatus,
  OrderUpdate,
  Position,
  PriceMark,
} from '../../domain/types';
import { JsonNumber } from './lossless-json';
import type { CheckedBalance, CheckedMarketFrame, CheckedOrder, CheckedPosition } from './codec';
import { nsToMs, uuidV7Millis } from './time';
import type { RoxomAccountNotice, RoxomOrderStatus } from './wire';
import { stableTextId } from '../shared/text-id';

/**
 * Pure wire -> domain mapping for Roxom (docs.roxom.com/reference/websockets/account-updates, docs/venues/roxom.md
 * 000). Inputs are frames the codec has checked (decimals already canonical, times exact bigint ns);
 * outputs pass src/domain/conformance/validators.ts (absent fields omitted). Fills are not here: they
 * are derived from order state over time, in ./fills.ts.
 */

/** Roxom is Bitcoin-denominated: balances are in "btc", PnL and margin in BTC [inference from `unit:"btc"`]. */
export const ROXOM_SETTLE_ASSET = 'BTC';

const STATUS: Record<RoxomOrderStatus, OrderStatus> = {
  pendingsubmit: 'pending',
  waitingtrigger: 'pending',
  submitted: 'open',
  partiallyfilled: 'partially_filled',
  filled: 'filled',
  partiallyfilledcancelled: 'canceled',
  cancelled: 'canceled',
  rejected: 'rejected',
  inactive: 'expired',
  pendingcancel: 'open',
};

export interface StatusResult {
  status: OrderStatus;
  /** Set when the venue's status is not one of the ten documented ones. */
  undocumented?: string;
}

/**
 * The documented table; `pendingcancel` (a cancel in flight) stays `partially_filled` when something
 * already executed. An undocumented status is shown as a non-terminal guess from the quantities
 * (partially_filled once executedQty > 0, else open) and reported: a terminal guess could never be
 * undone (the store never regresses a terminal status).
 */
export function orderStatusOf(status: string, executedQty: string): StatusResult {
  const executed = executedQty !== '0';
  if (Object.prototype.hasOwnProperty.call(STATUS, status)) {
    const mapped = STATUS[status as RoxomOrderStatus];
    return { status: mapped === 'open' && status === 'pendingcancel' && executed ? 'partially_filled' : mapped };
  }
  return { status: executed ? 'partially_filled' : 'open', undocumented: status };
}

/** Canonical decimal text of a value the codec already checked. */
export function canon(value: string): string {
  return normalizeDecimal(value) ?? value;
}

const isZero = (value: string): boolean => value === '0';
const positive = (value: string | undefined): string | undefined =>
  value === undefined || value.startsWith('-') || isZero(value) ? undefined : value;

/** Sets `target[key]` only when `value` is present, so no key ever holds `undefined`. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

// ---- orders --------------------------------------------------------------------------------------

/**
 * An order update -> OrderUpdate (fields the update left out are left out: the store merges).
 * quantity = orderSize, filledQuantity = executedQty (cumulative),
 * averagePrice = avgPx (omitted while 0), price = limitPrice (omitted when 0 or for a market order),
 * createdAt from the UUIDv7 order id, updatedAt from the ns timestamp.
 */
export function normalizeOrder(
  connectionId: string,
  o: CheckedOrder,
): { order: OrderUpdate; undocumentedStatus?: string } {
  const { status, undocumented } = orderStatusOf(o.status, o.executedQty ?? '0');
  const order: OrderUpdate = { connectionId, orderId: o.orderId, status, updatedAt: nsToMs(o.timestamp) };
  put(order, 'symbol', o.symbol);
  put(order, 'side', o.side);
  put(order, 'quantity', o.orderSize);
  put(order, 'filledQuantity', o.executedQty);
  put(order, 'clientOrderId', o.clientOrderId);
  const type = o.orderType?.toLowerCase();
  put(order, 'type', type);
  if (type !== 'market') put(order, 'price', positive(o.limitPrice));
  put(order, 'averagePrice', positive(o.avgPx));
  put(order, 'createdAt', uuidV7Millis(o.orderId));
  return undocumented === undefined ? { order } : { order, undocumentedStatus: undocumented };
}

// ---- positions -----------------------------------------------------------------------------------

/** True when the entry says the position is gone: status closed (any case), or size 0. */
export function isClosedPosition(p: CheckedPosition): boolean {
  return p.status === 'closed' || isZero(p.size);
}

/**
 * An open position -> Position: quantity signed by side (long +, short −), entryPrice = avgEntry,
 * marginMode = tradeMode, settleAsset BTC, updatedAt from `updatedAt` (ns). A liquidation price, mark
 * or entry of 0 means "none" and is omitted; leverage when positive.
 */
export function normalizePosition(connectionId: string, p: CheckedPosition): Position {
  const size = new Decimal(p.size).abs();
  const position: Position = {
    connectionId,
    symbol: p.symbol,
    quantity: decText(p.side === 'short' ? size.negated() : size),
    settleAsset: ROXOM_SETTLE_ASSET,
    updatedAt: nsToMs(p.updatedAt),
  };
  put(position, 'entryPrice', positive(p.avgEntry));
  put(position, 'markPrice', positive(p.markPrice));
  put(position, 'unrealizedPnl', p.unrealizedPnl);
  put(position, 'realizedPnl', p.realizedPnl);
  put(position, 'liquidationPrice', positive(p.liquidationPrice));
  const leverage = p.leverage === undefined ? NaN : Number(p.leverage);
  if (Number.isFinite(leverage) && leverage > 0) position.leverage = leverage;
  put(position, 'marginMode', p.tradeMode?.toLowerCase());
  return position;
}

/**
 * A closed entry -> position-closed. Roxom's closed entry still carries the position's `realizedPnl`
 * (in BTC, the closing fill's PnL included): it is the final figure the store books, since the last
 * open entry showed the realized PnL before the closing fill.
 */
export function normalizeClosedPosition(connectionId: string, p: CheckedPosition): PositionClosedEvent {
  const event: PositionClosedEvent = {
    kind: 'position-closed',
    connectionId,
    symbol: p.symbol,
    time: nsToMs(p.updatedAt),
  };
  if (p.realizedPnl !== undefined) {
    event.realizedPnl = p.realizedPnl;
    event.settleAsset = ROXOM_SETTLE_ASSET;
  }
  return event;
}

// ---- balances ------------------------------------------------------------------------------------

/** A balance update -> Balance: asset = the unit upper-cased ("btc" → "BTC"), total = balanceAfter. */
export function normalizeBalance(connectionId: string, b: CheckedBalance): Balance {
  return { connectionId, asset: b.unit.toUpperCase(), total: b.balanceAfter, updatedAt: nsToMs(b.timestamp) };
}

// ---- account notifications -----------------------------------------------------------------------

const LEVELS: readonly NotificationLevel[] = ['info', 'warning', 'error'];

/**
 * An `account` notice -> Notification [guess: no schema]. Without a venue time the frame's arrival time
 * is used; the id hashes time and text, so a duplicated frame keeps its id.
 */
export function normalizeNotice(connectionId: string, n: RoxomAccountNotice, now: number): Notification {
  const time = n.timestamp === undefined ? now : nsToMs(n.timestamp);
  const stamp = n.timestamp === undefined ? String(now) : n.timestamp.toString();
  const level = n.level === 'warn' ? 'warning' : (LEVELS.find((l) => l === n.level) ?? 'info');
  const message = n.message.trim();
  return {
    connectionId,
    id: `roxom:${stamp}:${stableTextId(message)}`,
    level,
    title: 'Roxom account',
    message: message.length > 500 ? `${message.slice(0, 500)}…` : message,
    time,
  };
}

// ---- market data (not subscribed by the relay; mapped when it arrives) ---------------------------

/** The first of `keys` holding positive decimal text or a number, canonical. */
function priceField(data: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const raw = data[key];
    const source = typeof raw === 'string' ? raw : raw instanceof JsonNumber ? raw.text : undefined;
    const value = source === undefined ? undefined : positive(normalizeDecimal(source) ?? undefined);
    if (value !== undefined) return value;
  }
  return undefined;
}

const LAST_KEYS = ['lastPrice', 'last', 'lastPx', 'price'] as const;
const MARK_KEYS = ['markPrice', 'markPx'] as const;
const BID_KEYS = ['bidPrice', 'bestBid', 'bid', 'bidPx', 'bestBidPrice'] as const;
const ASK_KEYS = ['askPrice', 'bestAsk', 'ask', 'askPx', 'bestAskPrice'] as const;

/**
 * A `ticker` or `level1` frame -> a mark, when its payload has a recognisable price [guess: the docs
 * give no market payloads]. ticker: last price (kind ticker), else mark price (kind mark); level1: best
 * bid / ask (kind book, price = mid). Anything else: undefined (the session counts it as unknown).
 */
export function marketMark(connectionId: string, f: CheckedMarketFrame): PriceMark | undefined {
  const time = nsToMs(f.createdTime);
  if (f.channel === 'ticker') {
    const last = priceField(f.data, LAST_KEYS);
    const mark = priceField(f.data, MARK_KEYS);
    if (last !== undefined) return { connectionId, symbol: f.symbol, kind: 'ticker', price: last, time };
    if (mark !== undefined) return { connectionId, symbol: f.symbol, kind: 'mark', price: mark, time };
    return undefined;
  }
  if (f.channel === 'level1') {
    const bid = priceField(f.data, BID_KEYS);
    const ask = priceField(f.data, ASK_KEYS);
    if (bid === undefined && ask === undefined) return undefined;
    const price = bid !== undefined && ask !== undefined ? decText(new Decimal(bid).plus(ask).div(2)) : (bid ?? ask);
    const mark: PriceMark = { connectionId, symbol: f.symbol, kind: 'book', price: price as string, time };
    put(mark, 'bid', bid);
    put(mark, 'ask', ask);
    return mark;
  }
  return undefined;
}

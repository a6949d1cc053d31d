import { Decimal, decText, normalizeDecimal } from '../../domain/decimal';
import type { AccountSnapshotEvent } from '../../domain/events';
import type {
  AccountSummary,
  Balance,
  Notification,
  Order,
  OrderStatus,
  Position,
  PriceMark,
  Side,
} from '../../domain/types';
import type {
  ZdexBalance,
  ZdexBalanceUpdate,
  ZdexFullState,
  ZdexFuturesAccountUpdate,
  ZdexMarkPrice,
  ZdexNotification,
  ZdexOpenOrder,
  ZdexOrderStatus,
  ZdexOrderbook,
  ZdexPositionUpdate,
  ZdexStatePosition,
  ZdexTicker,
  ZdexTrade,
} from './wire';
import { stableTextId } from '../shared/text-id';

/**
 * Pure wire -> domain mapping for ZDEX (docs.zdex.world/docs/websocket/channels). Inputs are frames the
 * codec has checked; outputs pass src/domain/conformance/validators.ts (absent fields omitted, decimals
 * canonical). Functions that may have nothing valid to say return undefined instead of a half object.
 */

/** Every ZDEX position and balance is margined in USDT (all symbols are *USDT perps; balances show USDT). */
export const ZDEX_SETTLE_ASSET = 'USDT';

const STATUS: Record<ZdexOrderStatus, OrderStatus> = {
  NEW: 'open',
  PARTIALLY_FILLED: 'partially_filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
};

export function orderStatusOf(status: ZdexOrderStatus): OrderStatus {
  return STATUS[status];
}

/** The ZDEX status an open order of ours would carry (used to match `order_update.oldStatus`). */
export function zdexStatusOf(status: OrderStatus): ZdexOrderStatus | undefined {
  return (Object.keys(STATUS) as ZdexOrderStatus[]).find((k) => STATUS[k] === status);
}

export function sideOf(side: 'BUY' | 'SELL'): Side {
  return side === 'BUY' ? 'buy' : 'sell';
}

/** Canonical decimal text of a value the codec already checked. */
export function canon(value: string | number): string {
  return normalizeDecimal(value) ?? String(value);
}

/** Sets `target[key]` only when `value` is present, so no key ever holds `undefined`. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

const nonNegative = (text: string): string | undefined => (text.startsWith('-') ? undefined : text);
const positive = (text: string): string | undefined => (text.startsWith('-') || text === '0' ? undefined : text);

// ---- orders --------------------------------------------------------------------------------------

/** Full-state `openOrders[]` entry -> Order. `time` is the creation time; the frame `ts` the update time. */
export function normalizeOpenOrder(connectionId: string, o: ZdexOpenOrder, ts: number): Order {
  return {
    connectionId,
    orderId: String(o.orderId),
    symbol: o.symbol,
    side: sideOf(o.side),
    type: o.type.toLowerCase(),
    status: orderStatusOf(o.status),
    price: canon(o.price),
    quantity: canon(o.origQty),
    filledQuantity: canon(o.executedQty),
    createdAt: o.time,
    updatedAt: ts,
  };
}

// ---- positions and balances ----------------------------------------------------------------------

/** Full-state position -> Position; undefined when the quantity is zero (closed). */
export function normalizePosition(connectionId: string, p: ZdexStatePosition, ts: number): Position | undefined {
  return mergePosition(connectionId, undefined, p, ts);
}

/**
 * `position_update` (or a full-state position) over the last known state of the same position: the
 * fields it carries replace, the others are kept, except those a quantity change makes stale (entry
 * price, unrealized and realized PnL, liquidation price). Undefined when the quantity is zero (closed).
 */
export function mergePosition(
  connectionId: string,
  last: Position | undefined,
  p: ZdexPositionUpdate | ZdexStatePosition,
  ts: number,
): Position | undefined {
  const quantity = canon(p.quantity);
  if (quantity === '0') return undefined;
  const position: Position = {
    connectionId,
    symbol: p.symbol,
    quantity,
    settleAsset: ZDEX_SETTLE_ASSET,
    updatedAt: ts,
  };
  const kept = last && last.quantity === quantity ? last : undefined;
  const value = (wire: string | undefined, known: string | undefined) => (wire === undefined ? known : canon(wire));
  put(position, 'entryPrice', nonNegativeOf(value(p.avgEntryPrice, kept?.entryPrice)));
  put(position, 'markPrice', nonNegativeOf(value(p.markPrice, last?.markPrice)));
  put(position, 'unrealizedPnl', value(p.unrealizedPnl, kept?.unrealizedPnl));
  put(position, 'realizedPnl', value(p.realizedPnl, kept?.realizedPnl));
  put(position, 'fundingFee', value(p.fundingFee, last?.fundingFee));
  put(position, 'liquidationPrice', nonNegativeOf(value(p.liquidationPrice, kept?.liquidationPrice)));
  const leverage = p.leverage ?? last?.leverage;
  if (leverage !== undefined && leverage > 0) position.leverage = leverage;
  const marginMode = p.marginMode ?? last?.marginMode;
  if (marginMode !== undefined && marginMode.length > 0) position.marginMode = marginMode;
  return position;
}

const nonNegativeOf = (text: string | undefined) => (text === undefined ? undefined : nonNegative(text));

/** Full-state balance: total = walletBalance, free = availableBalance, locked = wallet - available (>= 0). */
export function normalizeBalance(connectionId: string, b: ZdexBalance, ts: number): Balance {
  const total = new Decimal(b.walletBalance);
  const locked = Decimal.max(0, total.minus(b.availableBalance));
  return {
    connectionId,
    asset: b.asset,
    total: decText(total),
    free: canon(b.availableBalance),
    locked: decText(locked),
    updatedAt: ts,
  };
}

/**
 * `balance_update` over the last known balance of the asset: `data.symbol` is the asset ("USDT"); `type`
 * ("Futures") names the wallet. A figure the update lacks keeps its known value; undefined while the
 * total is unknown.
 */
export function mergeBalanceUpdate(
  connectionId: string,
  last: Balance | undefined,
  b: ZdexBalanceUpdate,
  ts: number,
): Balance | undefined {
  const total = b.total === undefined ? last?.total : canon(b.total);
  if (total === undefined) return undefined;
  const balance: Balance = { connectionId, asset: b.symbol, total, updatedAt: ts };
  put(balance, 'free', b.free === undefined ? last?.free : canon(b.free));
  put(balance, 'locked', b.locked === undefined ? last?.locked : canon(b.locked));
  return balance;
}

/**
 * `futures_account_update` over the last summary. It sends JSON numbers, not strings
 * (docs/venues/zdex.md); normalizeDecimal reads a number's shortest round-trip text, so 18475.75 stays
 * "18475.75" (never 18475.749999...). A figure the update lacks keeps its known value.
 */
export function mergeFuturesAccount(
  connectionId: string,
  last: AccountSummary | undefined,
  f: ZdexFuturesAccountUpdate,
  ts: number,
): AccountSummary {
  const summary: AccountSummary = { ...last, connectionId, asset: ZDEX_SETTLE_ASSET, updatedAt: ts };
  const set = (key: keyof AccountSummary & keyof typeof FUTURES_FIELDS) => {
    const value = f[FUTURES_FIELDS[key]];
    if (value !== undefined) summary[key] = canon(value);
  };
  for (const key of Object.keys(FUTURES_FIELDS) as (keyof typeof FUTURES_FIELDS)[]) set(key);
  return summary;
}

const FUTURES_FIELDS = {
  equity: 'accountEquity',
  balance: 'balance',
  availableBalance: 'availableBalance',
  unrealizedPnl: 'unrealizedPnL',
  maintenanceMargin: 'maintenanceMargin',
  marginRatio: 'marginRatio',
} as const satisfies Partial<Record<keyof AccountSummary, keyof ZdexFuturesAccountUpdate>>;

/**
 * A full state -> one account-snapshot (positions and balances replace what is known; open orders are
 * merged). Vanished orders are resolved separately by the account tracker.
 */
export function normalizeFullState(connectionId: string, state: ZdexFullState, ts: number): AccountSnapshotEvent {
  const positions: Position[] = [];
  for (const p of state.positions) {
    const position = normalizePosition(connectionId, p, ts);
    if (position) positions.push(position);
  }
  return {
    kind: 'account-snapshot',
    connectionId,
    time: ts,
    scope: { orders: true, positions: true, balances: true },
    openOrders: state.openOrders.map((o) => normalizeOpenOrder(connectionId, o, ts)),
    positions,
    balances: state.balances.map((b) => normalizeBalance(connectionId, b, ts)),
  };
}

// ---- marks ---------------------------------------------------------------------------------------

export function tickerMark(connectionId: string, symbol: string, t: ZdexTicker, ts: number): PriceMark | undefined {
  const price = positive(canon(t.lastPrice));
  return price === undefined ? undefined : { connectionId, symbol, kind: 'ticker', price, time: ts };
}

export function markPriceMark(
  connectionId: string,
  symbol: string,
  m: ZdexMarkPrice,
  ts: number,
): PriceMark | undefined {
  const price = positive(canon(m.markPrice));
  if (price === undefined) return undefined;
  const mark: PriceMark = { connectionId, symbol, kind: 'mark', price, fundingRate: canon(m.fundingRate), time: ts };
  put(mark, 'indexPrice', nonNegative(canon(m.indexPrice)));
  return mark;
}

/** The newest trade of a `trades` frame (latest `time`, then highest `id`). */
export function tradeMark(
  connectionId: string,
  symbol: string,
  trades: readonly ZdexTrade[],
  ts: number,
): PriceMark | undefined {
  let newest: ZdexTrade | undefined;
  for (const t of trades) {
    if (!newest || t.time > newest.time || (t.time === newest.time && t.id > newest.id)) newest = t;
  }
  const price = newest && positive(canon(newest.price));
  return price === undefined ? undefined : { connectionId, symbol, kind: 'trade', price, time: ts };
}

/**
 * Best bid / best ask of a book snapshot; `price` is the mid (or the one side present). The levels are
 * scanned rather than trusting their order; floats only pick the level, the figures stay exact text.
 */
export function bookMark(connectionId: string, symbol: string, book: ZdexOrderbook, ts: number): PriceMark | undefined {
  const best = (levels: readonly [string, string][], sign: 1 | -1): Decimal | undefined => {
    let top: string | undefined;
    let topValue = 0;
    for (const [price, qty] of levels) {
      const value = Number(price);
      if (!(value > 0) || !(Number(qty) > 0)) continue;
      if (top === undefined || sign * (value - topValue) > 0) {
        top = price;
        topValue = value;
      }
    }
    return top === undefined ? undefined : new Decimal(top);
  };
  const bid = best(book.bids, 1);
  const ask = best(book.asks, -1);
  const price = bid && ask ? bid.plus(ask).div(2) : (bid ?? ask);
  if (!price) return undefined;
  const mark: PriceMark = { connectionId, symbol, kind: 'book', price: decText(price), time: ts };
  if (bid) mark.bid = decText(bid);
  if (ask) mark.ask = decText(ask);
  return mark;
}

// ---- notifications -------------------------------------------------------------------------------

export function normalizeNotification(connectionId: string, n: ZdexNotification, ts: number): Notification {
  const notification: Notification = {
    connectionId,
    id: n.id ?? `${ts}-${stableTextId(`${ts}|${n.title}`)}`,
    level: n.level ?? 'info',
    title: n.title,
    time: ts,
  };
  put(notification, 'message', n.message);
  return notification;
}

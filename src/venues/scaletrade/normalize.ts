import { Decimal, decText } from '../../domain/decimal';
import type {
  AccountSummary,
  Balance,
  Fill,
  Notification,
  NotificationLevel,
  Order,
  OrderStatus,
  Position,
  PriceMark,
  Side,
} from '../../domain/types';
import type { AccountBalance, Notice, PriceAlert, Quote, Ticket } from './codec';
import {
  ALERT_SIDE,
  ALERT_STATUS,
  NOTIFICATION_ERROR_THRESHOLD,
  NOTIFICATION_LEVEL,
  NOTIFICATION_WARNING_THRESHOLD,
  TRADE_CMD,
  VOLUME_PER_LOT,
} from './wire';

/**
 * Pure wire -> domain mapping for ScaleTrade (scaletrade.com/client-api/ws/ = seed 003; layouts and
 * keys in docs/venues/scaletrade.md). Inputs are records the codec has checked (decimals canonical, times in ms);
 * outputs pass src/domain/conformance/validators.ts (absent fields omitted). Functions that may have
 * nothing valid to say return undefined instead of a half object.
 */

/** Decimal places kept for a computed (volume-weighted) entry price. */
const ENTRY_DECIMALS = 10;
/** Decimal places kept for the margin ratio derived from margin_level. */
const RATIO_DECIMALS = 8;

const isPositive = (text: string): boolean => !text.startsWith('-') && text !== '0';

/** Sets `target[key]` only when `value` is present, so no key ever holds `undefined`. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

// ---- tickets: cmd, volume ---------------------------------------------------------------------------

/** cmd 0 BUY / 1 SELL: a market ticket (documented). */
export function isMarketCmd(cmd: number): boolean {
  return cmd === TRADE_CMD.BUY || cmd === TRADE_CMD.SELL;
}

/** cmd 2–5: a pending order [guess, MT4 style]. */
export function isPendingCmd(cmd: number): boolean {
  return cmd >= TRADE_CMD.BUY_LIMIT && cmd <= TRADE_CMD.SELL_STOP;
}

/** The side of a ticket: BUY, BUY_LIMIT, BUY_STOP buy; the rest sell. Undefined for other cmds. */
export function sideOfCmd(cmd: number): Side | undefined {
  if (cmd === TRADE_CMD.BUY || cmd === TRADE_CMD.BUY_LIMIT || cmd === TRADE_CMD.BUY_STOP) return 'buy';
  if (cmd === TRADE_CMD.SELL || cmd === TRADE_CMD.SELL_LIMIT || cmd === TRADE_CMD.SELL_STOP) return 'sell';
  return undefined;
}

/** The market cmd a pending order becomes when it activates (BUY_LIMIT -> BUY ...). */
export function marketCmdOf(cmd: number): number {
  return sideOfCmd(cmd) === 'sell' ? TRADE_CMD.SELL : TRADE_CMD.BUY;
}

export function orderTypeOf(cmd: number): 'limit' | 'stop' | 'market' {
  if (cmd === TRADE_CMD.BUY_LIMIT || cmd === TRADE_CMD.SELL_LIMIT) return 'limit';
  if (cmd === TRADE_CMD.BUY_STOP || cmd === TRADE_CMD.SELL_STOP) return 'stop';
  return 'market';
}

/** `volume` is an int in minimal lots: lots = volume / 100 [guess, MT4 style]. */
export function lotsOf(volume: number): string {
  return decText(new Decimal(volume).div(VOLUME_PER_LOT));
}

/**
 * What closing a ticket realizes: its `profit`, gross (the price move only). Commission is the fills'
 * fee and storage (swap) is funding; both are shown apart, so neither is folded in here (the summary
 * would count them twice).
 */
export function realizedOf(t: Ticket): string {
  return decText(new Decimal(t.profit));
}

/** What the tickets closed during a position's life contributed: gross realized PnL and storage. */
export interface ClosedTickets {
  realized: string;
  storage: string;
}

export const NO_CLOSED_TICKETS: ClosedTickets = { realized: '0', storage: '0' };

// ---- orders and fills ------------------------------------------------------------------------------

/** A pending ticket (cmd 2–5) -> Order. orderId = the ticket; price = open_price; quantity in lots. */
export function pendingOrder(connectionId: string, t: Ticket, status: OrderStatus, ts: number): Order {
  const order: Order = {
    connectionId,
    orderId: String(t.order),
    symbol: t.symbol,
    type: orderTypeOf(t.cmd),
    status,
    quantity: lotsOf(t.volume),
    filledQuantity: '0',
    updatedAt: ts,
  };
  put(order, 'side', sideOfCmd(t.cmd));
  if (isPositive(t.openPrice)) order.price = t.openPrice;
  put(order, 'createdAt', t.openTime);
  return order;
}

/**
 * A pending order that became a market ticket: filled at the ticket's open price. The market ticket's
 * volume is what filled (the venue's figure); the order's quantity is never below it, whatever the
 * pending ticket last showed.
 */
export function activatedOrder(connectionId: string, pending: Ticket | undefined, market: Ticket, ts: number): Order {
  const source = pending ?? market;
  const order: Order = {
    connectionId,
    orderId: String(market.order),
    symbol: market.symbol,
    status: 'filled',
    quantity: lotsOf(Math.max(source.volume, market.volume)),
    filledQuantity: lotsOf(market.volume),
    updatedAt: ts,
  };
  put(order, 'side', sideOfCmd(source.cmd));
  if (pending) order.type = orderTypeOf(pending.cmd);
  else if (isPendingCmd(market.cmd)) order.type = orderTypeOf(market.cmd);
  if (pending && isPositive(pending.openPrice)) order.price = pending.openPrice;
  if (isPositive(market.openPrice)) order.averagePrice = market.openPrice;
  put(order, 'createdAt', source.openTime);
  return order;
}

export const openFillId = (order: number): string => `${order}:open`;
export const closeFillId = (order: number): string => `${order}:close`;

/**
 * A market ticket opening -> fill `${order}:open` at open_price, open_time. The fee is the
 * commission as a charge (ScaleTrade reports commission as a signed PnL amount, negative = paid [guess,
 * MT style], so fee = -commission), in the account currency; omitted when zero. Undefined when the
 * ticket has no price or volume.
 */
export function openFill(connectionId: string, t: Ticket, currency: string, fallbackTime: number): Fill | undefined {
  const side = sideOfCmd(t.cmd);
  if (side === undefined || !isPositive(t.openPrice) || t.volume <= 0) return undefined;
  const fill: Fill = {
    connectionId,
    fillId: openFillId(t.order),
    orderId: String(t.order),
    symbol: t.symbol,
    side,
    price: t.openPrice,
    quantity: lotsOf(t.volume),
    time: t.openTime ?? fallbackTime,
  };
  if (t.commission !== '0') {
    fill.fee = decText(new Decimal(t.commission).neg());
    fill.feeAsset = currency;
  }
  return fill;
}

/**
 * A market ticket closing -> fill `${order}:close`: the opposite side at close_price, close_time. A
 * ticket's commission is cumulative, so the close's fee is what was charged since the open fill:
 * `openCommission` (the commission the open fill was derived with) - the closing commission, omitted
 * when zero or when the open commission is unknown.
 */
export function closeFill(
  connectionId: string,
  t: Ticket,
  currency: string,
  fallbackTime: number,
  openCommission?: string,
): Fill | undefined {
  const side = sideOfCmd(t.cmd);
  if (side === undefined || !isPositive(t.closePrice) || t.volume <= 0) return undefined;
  const fill: Fill = {
    connectionId,
    fillId: closeFillId(t.order),
    orderId: String(t.order),
    symbol: t.symbol,
    side: side === 'buy' ? 'sell' : 'buy',
    price: t.closePrice,
    quantity: lotsOf(t.volume),
    time: t.closeTime ?? fallbackTime,
  };
  const fee = openCommission === undefined ? '0' : decText(new Decimal(openCommission).minus(t.commission));
  if (fee !== '0') {
    fill.fee = fee;
    fill.feeAsset = currency;
  }
  return fill;
}

// ---- positions -------------------------------------------------------------------------------------

/**
 * The open market tickets of one symbol -> one Position. Quantity = net signed lots (buy +, sell -);
 * entry = the volume-weighted open price of the net position (sum of signed lots x price / net lots,
 * which is the plain weighted average when all tickets are on one side; omitted if not positive);
 * unrealizedPnl = the sum of the venue-reported ticket profits; fundingFee = the storage (swap, signed
 * as the venue sends it) of the open tickets plus that of the tickets closed during this position's
 * life; realizedPnl = the gross profit of those closed tickets (commission is the fills' fee).
 * Undefined when the net quantity is zero (flat or hedged to zero).
 */
export function aggregatePosition(
  connectionId: string,
  symbol: string,
  tickets: readonly Ticket[],
  closed: ClosedTickets,
  currency: string,
  ts: number,
): Position | undefined {
  let net = new Decimal(0);
  let notional = new Decimal(0);
  let profit = new Decimal(0);
  let storage = new Decimal(closed.storage);
  for (const t of tickets) {
    const lots = new Decimal(t.volume).div(VOLUME_PER_LOT);
    const signed = sideOfCmd(t.cmd) === 'sell' ? lots.neg() : lots;
    net = net.plus(signed);
    notional = notional.plus(signed.times(t.openPrice));
    profit = profit.plus(t.profit);
    storage = storage.plus(t.storage);
  }
  if (net.isZero()) return undefined;
  const position: Position = { connectionId, symbol, quantity: decText(net), settleAsset: currency, updatedAt: ts };
  const entry = notional.div(net).toDecimalPlaces(ENTRY_DECIMALS, Decimal.ROUND_HALF_UP);
  if (entry.isPositive() && !entry.isZero()) position.entryPrice = decText(entry);
  position.unrealizedPnl = decText(profit);
  position.realizedPnl = closed.realized;
  position.fundingFee = decText(storage);
  return position;
}

// ---- balance -------------------------------------------------------------------------------------

/**
 * `b` -> AccountSummary in the configured currency. marginRatio = margin / equity as a fraction, from
 * margin_level (equity / margin in percent [guess, MT style]): 100 / margin_level, rounded to 8 dp; "0"
 * when no margin is used; omitted when margin is used but the level is 0.
 */
export function accountSummary(connectionId: string, b: AccountBalance, currency: string, ts: number): AccountSummary {
  const summary: AccountSummary = {
    connectionId,
    asset: currency,
    equity: b.equity,
    balance: b.balance,
    availableBalance: b.marginFree,
    unrealizedPnl: b.profit,
    updatedAt: ts,
  };
  put(summary, 'marginRatio', marginRatioOf(b));
  return summary;
}

export function marginRatioOf(b: AccountBalance): string | undefined {
  if (b.margin === '0') return '0';
  const level = new Decimal(b.marginLevel);
  if (!level.isPositive() || level.isZero()) return undefined;
  return decText(new Decimal(100).div(level).toDecimalPlaces(RATIO_DECIMALS, Decimal.ROUND_HALF_UP));
}

/** `b` -> the currency Balance: total = balance, free = margin_free, locked = margin. */
export function currencyBalance(connectionId: string, b: AccountBalance, currency: string, ts: number): Balance {
  return { connectionId, asset: currency, total: b.balance, free: b.marginFree, locked: b.margin, updatedAt: ts };
}

// ---- marks -----------------------------------------------------------------------------------------

/** `t` -> a `book` mark: bid, ask, price = mid (or the one positive side). Time = ctm, else `now`. */
export function quoteMark(connectionId: string, q: Quote, now: number): PriceMark | undefined {
  const bid = isPositive(q.bid) ? q.bid : undefined;
  const ask = isPositive(q.ask) ? q.ask : undefined;
  const price = bid && ask ? decText(new Decimal(bid).plus(ask).div(2)) : (bid ?? ask);
  if (price === undefined) return undefined;
  const mark: PriceMark = { connectionId, symbol: q.symbol, kind: 'book', price, time: q.time ?? now };
  put(mark, 'bid', bid);
  put(mark, 'ask', ask);
  return mark;
}

// ---- notifications ---------------------------------------------------------------------------------

const ALERT_STATUS_NAMES: Record<number, string> = {
  [ALERT_STATUS.ACTIVE]: 'active',
  [ALERT_STATUS.TRIGGERED]: 'triggered',
  [ALERT_STATUS.PAUSED]: 'paused',
  [ALERT_STATUS.CANCELLED]: 'cancelled',
  [ALERT_STATUS.EXPIRED]: 'expired',
};

export function alertStatusName(status: number): string {
  return ALERT_STATUS_NAMES[status] ?? `status ${status}`;
}

/**
 * `a` -> Notification. Keyed by (id, triggered_at) as docs/venues/scaletrade.md says: `alert:${id}:${triggeredAt}` for
 * a trigger; other statuses add the status name, so pausing or cancelling an alert is not mistaken for
 * a repeat of its last trigger. Level warning when triggered, info otherwise. The condition codes
 * (0–11) are undocumented, so the title names the target but not the comparison:
 * "Price alert eurusd 1.085 triggered at 1.0851".
 */
export function alertNotification(connectionId: string, a: PriceAlert, now: number): Notification {
  const triggered = a.status === ALERT_STATUS.TRIGGERED;
  const statusName = alertStatusName(a.status);
  const key = `alert:${a.id}:${a.triggeredAt ?? 0}`;
  const outcome = triggered
    ? `triggered${a.triggeredPrice !== undefined ? ` at ${a.triggeredPrice}` : ''}`
    : statusName;
  const notification: Notification = {
    connectionId,
    id: triggered ? key : `${key}:${statusName.replace(/\s+/g, '-')}`,
    level: triggered ? 'warning' : 'info',
    title: `Price alert ${a.symbol}${alertTarget(a)} ${outcome}`,
    time: (triggered ? a.triggeredAt : undefined) ?? now,
  };
  const message = [a.message.trim(), a.indicatorName.trim()].filter((s) => s.length > 0);
  if (message.length > 0) notification.message = message[0] ?? '';
  return notification;
}

/** " 1.085 (ask)", " 1.08–1.09", " move 0.005", or "" when the alert names no level. */
function alertTarget(a: PriceAlert): string {
  const side = a.side === ALERT_SIDE.ASK ? ' (ask)' : a.side === ALERT_SIDE.BID ? ' (bid)' : '';
  if (a.targetPrice !== undefined && isPositive(a.targetPrice)) return ` ${a.targetPrice}${side}`;
  if (a.channelLow !== undefined && a.channelHigh !== undefined && isPositive(a.channelHigh))
    return ` ${a.channelLow}–${a.channelHigh}${side}`;
  if (a.moveThreshold !== undefined && isPositive(a.moveThreshold)) return ` move ${a.moveThreshold}${side}`;
  return side;
}

/**
 * 40-59 error, 30-39 warning, else info: NEWS (60) is an announcement, not an alarm [guess: 10 INFO
 * and 60 NEWS are the only names documented].
 */
export function noticeLevel(level: number): NotificationLevel {
  if (level >= NOTIFICATION_LEVEL.NEWS) return 'info';
  if (level >= NOTIFICATION_ERROR_THRESHOLD) return 'error';
  if (level >= NOTIFICATION_WARNING_THRESHOLD) return 'warning';
  return 'info';
}

/** `n` -> Notification keyed by its token: title = message (or description), message = description. */
export function noticeNotification(connectionId: string, n: Notice, now: number): Notification {
  const message = n.message.trim();
  const description = n.description.trim();
  const notification: Notification = {
    connectionId,
    id: `notice:${n.token}`,
    level: noticeLevel(n.level),
    title: message || description || 'ScaleTrade notification',
    time: n.createTime ?? now,
  };
  if (message.length > 0 && description.length > 0) notification.message = description;
  return notification;
}

import { compareText, normalizeDecimal } from '../../domain/decimal';
import type { Fill, OrderStatus, OrderUpdate, PriceMark } from '../../domain/types';
import type { CheckedExecution, CheckedOrder, CheckedTicker } from './codec';

/**
 * Pure wire -> domain mapping for CoinSwitch PRO HFT (api-trading.coinswitch.co/hft/sockets/private,
 * Bybit V5 payloads). Inputs are payloads the codec has checked; outputs pass
 * src/domain/conformance/validators.ts (absent fields omitted, decimals canonical). Functions that
 * have nothing valid to say return undefined instead of a half object. These subjects carry no
 * positions and no balances: nothing here invents either.
 */

/** Canonical decimal text of a value the codec already checked ("" stays ""). */
export function canon(value: string): string {
  return value === '' ? '' : (normalizeDecimal(value) ?? value);
}

const isPositive = (value: string): boolean => value !== '' && !value.startsWith('-') && !/^0(?:\.0*)?$/.test(value);

/**
 * The quote (settlement) asset of a linear contract: "USDT" from "BTCUSDT". Linear contracts settle
 * in their quote, and Bybit charges `execFee` in the settlement asset, so this is the fill's fee
 * asset. Known quotes only (USDT, USDC, INR, USD); anything else is undefined (omitted, never guessed).
 */
export const QUOTE_ASSETS = ['USDT', 'USDC', 'INR', 'USD'] as const;
export function quoteAssetOf(symbol: string): string | undefined {
  const bare = symbol.replace(/[-_/]/g, '').toUpperCase();
  return QUOTE_ASSETS.find((quote) => bare.length > quote.length && bare.endsWith(quote));
}

// ---- order status ----------------------------------------------------------------------------------

/**
 * Bybit V5 order statuses (Get Orders (Realtime) `orderStatus`, which the seed says `o` mirrors).
 * `Triggered` is Bybit's instant between `Untriggered` and `New` for a conditional order: open.
 */
const STATUS: Record<string, OrderStatus> = {
  New: 'open',
  PartiallyFilled: 'partially_filled',
  Filled: 'filled',
  Cancelled: 'canceled',
  PartiallyFilledCanceled: 'canceled',
  Rejected: 'rejected',
  Deactivated: 'expired',
  Expired: 'expired',
  Untriggered: 'pending',
  Triggered: 'open',
};

export interface StatusMapping {
  status: OrderStatus;
  /** The venue sent a status Bybit does not document; `status` is the nearest guess. */
  undocumented: boolean;
}

/** Maps an order's status; an undocumented one is mapped by its name, then by its quantities. */
export function orderStatusOf(orderStatus: string, quantity: string, filled: string): StatusMapping {
  const known = STATUS[orderStatus];
  if (known !== undefined) return { status: known, undocumented: false };
  const name = orderStatus.toLowerCase();
  const somethingFilled = isPositive(filled);
  let status: OrderStatus;
  if (name.includes('reject')) status = 'rejected';
  else if (name.includes('expire') || name.includes('deactivat')) status = 'expired';
  else if (name.includes('cancel')) status = 'canceled';
  else if (name.includes('partial')) status = 'partially_filled';
  else if (name.includes('fill'))
    status = somethingFilled && filled === quantity ? 'filled' : somethingFilled ? 'partially_filled' : 'open';
  else if (name.includes('trigger') || name.includes('pend')) status = 'pending';
  else status = somethingFilled ? 'partially_filled' : 'open';
  return { status, undocumented: true };
}

// ---- orders ----------------------------------------------------------------------------------------

export interface NormalizedOrder {
  order: OrderUpdate;
  /** Set when the status was not a documented one (for diagnostics). */
  undocumentedStatus?: string;
  /** `cumExecQty` above the order's quantity: `filledQuantity` was capped at the quantity. */
  overfilled?: { reported: string; quantity: string };
}

/**
 * A Bybit V5 order -> OrderUpdate, with only the fields the update carries (the store merges it over
 * what is known): `orderLinkId` is the client order id (omitted when ""), `qty` the original quantity,
 * `cumExecQty` the filled quantity, `avgPrice` the average price (omitted while "0" or ""), `price`
 * omitted when not positive, `updatedAt` = `updatedTime`.
 *
 * The venue's cumulative `cumExecQty` is the filled quantity, but never more than the order's quantity
 * (`qty`, or `knownQuantity` from an earlier update when this one carries none): a larger figure is
 * capped and reported in `overfilled`.
 */
export function normalizeOrder(connectionId: string, o: CheckedOrder, knownQuantity?: string): NormalizedOrder {
  const quantity = o.qty === undefined ? undefined : canon(o.qty);
  const reported = o.cumExecQty === undefined ? undefined : canon(o.cumExecQty);
  const cap = quantity ?? knownQuantity;
  const overfilled =
    reported !== undefined && cap !== undefined && isPositive(cap) && compareText(reported, cap) > 0
      ? { reported, quantity: cap }
      : undefined;
  const filled = overfilled ? overfilled.quantity : reported;
  const order: OrderUpdate = { connectionId, orderId: o.orderId, updatedAt: Number(o.updatedTime) };
  if (o.symbol !== undefined) order.symbol = o.symbol;
  if (o.side !== undefined) order.side = o.side === 'Buy' ? 'buy' : 'sell';
  if (o.orderType !== undefined) order.type = o.orderType.toLowerCase();
  const mapping = o.orderStatus === undefined ? undefined : orderStatusOf(o.orderStatus, cap ?? '', filled ?? '');
  if (mapping !== undefined) order.status = mapping.status;
  if (quantity !== undefined) order.quantity = quantity;
  if (filled !== undefined) order.filledQuantity = filled;
  if (o.orderLinkId !== undefined && o.orderLinkId !== '') order.clientOrderId = o.orderLinkId;
  if (o.price !== undefined && isPositive(canon(o.price))) order.price = canon(o.price);
  if (o.avgPrice !== undefined && isPositive(canon(o.avgPrice))) order.averagePrice = canon(o.avgPrice);
  if (o.createdTime !== undefined) order.createdAt = Number(o.createdTime);
  const normalized: NormalizedOrder = { order };
  if (mapping?.undocumented === true && o.orderStatus !== undefined) normalized.undocumentedStatus = o.orderStatus;
  if (overfilled) normalized.overfilled = overfilled;
  return normalized;
}

// ---- fills -----------------------------------------------------------------------------------------

/**
 * Exec types that are executions of the account's orders or position, hence fills: `Trade`, and the
 * forced ones `BustTrade` (liquidation) and `AdlTrade` (auto-deleveraging), which change the position
 * exactly like a trade. `Funding` (a periodic payment at the mark price, no trade) and `Settle`
 * (delivery) are not fills: the session skips them and says so in diagnostics.
 */
export const FILL_EXEC_TYPES: ReadonlySet<string> = new Set(['Trade', 'BustTrade', 'AdlTrade']);

/**
 * One execution -> one Fill: `fillId` = `execId` (the docs' primary key), side, price `execPrice`,
 * quantity `execQty`, fee `execFee` (negative = rebate) in the contract's quote asset (linear
 * contracts only), liquidity from `isMaker` (when sent), time `execTime`, `orderId` when not "". Undefined when
 * the price or the quantity is not positive (a fill must have both).
 */
export function normalizeFill(connectionId: string, e: CheckedExecution): Fill | undefined {
  const price = canon(e.execPrice);
  const quantity = canon(e.execQty);
  if (!isPositive(price) || !isPositive(quantity)) return undefined;
  const fill: Fill = {
    connectionId,
    fillId: e.execId,
    symbol: e.symbol,
    side: e.side === 'Buy' ? 'buy' : 'sell',
    price,
    quantity,
    time: Number(e.execTime),
  };
  if (e.isMaker !== undefined) fill.liquidity = e.isMaker ? 'maker' : 'taker';
  if (e.orderId !== undefined && e.orderId !== '') fill.orderId = e.orderId;
  if (e.execFee !== undefined) {
    fill.fee = canon(e.execFee);
    const feeAsset = e.category === undefined || e.category === 'linear' ? quoteAssetOf(e.symbol) : undefined;
    if (feeAsset !== undefined) fill.feeAsset = feeAsset;
  }
  return fill;
}

// ---- marks -----------------------------------------------------------------------------------------

/**
 * [guess: the ticker payload was not captured] A ticker -> a `ticker` mark: `price` is `lastPrice`
 * (or `markPrice` when no last price is sent), with the best bid/ask, the index price and the funding
 * rate when present. Undefined when there is no positive price.
 */
export function tickerMark(connectionId: string, t: CheckedTicker, time: number): PriceMark | undefined {
  const last = t.lastPrice === undefined ? '' : canon(t.lastPrice);
  const markPrice = t.markPrice === undefined ? '' : canon(t.markPrice);
  const price = isPositive(last) ? last : isPositive(markPrice) ? markPrice : undefined;
  if (price === undefined) return undefined;
  const mark: PriceMark = { connectionId, symbol: t.symbol, kind: 'ticker', price, time };
  const bid = t.bid1Price === undefined ? '' : canon(t.bid1Price);
  const ask = t.ask1Price === undefined ? '' : canon(t.ask1Price);
  const index = t.indexPrice === undefined ? '' : canon(t.indexPrice);
  if (isPositive(bid)) mark.bid = bid;
  if (isPositive(ask)) mark.ask = ask;
  if (isPositive(index)) mark.indexPrice = index;
  if (t.fundingRate !== undefined && t.fundingRate !== '') mark.fundingRate = canon(t.fundingRate);
  return mark;
}

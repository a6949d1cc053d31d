import type { AccountEvent } from './events';
import type { Market } from './market';
import type { Prng } from './prng';
import type { AccountState, OrderState, PositionState } from './state';
import type { FillRecord, FundingRecord, Liquidity, OrderStatus, Side } from './records';
import { applyFill } from './position';
import { balanceView, orderRecord, positionView } from './views';
import { type Num, ZERO, floorToStep, round8, text } from './num';

export interface IdSource {
  orderId(): string;
  fillId(): string;
  positionId(): string;
}

export interface FeeRates {
  maker: Num;
  taker: Num;
}

/**
 * One simulated account: orders, fills, positions and a USDT wallet. Every change is atomic and
 * reported as AccountEvents ending with `accountSettled` (see events.ts for the order).
 * Wallet arithmetic is exact: wallet = initial + realized - fees + funding, always.
 */
export class Account implements AccountState {
  wallet: Num;
  realizedTotal: Num = ZERO;
  feesTotal: Num = ZERO;
  fundingTotal: Num = ZERO;
  readonly orders = new Map<string, OrderState>();
  readonly openOrders = new Map<string, OrderState>();
  readonly positions = new Map<string, PositionState>();
  readonly fills: FillRecord[] = [];
  readonly fundingPayments: FundingRecord[] = [];

  constructor(
    readonly id: string,
    readonly initialBalance: Num,
    private readonly market: Market,
    private readonly ids: IdSource,
    private readonly fees: FeeRates,
    private readonly emit: (event: AccountEvent) => void,
  ) {
    this.wallet = initialBalance;
  }

  placeLimit(symbol: string, side: Side, price: Num, quantity: Num, now: number): OrderState {
    const order = this.newOrder(symbol, side, 'limit', price, quantity, now);
    this.openOrders.set(order.orderId, order);
    this.emit({ type: 'orderPlaced', accountId: this.id, time: now, order: orderRecord(order) });
    this.settle(symbol, now);
    return order;
  }

  /** A market order fills at once, in full, as taker at the last price. */
  placeMarket(symbol: string, side: Side, quantity: Num, now: number): OrderState {
    const order = this.newOrder(symbol, side, 'market', null, quantity, now);
    this.emit({ type: 'orderPlaced', accountId: this.id, time: now, order: orderRecord(order) });
    this.execute(order, this.market.get(symbol).last, quantity, 'taker', now);
    return order;
  }

  cancel(orderId: string, now: number): boolean {
    const order = this.openOrders.get(orderId);
    if (!order) return false;
    const previousStatus = order.status;
    order.status = 'canceled';
    order.updatedAt = now;
    this.openOrders.delete(orderId);
    this.emit({ type: 'orderCanceled', accountId: this.id, time: now, order: orderRecord(order), previousStatus });
    this.settle(order.symbol, now);
    return true;
  }

  /**
   * Fill resting limit orders the last price has reached, as maker at their limit price. An order
   * fills in full or in part (at most one fill per order per price step).
   */
  matchRestingOrders(now: number, rng: Prng): void {
    for (const order of [...this.openOrders.values()]) {
      if (!order.price) continue;
      const { last, instrument } = this.market.get(order.symbol);
      const crossed = order.side === 'buy' ? last.lte(order.price) : last.gte(order.price);
      if (!crossed) continue;
      const remaining = order.quantity.minus(order.filled);
      let qty = remaining;
      if (rng.chance(0.5)) {
        const part = floorToStep(remaining.mul(0.2 + 0.6 * rng.next()), instrument.qtyStep);
        if (part.gt(0)) qty = part;
      }
      this.execute(order, order.price, qty, 'maker', now);
    }
  }

  /** Settle funding on every open position: longs pay a positive rate, shorts receive it. */
  applyFunding(now: number): void {
    for (const position of [...this.positions.values()]) {
      const s = this.market.get(position.symbol);
      const amount = round8(position.quantity.mul(s.mark).mul(s.fundingRate).neg());
      position.fundingFee = position.fundingFee.plus(amount);
      this.wallet = this.wallet.plus(amount);
      this.fundingTotal = this.fundingTotal.plus(amount);
      const payment: FundingRecord = {
        symbol: position.symbol,
        rate: text(s.fundingRate),
        markPrice: text(s.mark),
        positionQuantity: text(position.quantity),
        amount: text(amount),
        time: now,
      };
      this.fundingPayments.push(payment);
      this.emit({ type: 'funding', accountId: this.id, time: now, payment });
      this.emitPosition(position.symbol, position.positionId, position, 'funding', now);
      this.settle(position.symbol, now);
    }
  }

  private newOrder(
    symbol: string,
    side: Side,
    type: 'limit' | 'market',
    price: Num | null,
    quantity: Num,
    now: number,
  ): OrderState {
    const order: OrderState = {
      orderId: this.ids.orderId(),
      symbol,
      side,
      type,
      status: 'open',
      price,
      quantity,
      filled: ZERO,
      filledNotional: ZERO,
      createdAt: now,
      updatedAt: now,
    };
    this.orders.set(order.orderId, order);
    return order;
  }

  private execute(order: OrderState, price: Num, qty: Num, liquidity: Liquidity, now: number): void {
    const fee = round8(price.mul(qty).mul(liquidity === 'maker' ? this.fees.maker : this.fees.taker));
    const current = this.positions.get(order.symbol);
    const outcome = applyFill(current ?? { quantity: ZERO, avgEntry: ZERO }, order.side, price, qty);

    this.wallet = this.wallet.plus(outcome.realized).minus(fee);
    this.realizedTotal = this.realizedTotal.plus(outcome.realized);
    this.feesTotal = this.feesTotal.plus(fee);

    const positionId = current?.positionId ?? this.ids.positionId();
    let position: PositionState | null = null;
    if (outcome.effect === 'close') {
      this.positions.delete(order.symbol);
    } else if (current) {
      current.quantity = outcome.quantity;
      current.avgEntry = outcome.avgEntry;
      current.realized = current.realized.plus(outcome.realized);
      position = current;
    } else {
      position = {
        symbol: order.symbol,
        positionId,
        quantity: outcome.quantity,
        avgEntry: outcome.avgEntry,
        realized: ZERO,
        fundingFee: ZERO,
        openedAt: now,
      };
      this.positions.set(order.symbol, position);
    }

    const previousStatus: OrderStatus = order.status;
    order.filled = order.filled.plus(qty);
    order.filledNotional = order.filledNotional.plus(price.mul(qty));
    order.status = order.filled.gte(order.quantity) ? 'filled' : 'partially_filled';
    order.updatedAt = now;
    if (order.status === 'filled') this.openOrders.delete(order.orderId);

    const fill: FillRecord = {
      fillId: this.ids.fillId(),
      orderId: order.orderId,
      symbol: order.symbol,
      side: order.side,
      price: text(price),
      quantity: text(qty),
      fee: text(fee),
      feeAsset: 'USDT',
      liquidity,
      realizedPnl: text(outcome.realized),
      time: now,
    };
    this.fills.push(fill);
    this.emit({ type: 'execution', accountId: this.id, time: now, fill });
    this.emit({
      type: 'orderUpdated',
      accountId: this.id,
      time: now,
      order: orderRecord(order),
      previousStatus,
      liquidity,
    });
    this.emitPosition(order.symbol, positionId, position, 'fill', now);
    this.settle(order.symbol, now);
  }

  private emitPosition(
    symbol: string,
    positionId: string,
    position: PositionState | null,
    cause: 'fill' | 'funding',
    now: number,
  ): void {
    const view = position ? positionView(position, this.market) : null;
    this.emit({ type: 'positionChanged', accountId: this.id, time: now, symbol, positionId, position: view, cause });
  }

  private settle(symbol: string, now: number): void {
    this.emit({
      type: 'balanceChanged',
      accountId: this.id,
      time: now,
      symbol,
      balance: balanceView(this, this.market),
    });
    this.emit({ type: 'accountSettled', accountId: this.id, time: now, symbol });
  }
}

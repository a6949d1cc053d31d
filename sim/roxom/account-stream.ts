import type { AccountEvent } from '../core/events';
import type { AccountView, OrderRecord } from '../core/records';
import type { RoxomOrderStatus } from '../../src/venues/roxom/wire';
import type { RoxomIds } from './ids';
import type { NanoClock } from './json';
import { type Num, ZERO, num } from '../core/num';
import { balanceFrame, orderData, orderFrame, orderStatus, positionFrame } from './frames';
import { btcText, marketOf, priceText } from './markets';
import { positionData } from './position-data';
import { PositionTracker, type TrackedPosition } from './positions';

interface OrderState {
  readonly orderId: string;
  /** Cumulative fees in USDT (converted when written). */
  fees: Num;
  fillPx: string;
  entryPositionId?: string;
  exitPositionId?: string;
  /** The last frame sent for this order (replayed by a snapshot while it is open). */
  lastFrame?: string;
}

/**
 * Core account events to Roxom account frames, one change at a time:
 * - orderPlaced -> `order` (submitted); orderUpdated -> `order` (partiallyfilled / filled) carrying the
 *   cumulative executedQty and filledFees and the fill's price as fillPx; orderCanceled -> `order`
 *   (cancelled / partiallyfilledcancelled). An execution itself sends nothing (no fills channel).
 * - positionChanged -> `position` with an array: the position filled, or the closed and the new one
 *   on a flip, or the position funding was paid on.
 * - balanceChanged -> `balance` only when the wallet moved (fees, realized PnL, funding).
 * Frames come out in core order: order, position, balance (the docs' example order).
 */
export class RoxomAccountStream {
  readonly tracker: PositionTracker;
  private readonly orders = new Map<string, OrderState>();
  private wallet: Num;
  private fundingInChange = false;
  private touched: TrackedPosition[] | undefined;

  constructor(
    private readonly ids: RoxomIds,
    private readonly accountId: string,
    initialWallet: string,
    private readonly clock: NanoClock,
  ) {
    this.tracker = new PositionTracker(ids);
    this.wallet = num(initialWallet);
  }

  /** Only the core's traded symbols have Roxom markets; the account trades nothing else. */
  translate(event: AccountEvent): string[] {
    switch (event.type) {
      case 'orderPlaced': {
        const state: OrderState = {
          orderId: this.ids.orderId(event.order.orderId, event.order.createdAt),
          fees: ZERO,
          fillPx: '0',
        };
        this.orders.set(event.order.orderId, state);
        return [this.order(event.order, state, 'submitted', event.time)];
      }
      case 'execution': {
        const { fill } = event;
        const state = this.orders.get(fill.orderId);
        const outcome = this.tracker.onFill(fill, this.clock.stamp(event.time));
        this.touched = outcome.touched;
        if (state) {
          state.fees = state.fees.plus(fill.fee);
          state.fillPx = priceText(fill.symbol, fill.price);
          if (outcome.entryPositionId !== undefined) state.entryPositionId = outcome.entryPositionId;
          if (outcome.exitPositionId !== undefined) state.exitPositionId = outcome.exitPositionId;
        }
        return [];
      }
      case 'orderUpdated':
      case 'orderCanceled': {
        const state = this.orders.get(event.order.orderId);
        if (!state) return [];
        const frame = this.order(event.order, state, orderStatus(event.order, false), event.time);
        if (event.order.status === 'filled' || event.order.status === 'canceled')
          this.orders.delete(event.order.orderId);
        return [frame];
      }
      case 'funding':
        this.tracker.onFunding(event.payment.symbol, event.payment.amount);
        this.fundingInChange = true;
        return [];
      case 'positionChanged': {
        const current = this.tracker.onView(event.symbol, event.position);
        const touched = this.touched ?? (current ? [current] : []);
        this.touched = undefined;
        if (touched.length === 0) return [];
        const stamp = this.clock.stamp(event.time);
        return [positionFrame(touched.map((p) => positionData(p, this.accountId, stamp)))];
      }
      case 'balanceChanged': {
        const after = num(event.balance.wallet);
        if (after.eq(this.wallet)) return [];
        const before = this.wallet;
        this.wallet = after;
        return [
          balanceFrame({
            accountId: this.accountId,
            balanceBefore: btcText(before),
            balanceAfter: btcText(after),
            amount: btcText(after.minus(before)),
            unit: 'btc',
            // "ordersettle" is the documented value; "funding" for a funding payment [guess].
            updateType: this.fundingInChange ? 'funding' : 'ordersettle',
            timestamp: this.clock.stamp(event.time),
          }),
        ];
      }
      case 'accountSettled':
        this.fundingInChange = false;
        this.touched = undefined;
        return [];
    }
  }

  /**
   * The current state of one channel, sent when a client subscribes to it [guess: the docs describe
   * no snapshot; REST serves one]: each open order's latest frame as sent; one `position` frame with
   * every open position (fresh marks); a `balance` frame that moves nothing (amount "0", updateType
   * "snapshot").
   */
  snapshot(channel: 'orders' | 'positions' | 'balance', view: AccountView, now: number): string[] {
    if (channel === 'orders')
      return [...this.orders.values()].flatMap((s) => (s.lastFrame === undefined ? [] : [s.lastFrame]));
    if (channel === 'positions') {
      for (const p of view.positions) if (marketOf(p.symbol)) this.tracker.onView(p.symbol, p);
      const open = this.tracker.all();
      if (open.length === 0) return [];
      const stamp = this.clock.stamp(now);
      return [positionFrame(open.map((p) => positionData(p, this.accountId, stamp)))];
    }
    const wallet = btcText(this.wallet);
    return [
      balanceFrame({
        accountId: this.accountId,
        balanceBefore: wallet,
        balanceAfter: wallet,
        amount: '0',
        unit: 'btc',
        updateType: 'snapshot',
        timestamp: this.clock.stamp(now),
      }),
    ];
  }

  private order(order: OrderRecord, state: OrderState, status: RoxomOrderStatus, time: number): string {
    const data = orderData(
      order,
      {
        orderId: state.orderId,
        accountId: this.accountId,
        fillPx: state.fillPx,
        filledFees: btcText(state.fees),
        entryPositionId: state.entryPositionId,
        exitPositionId: state.exitPositionId,
      },
      status,
      this.clock.stamp(time),
    );
    const frame = orderFrame(data);
    state.lastFrame = frame;
    return frame;
  }
}

import type { CoinswitchExecution, CoinswitchOrder } from '../../src/venues/coinswitch/wire';
import type { AccountEvent } from '../core/events';
import type { Instrument } from '../core/instruments';
import type { FillRecord, OrderRecord } from '../core/records';
import type { CoinswitchIds } from './ids';
import type { PriceBook } from './prices';
import { Num, ZERO, num, roundToStep, text } from '../core/num';
import { bybitExecution, bybitOrder } from './frames';

export interface AccountMessages {
  /** `o` objects for the order subject, in this order. */
  orders: CoinswitchOrder[];
  /** One execution for the trade subject. */
  execution?: { symbol: string; time: number; execution: CoinswitchExecution };
}

interface LiveOrder {
  record: OrderRecord;
  /** The limit price, or a market order's protection price. */
  price: string;
  lastPriceOnCreated: string;
  cumValue: Num;
  cumFee: Num;
  /** Whether its "New" went out (a market order's waits for its fill, which gives the last price). */
  announced: boolean;
}

/**
 * Core account events to CoinSwitch (Bybit V5) order objects and executions:
 * - orderPlaced → "New"; for a market order it is held until its fill (the core fills it at once,
 *   at the last price), so `lastPriceOnCreated` is exact and the protection `price` derives from it;
 * - execution → one execution (closedSize from the position before the fill, seq increasing);
 * - orderUpdated / orderCanceled → "PartiallyFilled", "Filled", "Cancelled".
 * Positions, balances and funding have no CoinSwitch private subject (the seed documents two).
 */
export class CoinswitchAccountStream {
  private readonly live = new Map<string, LiveOrder>();
  /** Signed position quantity per symbol, as of the last positionChanged. */
  private readonly positions = new Map<string, Num>();

  constructor(
    private readonly ids: CoinswitchIds,
    private readonly prices: PriceBook,
    private readonly instruments: ReadonlyMap<string, Instrument>,
    /** A market order's protection price is the last price ± this fraction [guess: 0.05, the seed's buy]. */
    private readonly marketSlippage: Num,
  ) {}

  translate(event: AccountEvent): AccountMessages {
    switch (event.type) {
      case 'orderPlaced':
        return this.placed(event.order);
      case 'execution':
        return this.execution(event.fill);
      case 'orderUpdated':
      case 'orderCanceled':
        return this.updated(event.order);
      case 'positionChanged':
        this.positions.set(event.symbol, event.position ? num(event.position.quantity) : ZERO);
        return { orders: [] };
      default:
        return { orders: [] };
    }
  }

  private placed(order: OrderRecord): AccountMessages {
    const limit = order.type === 'limit' && order.price !== undefined;
    const live: LiveOrder = {
      record: order,
      price: limit ? (order.price ?? '0') : '0',
      lastPriceOnCreated: this.prices.last(order.symbol) ?? order.price ?? '0',
      cumValue: ZERO,
      cumFee: ZERO,
      announced: limit,
    };
    this.live.set(order.orderId, live);
    return { orders: limit ? [this.order(live)] : [] };
  }

  private execution(fill: FillRecord): AccountMessages {
    const live = this.live.get(fill.orderId);
    if (!live) return { orders: [] };
    const orders: CoinswitchOrder[] = [];
    if (!live.announced) {
      live.announced = true;
      live.lastPriceOnCreated = fill.price;
      live.price = this.protectionPrice(fill.symbol, fill.side, fill.price);
      orders.push(this.order(live));
    }
    if (fill.liquidity === 'taker') this.prices.observeFill(fill.symbol, fill.price);
    live.cumValue = live.cumValue.plus(num(fill.price).mul(fill.quantity));
    live.cumFee = live.cumFee.plus(fill.fee);
    const filledAfter = num(live.record.filledQuantity).plus(fill.quantity);
    live.record = { ...live.record, filledQuantity: text(filledAfter) };
    const execution = bybitExecution(fill, {
      orderId: this.ids.orderId(fill.orderId),
      orderLinkId: this.ids.orderLinkId(fill.orderId),
      orderPrice: live.price,
      orderQty: live.record.quantity,
      orderType: live.record.type === 'market' ? 'Market' : 'Limit',
      leavesQty: text(num(live.record.quantity).minus(filledAfter)),
      execId: this.ids.execId(fill.fillId),
      closedSize: text(this.closedSize(fill)),
      seq: this.ids.nextSeq(),
    });
    return { orders, execution: { symbol: fill.symbol, time: fill.time, execution } };
  }

  private updated(order: OrderRecord): AccountMessages {
    const live = this.live.get(order.orderId);
    if (!live) return { orders: [] };
    live.record = order;
    if (order.status === 'filled' || order.status === 'canceled') this.live.delete(order.orderId);
    return { orders: [this.order(live)] };
  }

  /** The part of the fill that reduced an opposite position. */
  private closedSize(fill: FillRecord): Num {
    const position = this.positions.get(fill.symbol) ?? ZERO;
    const opposite = fill.side === 'buy' ? position.isNegative() : position.isPositive();
    return opposite ? Num.min(position.abs(), num(fill.quantity)) : ZERO;
  }

  private protectionPrice(symbol: string, side: 'buy' | 'sell', last: string): string {
    const factor = side === 'buy' ? num(1).plus(this.marketSlippage) : num(1).minus(this.marketSlippage);
    const raw = num(last).mul(factor);
    const tick = this.instruments.get(symbol)?.tick;
    return text(tick ? roundToStep(raw, tick) : raw);
  }

  private order(live: LiveOrder): CoinswitchOrder {
    const id = live.record.orderId;
    return bybitOrder(live.record, {
      orderId: this.ids.orderId(id),
      orderLinkId: this.ids.orderLinkId(id),
      price: live.price,
      lastPriceOnCreated: live.lastPriceOnCreated,
      cumExecValue: text(live.cumValue),
      cumExecFee: text(live.cumFee),
    });
  }
}

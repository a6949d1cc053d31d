import type { RailsCompletedOrdersDelta, RailsOrderResponse } from '../../src/venues/rails/wire';
import type { AccountEvent } from '../core/events';
import type { OrderRecord } from '../core/records';
import type { RailsIds } from './ids';
import { completedOrder, completedOrdersDeltaFrame, orderUpdateFrame, railsOrder } from './frames';
import { marketOf } from './markets';
import { num, text } from '../core/num';

export interface AccountFrames {
  /** For the `orders` stream of connections on this market (or ALL). */
  order?: { market: string; frame: RailsOrderResponse };
  /** For every `trades` subscriber, whatever its market. */
  trade?: RailsCompletedOrdersDelta;
}

/**
 * Core account events to Rails frames:
 * - orderPlaced / orderUpdated / orderCanceled → one `orderUpdate` [guess: name] on the orders stream;
 * - execution → one `completedOrdersDelta` with one element on the trades stream (sent before the
 *   order's own update, as the core reports the execution first);
 * - positions, balances and funding have no Rails stream here (the four documented streams carry none).
 */
export class RailsAccountStream {
  /** Latest record of every order not yet finished (what an execution needs to describe itself). */
  private readonly live = new Map<string, OrderRecord>();

  constructor(
    private readonly ids: RailsIds,
    private readonly leverageOf: (symbol: string) => number,
  ) {}

  translate(event: AccountEvent): AccountFrames {
    switch (event.type) {
      case 'orderPlaced':
      case 'orderUpdated':
      case 'orderCanceled': {
        const { order } = event;
        if (order.status === 'filled' || order.status === 'canceled') this.live.delete(order.orderId);
        else this.live.set(order.orderId, order);
        const market = marketOf(order.symbol);
        if (market === undefined) return {};
        const railsId = this.ids.orderId(order.orderId, order.createdAt);
        return {
          order: { market, frame: orderUpdateFrame(market, railsOrder(order, railsId, event.type === 'orderPlaced')) },
        };
      }
      case 'execution':
        return this.execution(event.fill);
      default:
        return {};
    }
  }

  private execution(fill: Extract<AccountEvent, { type: 'execution' }>['fill']): AccountFrames {
    const order = this.live.get(fill.orderId);
    const market = marketOf(fill.symbol);
    if (order === undefined || market === undefined) return {};
    const filled = num(order.filledQuantity).plus(fill.quantity);
    // The order's own update follows at once; until then, keep the running total here.
    this.live.set(order.orderId, { ...order, filledQuantity: text(filled) });
    const element = completedOrder(fill, {
      market,
      orderId: this.ids.orderId(order.orderId, order.createdAt),
      matchId: this.ids.matchId(fill.fillId),
      tradeType: order.type,
      complete: filled.gte(order.quantity),
      leverage: this.leverageOf(fill.symbol),
      orderCreatedAt: order.createdAt,
    });
    return { trade: completedOrdersDeltaFrame([element]) };
  }
}

import type { ZdexAccountFrame } from '../../src/venues/zdex/wire';
import type { AccountEvent } from '../core/events';
import type { OrderIdMap } from './ids';
import {
  balanceUpdateFrame,
  futuresAccountFrame,
  orderCanceledFrame,
  orderNewFrame,
  orderUpdateFrame,
  positionClosedFrame,
  positionUpdateFrame,
} from './frames';

/**
 * Core account events to ZDEX account frames, with the venue's documented behaviour:
 * - executions are not sent (ZDEX has no fills channel);
 * - a MAKER fill sends no order_update (the known gap); a TAKER fill sends NEW -> FILLED;
 * - each fill (and each funding payment) sends exactly one position_update;
 * - a balance change sends balance_update then futures_account_update;
 * - the end of each change asks for a full state (`fullState: true`).
 */
export function accountFrames(
  event: AccountEvent,
  ids: OrderIdMap,
): { frames: ZdexAccountFrame[]; fullState: boolean } {
  const ts = event.time;
  switch (event.type) {
    case 'orderPlaced':
      ids.cuidFor(event.order.orderId);
      return { frames: [orderNewFrame(event.order, ts)], fullState: false };
    case 'orderUpdated':
      if (event.liquidity === 'maker') return { frames: [], fullState: false };
      return {
        frames: [
          orderUpdateFrame(
            ids.cuidFor(event.order.orderId),
            event.order.symbol,
            event.previousStatus,
            event.order.status,
            ts,
          ),
        ],
        fullState: false,
      };
    case 'orderCanceled':
      return { frames: [orderCanceledFrame(event.order, ts)], fullState: false };
    case 'positionChanged':
      return {
        frames: [
          event.position
            ? positionUpdateFrame(event.position, ts)
            : positionClosedFrame(event.symbol, event.positionId, ts),
        ],
        fullState: false,
      };
    case 'balanceChanged':
      return {
        frames: [balanceUpdateFrame(event.balance, ts), futuresAccountFrame(event.balance, event.symbol, ts)],
        fullState: false,
      };
    case 'accountSettled':
      return { frames: [], fullState: true };
    case 'execution':
    case 'funding':
      return { frames: [], fullState: false };
  }
}

import type { CoinswitchExecution, CoinswitchOrder } from '../../src/venues/coinswitch/wire';

/**
 * The account's executions and orders exactly as the private subjects carry them, kept whatever was
 * published (a stall, a drop or nobody listening loses the message, never the record): what the REST
 * endpoints answer from (rest.ts). Every core account event is translated once (account-stream.ts) and
 * recorded here before it is published, so REST and the ledger agree by construction.
 */

export interface RecordedOrder {
  order: CoinswitchOrder;
  /** Order of creation (0, 1, …): the order list is newest first by it, stable under updates. */
  created: number;
}

/** Closed orders stay listed this long after their last update [guess: "recent closed ones", 7 days]. */
export const RECENT_CLOSED_MS = 7 * 86_400_000;

const OPEN_STATUSES = new Set(['New', 'PartiallyFilled', 'Untriggered']);

export class CoinswitchHistory {
  /** In execution order; `seq` increases along it. */
  private readonly executionList: CoinswitchExecution[] = [];
  private readonly orderMap = new Map<string, RecordedOrder>();

  recordExecution(execution: CoinswitchExecution): void {
    this.executionList.push(execution);
  }

  /** The order's latest state (a new order, or an update of a known one). */
  recordOrder(order: CoinswitchOrder): void {
    const known = this.orderMap.get(order.orderId);
    this.orderMap.set(order.orderId, { order, created: known?.created ?? this.orderMap.size });
  }

  /** Executions with `startTime <= execTime <= endTime`, newest first (by `seq`, i.e. by execution). */
  executions(startTime: number, endTime: number): CoinswitchExecution[] {
    const found: CoinswitchExecution[] = [];
    for (let i = this.executionList.length - 1; i >= 0; i--) {
      const e = this.executionList[i]!;
      const time = Number(e.execTime);
      if (time >= startTime && time <= endTime) found.push(e);
    }
    return found;
  }

  /** Open orders and those closed within RECENT_CLOSED_MS of `now`, newest created first. */
  openAndRecent(now: number): RecordedOrder[] {
    return [...this.orderMap.values()]
      .filter((r) => OPEN_STATUSES.has(r.order.orderStatus) || Number(r.order.updatedTime) >= now - RECENT_CLOSED_MS)
      .sort((a, b) => b.created - a.created);
  }
}

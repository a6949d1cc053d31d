import { clip, withDiagnostics } from '../shared/session-output';
import { BoundedSet } from '../shared/bounded-set';
import type { SessionOutput } from '../types';
import type { CheckedEnvelope, CheckedExecution, CheckedOrder } from './codec';
import { FILL_EXEC_TYPES, normalizeFill, normalizeOrder } from './normalize';

/**
 * The account's order and execution state across sockets (and across REST recovery, which feeds the
 * same methods): the newest `updatedTime` per order, and one fill per `execId` (the docs' primary key),
 * remembered for the connection's life. Pure: it appends events and diagnostics to the output it is given.
 */

/** Executions remembered for duplicate detection (replays after a reconnect, duplicated messages). */
export const FILL_MEMORY = 20_000;
/** Orders whose newest updatedTime is remembered. */
export const ORDER_MEMORY = 20_000;

export class CoinswitchAccount {
  private readonly fillIds = new BoundedSet<string>(FILL_MEMORY);
  private readonly orderTimes = new Map<string, number>();
  private readonly undocumentedStatuses = new Set<string>();
  private readonly skippedExecTypes = new Set<string>();
  private foreignSubAccountNoted = false;

  constructor(
    private readonly connectionId: string,
    private readonly subAccountId: string,
  ) {}

  /** One Bybit V5 order (an order message's `o`); the newest `updatedTime` per order wins. */
  order(o: CheckedOrder, out: SessionOutput): void {
    const normalized = normalizeOrder(this.connectionId, o);
    const { orderId, updatedAt } = normalized.order;
    const newest = this.orderTimes.get(orderId);
    if (newest !== undefined && updatedAt < newest) {
      withDiagnostics(out, { duplicates: 1 });
      return;
    }
    remember(this.orderTimes, orderId, updatedAt, ORDER_MEMORY);
    out.events.push({ kind: 'order', order: normalized.order });
    if (normalized.undocumentedStatus !== undefined) {
      const status = clip(normalized.undocumentedStatus);
      // Explained once per status (at most 50 distinct ones), counted every time.
      const first = !this.undocumentedStatuses.has(status) && this.undocumentedStatuses.size < 50;
      if (first) this.undocumentedStatuses.add(status);
      withDiagnostics(
        out,
        first
          ? {
              unknown: 1,
              error: `CoinSwitch order status "${status}" is not a Bybit V5 status; shown as ${normalized.order.status}`,
            }
          : { unknown: 1 },
      );
    }
  }

  /** Executions (a trade message's `o`): one fill per execution, keyed by `execId`. */
  executions(executions: readonly CheckedExecution[], out: SessionOutput): void {
    let duplicates = 0;
    let skipped = 0;
    for (const execution of executions) {
      if (!FILL_EXEC_TYPES.has(execution.execType)) {
        const type = clip(execution.execType);
        withDiagnostics(out, { filtered: 1 });
        if (!this.skippedExecTypes.has(type) && this.skippedExecTypes.size < 20) {
          this.skippedExecTypes.add(type);
          withDiagnostics(out, { error: `CoinSwitch ${type} executions are not fills (no trade happened); skipped` });
        }
        continue;
      }
      if (this.fillIds.has(execution.execId)) {
        duplicates++;
        continue;
      }
      const fill = normalizeFill(this.connectionId, execution);
      if (!fill) {
        skipped++;
        continue;
      }
      this.fillIds.add(fill.fillId);
      out.events.push({ kind: 'fill', fill });
    }
    if (duplicates > 0) withDiagnostics(out, { duplicates });
    if (skipped > 0)
      withDiagnostics(out, {
        malformed: skipped,
        error: `CoinSwitch execution without a positive price or quantity; ${skipped} skipped`,
      });
  }

  /** A message for another sub-account (the subject names ours): true when it is, dropped and explained once. */
  foreign(message: CheckedEnvelope, out: SessionOutput): boolean {
    if (message.sub_account_id === undefined || message.sub_account_id === this.subAccountId) return false;
    withDiagnostics(out, { filtered: 1 });
    if (!this.foreignSubAccountNoted) {
      this.foreignSubAccountNoted = true;
      withDiagnostics(out, {
        error: `CoinSwitch sent a message for sub-account ${clip(message.sub_account_id)}, not ${this.subAccountId}; dropped`,
      });
    }
    return true;
  }
}

/** Map with FIFO-by-last-write eviction: re-setting a key moves it to the end. */
export function remember<K>(map: Map<K, number>, key: K, value: number, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > capacity) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

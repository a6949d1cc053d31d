import { clip, withDiagnostics } from '../shared/session-output';
import { BoundedSet } from '../shared/bounded-set';
import type { SessionOutput } from '../types';
import type { CheckedEnvelope, CheckedExecution, CheckedOrder } from './codec';
import { FILL_EXEC_TYPES, normalizeFill, normalizeOrder } from './normalize';
import { UndocumentedValues } from '../shared/undocumented-values';

/**
 * The account's order and execution state across sockets (and across REST recovery, which feeds the
 * same methods): each order's quantity and recent updates, and one fill per `execId` (the docs' primary
 * key), remembered for the connection's life. Pure: it appends events and diagnostics to the output it is given.
 */

/** Executions remembered for duplicate detection (replays after a reconnect, duplicated messages). */
export const FILL_MEMORY = 20_000;
/** Orders remembered (quantity, recent updates). */
export const ORDER_MEMORY = 20_000;
/** Updates remembered per order for duplicate detection (a duplicated or replayed message is recent). */
const KEYS_PER_ORDER = 4;

interface KnownOrder {
  /** The order's quantity, from the latest update that carried one (caps the filled quantity). */
  quantity: string | undefined;
  /** Keys of its latest updates (time, status, quantities, price). */
  keys: string[];
}

export class CoinswitchAccount {
  private readonly fillIds = new BoundedSet<string>(FILL_MEMORY);
  /** Per order (insertion order = least recently updated first): its quantity and its latest update keys. */
  private readonly orders = new Map<string, KnownOrder>();
  private readonly undocumentedStatuses = new UndocumentedValues();
  private readonly skippedExecTypes = new Set<string>();
  private foreignSubAccountNoted = false;

  constructor(
    private readonly connectionId: string,
    private readonly subAccountId: string,
  ) {}

  /**
   * One Bybit V5 order (an order message's `o`, or a REST order). Every update is passed on, older ones
   * too: the store merges them whatever the order (a terminal status is never left, the filled quantity
   * only grows, other fields come from the newest), so an update carrying only some fields completes
   * what is known instead of being lost. An exact repeat (same order, time, status and quantities) is a
   * duplicate.
   */
  order(o: CheckedOrder, out: SessionOutput): void {
    const known = this.orders.get(o.orderId);
    const normalized = normalizeOrder(this.connectionId, o, known?.quantity);
    const { order } = normalized;
    const key = [order.updatedAt, order.status, order.filledQuantity, order.quantity, order.price].join('|');
    if (known?.keys.includes(key) === true) {
      withDiagnostics(out, { duplicates: 1 });
      return;
    }
    const entry: KnownOrder = known ?? { quantity: undefined, keys: [] };
    entry.quantity = order.quantity ?? entry.quantity;
    entry.keys = [...entry.keys.slice(1 - KEYS_PER_ORDER), key];
    this.orders.delete(order.orderId);
    this.orders.set(order.orderId, entry);
    if (this.orders.size > ORDER_MEMORY) {
      const oldest = this.orders.keys().next();
      if (!oldest.done) this.orders.delete(oldest.value);
    }
    out.events.push({ kind: 'order', order });
    if (normalized.overfilled) {
      const { reported, quantity } = normalized.overfilled;
      withDiagnostics(out, {
        malformed: 1,
        error: `CoinSwitch order ${clip(order.orderId)} reports ${reported} filled of ${quantity}; shown as ${quantity} (a filled quantity never exceeds the order's)`,
      });
    }
    if (normalized.undocumentedStatus !== undefined) {
      this.undocumentedStatuses.note(
        out,
        normalized.undocumentedStatus,
        (status) => `CoinSwitch order status "${status}" is not a Bybit V5 status; shown as ${order.status}`,
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

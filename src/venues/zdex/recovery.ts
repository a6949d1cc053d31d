import type { GapWindow, RecoveryReport } from '../types';
import { canon } from './normalize';
import type { ZdexFullState } from './wire';

/**
 * Recovery after a gap (docs/venues/zdex.md, "Recovery after a gap"). ZDEX's REST needs the HMAC API key,
 * which the browser does not hold, and the WebSocket replays nothing; what it does offer is the account
 * channel's full state, pushed after every authentication and about every 60 s. So a gap is judged by
 * comparing what the session knew when it began with the first full state after it:
 *
 * - equal (positions with their average entry and realized PnL, balances, open orders with their
 *   cumulative executed quantity): nothing a missed fill could explain changed, `full`;
 * - different: the position differences were turned into inferred fills (account.ts), one per symbol
 *   and change, so individual fills may be merged: `partial`, saying so;
 * - the state before is unknown (the page was closed, the session is new): `partial`.
 *
 * This module holds the pure parts: the digest, the comparison, the wording.
 */

/** What a missed fill could change, keyed `position|BTCUSDT`, `balance|USDT`, `order|12345`. */
export type AccountDigest = ReadonlyMap<string, string>;

export class DigestBuilder {
  private readonly entries = new Map<string, string>();

  position(symbol: string, quantity: string, avgEntryPrice: string | undefined, realizedPnl: string | undefined): this {
    if (canon(quantity) !== '0')
      this.entries.set(`position|${symbol}`, [quantity, avgEntryPrice, realizedPnl].map(canonOrDash).join(' '));
    return this;
  }

  balance(asset: string, total: string): this {
    this.entries.set(`balance|${asset}`, canon(total));
    return this;
  }

  order(orderId: string, executed: string): this {
    this.entries.set(`order|${orderId}`, canon(executed));
    return this;
  }

  build(): AccountDigest {
    return new Map(this.entries);
  }
}

export function fullStateDigest(state: ZdexFullState): AccountDigest {
  const d = new DigestBuilder();
  for (const p of state.positions) d.position(p.symbol, p.quantity, p.avgEntryPrice, p.realizedPnl);
  for (const b of state.balances) d.balance(b.asset, b.walletBalance);
  for (const o of state.openOrders) d.order(String(o.orderId), o.executedQty);
  return d.build();
}

/** What differs, in words ("BTCUSDT position", "USDT balance", "order 12345"), sorted. */
export function digestChanges(before: AccountDigest, after: AccountDigest): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const changed: string[] = [];
  for (const key of keys) if (before.get(key) !== after.get(key)) changed.push(label(key));
  return changed.sort();
}

/** The report for a gap whose state before (undefined: unknown) and after are known. */
export function compareReport(
  window: GapWindow,
  before: AccountDigest | undefined,
  after: AccountDigest,
): RecoveryReport {
  const span = `between ${clock(window.from)} and ${clock(window.to)}`;
  if (before === undefined) {
    return {
      recovered: 'partial',
      detail:
        `ZDEX keeps no fill history the page can read, and the state before the gap is not known here ` +
        `(the page was closed or the session restarted): fills ${span} are not known one by one; ` +
        `positions, balances and open orders are ZDEX's full state`,
    };
  }
  const changes = digestChanges(before, after);
  if (changes.length === 0) {
    return {
      recovered: 'full',
      detail: `ZDEX's full state after the gap equals the state before it (positions, balances, open orders and their executed quantities): no fill was missed ${span}`,
    };
  }
  return {
    recovered: 'partial',
    detail:
      `${listOf(changes)} changed ${span}; ZDEX keeps no fill history the page can read, so fills in that ` +
      `window were rebuilt from the position change and individual fills may be merged into one`,
  };
}

/** The page dropped events while ZDEX's stream went on: the session emitted them again from its log. */
export function replayReport(window: GapWindow, complete: boolean): RecoveryReport {
  return complete
    ? {
        recovered: 'full',
        detail: 'the page dropped events while ZDEX kept streaming; the session emitted them again from its own log',
      }
    : {
        recovered: 'partial',
        detail: `the page dropped events older than the session keeps: fills between ${clock(window.from)} and ${clock(window.to)} may be missing`,
      };
}

/** No full state came after the gap in time. */
export function timeoutReport(window: GapWindow, waitedMs: number): RecoveryReport {
  return {
    recovered: 'partial',
    detail: `ZDEX sent no full account state within ${Math.round(waitedMs / 1000)} s after the gap: fills between ${clock(window.from)} and ${clock(window.to)} may be missing`,
  };
}

function label(key: string): string {
  const [kind, id] = key.split('|');
  return kind === 'order' ? `order ${id}` : `${id} ${kind}`;
}

function listOf(items: readonly string[]): string {
  const shown = items.slice(0, 4).join(', ');
  return items.length > 4 ? `${shown} and ${items.length - 4} more` : shown;
}

/** HH:MM:SS UTC: a trader reads a time of day, not an epoch. */
function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

function canonOrDash(value: string | undefined): string {
  return value === undefined ? '-' : canon(value);
}

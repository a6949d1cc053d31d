import { dec, decText } from '../domain/decimal';
import type { EquitySample } from './state';
import type { BaseCurrency } from './settings-store';

/** The last sample at or before `t` (history is sorted by time), by binary search; undefined when history starts later. */
export function sampleAtOrBefore(history: readonly EquitySample[], t: number): EquitySample | undefined {
  let lo = 0;
  let hi = history.length - 1;
  let found: EquitySample | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sample = history[mid]!;
    if (sample.time <= t) {
      found = sample;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A USD figure in the base currency at a moment's BTC price; undefined without that price. */
export function usdIn(usd: string, base: BaseCurrency, btcUsd: string | undefined): string | undefined {
  if (base === 'USD') return usd;
  if (btcUsd === undefined || !dec(btcUsd).gt(0)) return undefined;
  return decText(dec(usd).div(btcUsd));
}

export interface EquityNow {
  /** USD equity now (selectTotals: the same rules as the samples). */
  equityUsd: string;
  btcUsd?: string;
  /** Per connection USD equity now. */
  perConnection: Readonly<Record<string, string>>;
}

/**
 * Change of equity since the sample `then` (`changeBaseline`; undefined: history does not reach back
 * that far), in the base currency: now minus then, each converted at its own moment's BTC price.
 * Undefined too when the connection (given) has no figure in that sample.
 */
export function equityChangeFrom(
  then: EquitySample | undefined,
  now: EquityNow,
  base: BaseCurrency,
  connectionId?: string,
): string | undefined {
  if (!then) return undefined;
  const thenUsd = connectionId === undefined ? then.equity : then.perConnection?.[connectionId];
  const nowUsd = connectionId === undefined ? now.equityUsd : now.perConnection[connectionId];
  if (thenUsd === undefined || nowUsd === undefined) return undefined;
  const a = usdIn(nowUsd, base, now.btcUsd);
  const b = usdIn(thenUsd, base, then.btcUsd);
  if (a === undefined || b === undefined) return undefined;
  return decText(dec(a).minus(b));
}

export type ChangeWindow = '5m' | '1h' | 'today';
export const CHANGE_WINDOWS: readonly ChangeWindow[] = ['5m', '1h', 'today'];

/** Where each window starts: 5 minutes ago, an hour ago, local midnight. */
export function windowStart(window: ChangeWindow, now: number): number {
  if (window === '5m') return now - 5 * 60_000;
  if (window === '1h') return now - 60 * 60_000;
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return midnight.getTime();
}

/**
 * The sample a window's change is measured from: the last one at or before the window's start. For
 * "today" a history that starts after midnight (the dashboard was opened this morning, or the journal
 * was cleared) measures from the day's first sample instead: a trader wants the day so far, and the
 * panel says from when.
 */
export function changeBaseline(
  history: readonly EquitySample[],
  window: ChangeWindow,
  now: number,
): EquitySample | undefined {
  const start = windowStart(window, now);
  const at = sampleAtOrBefore(history, start);
  if (at || window !== 'today') return at;
  const first = history.find((s) => s.time >= start);
  return first && first.time <= now ? first : undefined;
}

import type {
  ScaletradeAlertArray,
  ScaletradeBalanceArray,
  ScaletradeNotificationArray,
  ScaletradeQuoteArray,
  ScaletradeTradeArray,
} from '../../src/venues/scaletrade/wire';
import type { Num } from '../core/num';
import type { BalanceFigures } from './ledger';
import type { Ticket } from './ticket';
import { wireNumber } from './money';
import { scaletradeSymbol } from './symbols';

/**
 * Pure builders of the compact arrays (seed 003 / docs/venues/scaletrade.md layouts, typed by wire.ts).
 * Prices and amounts are JSON numbers, times Unix seconds (quotes: seconds or ms, see tuning).
 */

export const seconds = (ms: number): number => Math.floor(ms / 1000);

/** `["o", order, login, symbol, cmd, volume, open_price, close_price, open_time, close_time, tp, sl, state, storage, commission, profit, comment, code]` */
export function tradeFrame(t: Ticket, login: number): ScaletradeTradeArray {
  return [
    'o',
    t.ticket,
    login,
    scaletradeSymbol(t.coreSymbol),
    t.cmd,
    t.volume,
    wireNumber(t.openPrice),
    wireNumber(t.closePrice),
    seconds(t.openTime),
    seconds(t.closeTime),
    0,
    0,
    t.state,
    wireNumber(t.storage),
    wireNumber(t.commission),
    wireNumber(t.profit),
    t.comment,
    t.code,
  ];
}

/** The `b` code [guess]: 0 for every update (the docs do not list its values). */
export const BALANCE_CODE = 0;
/** `level_type` [guess]: 0, the margin level is a percentage (MT-style margin-call mode). */
export const LEVEL_TYPE_PERCENT = 0;

/** `["b", login, balance, margin, margin_free, margin_level, equity, credit, level_type, profit, code]` */
export function balanceFrame(f: BalanceFigures, login: number): ScaletradeBalanceArray {
  return [
    'b',
    login,
    wireNumber(f.balance),
    wireNumber(f.margin),
    wireNumber(f.marginFree),
    wireNumber(f.marginLevel),
    wireNumber(f.equity),
    wireNumber(f.credit),
    LEVEL_TYPE_PERCENT,
    wireNumber(f.profit),
    BALANCE_CODE,
  ];
}

/** `["t", symbol, bid, ask, ctm]` */
export function quoteFrame(symbol: string, bid: Num, ask: Num, timeMs: number, unit: 's' | 'ms'): ScaletradeQuoteArray {
  return ['t', symbol, wireNumber(bid), wireNumber(ask), unit === 'ms' ? timeMs : seconds(timeMs)];
}

export interface TriggeredAlert {
  id: number;
  symbol: string;
  message: string;
  side: number;
  condition: number;
  targetPrice: Num;
  status: number;
  triggeredPrice: Num;
  triggeredAtMs: number;
}

/** `["a", id, login, symbol, indicator_name, message, side, condition, target_price, channel_low, channel_high, move_threshold, status, repeat_mode, expires_at, triggered_price, triggered_at, code]` */
export function alertFrame(a: TriggeredAlert, login: number): ScaletradeAlertArray {
  // A plain price alert: no indicator, no channel, no move threshold, fires once, never expires [guess].
  return [
    'a',
    a.id,
    login,
    a.symbol,
    '',
    a.message,
    a.side,
    a.condition,
    wireNumber(a.targetPrice),
    0,
    0,
    0,
    a.status,
    0,
    0,
    wireNumber(a.triggeredPrice),
    seconds(a.triggeredAtMs),
    0,
  ];
}

export interface Notice {
  message: string;
  description: string;
  token: string;
  level: number;
  createTimeMs: number;
  data?: Record<string, unknown>;
}

/** `["n", message, description, token, status, level, user_id, create_time, data?, code]`: 10 elements with `data`, 9 without. */
export function notificationFrame(n: Notice, userId: number): ScaletradeNotificationArray {
  // status 0 (new/unread) and code 0 [guess: the docs give no values].
  const head = ['n', n.message, n.description, n.token, 0, n.level, userId, seconds(n.createTimeMs)] as const;
  return n.data ? [...head, n.data, 0] : [...head, 0];
}

/** The fault switch's frames, cycling: truncated JSON, an unknown marker, a `b` of the wrong length. */
export function malformedFrame(index: number, login: number): string {
  switch (index % 3) {
    case 0:
      return `["o",10000001,${login},"btcusd",0,10,71000.5`;
    case 1:
      return JSON.stringify(['x', login, 1, 2, 3]);
    default:
      return JSON.stringify(['b', login, 'not-a-balance']);
  }
}

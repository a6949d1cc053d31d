import { ALERT_SIDE, ALERT_STATUS, NOTIFICATION_LEVEL } from '../../src/venues/scaletrade/wire';
import type { Prng } from '../core/prng';
import type { Num } from '../core/num';
import type { Notice, TriggeredAlert } from './frames';

/** Alert `condition` [guess]: 0 price crossed above the target, 1 crossed below (the docs list 0-11 without names). */
export const ALERT_CONDITION = { CROSS_ABOVE: 0, CROSS_BELOW: 1 } as const;

const NOTICES: readonly Omit<Notice, 'token' | 'createTimeMs' | 'data'>[] = [
  {
    message: 'Trading session opened',
    description: 'Crypto CFDs are open for trading.',
    level: NOTIFICATION_LEVEL.INFO,
  },
  {
    message: 'Swap rates updated',
    description: 'Storage rates for crypto CFDs changed at 00:00 UTC.',
    level: NOTIFICATION_LEVEL.NOTICE,
  },
  {
    message: 'Margin level low',
    description: 'Your margin level is approaching the margin call level.',
    level: NOTIFICATION_LEVEL.WARNING,
  },
  {
    message: 'Order rejected',
    description: 'An order was rejected: not enough money.',
    level: NOTIFICATION_LEVEL.ERROR,
  },
  {
    message: 'Market news',
    description: 'BTC volatility is elevated ahead of the options expiry.',
    level: NOTIFICATION_LEVEL.NEWS,
  },
];

/**
 * The n-th notification: odd ones carry a `data` object (10 elements), even ones none (9), so a
 * client meets both layouts of the index rule within two notifications.
 */
export function nextNotice(rng: Prng, sequence: number, nowMs: number, login: number): Notice {
  const notice: Notice = { ...rng.pick(NOTICES), token: `ntf-${login}-${sequence}`, createTimeMs: nowMs };
  if (sequence % 2 === 1) notice.data = { login, sequence, source: 'simulator' };
  return notice;
}

/** A price alert that has just fired on `symbol` at `price` (the bid). */
export function triggeredAlert(
  rng: Prng,
  id: number,
  symbol: string,
  price: Num,
  tick: Num,
  nowMs: number,
): TriggeredAlert {
  const above = rng.chance(0.5);
  const offset = tick.mul(rng.int(1, 20));
  const target = above ? price.minus(offset) : price.plus(offset);
  const verb = above ? 'above' : 'below';
  return {
    id,
    symbol,
    message: `${symbol.toUpperCase()} bid crossed ${verb} ${target.toFixed()}`,
    side: ALERT_SIDE.BID,
    condition: above ? ALERT_CONDITION.CROSS_ABOVE : ALERT_CONDITION.CROSS_BELOW,
    targetPrice: target,
    status: ALERT_STATUS.TRIGGERED,
    triggeredPrice: price,
    triggeredAtMs: nowMs,
  };
}

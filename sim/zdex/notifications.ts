import type { ZdexNotification } from '../../src/venues/zdex/wire';
import type { Prng } from '../core/prng';

const NOTICES: readonly Omit<ZdexNotification, 'id'>[] = [
  { level: 'info', title: 'Funding settled', message: 'Funding fees for open positions have been settled.' },
  { level: 'info', title: 'New listing', message: 'A new perpetual market is now open for trading.' },
  { level: 'warning', title: 'Scheduled maintenance', message: 'Order entry pauses for 5 minutes at 02:00 UTC.' },
  { level: 'warning', title: 'High volatility', message: 'Price bands are widened on BTCUSDT.' },
  { level: 'error', title: 'Withdrawal delayed', message: 'USDT withdrawals are delayed by network congestion.' },
];

/** An occasional system notice (the docs list `notification` without a schema; shape per wire.ts) [guess]. */
export function nextNotification(rng: Prng, sequence: number): ZdexNotification {
  return { id: `ntf-${sequence}`, ...rng.pick(NOTICES) };
}

import { describe, expect, it } from 'vitest';
import type { EquitySample } from './state';
import {
  changeBaseline,
  equityChangeFrom,
  sampleAtOrBefore,
  windowStart,
  type EquityNow,
} from './valuation-selectors-history';

const equityChange = (
  h: readonly EquitySample[],
  now: EquityNow,
  since: number,
  base: 'USD' | 'BTC',
  connectionId?: string,
) => equityChangeFrom(sampleAtOrBefore(h, since), now, base, connectionId);

const T = 1_760_000_000_000;
const sample = (
  time: number,
  equity: string,
  perConnection?: Record<string, string>,
  btcUsd?: string,
): EquitySample => ({
  time,
  equity,
  unrealizedPnl: '0',
  realizedPnl: '0',
  ...(perConnection ? { perConnection } : {}),
  ...(btcUsd ? { btcUsd } : {}),
});
const history = [
  sample(T, '1000', { a: '400' }, '80000'),
  sample(T + 60_000, '1010', { a: '405' }, '80000'),
  sample(T + 400_000, '1100', { a: '450', b: '1' }, '88000'),
];

describe('equity history lookups', () => {
  it('finds the sample at or before a time by binary search', () => {
    expect(sampleAtOrBefore(history, T - 1)).toBeUndefined();
    expect(sampleAtOrBefore(history, T)?.equity).toBe('1000');
    expect(sampleAtOrBefore(history, T + 59_999)?.equity).toBe('1000');
    expect(sampleAtOrBefore(history, T + 60_000)?.equity).toBe('1010');
    expect(sampleAtOrBefore(history, T + 10_000_000)?.equity).toBe('1100');
    expect(sampleAtOrBefore([], T)).toBeUndefined();
  });

  it('change in USD and per connection; none when history does not reach back', () => {
    const now = { equityUsd: '1200', btcUsd: '96000', perConnection: { a: '500', b: '2' } };
    const at = T + 360_000; // 5 minutes earlier is T + 60_000
    expect(equityChange(history, now, windowStart('5m', at), 'USD')).toBe('190');
    expect(equityChange(history, now, windowStart('5m', at), 'USD', 'a')).toBe('95');
    expect(equityChange(history, now, windowStart('5m', at), 'USD', 'b')).toBeUndefined();
    expect(equityChange(history, now, windowStart('1h', at), 'USD')).toBeUndefined();
  });

  it('in BTC, each side at its own BTC price', () => {
    const now = { equityUsd: '1200', btcUsd: '96000', perConnection: {} };
    // 1200 / 96000 - 1010 / 80000 = 0.0125 - 0.012625
    expect(equityChange(history, now, T + 60_000, 'BTC')).toBe('-0.000125');
    expect(equityChange(history, { ...now, btcUsd: undefined }, T + 60_000, 'BTC')).toBeUndefined();
  });

  it("today measures from the day's first sample when the history starts after midnight; 5m and 1h never guess", () => {
    const now = { equityUsd: '1200', btcUsd: '96000', perConnection: { a: '500' } };
    const at = T + 400_000;
    const midnight = windowStart('today', at);
    const sinceMorning = history.filter((s) => s.time >= midnight);
    expect(sinceMorning.length).toBeGreaterThan(0);
    const baseline = changeBaseline(sinceMorning, 'today', at);
    expect(baseline).toBe(sinceMorning[0]);
    expect(equityChangeFrom(baseline, now, 'USD')).toBe(String(1200 - Number(sinceMorning[0]!.equity)));
    // A sample from before midnight is the baseline when there is one.
    const yesterday = sample(midnight - 1, '900');
    expect(changeBaseline([yesterday, ...sinceMorning], 'today', at)).toBe(yesterday);
    expect(changeBaseline(history, '1h', at)).toBeUndefined();
    expect(changeBaseline([], 'today', at)).toBeUndefined();
  });

  it('today starts at local midnight', () => {
    const start = new Date(windowStart('today', T));
    expect([start.getHours(), start.getMinutes(), start.getSeconds(), start.getMilliseconds()]).toEqual([0, 0, 0, 0]);
    expect(windowStart('today', T)).toBeLessThanOrEqual(T);
  });
});

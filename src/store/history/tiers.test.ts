import { describe, expect, it } from 'vitest';
import type { ConnectionDiagnostics } from '../../domain/types';
import { equitySampleAfter } from '../equity-history';
import { selectTotals } from '../selectors';
import { balanceKey, emptyPortfolio, markKey, type EquitySample, type PortfolioState } from '../state';
import { appendEquitySample, compactHistory, HISTORY_MAX_POINTS, lowerBound, mergeEquitySamples } from './tiers';
import { quietDiagnostics } from '../../domain/diagnostics';

const S = 1_000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (time: number, equity = String(time)): EquitySample => ({
  time,
  equity,
  unrealizedPnl: '0',
  realizedPnl: '0',
});

/** Feed one sample every `step` ms for `duration` ms through the live append path. */
function simulate(duration: number, step = S, start = 0): EquitySample[] {
  let history: EquitySample[] = [];
  for (let t = start; t < start + duration; t += step) history = appendEquitySample(history, at(t));
  return history;
}

const ascendingUnique = (h: readonly EquitySample[]) =>
  h.every((s, i) => i === 0 || (h[i - 1] as EquitySample).time < s.time);

describe('equity history tiers', () => {
  it('keeps one point a second for the last hour, one a minute for the day: 4,981 points after 24 h of 1 s samples', () => {
    const history = simulate(DAY);
    // 1 s tier: t = 82,799 s ... 86,399 s (age <= 1 h) = 3,601 points; 1 min tier: minutes 0 ... 1,379 = 1,380 points.
    expect(history.length).toBe(3_601 + 1_380);
    expect(ascendingUnique(history)).toBe(true);
    expect(history[0]?.time).toBe(59 * S); // the last sample of minute 0
    expect(history.at(-1)?.time).toBe(DAY - S);
    const lastHour = history.filter((s) => s.time >= DAY - S - HOUR);
    expect(lastHour.length).toBe(3_601);
    // Every range has data: 5 minutes, 1 hour, 1 day.
    expect(history.filter((s) => s.time >= DAY - 5 * MIN).length).toBe(300);
  });

  it('compacting every second equals compacting the raw series once (the order samples meet does not matter)', () => {
    const raw = Array.from({ length: (3 * HOUR) / S }, (_, i) => at(i * S + (i % 7)));
    let live: EquitySample[] = [];
    for (const s of raw) live = appendEquitySample(live, s);
    expect(live).toEqual(compactHistory(raw, (raw.at(-1) as EquitySample).time));
  });

  it('keeps the last sample of each bucket, 10 minutes beyond a day', () => {
    const now = 2 * DAY;
    const out = compactHistory(
      [at(0), at(5 * MIN), at(9 * MIN), at(10 * MIN), at(DAY + 1), at(DAY + 30 * S), at(now - 1), at(now)],
      now,
    );
    // 0, 5 min, 9 min share the first 10-minute bucket (the 9 min one stays); DAY + 1 and DAY + 30 s share a minute.
    expect(out.map((s) => s.time)).toEqual([9 * MIN, 10 * MIN, DAY + 30 * S, now - 1, now]);
  });

  it('stays under the hard cap over weeks (points counted, not time)', () => {
    // 16 days at one sample a minute, then a day at one a second: 16 x 144 ten-minute points + 4,981
    // for the last day = 7,285, over the cap: the oldest 85 ten-minute points go.
    const raw: EquitySample[] = [];
    for (let t = 0; t < 16 * DAY; t += MIN) raw.push(at(t));
    for (let t = 16 * DAY; t < 17 * DAY; t += S) raw.push(at(t));
    let history: EquitySample[] = [];
    for (const s of raw) history = appendEquitySample(history, s);
    expect(history).toEqual(compactHistory(raw, 17 * DAY - S));
    expect(history.length).toBe(HISTORY_MAX_POINTS);
    expect(history[0]?.time).toBe(859 * MIN);
    expect(history.at(-1)?.time).toBe(17 * DAY - S);
    expect(history.filter((s) => s.time >= 17 * DAY - S - HOUR).length).toBe(3_601);
    expect(ascendingUnique(history)).toBe(true);
  });

  it('merges a journal back: sorted, one sample per time (the live copy wins), same tiers', () => {
    const live = [at(10 * S, 'live'), at(11 * S), at(12 * S)];
    const restored = [at(12 * S, 'journal'), at(3 * S), at(10 * S, 'journal'), at(Number.NaN)];
    const merged = mergeEquitySamples(live, restored);
    expect(merged.map((s) => s.time)).toEqual([3 * S, 10 * S, 11 * S, 12 * S]);
    expect(merged[1]?.equity).toBe('live');
    expect(merged[3]?.equity).toBe('12000');
    expect(mergeEquitySamples([], [])).toEqual([]);
    // Two samples in the same second (a journaled one and a live one) become one.
    expect(mergeEquitySamples([at(5_600)], [at(5_100)]).map((s) => s.time)).toEqual([5_600]);
    // A day of restored samples comes back with the same shape live sampling gives it.
    const day = Array.from({ length: DAY / S }, (_, i) => at(i * S));
    expect(mergeEquitySamples([], day)).toEqual(simulate(DAY));
  });

  it('finds the first sample at or after a time', () => {
    const h = [at(1), at(5), at(9)];
    expect([0, 1, 2, 5, 6, 9, 10].map((t) => lowerBound(h, t))).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });
});

const diagnostics = (connectionId: string): ConnectionDiagnostics => quietDiagnostics(connectionId, 'rails', 'live');

describe('equitySampleAfter', () => {
  const withBalances = (): PortfolioState => {
    const s = emptyPortfolio();
    return {
      ...s,
      balances: new Map([
        [balanceKey('a', 'USDT'), { connectionId: 'a', asset: 'USDT', total: '100.5', updatedAt: 1 }],
        [balanceKey('b', 'USDC'), { connectionId: 'b', asset: 'USDC', total: '0.25', updatedAt: 1 }],
      ]),
    };
  };

  it('samples the totals at most once a second, with equity per connection', () => {
    const state = withBalances();
    const first = equitySampleAfter(state, 10_000);
    expect(first).toEqual([
      {
        time: 10_000,
        equity: '100.75',
        unrealizedPnl: '0',
        realizedPnl: '0',
        perConnection: { a: '100.5', b: '0.25' },
      },
    ]);
    const tooSoon = equitySampleAfter({ ...state, equityHistory: first }, 10_999);
    expect(tooSoon).toBe(first);
    expect(equitySampleAfter({ ...state, equityHistory: first }, 11_000).map((s) => s.time)).toEqual([10_000, 11_000]);
  });

  it('carries the BTC price the valuation used, and no line for a connection without a known equity', () => {
    const base = withBalances();
    const state: PortfolioState = {
      ...base,
      instruments: new Map([
        [
          `a|BTCUSDT`,
          {
            connectionId: 'a',
            symbol: 'BTCUSDT',
            baseAsset: 'BTC',
            quoteAsset: 'USDT',
            settleAsset: 'USDT',
            kind: 'perpetual',
          },
        ],
      ]),
      marks: new Map([
        [
          markKey('a', 'BTCUSDT', 'mark'),
          { connectionId: 'a', symbol: 'BTCUSDT', kind: 'mark', price: '71034.5', time: 9_000 },
        ],
      ]),
      // A connection that streams fills only (no balances): it has realized PnL but no equity.
      connections: new Map([['c', diagnostics('c')]]),
    };
    expect(selectTotals(state).perConnection.map((c) => [c.connectionId, c.equityKnown])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
    const [s] = equitySampleAfter(state, 10_000);
    expect(s?.btcUsd).toBe('71034.5');
    expect(s?.perConnection).toEqual({ a: '100.5', b: '0.25' });
  });

  it('after a reload, waits for every connection of the last sample to be valued again (no false drop), except those in error', () => {
    const journaled: EquitySample = {
      time: 5_000,
      equity: '200.75',
      unrealizedPnl: '0',
      realizedPnl: '0',
      perConnection: { a: '100.5', b: '0.25', z: '100' },
    };
    // z is connecting again and has sent nothing yet: no sample.
    const connecting: PortfolioState = {
      ...withBalances(),
      equityHistory: [journaled],
      connections: new Map([['z', { ...diagnostics('z'), status: 'connecting' }]]),
    };
    expect(equitySampleAfter(connecting, 10_000)).toBe(connecting.equityHistory);
    // z is back with its balance: sampled, the total holds all three.
    const back: PortfolioState = {
      ...connecting,
      balances: new Map([
        ...connecting.balances,
        [balanceKey('z', 'USDT'), { connectionId: 'z', asset: 'USDT', total: '100', updatedAt: 2 }],
      ]),
    };
    expect(equitySampleAfter(back, 10_000).at(-1)).toMatchObject({ time: 10_000, equity: '200.75' });
    // z's token was refused: not waited for.
    const refused: PortfolioState = {
      ...connecting,
      connections: new Map([['z', { ...diagnostics('z'), status: 'error' }]]),
    };
    expect(equitySampleAfter(refused, 10_000).at(-1)).toMatchObject({ time: 10_000, equity: '100.75' });
    // z was removed by the user: not waited for.
    const removed: PortfolioState = { ...connecting, connections: new Map() };
    expect(equitySampleAfter(removed, 10_000).at(-1)).toMatchObject({ time: 10_000, equity: '100.75' });
  });

  it('a page just opened waits for connections on their first attempt or just live, not for ever', () => {
    const base = withBalances();
    const first = (
      status: ConnectionDiagnostics['status'],
      extra: Partial<ConnectionDiagnostics> = {},
    ): PortfolioState => ({
      ...base,
      connections: new Map([['z', { ...diagnostics('z'), status, ...extra }]]),
    });
    expect(equitySampleAfter(first('connecting'), 10_000)).toEqual([]);
    expect(equitySampleAfter(first('authenticating', { connectedAt: 5_000 }), 10_000)).toEqual([]);
    // Stuck authenticating past the wait, or failed and retrying: sampled without it.
    expect(equitySampleAfter(first('authenticating', { connectedAt: 5_000 }), 15_000)).toHaveLength(1);
    expect(equitySampleAfter(first('reconnecting', { reconnects: 1 }), 10_000)).toHaveLength(1);
    // Live moments ago without account state yet: waited for; a venue with none is sampled after the grace.
    expect(equitySampleAfter(first('live', { connectedAt: 9_000 }), 10_000)).toEqual([]);
    expect(equitySampleAfter(first('live', { connectedAt: 9_000 }), 12_000)).toHaveLength(1);
  });

  it('takes nothing while there is nothing to value', () => {
    const empty = emptyPortfolio();
    expect(equitySampleAfter(empty, 10_000)).toBe(empty.equityHistory);
  });
});

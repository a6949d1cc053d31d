import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../domain/types';
import { evaluateAlerts } from './alert-engine';
import {
  initialAlertState,
  type Alert,
  type AlertEngineState,
  type AlertInputs,
  type AlertThresholds,
  type ConnectionInput,
} from './alert-types';

const T = 1_756_478_000_000;
const OFF: AlertThresholds = { disconnect: false, rearmPct: '10' };

const inputs = (patch: Partial<AlertInputs> = {}): AlertInputs => ({
  now: T,
  currency: 'USD',
  connections: [],
  positions: [],
  ...patch,
});
const conn = (
  connectionId: string,
  status: ConnectionStatus,
  since = T,
  drops = 0,
  reason?: string,
): ConnectionInput => ({ connectionId, status, since, drops, reason });

/** Run a sequence of inputs through the engine; the alerts of each step. */
function run(
  thresholds: AlertThresholds,
  steps: AlertInputs[],
  start: AlertEngineState = initialAlertState(),
): { fired: Alert[][]; state: AlertEngineState } {
  let state = start;
  const fired: Alert[][] = [];
  for (const step of steps) {
    const out = evaluateAlerts(state, step, thresholds);
    fired.push(out.alerts);
    state = out.state;
  }
  return { fired, state };
}
const counts = (fired: Alert[][]) => fired.map((a) => a.length);

describe('drawdown', () => {
  const th: AlertThresholds = { ...OFF, drawdownPct: '5' };
  const at = (equity: string, peak = '100000') => inputs({ equity, peakEquity: peak });

  it('fires once when equity falls the threshold below its peak, with value and threshold', () => {
    const { fired } = run(th, [at('99000'), at('95000'), at('94000'), at('94500')]);
    expect(counts(fired)).toEqual([0, 1, 0, 0]);
    expect(fired[1]![0]).toMatchObject({
      rule: 'drawdown',
      level: 'error',
      value: '5',
      threshold: '5',
      key: 'drawdown',
    });
    expect(fired[1]![0]!.connectionId).toBeUndefined();
    expect(fired[1]![0]!.message).toContain('95000.00 USD');
    expect(fired[1]![0]!.message).toContain('100000.00 USD');
  });

  it('re-arms only below the hysteresis band (10% of the threshold), then fires again', () => {
    // 4.6% is inside the band (>= 4.5%): no re-arm, no second alert; 4.4% re-arms.
    const { fired } = run(th, [at('95000'), at('95400'), at('94900'), at('95600'), at('95000')]);
    expect(counts(fired)).toEqual([1, 0, 0, 0, 1]);
  });

  it('a value hovering at the threshold fires once, not every frame', () => {
    const steps = Array.from({ length: 50 }, (_, i) => at(i % 2 === 0 ? '94999' : '95001'));
    expect(run(th, steps).fired.flat()).toHaveLength(1);
  });

  it('holds its state while equity cannot be valued (neither fires nor re-arms)', () => {
    const { fired } = run(th, [at('94000'), inputs(), inputs(), at('94000')]);
    expect(counts(fired)).toEqual([1, 0, 0, 0]);
    const second = run(th, [inputs(), at('94000')]);
    expect(counts(second.fired)).toEqual([0, 1]);
  });

  it('is off at 0, and turning it off re-arms it', () => {
    expect(run({ ...th, drawdownPct: undefined }, [at('50000')]).fired.flat()).toEqual([]);
    const { fired } = run(th, [at('90000')]);
    const later = run({ ...th, drawdownPct: undefined }, [at('90000')], run(th, [at('90000')]).state);
    expect(fired.flat()).toHaveLength(1);
    expect(later.state.active.has('drawdown')).toBe(false);
    expect(run(th, [at('90000')], later.state).fired.flat()).toHaveLength(1);
  });

  it('ignores a zero or negative peak', () => {
    expect(run(th, [at('-5', '0')]).fired.flat()).toEqual([]);
  });

  it('computes the percent on exact decimals', () => {
    // (0.7 - 0.63) / 0.7 is exactly 10%; in floating point it is 9.999999999999993%.
    const { fired } = run({ ...th, drawdownPct: '10' }, [at('0.63', '0.7')]);
    expect(fired[0]![0]!.value).toBe('10');
    expect(run({ ...th, drawdownPct: '10.0001' }, [at('0.63', '0.7')]).fired.flat()).toEqual([]);
  });
});

describe('unrealized loss', () => {
  const th: AlertThresholds = { ...OFF, unrealizedLoss: '1000' };
  const at = (unrealizedPnl: string) => inputs({ unrealizedPnl });

  it('fires at or below minus the threshold, once, and re-arms past the band', () => {
    const { fired } = run(th, [at('-999.99'), at('-1000'), at('-1500'), at('-901'), at('-899'), at('-1000.5')]);
    expect(counts(fired)).toEqual([0, 1, 0, 0, 0, 1]);
    expect(fired[1]![0]).toMatchObject({
      rule: 'unrealized-loss',
      level: 'warning',
      value: '-1000',
      threshold: '-1000',
    });
  });

  it('a profit never fires', () => {
    expect(run(th, [at('5000')]).fired.flat()).toEqual([]);
  });

  it('speaks the base currency it is given', () => {
    const { fired } = run({ ...OFF, unrealizedLoss: '0.01' }, [
      inputs({ currency: 'BTC', unrealizedPnl: '-0.0123456789' }),
    ]);
    expect(fired[0]![0]!.title).toContain('-0.01234568 BTC');
  });
});

describe('position notional', () => {
  const th: AlertThresholds = { ...OFF, positionNotional: '10000' };
  const at = (...positions: [string, string, string | undefined][]) =>
    inputs({ positions: positions.map(([connectionId, symbol, notional]) => ({ connectionId, symbol, notional })) });

  it('fires once per position (where: connection and symbol), each on its own', () => {
    const { fired } = run(th, [
      at(['z', 'BTCUSDT', '12000'], ['z', 'ETHUSDT', '500']),
      at(['z', 'BTCUSDT', '12500'], ['z', 'ETHUSDT', '10000']),
      at(['z', 'BTCUSDT', '12500'], ['z', 'ETHUSDT', '10000'], ['r', 'BTCUSDT', '20000']),
    ]);
    expect(fired.map((f) => f.map((a) => `${a.connectionId}|${a.symbol}`))).toEqual([
      ['z|BTCUSDT'],
      ['z|ETHUSDT'],
      ['r|BTCUSDT'],
    ]);
    expect(fired[0]![0]).toMatchObject({
      rule: 'position-notional',
      value: '12000',
      threshold: '10000',
      key: 'position-notional|z|BTCUSDT',
    });
  });

  it('a position that closes re-arms; reopened above the threshold it fires again', () => {
    const { fired } = run(th, [at(['z', 'BTCUSDT', '12000']), at(), at(['z', 'BTCUSDT', '11000'])]);
    expect(counts(fired)).toEqual([1, 0, 1]);
  });

  it('an unvalued notional holds its state', () => {
    const { fired } = run(th, [
      at(['z', 'BTCUSDT', '12000']),
      at(['z', 'BTCUSDT', undefined]),
      at(['z', 'BTCUSDT', '12000']),
    ]);
    expect(counts(fired)).toEqual([1, 0, 0]);
  });

  it('no hysteresis band: clears as soon as it is below the threshold', () => {
    const { fired } = run({ ...th, rearmPct: '0' }, [
      at(['z', 'B', '10000']),
      at(['z', 'B', '9999.99']),
      at(['z', 'B', '10000']),
    ]);
    expect(counts(fired)).toEqual([1, 0, 1]);
  });
});

describe('stale stream', () => {
  const th: AlertThresholds = { ...OFF, staleAfterMs: 5_000 };

  it('fires once the stream has been stale for staleAfterMs, once, and again after it recovered', () => {
    const { fired } = run(th, [
      inputs({ now: T, connections: [conn('z', 'live', T - 60_000)] }),
      inputs({ now: T + 1_000, connections: [conn('z', 'stale', T + 1_000, 0, 'no message for 10.0 s')] }),
      inputs({ now: T + 5_999, connections: [conn('z', 'stale', T + 1_000)] }),
      inputs({ now: T + 6_000, connections: [conn('z', 'stale', T + 1_000, 0, 'no message for 10.0 s')] }),
      inputs({ now: T + 9_000, connections: [conn('z', 'stale', T + 1_000)] }),
      inputs({ now: T + 10_000, connections: [conn('z', 'live', T + 10_000)] }),
      inputs({ now: T + 20_000, connections: [conn('z', 'stale', T + 12_000)] }),
    ]);
    expect(counts(fired)).toEqual([0, 0, 0, 1, 0, 0, 1]);
    expect(fired[3]![0]).toMatchObject({
      rule: 'stale',
      level: 'warning',
      connectionId: 'z',
      value: '5000',
      threshold: '5000',
    });
    expect(fired[3]![0]!.message).toContain('no message for 10.0 s');
  });

  it('at 0 fires as soon as the status is stale; off when not configured', () => {
    expect(run({ ...OFF, staleAfterMs: 0 }, [inputs({ connections: [conn('z', 'stale')] })]).fired.flat()).toHaveLength(
      1,
    );
    expect(run(OFF, [inputs({ connections: [conn('z', 'stale', T - 60_000)] })]).fired.flat()).toEqual([]);
  });

  it('each connection on its own; a removed connection is forgotten', () => {
    const { fired, state } = run({ ...OFF, staleAfterMs: 0 }, [
      inputs({ connections: [conn('a', 'stale'), conn('b', 'live')] }),
      inputs({ connections: [conn('a', 'stale'), conn('b', 'stale')] }),
      inputs({ connections: [conn('b', 'stale')] }),
    ]);
    expect(fired.map((f) => f.map((a) => a.connectionId))).toEqual([['a'], ['b'], []]);
    expect([...state.active]).toEqual(['stale|b']);
    expect([...state.links.keys()]).toEqual(['b']);
  });
});

describe('disconnect', () => {
  const th: AlertThresholds = { ...OFF, disconnect: true };
  const step = (now: number, ...connections: ConnectionInput[]) => inputs({ now, connections });
  const dropped = (
    now: number,
    drops: number,
    status: ConnectionStatus = 'reconnecting',
    reason = 'closed (1006)',
  ): ConnectionInput => ({
    ...conn('z', status, now, drops),
    lastDrop: { status: 'reconnecting', reason, time: now },
  });

  it('fires once per new drop the tracker counted, saying how it went', () => {
    const { fired } = run(th, [
      step(T, conn('z', 'live')),
      step(T + 1, dropped(T + 1, 1)),
      step(T + 2, dropped(T + 2, 1, 'connecting')),
      step(T + 3, dropped(T + 3, 1, 'error')),
    ]);
    expect(counts(fired)).toEqual([0, 1, 0, 0]);
    expect(fired[1]![0]).toMatchObject({
      rule: 'disconnect',
      level: 'error',
      connectionId: 'z',
      value: 'reconnecting',
      threshold: 'live',
      key: 'disconnect|z',
    });
    expect(fired[1]![0]!.message).toBe('z was live and went reconnecting: closed (1006)');
  });

  it('a drop that is already over (back live) still fires; several drops between two evaluations fire once', () => {
    const { fired } = run(th, [
      step(T, conn('z', 'live')),
      step(T + 1, dropped(T + 1, 1, 'live')),
      step(T + 2, dropped(T + 2, 4, 'live')),
    ]);
    expect(counts(fired)).toEqual([0, 1, 1]);
    expect(fired[1]![0]!.message).toContain('back live now');
    expect(fired[2]![0]!.message).toContain('(3 times)');
  });

  it('switched off: no alert, and no backlog when it is switched back on', () => {
    const off = run(OFF, [step(T, conn('z', 'live')), step(T + 1, dropped(T + 1, 1))]);
    expect(off.fired.flat()).toEqual([]);
    expect(run(th, [step(T + 2, dropped(T + 2, 1))], off.state).fired.flat()).toEqual([]);
    expect(run(th, [step(T + 3, dropped(T + 3, 2))], off.state).fired.flat()).toHaveLength(1);
  });

  it('a removed connection is forgotten', () => {
    const { state } = run(th, [step(T, dropped(T, 1)), step(T + 1)]);
    expect(state.links.size).toBe(0);
  });
});

describe('alert identity', () => {
  it('every firing has its own id and the time of the evaluation', () => {
    const th: AlertThresholds = { ...OFF, positionNotional: '1', staleAfterMs: 0 };
    const { fired } = run(th, [
      inputs({
        positions: [
          { connectionId: 'z', symbol: 'A', notional: '2' },
          { connectionId: 'z', symbol: 'B', notional: '2' },
        ],
        connections: [conn('z', 'stale')],
      }),
      inputs({ now: T + 1, positions: [] }),
      inputs({ now: T + 2, positions: [{ connectionId: 'z', symbol: 'A', notional: '2' }] }),
    ]);
    const all = fired.flat();
    expect(all).toHaveLength(4);
    expect(new Set(all.map((a) => a.id)).size).toBe(4);
    expect(all.map((a) => a.time)).toEqual([T, T, T, T + 2]);
  });

  it('does not mutate the previous state', () => {
    const start = initialAlertState();
    evaluateAlerts(start, inputs({ positions: [{ connectionId: 'z', symbol: 'A', notional: '2' }] }), {
      ...OFF,
      positionNotional: '1',
    });
    expect(start.active.size).toBe(0);
    expect(start.seq).toBe(0);
  });
});

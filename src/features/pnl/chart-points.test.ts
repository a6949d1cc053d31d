import { describe, expect, it } from 'vitest';
import type { EquitySample } from '../../store/state';
import { buildChartModel, CHART_POINT_LIMIT, samplesInRange } from './chart-model';
import {
  exactIn,
  moneyTickFormatter,
  seriesRange,
  timeTickFormatter,
  toChartPoint,
  type ChartPoint,
} from './chart-points';

const MIN = 60_000;
const sample = (time: number, equity: string, extra: Partial<EquitySample> = {}): EquitySample => ({
  time,
  equity,
  unrealizedPnl: '0',
  realizedPnl: '0',
  ...extra,
});

describe('chart points', () => {
  it('keeps the exact sample next to the plotted numbers, per connection too', () => {
    const s = sample(1, '12345.67', {
      unrealizedPnl: '-26.725',
      realizedPnl: '12.5',
      perConnection: { a: '12000', b: '345.67' },
    });
    const point = toChartPoint(s, 'USD');
    expect(point).toMatchObject({
      time: 1,
      equity: 12345.67,
      unrealized: -26.725,
      realized: 12.5,
      perConnection: { a: 12000, b: 345.67 },
    });
    expect(point?.sample).toBe(s);
    // Converted once: the same object on the next redraw.
    expect(toChartPoint(s, 'USD')).toBe(point);
  });

  it('divides by the sample BTC price in BTC, and leaves out a sample without one', () => {
    const s = sample(1, '100000', { unrealizedPnl: '-500', perConnection: { a: '50000' }, btcUsd: '50000' });
    expect(toChartPoint(s, 'BTC')).toMatchObject({ equity: 2, unrealized: -0.01, perConnection: { a: 1 } });
    expect(toChartPoint(sample(2, '1'), 'BTC')).toBeNull();
    expect(toChartPoint(sample(3, '1', { btcUsd: '0' }), 'BTC')).toBeNull();
    // The tooltip's exact figure: decimal division, not the float.
    expect(exactIn('1', sample(4, '1', { btcUsd: '3' }), 'BTC')).toBe('0.33333333333333333333');
    expect(exactIn('12.5', s, 'BTC')).toBe('0.00025');
    expect(exactIn('12.5', s, 'USD')).toBe('12.5');
  });

  it('gives ticks enough decimals to tell a narrow range apart', () => {
    expect(moneyTickFormatter(1.2)(49996.24)).toBe('49,996.2');
    expect(moneyTickFormatter(0.05)(0.0435)).toBe('0.04');
    expect(moneyTickFormatter(5000)(10000512.4)).toBe('10,000,512');
    expect(moneyTickFormatter(0)(3)).toBe('3');
    expect(moneyTickFormatter(0.0004)(1.23456789)).toBe('1.23457');
  });

  it('labels time ticks by the span shown', () => {
    const t = new Date(2026, 10, 21, 14, 3, 7).getTime();
    expect(timeTickFormatter(5 * MIN)(t)).toBe('14:03:07');
    expect(timeTickFormatter(60 * MIN)(t)).toBe('14:03');
    expect(timeTickFormatter(48 * 60 * MIN)(t)).toBe('11-21 14:03');
  });

  it('finds the range over several series', () => {
    const points = [
      sample(1, '10', { unrealizedPnl: '-3', realizedPnl: '1' }),
      sample(2, '12', { unrealizedPnl: '2', realizedPnl: '4' }),
    ].map((s) => toChartPoint(s, 'USD') as ChartPoint);
    expect(seriesRange(points, [(p) => p.unrealized, (p) => p.realized])).toEqual([-3, 4]);
    expect(seriesRange([], [(p) => p.equity])).toEqual([0, 0]);
  });
});

describe('chart model', () => {
  // A day at one sample a second (as the store holds it: compacted would be fewer, this is the worst case).
  const day: EquitySample[] = Array.from({ length: 86_400 }, (_, i) =>
    sample(i * 1_000, String(1_000 + (i % 600)), {
      unrealizedPnl: String((i % 97) - 48),
      realizedPnl: String(Math.floor(i / 1_000)),
      perConnection: { 'zdex-main': String(600 + (i % 600)), 'rails-btc': '400' },
      btcUsd: i % 2 === 0 ? '50000' : undefined,
    }),
  );

  it('cuts the range at the newest sample', () => {
    expect(samplesInRange(day, '5m').length).toBe(301);
    expect(samplesInRange(day, '1h').length).toBe(3_601);
    expect(samplesInRange(day, '1d').length).toBe(86_400);
    expect(samplesInRange(day, 'all')).toBe(day);
    expect(samplesInRange([], '5m')).toEqual([]);
  });

  it('draws at most 1,500 points, a line per connection, keeping the extremes of each', () => {
    const model = buildChartModel(day, '1d', 'USD', 'equity');
    expect(model.points.length).toBeLessThanOrEqual(CHART_POINT_LIMIT);
    // 3 series: floor(1,498 / 6) = 249 time buckets, each giving at least one point.
    expect(model.points.length).toBeGreaterThanOrEqual(2 + 249);
    expect(model.connectionIds).toEqual(['rails-btc', 'zdex-main']);
    expect(model.series.map((s) => s.name)).toEqual(['Total', 'rails-btc', 'zdex-main']);
    expect(model.inRange).toBe(86_400);
    expect(model.withoutPrice).toBe(0);
    const equities = model.points.map((p) => p.equity);
    expect(Math.max(...equities)).toBe(1_599);
    expect(Math.min(...equities)).toBe(1_000);
    expect(model.points[0]?.time).toBe(0);
    expect(model.points.at(-1)?.time).toBe(86_399_000);

    const pnl = buildChartModel(day, '1d', 'USD', 'pnl');
    expect(pnl.series.map((s) => s.name)).toEqual(['Unrealized', 'Realized']);
    expect(Math.min(...pnl.points.map((p) => p.unrealized))).toBe(-48);
    expect(Math.max(...pnl.points.map((p) => p.unrealized))).toBe(48);
  });

  it('a short range is drawn as it is', () => {
    const model = buildChartModel(day, '5m', 'USD', 'equity');
    expect(model.points.length).toBe(301);
    expect(model.points.map((p) => p.sample)).toEqual(day.slice(-301));
  });

  it('in BTC leaves out samples without a BTC price and counts them', () => {
    const model = buildChartModel(day, '5m', 'BTC', 'equity');
    // 301 samples, t = 86,099 s ... 86,399 s: the 151 odd seconds have no price.
    expect(model.withoutPrice).toBe(151);
    expect(model.points.length).toBe(150);
    expect(model.points.every((p) => p.sample.btcUsd === '50000')).toBe(true);
    expect(model.points.at(-1)?.equity).toBe(Number(day[86_398]?.equity) / 50_000);
  });
});

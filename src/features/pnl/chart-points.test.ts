import { describe, expect, it } from 'vitest';
import { moneyTickFormatter, seriesRange, toChartPoints } from './chart-points';

describe('chart points', () => {
  it('keeps the exact sample next to the plotted numbers', () => {
    const sample = { time: 1, equity: '12345.67', unrealizedPnl: '-26.725', realizedPnl: '12.5' };
    const [point] = toChartPoints([sample]);
    expect(point).toMatchObject({ time: 1, equity: 12345.67, unrealized: -26.725, realized: 12.5 });
    expect(point?.sample).toBe(sample);
  });

  it('gives ticks enough decimals to tell a narrow range apart', () => {
    expect(moneyTickFormatter(1.2)(49996.24)).toBe('49,996.2');
    expect(moneyTickFormatter(0.05)(0.0435)).toBe('0.04');
    expect(moneyTickFormatter(5000)(10000512.4)).toBe('10,000,512');
    expect(moneyTickFormatter(0)(3)).toBe('3');
  });

  it('finds the range over several series', () => {
    const points = toChartPoints([
      { time: 1, equity: '10', unrealizedPnl: '-3', realizedPnl: '1' },
      { time: 2, equity: '12', unrealizedPnl: '2', realizedPnl: '4' },
    ]);
    expect(seriesRange(points, ['unrealized', 'realized'])).toEqual([-3, 4]);
    expect(seriesRange([], ['equity'])).toEqual([0, 0]);
  });
});

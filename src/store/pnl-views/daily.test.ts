import { afterEach, describe, expect, it } from 'vitest';
import type { Fill, GapRecord } from '../../domain/types';
import { buildPriceBook } from '../../domain/valuation/price-book';
import { instrument, instrumentMap, mark } from '../../domain/valuation/test-helpers';
import type { EquitySample } from '../state';
import {
  dailyPnl,
  fillsByDay,
  FillsByDayAccumulator,
  fixedOffsetCalendar,
  LOCAL_CALENDAR,
  type DayFills,
} from './daily';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(`${iso}Z`);
const instruments = instrumentMap(
  instrument('zdex-1', 'BTCUSDT', 'BTC', 'USDT'),
  instrument('roxom-1', 'US500-BTC', 'US500', 'BTC', 'cfd'),
);
const book = buildPriceBook([mark('zdex-1', 'BTCUSDT', '80000', utc('2025-03-11T12:00:00'))], instruments, {
  stablesAtPar: true,
});
let n = 0;
const fill = (side: 'buy' | 'sell', quantity: string, price: string, at: string, extra: Partial<Fill> = {}): Fill => ({
  connectionId: 'zdex-1',
  fillId: `f${++n}`,
  symbol: 'BTCUSDT',
  side,
  quantity,
  price,
  time: utc(at),
  fee: '1',
  feeAsset: 'USDT',
  ...extra,
});
const gap = (from: string, to: string | null, recovered: GapRecord['recovered']): GapRecord => ({
  connectionId: 'zdex-1',
  from: utc(from),
  to: to === null ? null : utc(to),
  recovered,
});
const sample = (at: string, equity: string, btcUsd = '80000'): EquitySample => ({
  time: utc(at),
  equity,
  unrealizedPnl: '0',
  realizedPnl: '0',
  btcUsd,
});

// UTC+2: 21:30 UTC is 23:30 local on the 10th, 22:30 UTC is 00:30 local on the 11th.
const plus2 = fixedOffsetCalendar(120);
const fills = [
  fill('buy', '0.1', '80000', '2025-03-10T21:30:00'),
  fill('sell', '0.05', '80200', '2025-03-10T22:30:00'),
  fill('sell', '0.05', '79900', '2025-03-11T09:00:00', { fee: '0.00001', feeAsset: 'BTC' }),
];

describe('daily PnL', () => {
  it('buckets fills by local day (a fixed UTC+2 offset): the close after local midnight realizes on the next day', () => {
    const days = fillsByDay(fills, instruments, plus2);
    expect(days.map((d) => [plus2.label(d.start), d.fills])).toEqual([
      ['2025-03-10', 1],
      ['2025-03-11', 2],
    ]);
    expect(days[0]!.start).toBe(utc('2025-03-09T22:00:00'));
    expect([...days[0]!.realized]).toEqual([]);
    // Average cost 80000: (80200 - 80000) x 0.05 + (79900 - 80000) x 0.05 = 10 - 5.
    expect([...days[1]!.realized]).toEqual([['USDT', '5']]);
    expect([...days[1]!.fees]).toEqual([
      ['USDT', '1'],
      ['BTC', '0.00001'],
    ]);
    // The same fills in UTC: the first two on the 10th.
    expect(fillsByDay(fills, instruments, fixedOffsetCalendar(0)).map((d) => d.fills)).toEqual([2, 1]);
  });

  it('converts each day to the base currency, with the equity change of the day and today listed', () => {
    const history = [
      sample('2025-03-10T08:00:00', '1000'),
      sample('2025-03-10T20:00:00', '1050'),
      sample('2025-03-10T23:00:00', '1040'),
      sample('2025-03-11T11:00:00', '1100'),
    ];
    const now = utc('2025-03-12T08:00:00'); // 10:00 local on the 12th: no fills, no samples yet
    const days = dailyPnl({
      days: fillsByDay(fills, instruments, plus2),
      book,
      target: 'USD',
      history,
      gaps: [],
      now,
      calendar: plus2,
    });
    expect(days.map((d) => d.day)).toEqual(['2025-03-10', '2025-03-11', '2025-03-12']);
    expect(days[0]).toMatchObject({ realized: '0', fees: '1', net: '-1', equityChange: '50' });
    // Fees 1 USDT + 0.00001 BTC at 80000 = 1.8; equity from the 10th's last
    // sample (1050 at 22:00 local; the 1040 at 01:00 local is the 11th's) to the 11th's last (1100).
    expect(days[1]).toMatchObject({ realized: '5', fees: '1.8', net: '3.2', fills: 2, equityChange: '50' });
    expect(days[2]).toMatchObject({ realized: '0', fills: 0 });
    expect(days[2]!.equityChange).toBeUndefined();
    expect(days[1]!.end - days[1]!.start).toBe(24 * H);

    const btc = dailyPnl({
      days: fillsByDay(fills, instruments, plus2),
      book,
      target: 'BTC',
      history,
      gaps: [],
      now,
      calendar: plus2,
    });
    expect(btc[1]).toMatchObject({
      realized: '0.0000625',
      fees: '0.0000225',
      net: '0.00004',
      equityChange: '0.000625',
    });
  });

  it('marks a day that a gap with possibly missing fills overlaps; a gap recovered in full does not', () => {
    const gaps = [
      gap('2025-03-10T23:00:00', '2025-03-10T23:10:00', 'partial'), // 01:00 local on the 11th
      gap('2025-03-10T10:00:00', '2025-03-10T10:05:00', 'full'),
      gap('2025-03-12T07:00:00', null, 'pending'), // still open now
    ];
    const now = utc('2025-03-12T08:00:00');
    const days = dailyPnl({
      days: fillsByDay(fills, instruments, plus2),
      book,
      target: 'USD',
      history: [],
      gaps,
      now,
      calendar: plus2,
    });
    expect(days.map((d) => [d.day, d.gaps.length])).toEqual([
      ['2025-03-10', 0],
      ['2025-03-11', 1],
      ['2025-03-12', 1],
    ]);
  });

  it('lists what no price converts instead of dropping it silently', () => {
    const odd = [fill('buy', '1', '10', '2025-03-11T09:00:00', { symbol: 'XYZ', fee: '2', feeAsset: 'XYZ' })];
    const [day] = dailyPnl({
      days: fillsByDay(odd, instruments, plus2),
      book,
      target: 'USD',
      history: [],
      gaps: [],
      now: utc('2025-03-11T10:00:00'),
      calendar: plus2,
    });
    expect(day).toMatchObject({ fees: '0', unconverted: ['2 XYZ'] });
  });

  describe('in the local time zone (TZ)', () => {
    const tz = process.env.TZ;
    afterEach(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });
    it('New York: local midnight starts the day, and the day daylight saving begins lasts 23 hours', () => {
      process.env.TZ = 'America/New_York';
      const now = utc('2025-03-09T12:00:00');
      const late = [fill('buy', '0.1', '80000', '2025-03-09T03:30:00')]; // 22:30 on the 8th in New York (EST)
      const days = dailyPnl({
        days: fillsByDay(late, instruments, LOCAL_CALENDAR),
        book,
        target: 'USD',
        history: [],
        gaps: [],
        now,
      });
      expect(days.map((d) => d.day)).toEqual(['2025-03-08', '2025-03-09']);
      expect(days[1]!.start).toBe(utc('2025-03-09T05:00:00'));
      expect(days[1]!.end - days[1]!.start).toBe(23 * H);
    });
  });
});

describe('daily fills kept up to date as fills arrive', () => {
  const same = (days: DayFills[]) =>
    days.map((d) => ({
      start: d.start,
      fills: d.fills,
      realized: Object.fromEntries([...d.realized].sort()),
      fees: Object.fromEntries([...d.fees].sort()),
    }));
  const many = Array.from({ length: 60 }, (_, i) =>
    fill(
      i % 3 ? 'buy' : 'sell',
      '0.01',
      String(80000 + ((i * 37) % 300)),
      new Date(utc('2025-03-09T20:00:00') + i * 1_800_000).toISOString().slice(0, -1),
      {
        symbol: i % 2 ? 'BTCUSDT' : 'ETHUSDT',
        connectionId: i % 4 ? 'zdex-1' : 'zdex-2',
      },
    ),
  );
  const newestFirst = (list: Fill[]) => [...list].sort((a, b) => b.time - a.time);

  it('equals fillsByDay from scratch after growing lists, a late fill, and a forgotten connection', () => {
    const acc = new FillsByDayAccumulator(plus2);
    const late = many[10]!;
    const grown = many.filter((f) => f !== late);
    for (const n of [5, 20, 59]) {
      const list = newestFirst(grown.slice(0, n));
      expect(same(acc.update(list, instruments))).toEqual(same(fillsByDay(list, instruments, plus2)));
    }
    // A fill older than what was applied to its symbol: that symbol is replayed in time order.
    const all = newestFirst(many);
    expect(same(acc.update(all, instruments))).toEqual(same(fillsByDay(all, instruments, plus2)));
    expect(acc.connectionIds()).toEqual(new Set(['zdex-1', 'zdex-2']));
    // zdex-2 removed: its fills leave the list and its days' figures.
    acc.forget('zdex-2');
    const kept = all.filter((f) => f.connectionId !== 'zdex-2');
    expect(same(acc.update(kept, instruments))).toEqual(same(fillsByDay(kept, instruments, plus2)));
    // A list with nothing seen before (history cleared, then new fills) starts over.
    const fresh = [fill('buy', '1', '80000', '2025-03-12T09:00:00')];
    expect(same(acc.update(fresh, instruments))).toEqual(same(fillsByDay(fresh, instruments, plus2)));
  });
});

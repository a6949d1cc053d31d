import { describe, expect, it } from 'vitest';
import type { ConnectionDiagnostics, PriceMark } from '../domain/types';
import { applyEvents } from './apply-batch';
import { buildMarketRows, createMarketRowsSelector, spreadOf } from './market-selectors';
import { emptyPortfolio, markKey, type PortfolioState } from './state';
import { quietDiagnostics } from '../domain/diagnostics';

const T = 1_756_478_000_000;

const mark = (
  connectionId: string,
  symbol: string,
  kind: PriceMark['kind'],
  price: string,
  time: number,
  extra: Partial<PriceMark> = {},
): PriceMark => ({
  connectionId,
  symbol,
  kind,
  price,
  time,
  ...extra,
});

const marksOf = (...list: PriceMark[]): Map<string, PriceMark> =>
  new Map(list.map((m) => [markKey(m.connectionId, m.symbol, m.kind), m]));

const diag = (connectionId: string, venue: ConnectionDiagnostics['venue']): ConnectionDiagnostics =>
  quietDiagnostics(connectionId, venue, 'live');

describe('market rows', () => {
  it('takes best bid/ask from the book, last from the trade, mark and funding from the mark', () => {
    const rows = buildMarketRows(
      marksOf(
        mark('z', 'BTCUSDT', 'book', '71034.55', T + 3, { bid: '71034.5', ask: '71034.6' }),
        mark('z', 'BTCUSDT', 'trade', '71034.6', T + 2),
        mark('z', 'BTCUSDT', 'ticker', '71000', T + 9, { bid: '1', ask: '2' }),
        mark('z', 'BTCUSDT', 'mark', '71030.1', T + 1, { fundingRate: '0.0001', indexPrice: '71029' }),
      ),
      new Map([['z', diag('z', 'zdex')]]),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      key: 'z|BTCUSDT',
      connectionId: 'z',
      venue: 'zdex',
      symbol: 'BTCUSDT',
      bid: '71034.5',
      ask: '71034.6',
      spread: '0.1',
      quoteKind: 'book',
      last: '71034.6',
      lastKind: 'trade',
      mark: '71030.1',
      fundingRate: '0.0001',
      indexPrice: '71029',
      updatedAt: T + 9,
    });
  });

  it('falls back to the ticker for last price (and for bid/ask when there is no book)', () => {
    const [row] = buildMarketRows(
      marksOf(mark('z', 'ETHUSDT', 'ticker', '2500.5', T, { bid: '2500.4', ask: '2500.7' })),
      new Map(),
    );
    expect(row).toMatchObject({
      last: '2500.5',
      lastKind: 'ticker',
      bid: '2500.4',
      ask: '2500.7',
      spread: '0.3',
      quoteKind: 'ticker',
    });
    expect(row?.mark).toBeUndefined();
    expect(row?.venue).toBeUndefined();
  });

  it('computes the spread exactly (no float error) and only when both sides are known', () => {
    expect(spreadOf('0.1', '0.3')).toBe('0.2');
    expect(spreadOf('9007199254740993.1', '9007199254740993.3')).toBe('0.2');
    expect(spreadOf('100', '100')).toBe('0');
    expect(spreadOf(undefined, '1')).toBeUndefined();
    expect(spreadOf('x', '1')).toBeUndefined();
    const [oneSided] = buildMarketRows(marksOf(mark('z', 'SOL', 'book', '150', T, { bid: '150' })), new Map());
    expect(oneSided).toMatchObject({ bid: '150' });
    expect(oneSided?.ask).toBeUndefined();
    expect(oneSided?.spread).toBeUndefined();
  });

  it('gives one row per connection and symbol, sorted, whatever kinds each has', () => {
    const rows = buildMarketRows(
      marksOf(
        mark('b', 'BTCUSDT', 'trade', '1', T),
        mark('a', 'ETHUSDT', 'mark', '2', T),
        mark('a', 'BTCUSDT', 'ticker', '3', T),
        mark('a', 'BTCUSDT', 'book', '4', T, { bid: '3.9', ask: '4.1' }),
        mark('b', 'BTCUSDT', 'mark', '5', T),
      ),
      new Map([
        ['a', diag('a', 'zdex')],
        ['b', diag('b', 'scaletrade')],
      ]),
    );
    expect(rows.map((r) => [r.key, r.venue])).toEqual([
      ['a|BTCUSDT', 'zdex'],
      ['a|ETHUSDT', 'zdex'],
      ['b|BTCUSDT', 'scaletrade'],
    ]);
  });

  it('dates a row by its freshest figure', () => {
    const [row] = buildMarketRows(
      marksOf(
        mark('a', 'X', 'mark', '1', T + 50),
        mark('a', 'X', 'trade', '1', T + 10),
        mark('a', 'X', 'book', '1', T + 70, { bid: '1' }),
      ),
      new Map(),
    );
    expect(row?.updatedAt).toBe(T + 70);
  });
});

describe('selectMarketRows (memoized)', () => {
  const withMarks = (...events: PriceMark[]): PortfolioState =>
    applyEvents(
      emptyPortfolio(),
      events.map((m) => ({ kind: 'mark' as const, mark: m })),
    );

  it('returns the same array while marks and connections are unchanged, and keeps unchanged rows', () => {
    const select = createMarketRowsSelector();
    const s1 = withMarks(mark('a', 'BTC', 'trade', '1', T), mark('a', 'ETH', 'trade', '2', T));
    const first = select(s1);
    expect(select({ ...s1 })).toBe(first);
    const s2 = applyEvents(s1, [{ kind: 'mark', mark: mark('a', 'ETH', 'trade', '2.5', T + 1) }]);
    const second = select(s2);
    expect(second).not.toBe(first);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.last).toBe('2.5');
  });

  it('follows the store: an older mark does not replace a newer one', () => {
    const select = createMarketRowsSelector();
    const s = withMarks(mark('a', 'BTC', 'trade', '2', T + 5), mark('a', 'BTC', 'trade', '1', T));
    expect(select(s)[0]).toMatchObject({ last: '2', updatedAt: T + 5 });
  });
});

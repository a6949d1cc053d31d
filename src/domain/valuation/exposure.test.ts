import { describe, expect, it } from 'vitest';
import { dec } from '../decimal';
import { exposureMatrix, hedgeRatio } from './exposure';
import { buildPriceBook } from './price-book';
import { instrument, instrumentMap, mark } from './test-helpers';

const T = 1_760_000_000_000;
const instruments = instrumentMap(
  instrument('zdex', 'BTCUSDT', 'BTC', 'USDT'),
  instrument('roxom', 'US500-BTC', 'US500', 'BTC', 'cfd', { settleAsset: 'BTC', contractSize: '0.1' }),
);
const book = buildPriceBook([mark('zdex', 'BTCUSDT', '80000', T), mark('roxom', 'US500-BTC', '0.07', T)], instruments, {
  stablesAtPar: true,
});

describe('exposure matrix', () => {
  it('adds spot balances of non-stable assets and derivative positions (quantity x contractSize), per asset x connection', () => {
    const m = exposureMatrix(
      [
        { connectionId: 'roxom', asset: 'BTC', total: '0.5', updatedAt: T },
        { connectionId: 'zdex', asset: 'USDT', total: '50000', updatedAt: T },
      ],
      [
        { connectionId: 'zdex', symbol: 'BTCUSDT', quantity: '-0.2', updatedAt: T },
        { connectionId: 'roxom', symbol: 'US500-BTC', quantity: '30', updatedAt: T },
        { connectionId: 'rails', symbol: 'MYSTERY', quantity: '1', updatedAt: T },
      ],
      instruments,
      book,
      'USD',
    );
    expect(m.connectionIds).toEqual(['roxom', 'zdex']);
    expect(m.unknown).toEqual([{ connectionId: 'rails', symbol: 'MYSTERY', quantity: '1' }]);
    const btc = m.rows.find((r) => r.asset === 'BTC')!;
    expect(btc).toMatchObject({
      long: '0.5',
      short: '-0.2',
      net: '0.3',
      netValue: '24000',
      longValue: '40000',
      shortValue: '-16000',
      hedgeRatio: '0.4',
    });
    expect(btc.cells.map((c) => [c.connectionId, c.net, c.spot, c.derivatives])).toEqual([
      ['roxom', '0.5', '0.5', '0'],
      ['zdex', '-0.2', '0', '-0.2'],
    ]);
    const us500 = m.rows.find((r) => r.asset === 'US500')!;
    expect(us500).toMatchObject({ long: '3', short: '0', net: '3', netValue: '16800', hedgeRatio: '0' }); // 3 x 0.07 x 80000
    expect(m.rows.some((r) => r.asset === 'USDT')).toBe(false);
  });

  it('keeps an asset with no price, without a value', () => {
    const m = exposureMatrix(
      [{ connectionId: 'x', asset: 'ETH', total: '2', updatedAt: T }],
      [],
      instruments,
      book,
      'BTC',
    );
    expect(m.rows[0]).toMatchObject({ asset: 'ETH', net: '2' });
    expect(m.rows[0]?.netValue).toBeUndefined();
  });

  it('hedge ratio: min/max of the sides, undefined when flat', () => {
    expect(hedgeRatio(dec(1), dec(1))).toBe('1');
    expect(hedgeRatio(dec(3), dec(2))).toBe('0.66666666');
    expect(hedgeRatio(dec(0), dec(0))).toBeUndefined();
  });
});

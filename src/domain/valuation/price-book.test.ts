import { describe, expect, it } from 'vitest';
import { buildPriceBook, convert } from './price-book';
import { choosePrice } from './price-choice';
import { instrument, instrumentMap, mark } from './test-helpers';

const T = 1_760_000_000_000;
const instruments = instrumentMap(
  instrument('zdex', 'BTCUSDT', 'BTC', 'USDT'),
  instrument('rails', 'BTC-USDT', 'BTC', 'USDT', 'spot'),
  instrument('roxom', 'US500-BTC', 'US500', 'BTC', 'cfd', { settleAsset: 'BTC' }),
  instrument('st', 'btcusd', 'BTC', 'USD', 'cfd'),
);

describe('price book', () => {
  it('values a stablecoin at par and USD at 1, with no price used', () => {
    const book = buildPriceBook([], instruments, { stablesAtPar: true });
    expect(book.rate('USDT', 'USD')).toEqual({ asset: 'USDT', target: 'USD', rate: '1', steps: [], atPar: ['USDT'] });
    expect(book.rate('USD', 'USD')?.rate).toBe('1');
  });

  it('values BTC in USD through a BTC/USDT price (USDT at par), and USD in BTC as 1 / that price', () => {
    const book = buildPriceBook([mark('zdex', 'BTCUSDT', '80000', T)], instruments, { stablesAtPar: true });
    const btc = book.rate('BTC', 'USD');
    expect(btc?.rate).toBe('80000');
    expect(btc?.steps).toEqual([
      {
        connectionId: 'zdex',
        symbol: 'BTCUSDT',
        kind: 'mark',
        price: '80000',
        time: T,
        base: 'BTC',
        quote: 'USDT',
        inverted: false,
      },
    ]);
    expect(btc?.atPar).toEqual(['USDT']);
    expect(book.rate('USD', 'BTC')?.rate).toBe('0.0000125');
    expect(book.rate('USDT', 'BTC')?.rate).toBe('0.0000125');
    expect(convert(book, '1.5', 'BTC', 'USD')?.value).toBe('120000');
    expect(convert(book, '1.5', 'BTC', 'BTC')?.value).toBe('1.5');
  });

  it('triangulates through the quote asset: US500 priced in BTC on one venue, BTC in USDT on another', () => {
    const book = buildPriceBook(
      [mark('roxom', 'US500-BTC', '0.0712', T), mark('zdex', 'BTCUSDT', '70000.5', T + 5)],
      instruments,
      { stablesAtPar: true },
    );
    const us500 = book.rate('US500', 'USD');
    expect(us500?.rate).toBe('4984.0356'); // 0.0712 x 70000.5
    expect(us500?.steps.map((s) => `${s.connectionId}:${s.symbol}`)).toEqual(['roxom:US500-BTC', 'zdex:BTCUSDT']);
    expect(book.rate('US500', 'BTC')?.rate).toBe('0.0712');
  });

  it('returns no rate when a price is missing (never a guess)', () => {
    const book = buildPriceBook([mark('roxom', 'US500-BTC', '0.0712', T)], instruments, { stablesAtPar: true });
    expect(book.rate('US500', 'USD')).toBeUndefined();
    expect(book.rate('BTC', 'USD')).toBeUndefined();
    expect(book.rate('ETH', 'USD')).toBeUndefined();
    expect(convert(book, '2', 'BTC', 'USD')).toBeUndefined();
    expect(book.rate('US500', 'BTC')?.rate).toBe('0.0712');
  });

  it('without stables at par, values USDT only through live prices (BTC in USD and in USDT)', () => {
    const marks = [mark('zdex', 'BTCUSDT', '80000', T), mark('st', 'btcusd', '80160', T)];
    const par = buildPriceBook(marks, instruments, { stablesAtPar: false });
    expect(par.rate('USDT', 'USD')?.rate).toBe('1.002'); // 80160 / 80000
    expect(par.rate('USDT', 'USD')?.steps.map((s) => [s.symbol, s.inverted])).toEqual([
      ['BTCUSDT', true],
      ['btcusd', false],
    ]);
    expect(
      buildPriceBook([mark('zdex', 'BTCUSDT', '80000', T)], instruments, { stablesAtPar: false }).rate('USDT', 'USD'),
    ).toBeUndefined();
  });

  it('uses one price per pair across venues: the freshest, a mark or ticker over a trade when equally fresh', () => {
    const book = buildPriceBook(
      [
        mark('zdex', 'BTCUSDT', '80000', T, 'mark'),
        mark('rails', 'BTC-USDT', '80010', T + 1_000, 'trade'),
        mark('st', 'btcusd', '80020', T - 60_000, 'book'),
      ],
      instruments,
      { stablesAtPar: true },
    );
    expect(book.rate('BTC', 'USD')?.steps[0]?.connectionId).toBe('zdex');
    const later = buildPriceBook(
      [mark('zdex', 'BTCUSDT', '80000', T, 'mark'), mark('rails', 'BTC-USDT', '80010', T + 6_000, 'trade')],
      instruments,
      { stablesAtPar: true },
    );
    expect(later.rate('BTC', 'USD')?.rate).toBe('80010');
  });

  it('ignores prices of symbols it cannot place (no instrument) and non-positive prices', () => {
    const book = buildPriceBook([mark('zdex', 'ETHUSDT', '3500', T), mark('zdex', 'BTCUSDT', '0', T)], instruments, {
      stablesAtPar: true,
    });
    expect(book.rate('ETH', 'USD')).toBeUndefined();
    expect(book.rate('BTC', 'USD')).toBeUndefined();
  });
});

describe('choosePrice', () => {
  it('ranks mark > ticker > book > trade within the equally-fresh window, then the newest', () => {
    const pick = choosePrice([
      { connectionId: 'a', kind: 'trade' as const, price: '1', time: T + 100 },
      { connectionId: 'b', kind: 'book' as const, price: '2', time: T + 50 },
      { connectionId: 'c', kind: 'ticker' as const, price: '3', time: T },
    ]);
    expect(pick?.connectionId).toBe('c');
    expect(choosePrice([])).toBeUndefined();
  });
});

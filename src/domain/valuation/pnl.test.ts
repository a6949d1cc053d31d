import { describe, expect, it } from 'vitest';
import { pnlStyleOf, unrealizedFromMark } from '../pnl';
import type { Fill } from '../types';
import { FillSummarizer, summarizeFills } from './fill-summary';
import { instrument } from './test-helpers';

const positionsOf = (fills: Fill[]) => summarizeFills(fills).positions;

const T = 1_760_000_000_000;
let n = 0;
const fill = (side: 'buy' | 'sell', quantity: string, price: string, extra: Partial<Fill> = {}): Fill => ({
  connectionId: 'rails',
  fillId: `f${++n}`,
  symbol: 'BTC-USDT',
  side,
  quantity,
  price,
  time: T + n,
  ...extra,
});

describe('unrealized PnL from a mark', () => {
  it('long and short, linear, exactly', () => {
    expect(unrealizedFromMark({ quantity: '0.05', entryPrice: '70500' }, '71034.5')).toBe('26.725');
    expect(unrealizedFromMark({ quantity: '-0.05', entryPrice: '70500' }, '71034.5')).toBe('-26.725');
  });
  it('respects contractSize', () => {
    expect(unrealizedFromMark({ quantity: '3', entryPrice: '0.0700001' }, '0.0712', { contractSize: '0.1' })).toBe(
      '0.00035997',
    );
  });
  it('inverse contracts pay in the base asset', () => {
    // 1000 contracts of 100 USD long from 50000 to 62500: 100000 x (1/50000 - 1/62500) = 0.4 BTC
    expect(
      unrealizedFromMark({ quantity: '1000', entryPrice: '50000' }, '62500', { style: 'inverse', contractSize: '100' }),
    ).toBe('0.4');
    expect(
      unrealizedFromMark({ quantity: '-1000', entryPrice: '50000' }, '62500', {
        style: 'inverse',
        contractSize: '100',
      }),
    ).toBe('-0.4');
  });
  it('no entry price, no figure', () => {
    expect(unrealizedFromMark({ quantity: '1' }, '1')).toBeUndefined();
  });
  it('only a contract settled in its own base asset is inverse', () => {
    expect(pnlStyleOf(instrument('x', 'BTCUSD', 'BTC', 'USD', 'perpetual', { settleAsset: 'BTC' }))).toBe('inverse');
    expect(pnlStyleOf(instrument('x', 'US500-BTC', 'US500', 'BTC', 'cfd', { settleAsset: 'BTC' }))).toBe('linear');
    expect(pnlStyleOf(instrument('x', 'BTCUSDT', 'BTC', 'USDT'))).toBe('linear');
    expect(pnlStyleOf(undefined)).toBe('linear');
  });
});

describe('realized PnL from fills by average cost', () => {
  it('long, partial close, close: realized against the average entry', () => {
    const [p] = positionsOf([fill('buy', '1', '100'), fill('buy', '1', '110'), fill('sell', '0.5', '120')]);
    expect(p).toMatchObject({ quantity: '1.5', averagePrice: '105', realizedPnl: '7.5', fills: 3 });
    const [closed] = positionsOf([
      fill('buy', '1', '100'),
      fill('buy', '1', '110'),
      fill('sell', '0.5', '120'),
      fill('sell', '1.5', '101'),
    ]);
    expect(closed).toMatchObject({ quantity: '0', realizedPnl: '1.5' }); // 7.5 + (101 - 105) x 1.5
    expect(closed?.averagePrice).toBeUndefined();
  });
  it('short, and a flip opens the rest at the fill price', () => {
    const [p] = positionsOf([fill('sell', '2', '200'), fill('buy', '3', '190')]);
    expect(p).toMatchObject({ quantity: '1', averagePrice: '190', realizedPnl: '20' });
  });
  it('does not depend on arrival order (time order, ties by fill id)', () => {
    const fills = [fill('buy', '1', '100'), fill('sell', '1', '90'), fill('buy', '2', '95'), fill('sell', '0.5', '97')];
    expect(positionsOf([...fills].reverse())).toEqual(positionsOf(fills));
    expect(positionsOf(fills)[0]).toMatchObject({ quantity: '1.5', averagePrice: '95', realizedPnl: '-9' });
  });
});

describe('incremental fill summary', () => {
  it('equals a full recompute as fills arrive, also when a late fill is older than the ones applied', () => {
    const all = [
      fill('buy', '1', '100'),
      fill('buy', '1', '110'),
      fill('sell', '0.5', '120'),
      fill('sell', '2', '101'),
      fill('buy', '0.25', '99', { fee: '0.1', feeAsset: 'USDT' }),
    ];
    const summarizer = new FillSummarizer();
    const newestFirst = (list: Fill[]) => [...list].sort((a, b) => b.time - a.time);
    summarizer.update(newestFirst([all[0]!, all[1]!]));
    summarizer.update(newestFirst([all[0]!, all[1]!, all[3]!]));
    const late = summarizer.update(newestFirst([all[0]!, all[1]!, all[3]!, all[2]!, all[4]!]));
    expect(late.positions).toEqual(positionsOf(all));
    expect(late.fees).toEqual([{ connectionId: 'rails', symbol: 'BTC-USDT', asset: 'USDT', amount: '0.1' }]);
  });
  it('keeps evicted fills counted, starts over on an unrelated list, forgets a removed connection', () => {
    const a = fill('buy', '1', '100');
    const b = fill('sell', '1', '105');
    const c = fill('buy', '2', '104');
    const summarizer = new FillSummarizer();
    summarizer.update([a]);
    summarizer.update([b, a]);
    expect(summarizer.update([c, b]).positions[0]).toMatchObject({ realizedPnl: '5', quantity: '2', fills: 3 });
    const other = { ...fill('buy', '3', '1'), connectionId: 'x' };
    const fresh = summarizer.update([other]);
    expect(fresh.positions).toEqual([
      { connectionId: 'x', symbol: 'BTC-USDT', quantity: '3', averagePrice: '1', realizedPnl: '0', fills: 1 },
    ]);
    expect(summarizer.forget('x').positions).toEqual([]);
  });
});

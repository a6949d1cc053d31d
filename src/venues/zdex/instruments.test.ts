import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_INSTRUMENTS } from '../../../sim/core/instruments';
import { zdexAdapter } from './adapter';
import { describeZdexSymbol } from './instruments';
import { fixture } from './test-support';
import {
  expectConformantOrUndescribed,
  expectUndescribed,
  instrumentProblems,
} from '../shared/testing/instrument-expectations';

const options = { symbols: ['BTCUSDT'] };
const describeSymbol = (symbol: string) => zdexAdapter.describeSymbol?.(symbol, options);
const conformant = (symbol: string) => instrumentProblems(describeSymbol, symbol);

describe('ZDEX instruments', () => {
  it('describes the seed symbols as linear USDT perpetuals', () => {
    expect(describeSymbol('BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    });
    expect(describeSymbol('ETHUSDT')).toMatchObject({
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    });
  });

  it('describes every symbol the fixtures mention, conformantly', () => {
    const symbols = new Set<string>([...(fixture('connected').symbols as string[])]);
    const full = fixture('account-full-state');
    for (const o of full.data.openOrders as { symbol: string }[]) symbols.add(o.symbol);
    for (const p of full.data.positions as { symbol: string }[]) symbols.add(p.symbol);
    for (const name of ['ticker', 'markprice', 'orderbook', 'trades', 'position-update', 'position-closed'])
      symbols.add(fixture(name).symbol ?? fixture(name).data.symbol);
    expect(symbols.size).toBeGreaterThan(0);
    for (const symbol of symbols) expect(conformant(symbol), symbol).toEqual([]);
  });

  it('describes all ~144 auto-pushed symbols (the simulator lists them)', () => {
    expect(ALL_INSTRUMENTS.length).toBeGreaterThan(140);
    for (const { symbol } of ALL_INSTRUMENTS) {
      expect(conformant(symbol), symbol).toEqual([]);
      expect(describeSymbol(symbol)).toMatchObject({ baseAsset: symbol.slice(0, -4), settleAsset: 'USDT' });
    }
  });

  it('reads a leading 1000 as a contract multiplier, but 1INCH as an asset [guess]', () => {
    expect(describeSymbol('1000PEPEUSDT')).toMatchObject({ baseAsset: 'PEPE', contractSize: '1000' });
    expect(describeSymbol('1000000MOGUSDT')).toMatchObject({ baseAsset: 'MOG', contractSize: '1000000' });
    expect(describeSymbol('1INCHUSDT')).toEqual({
      symbol: '1INCHUSDT',
      baseAsset: '1INCH',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    });
    expect(conformant('1000PEPEUSDT')).toEqual([]);
  });

  it('returns undefined for what is not a ZDEX symbol', () => {
    expectUndescribed(describeZdexSymbol, [
      '',
      'USDT',
      'USDTUSDT',
      'btcusdt',
      'BTC-USDT',
      'BTCUSD',
      'BTC',
      'BTC USDT',
      'BTCUSDT\n',
      '__proto__',
    ]);
  });

  it('never throws, and whatever it describes conforms and keeps the symbol', () => {
    expectConformantOrUndescribed(
      describeZdexSymbol,
      fc.oneof(fc.string(), fc.stringMatching(/^[A-Z0-9]{0,12}(USDT)?$/)),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateInstrument } from '../../domain/conformance/validators';
import { railsAdapter } from './adapter';
import { describeRailsMarket } from './instruments';
import { parseRailsOptions } from './options';
import {
  expectConformantOrUndescribed,
  expectUndescribed,
  fixtureFieldValues,
} from '../shared/testing/instrument-expectations';

const parsed = parseRailsOptions({ market: 'ALL' });
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const describeSymbol = (symbol: string) => railsAdapter.describeSymbol?.(symbol, parsed.options);

/** Every `market` named in the fixtures (frames and their entries). */
const fixtureMarkets = () => fixtureFieldValues(new URL('./fixtures/', import.meta.url), 'market');

describe('Rails instruments', () => {
  it('describes BTC-USDT as a perpetual quoted and settled in USDT (Rails trades carry leverage: derivatives)', () => {
    expect(describeSymbol('BTC-USDT')).toEqual({
      symbol: 'BTC-USDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    });
    expect(describeSymbol('ETH-USD')).toMatchObject({ baseAsset: 'ETH', quoteAsset: 'USD', settleAsset: 'USD' });
  });

  it('describes every market the fixtures name, conformantly', () => {
    const markets = fixtureMarkets();
    expect([...markets].sort()).toEqual(['BTC-USD', 'BTC-USDT', 'ETH-USD', 'ETH-USDT']);
    for (const market of markets) {
      const described = describeSymbol(market);
      expect(described, market).toBeDefined();
      if (described) expect(validateInstrument({ connectionId: 'rails-main', ...described })).toEqual([]);
    }
  });

  it('does not describe ALL, other shapes or lower case', () => {
    expectUndescribed(describeRailsMarket, [
      'ALL',
      '',
      'BTCUSDT',
      'BTC-',
      '-USDT',
      'BTC-USDT-PERP',
      'btc-usdt',
      'BTC/USDT',
      'USDT-USDT',
      'BTC-USDT ',
      '__proto__',
    ]);
  });

  it('never throws, and whatever it describes conforms and keeps the symbol', () => {
    expectConformantOrUndescribed(
      describeRailsMarket,
      fc.oneof(fc.string(), fc.stringMatching(/^[A-Z0-9]{0,6}-?[A-Z0-9]{0,6}$/)),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateInstrument } from '../../domain/conformance/validators';
import { coinswitchAdapter } from './adapter';
import { describeCoinswitchSymbol } from './instruments';
import { parseCoinswitchOptions } from './options';
import {
  expectConformantOrUndescribed,
  expectUndescribed,
  fixtureFieldValues,
} from '../shared/testing/instrument-expectations';

const parsed = parseCoinswitchOptions({ subAccountId: '491363048', tickerSymbols: ['BTC/USDT'] });
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const describeSymbol = (symbol: string) => coinswitchAdapter.describeSymbol?.(symbol, parsed.options);

/** Every `symbol` in the fixtures (the seed's order and trade payloads, the constructed ones). */
const fixtureSymbols = () => fixtureFieldValues(new URL('./fixtures/', import.meta.url), 'symbol');

describe('CoinSwitch instruments', () => {
  it('describes linear perpetuals quoted and settled in their quote (seed: category "linear")', () => {
    expect(describeSymbol('BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    });
    expect(describeSymbol('SOLUSDT')).toMatchObject({ baseAsset: 'SOL', quoteAsset: 'USDT' });
    expect(describeSymbol('BTCINR')).toMatchObject({ baseAsset: 'BTC', quoteAsset: 'INR', settleAsset: 'INR' });
    expect(describeSymbol('ETHUSDC')).toMatchObject({ baseAsset: 'ETH', quoteAsset: 'USDC' });
    expect(describeSymbol('ETHUSD')).toMatchObject({ baseAsset: 'ETH', quoteAsset: 'USD' });
  });

  it('describes the ticker subject form BTC/USDT the same way, keeping the symbol as given', () => {
    expect(describeSymbol('BTC/USDT')).toEqual({
      symbol: 'BTC/USDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    });
    for (const market of parsed.ok ? parsed.options.tickerSymbols : []) expect(describeSymbol(market)).toBeDefined();
  });

  it('describes every symbol in the fixtures, conformantly', () => {
    const symbols = fixtureSymbols();
    expect([...symbols].sort()).toEqual(['BTCUSDT', 'SOLUSDT']);
    for (const symbol of symbols) {
      const described = describeSymbol(symbol);
      expect(described, symbol).toBeDefined();
      if (described) expect(validateInstrument({ connectionId: 'cs', ...described })).toEqual([]);
    }
  });

  it('does not describe unknown quotes, odd shapes or a quote against a quote', () => {
    expectUndescribed(describeCoinswitchSymbol, [
      '',
      'USDT',
      'BTCEUR',
      'BTC/EUR',
      'btcusdt',
      'BTC-USDT',
      'USDCUSDT',
      'USDT/USD',
      'BTC/',
      '/USDT',
      'BTC USDT',
      '__proto__',
    ]);
  });

  it('never throws, and whatever it describes conforms and keeps the symbol', () => {
    expectConformantOrUndescribed(
      describeCoinswitchSymbol,
      fc.oneof(fc.string(), fc.stringMatching(/^[A-Z0-9]{0,6}\/?(USDT|INR|USD)?$/)),
    );
  });
});

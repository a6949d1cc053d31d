import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateInstrument } from '../../domain/conformance/validators';
import { railsAdapter } from './adapter';
import { describeRailsMarket } from './instruments';
import { parseRailsOptions } from './options';

const parsed = parseRailsOptions({ market: 'ALL' });
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const describeSymbol = (symbol: string) => railsAdapter.describeSymbol?.(symbol, parsed.options);

/** Every `market` named in the fixtures (frames and their entries). */
function fixtureMarkets(): Set<string> {
  const dir = new URL('./fixtures/', import.meta.url);
  const markets = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'market' && typeof v === 'string') markets.add(v);
        else walk(v);
      }
    }
  };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')))
    walk(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
  return markets;
}

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
    for (const odd of [
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
    ]) {
      expect(describeRailsMarket(odd), JSON.stringify(odd)).toBeUndefined();
    }
  });

  it('never throws, and whatever it describes conforms and keeps the symbol', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Z0-9]{0,6}-?[A-Z0-9]{0,6}$/)), (market) => {
        const described = describeRailsMarket(market);
        if (described) {
          expect(described.symbol).toBe(market);
          expect(validateInstrument({ connectionId: 'r', ...described })).toEqual([]);
        }
      }),
    );
  });
});

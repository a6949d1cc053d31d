import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_INSTRUMENTS } from '../../../sim/core/instruments';
import { CONTRACT_SIZES, scaletradeSymbol } from '../../../sim/scaletrade/symbols';
import { scaletradeAdapter } from './adapter';
import { describeScaletradeSymbol } from './instruments';
import { parseScaletradeOptions } from './options';
import {
  expectConformantOrUndescribed,
  expectUndescribed,
  instrumentProblems,
} from '../shared/testing/instrument-expectations';

function options(currency?: string) {
  const parsed = parseScaletradeOptions({
    login: 2000009,
    symbols: [],
    ...(currency === undefined ? {} : { currency }),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.options;
}
const describeSymbol = (symbol: string, currency?: string) =>
  scaletradeAdapter.describeSymbol?.(symbol, options(currency));
const conformant = (symbol: string) => instrumentProblems(describeSymbol, symbol);

/** Symbols in the fixtures: `t[1]`, `o[3]`, `a[3]` and the subscribe lists (seed 003). */
function fixtureSymbols(): Set<string> {
  const dir = new URL('./fixtures/', import.meta.url);
  const symbols = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const frame: unknown = JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
    if (Array.isArray(frame)) {
      const at = frame[0] === 't' ? 1 : frame[0] === 'o' || frame[0] === 'a' ? 3 : -1;
      if (at > 0 && typeof frame[at] === 'string') symbols.add(frame[at]);
    } else if (frame && typeof frame === 'object' && 'data' in frame && Array.isArray(frame.data)) {
      for (const s of frame.data) if (typeof s === 'string') symbols.add(s);
    }
  }
  return symbols;
}

describe('ScaleTrade instruments', () => {
  it('describes lower-case CFDs, settled in the account currency', () => {
    expect(describeSymbol('btcusd')).toEqual({
      symbol: 'btcusd',
      baseAsset: 'BTC',
      quoteAsset: 'USD',
      settleAsset: 'USD',
      kind: 'cfd',
      contractSize: '0.01',
    });
    expect(describeSymbol('eurusd', 'EUR')).toEqual({
      symbol: 'eurusd',
      baseAsset: 'EUR',
      quoteAsset: 'USD',
      settleAsset: 'EUR',
      kind: 'cfd',
      contractSize: '100000',
    });
    expect(describeSymbol('usdjpy')).toMatchObject({ baseAsset: 'USD', quoteAsset: 'JPY', contractSize: '100000' });
    expect(describeSymbol('xauusd')).toMatchObject({ baseAsset: 'XAU', quoteAsset: 'USD', contractSize: '100' });
    expect(describeSymbol('btcusdt')).toMatchObject({ baseAsset: 'BTC', quoteAsset: 'USDT' });
  });

  it('ignores a broker suffix and the case of the name, and keeps the symbol as on the wire', () => {
    expect(describeSymbol('EURUSD.m')).toMatchObject({ symbol: 'EURUSD.m', baseAsset: 'EUR', quoteAsset: 'USD' });
    expect(describeSymbol('btcusd_ecn')).toMatchObject({
      symbol: 'btcusd_ecn',
      baseAsset: 'BTC',
      contractSize: '0.01',
    });
  });

  it('describes every symbol of the fixtures and the seed, conformantly', () => {
    const symbols = fixtureSymbols();
    expect([...symbols].sort()).toEqual(['btcusd', 'eurusd']);
    for (const symbol of symbols) expect(conformant(symbol), symbol).toEqual([]);
  });

  it('matches the demo broker: lots x contract size = the simulator ledger quantity, for every quoted symbol', () => {
    for (const [core, size] of Object.entries(CONTRACT_SIZES)) {
      expect(describeSymbol(scaletradeSymbol(core))?.contractSize ?? '1').toBe(size.toFixed());
    }
    for (const { symbol } of ALL_INSTRUMENTS) expect(conformant(scaletradeSymbol(symbol)), symbol).toEqual([]);
  });

  it('does not describe a name without a known quote, or that is not a symbol', () => {
    expectUndescribed(describeSymbol, [
      '',
      '#AAPL',
      'us500',
      'usd',
      'usdusd',
      'btc',
      'b',
      'btc usd',
      '.eurusd',
      'eur/usd',
      'constructor',
      '__proto__',
    ]);
    expect(describeScaletradeSymbol('btcusd', { currency: 'us d' })).toBeUndefined();
  });

  it('never throws, and whatever it describes conforms and keeps the symbol', () => {
    expectConformantOrUndescribed(
      (symbol) => describeScaletradeSymbol(symbol, { currency: 'USD' }),
      fc.oneof(fc.string(), fc.stringMatching(/^[a-zA-Z0-9]{0,8}(usd|eur|jpy)?(\.[a-z]{0,2})?$/)),
    );
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateInstrument } from '../../domain/conformance/validators';
import { ROXOM_MARKETS } from '../../../sim/roxom/markets';
import { roxomAdapter } from './adapter';
import { describeRoxomSymbol } from './instruments';
import { DEFAULT_CHANNELS } from './options';
import { expectConformantOrUndescribed, expectUndescribed } from '../shared/testing/instrument-expectations';

const describeSymbol = (symbol: string) => roxomAdapter.describeSymbol?.(symbol, { channels: DEFAULT_CHANNELS });

/** Every `"symbol":"…"` in the fixtures (they hold 19-digit integers, so they are scanned, not parsed). */
function fixtureSymbols(): Set<string> {
  const dir = new URL('./fixtures/', import.meta.url);
  const symbols = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    for (const m of readFileSync(new URL(name, dir), 'utf8').matchAll(/"symbol"\s*:\s*"([^"]*)"/g))
      if (m[1] !== undefined) symbols.add(m[1]);
  }
  return symbols;
}

describe('Roxom instruments', () => {
  it('describes the BTC-denominated markets: the asset before the dash, quoted and settled in BTC', () => {
    expect(describeSymbol('US500-BTC')).toEqual({
      symbol: 'US500-BTC',
      baseAsset: 'US500',
      quoteAsset: 'BTC',
      settleAsset: 'BTC',
      kind: 'perpetual',
    });
    expect(describeSymbol('GOLD-BTC')).toMatchObject({ baseAsset: 'GOLD', quoteAsset: 'BTC', settleAsset: 'BTC' });
    expect(describeSymbol('OIL-BTC')).toMatchObject({ baseAsset: 'OIL', quoteAsset: 'BTC', settleAsset: 'BTC' });
  });

  it('describes every symbol of the fixtures and of the simulator, conformantly, with no multiplier', () => {
    const symbols = fixtureSymbols();
    expect([...symbols].sort()).toEqual(['GOLD-BTC', 'OIL-BTC', 'TSLA-BTC', 'US500-BTC']);
    for (const { symbol } of ROXOM_MARKETS) symbols.add(symbol);
    for (const symbol of symbols) {
      const described = describeSymbol(symbol);
      expect(described, symbol).toBeDefined();
      expect(described?.contractSize).toBeUndefined();
      if (described) expect(validateInstrument({ connectionId: 'roxom-main', ...described })).toEqual([]);
    }
  });

  it('does not describe what is not an <ASSET>-BTC market', () => {
    expectUndescribed(describeRoxomSymbol, [
      '',
      'BTC',
      'BTC-BTC',
      'US500',
      'US500-USD',
      'us500-btc',
      'US500-BTC-X',
      '-BTC',
      'US500BTC',
      'US 500-BTC',
    ]);
  });

  it('never throws, and whatever it describes conforms and keeps the symbol', () => {
    expectConformantOrUndescribed(describeRoxomSymbol, fc.oneof(fc.string(), fc.stringMatching(/^[A-Z0-9]{0,6}-BTC$/)));
  });
});

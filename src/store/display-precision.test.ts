import { describe, expect, it } from 'vitest';
import { validateInstrument } from '../domain/conformance/validators';
import type { Instrument } from '../domain/instrument';
import type { Fill, OrderUpdate } from '../domain/types';
import { gridDecimals, readSymbolPrecision, selectSymbolPrecision, textDecimals } from './display-precision';
import { applyEvents } from './apply-batch';
import { emptyPortfolio } from './state';

const fill = (over: Partial<Fill>): Fill => ({
  connectionId: 'z',
  fillId: String(Math.random()),
  symbol: 'BTCUSDT',
  side: 'buy',
  price: '71000',
  quantity: '1',
  time: 1,
  ...over,
});
const order = (over: Partial<OrderUpdate>): OrderUpdate => ({
  connectionId: 'z',
  orderId: String(Math.random()),
  updatedAt: 1,
  symbol: 'BTCUSDT',
  type: 'limit',
  ...over,
});

describe('textDecimals / gridDecimals', () => {
  it('counts fraction digits, trailing zeros ignored', () => {
    expect(textDecimals('71000.50')).toBe(1);
    expect(textDecimals('0.001')).toBe(3);
    expect(textDecimals('12')).toBe(0);
    expect(textDecimals('-3.000')).toBe(0);
    expect(textDecimals('1e-3')).toBeUndefined();
    expect(gridDecimals('0.5')).toBe(1);
    expect(gridDecimals('0')).toBeUndefined();
    expect(gridDecimals(undefined)).toBeUndefined();
  });
});

describe('readSymbolPrecision', () => {
  it("reads each symbol's grid from reported fills and limit orders, per connection", () => {
    const map = readSymbolPrecision(
      new Map(),
      [
        fill({ price: '71000.1', quantity: '0.012' }),
        fill({ price: '71000', quantity: '0.5' }),
        fill({ connectionId: 'r', price: '70999.25', quantity: '2' }),
        // An inferred fill's price comes from a position change: not on the grid.
        fill({ price: '70000.123456', quantity: '0.0000001', inferred: true }),
        fill({ symbol: 'ETHUSDT', price: '3500.25', quantity: '0.1' }),
      ],
      [
        order({ price: '70000.00', quantity: '0.0010' }),
        order({ type: 'market', price: '71234.56789' }),
        order({ symbol: 'SOLUSDT', price: '180.01', quantity: '3' }),
      ],
    );
    expect(map.get('z|BTCUSDT')).toEqual({ price: 1, quantity: 3 });
    expect(map.get('r|BTCUSDT')).toEqual({ price: 2, quantity: 0 });
    expect(map.get('z|ETHUSDT')).toEqual({ price: 2, quantity: 1 });
    expect(map.get('z|SOLUSDT')).toEqual({ price: 2, quantity: 0 });
    expect(map.get('z|XRPUSDT')).toBeUndefined();
  });

  it("prefers the instrument's stated tick and step", () => {
    const instrument: Instrument = {
      connectionId: 'z',
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
      priceTick: '0.5',
      quantityStep: '0.001',
    };
    const map = readSymbolPrecision(
      new Map([['z|BTCUSDT', instrument]]),
      [fill({ price: '71000.25', quantity: '2' })],
      [],
    );
    expect(map.get('z|BTCUSDT')).toEqual({ price: 1, quantity: 3 });
  });

  it('ignores values with more decimals than any grid has (derived numbers)', () => {
    const map = readSymbolPrecision(new Map(), [fill({ price: '49998.68014040000001', quantity: '1.5' })], []);
    expect(map.get('z|BTCUSDT')).toEqual({ quantity: 1 });
  });

  it('reads 20,000 fills of 150 symbols', () => {
    const fills = Array.from({ length: 20_000 }, (_, i) =>
      fill({ symbol: `S${i % 150}USDT`, price: `${1000 + i}.${i % 10}`, quantity: `0.${i % 1000}` }),
    );
    const map = readSymbolPrecision(new Map(), fills, []);
    expect(map.size).toBe(150);
    expect(map.get('z|S1USDT')).toEqual({ price: 1, quantity: 3 });
  });
});

describe('a stated tick and step are checked like any instrument field', () => {
  const base: Instrument = {
    connectionId: 'z',
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    settleAsset: 'USDT',
    kind: 'perpetual',
  };
  it('accepts positive decimals, refuses zero and text', () => {
    expect(validateInstrument({ ...base, priceTick: '0.5', quantityStep: '0.001' })).toEqual([]);
    expect(validateInstrument({ ...base, priceTick: '0' })).not.toEqual([]);
    expect(validateInstrument({ ...base, quantityStep: 'tiny' })).not.toEqual([]);
  });
});

describe('selectSymbolPrecision', () => {
  it('learns from every fill once, also one inserted far from the head (an old time arriving late)', () => {
    const newest = Array.from({ length: 3_000 }, (_, i) =>
      fill({ connectionId: 'late', fillId: `n${i}`, price: '10.5', time: 10_000 - i }),
    );
    const held = applyEvents(
      emptyPortfolio(),
      newest.map((f) => ({ kind: 'fill' as const, fill: f })),
    );
    const first = selectSymbolPrecision(held);
    expect(first.get('late|BTCUSDT')?.price).toBe(1);
    // A fill older than the 3,000 held arrives late: the time-sorted list puts it at the end, and the
    // reducer copies only its bucket of the fills Map.
    const late = fill({ connectionId: 'late', fillId: 'old', price: '10.125', time: 1 });
    const second = selectSymbolPrecision(applyEvents(held, [{ kind: 'fill', fill: late }]));
    expect(second.get('late|BTCUSDT')?.price).toBe(3);
  });
});

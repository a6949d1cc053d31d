import { describe, expect, it } from 'vitest';
import { dec } from '../../domain/decimal';
import type { DomainEvent } from '../../domain/events';
import { applyEvents } from '../apply-batch';
import { emptyPortfolio } from '../state';
import { selectExposure, selectValuation } from '../valuation-selectors';
import { allocationByAsset, allocationByVenue, type Allocation } from './allocation';

const T = 1_760_000_000_000;
const VENUES: Record<string, string> = { 'zdex-1': 'zdex', 'zdex-2': 'zdex', 'roxom-1': 'roxom', 'rails-1': 'rails' };
const venueOf = (id: string) => VENUES[id];
const balance = (connectionId: string, asset: string, total: string): DomainEvent => ({
  kind: 'balance',
  balance: { connectionId, asset, total, updatedAt: T },
});
const state = applyEvents(emptyPortfolio(), [
  {
    kind: 'instrument',
    instrument: {
      connectionId: 'zdex-1',
      symbol: 'BTCUSDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    },
  },
  {
    kind: 'instrument',
    instrument: {
      connectionId: 'zdex-1',
      symbol: 'ETHUSDT',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    },
  },
  { kind: 'mark', mark: { connectionId: 'zdex-1', symbol: 'BTCUSDT', kind: 'mark', price: '60000', time: T } },
  { kind: 'mark', mark: { connectionId: 'zdex-1', symbol: 'ETHUSDT', kind: 'mark', price: '3000', time: T } },
  {
    kind: 'instrument',
    instrument: {
      connectionId: 'zdex-2',
      symbol: 'ETHUSDT',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    },
  },
  // Equity: zdex 1000 + 1000, roxom 0.05 BTC = 3000, rails 1000 USDT + 1 XYZ (no price).
  balance('zdex-1', 'USDT', '1000'),
  balance('zdex-2', 'USDT', '1000'),
  balance('roxom-1', 'BTC', '0.05'),
  balance('rails-1', 'USDT', '1000'),
  balance('rails-1', 'XYZ', '1'),
  // Exposure: BTC long 0.05 (roxom spot) and short 0.05 on zdex-1 (gross 6000 USD), ETH long 1 (3000).
  {
    kind: 'position',
    position: {
      connectionId: 'zdex-1',
      symbol: 'BTCUSDT',
      quantity: '-0.05',
      unrealizedPnl: '0',
      settleAsset: 'USDT',
      updatedAt: T,
    },
  },
  {
    kind: 'position',
    position: {
      connectionId: 'zdex-2',
      symbol: 'ETHUSDT',
      quantity: '1',
      unrealizedPnl: '0',
      settleAsset: 'USDT',
      updatedAt: T,
    },
  },
]);
const usd = { baseCurrency: 'USD' as const, stablesAtPar: true };
const shareSum = (a: Allocation) => a.slices.reduce((acc, s) => acc.plus(s.share), dec(0));

describe('allocation', () => {
  it('by venue: each venue its equity and share of the total equity; the shares add up to 100 %', () => {
    const v = selectValuation(state, usd);
    const a = allocationByVenue(v, venueOf);
    // Every connection here has an equity (rails' XYZ, with no price, is flagged by the valuation itself).
    expect(a.missing).toEqual([]);
    expect(a.unvalued).toEqual([]);
    expect(a.slices.find((s) => s.key === 'rails')).toMatchObject({ value: '1000' });
    const known = v.perConnection.filter((c) => c.equity !== undefined);
    expect(a.total).toBe(known.reduce((acc, c) => acc.plus(c.equity!), dec(0)).toFixed());
    expect(a.slices.find((s) => s.key === 'zdex')).toMatchObject({
      connectionIds: ['zdex-1', 'zdex-2'],
      value: '2000',
    });
    expect(a.slices.find((s) => s.key === 'roxom')).toMatchObject({ value: '3000' });
    expect(shareSum(a).minus(100).abs().lt('1e-12')).toBe(true);
  });

  it('thirds still add up to 100 % (to 20 significant digits)', () => {
    const thirds = applyEvents(emptyPortfolio(), [
      balance('zdex-1', 'USDT', '1'),
      balance('roxom-1', 'USDT', '1'),
      balance('rails-1', 'USDT', '1'),
    ]);
    const a = allocationByVenue(selectValuation(thirds, usd), venueOf);
    expect(a.slices.map((s) => s.key)).toEqual(['rails', 'roxom', 'zdex']);
    expect(Number(a.slices[0]!.share)).toBeCloseTo(33.333, 3);
    expect(shareSum(a).minus(100).abs().lt('1e-12')).toBe(true);
  });

  it('by asset: gross exposure (long + |short|) per asset and its share; stablecoins are cash, not exposure', () => {
    const a = allocationByAsset(selectExposure(state, usd));
    expect(a.slices.map((s) => [s.key, s.value, Number(s.share).toFixed(2)])).toEqual([
      ['BTC', '6000', '66.67'],
      ['ETH', '3000', '33.33'],
    ]);
    expect(a.slices[0]!.connectionIds).toEqual(['roxom-1', 'zdex-1']);
    expect(a.total).toBe('9000');
    expect(a.unvalued).toEqual([{ key: 'XYZ', connectionIds: ['rails-1'] }]);
    expect(shareSum(a).minus(100).abs().lt('1e-12')).toBe(true);
  });

  it('nothing valued: no slices, no division by zero', () => {
    const a = allocationByVenue(selectValuation(emptyPortfolio(), usd), venueOf);
    expect(a).toEqual({ slices: [], total: '0', unvalued: [], missing: [] });
  });

  it('a venue without any equity (no balances streamed) is listed unvalued; one connection without it beside others, as missing', () => {
    const fillsOnly = applyEvents(state, [
      {
        kind: 'fill',
        fill: {
          connectionId: 'coinswitch-1',
          fillId: 'c1',
          symbol: 'BTCUSDT',
          side: 'buy',
          price: '60000',
          quantity: '0.01',
          time: T,
        },
      },
      {
        kind: 'fill',
        fill: {
          connectionId: 'zdex-3',
          fillId: 'z1',
          symbol: 'BTCUSDT',
          side: 'buy',
          price: '60000',
          quantity: '0.01',
          time: T,
        },
      },
    ]);
    const venues: Record<string, string> = { ...VENUES, 'coinswitch-1': 'coinswitch', 'zdex-3': 'zdex' };
    const a = allocationByVenue(selectValuation(fillsOnly, usd), (id) => venues[id]);
    expect(a.unvalued).toEqual([{ key: 'coinswitch', connectionIds: ['coinswitch-1'] }]);
    expect(a.missing).toEqual(['zdex-3']);
    expect(a.slices.map((s) => s.key).sort()).toEqual(['rails', 'roxom', 'zdex']);
  });
});

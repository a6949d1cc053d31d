import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import type { Fill } from '../../domain/types';
import { applyEvents } from '../apply-batch';
import { emptyPortfolio } from '../state';
import { selectValuation } from '../valuation-selectors';
import { PNL_GROUPINGS, pnlBreakdown, pnlBreakdownTotal } from './breakdown';

const T = 1_760_000_000_000;
const VENUES: Record<string, string> = { 'zdex-1': 'zdex', 'zdex-2': 'zdex', 'roxom-1': 'roxom', 'rails-1': 'rails' };
const fill = (f: Partial<Fill> & Pick<Fill, 'connectionId' | 'fillId' | 'symbol' | 'side' | 'price' | 'quantity'>) =>
  ({ kind: 'fill', fill: { time: T, ...f } }) as DomainEvent;

// Two ZDEX accounts on the same symbol (positions streamed, one closed this session), Roxom in BTC, and
// Rails (no position stream: realized PnL from fills by average cost), fees in USDT and in BTC.
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
  {
    kind: 'instrument',
    instrument: {
      connectionId: 'zdex-2',
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
      connectionId: 'roxom-1',
      symbol: 'US500-BTC',
      baseAsset: 'US500',
      quoteAsset: 'BTC',
      settleAsset: 'BTC',
      kind: 'cfd',
      contractSize: '0.1',
    },
  },
  {
    kind: 'instrument',
    instrument: {
      connectionId: 'rails-1',
      symbol: 'BTC-USDT',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'spot',
    },
  },
  { kind: 'mark', mark: { connectionId: 'zdex-1', symbol: 'BTCUSDT', kind: 'mark', price: '80000', time: T } },
  { kind: 'mark', mark: { connectionId: 'zdex-1', symbol: 'ETHUSDT', kind: 'mark', price: '3000', time: T } },
  { kind: 'balance', balance: { connectionId: 'zdex-1', asset: 'USDT', total: '1000', updatedAt: T } },
  { kind: 'balance', balance: { connectionId: 'zdex-2', asset: 'USDT', total: '500', updatedAt: T } },
  { kind: 'balance', balance: { connectionId: 'roxom-1', asset: 'BTC', total: '0.5', updatedAt: T } },
  {
    kind: 'position',
    position: {
      connectionId: 'zdex-1',
      symbol: 'BTCUSDT',
      quantity: '-0.25',
      entryPrice: '80040',
      unrealizedPnl: '10',
      realizedPnl: '2.5',
      settleAsset: 'USDT',
      updatedAt: T,
    },
  },
  {
    kind: 'position',
    position: {
      connectionId: 'zdex-1',
      symbol: 'ETHUSDT',
      quantity: '1',
      entryPrice: '3000',
      unrealizedPnl: '0',
      settleAsset: 'USDT',
      updatedAt: T,
    },
  },
  {
    kind: 'position',
    position: {
      connectionId: 'zdex-1',
      symbol: 'SOLUSDT',
      quantity: '3',
      unrealizedPnl: '4',
      settleAsset: 'USDT',
      updatedAt: T - 20,
    },
  },
  {
    kind: 'position-closed',
    connectionId: 'zdex-1',
    symbol: 'SOLUSDT',
    time: T,
    realizedPnl: '7',
    settleAsset: 'USDT',
  },
  {
    kind: 'position',
    position: {
      connectionId: 'zdex-2',
      symbol: 'BTCUSDT',
      quantity: '0.1',
      entryPrice: '79000',
      unrealizedPnl: '100',
      realizedPnl: '-1',
      settleAsset: 'USDT',
      updatedAt: T,
    },
  },
  {
    kind: 'position',
    position: {
      connectionId: 'roxom-1',
      symbol: 'US500-BTC',
      quantity: '30',
      entryPrice: '0.07',
      unrealizedPnl: '0.0003',
      realizedPnl: '0.0001',
      settleAsset: 'BTC',
      updatedAt: T,
    },
  },
  fill({
    connectionId: 'zdex-1',
    fillId: 'z1',
    symbol: 'BTCUSDT',
    side: 'sell',
    price: '80040',
    quantity: '0.25',
    fee: '2',
    feeAsset: 'USDT',
  }),
  fill({
    connectionId: 'zdex-1',
    fillId: 'z2',
    symbol: 'ETHUSDT',
    side: 'buy',
    price: '3000',
    quantity: '1',
    fee: '0.5',
    feeAsset: 'USDT',
  }),
  fill({
    connectionId: 'zdex-2',
    fillId: 'z3',
    symbol: 'BTCUSDT',
    side: 'buy',
    price: '79000',
    quantity: '0.1',
    fee: '1',
    feeAsset: 'USDT',
  }),
  fill({
    connectionId: 'roxom-1',
    fillId: 'r1',
    symbol: 'US500-BTC',
    side: 'buy',
    price: '0.07',
    quantity: '30',
    fee: '0.00001',
    feeAsset: 'BTC',
  }),
  fill({
    connectionId: 'rails-1',
    fillId: 'a',
    symbol: 'BTC-USDT',
    side: 'buy',
    price: '79000',
    quantity: '0.1',
    fee: '3.95',
    feeAsset: 'USDT',
  }),
  fill({
    connectionId: 'rails-1',
    fillId: 'b',
    symbol: 'BTC-USDT',
    side: 'sell',
    price: '79500',
    quantity: '0.1',
    fee: '3.975',
    feeAsset: 'USDT',
    time: T + 1,
  }),
]);
const venueOf = (id: string) => VENUES[id];

describe('PnL by symbol, connection and venue', () => {
  for (const baseCurrency of ['USD', 'BTC'] as const) {
    it(`every grouping adds up to the PnL summary's totals (${baseCurrency})`, () => {
      const v = selectValuation(state, { baseCurrency, stablesAtPar: true });
      expect(v.unconverted).toEqual([]);
      for (const grouping of PNL_GROUPINGS) {
        const total = pnlBreakdownTotal(pnlBreakdown(v, grouping, venueOf));
        expect(total.realized, grouping).toBe(v.realizedPnl);
        expect(total.unrealized, grouping).toBe(v.unrealizedPnl);
        expect(total.fees, grouping).toBe(v.fees);
      }
    });
  }

  it("by connection, each row is the summary's row of that connection", () => {
    const v = selectValuation(state, { baseCurrency: 'USD', stablesAtPar: true });
    const rows = pnlBreakdown(v, 'connection', venueOf);
    expect(rows.map((r) => r.key)).toEqual(['rails-1', 'roxom-1', 'zdex-1', 'zdex-2']);
    for (const c of v.perConnection) {
      const row = rows.find((r) => r.key === c.connectionId);
      expect(row).toMatchObject({ realized: c.realizedPnl, unrealized: c.unrealizedPnl, fees: c.fees });
    }
  });

  it('by symbol: one row per symbol over connections, closed positions apart, total = realized + unrealized - fees', () => {
    const v = selectValuation(state, { baseCurrency: 'USD', stablesAtPar: true });
    const rows = pnlBreakdown(v, 'symbol', venueOf);
    expect(rows.map((r) => r.label)).toEqual([
      'BTC-USDT',
      'BTCUSDT',
      'ETHUSDT',
      'US500-BTC',
      'closed positions (USDT)',
    ]);
    // BTCUSDT on zdex-1 and zdex-2: realized 2.5 - 1, unrealized 10 + 100, fees 2 + 1.
    expect(rows.find((r) => r.key === 'BTCUSDT')).toEqual({
      key: 'BTCUSDT',
      label: 'BTCUSDT',
      connectionIds: ['zdex-1', 'zdex-2'],
      realized: '1.5',
      unrealized: '110',
      fees: '3',
      total: '108.5',
    });
    // Rails from fills by average cost: (79500 - 79000) x 0.1.
    expect(rows.find((r) => r.key === 'BTC-USDT')).toMatchObject({ realized: '50', fees: '7.925', total: '42.075' });
    // Roxom in BTC at 80000: realized 0.0001, unrealized 0.0003, fee 0.00001 BTC.
    expect(rows.find((r) => r.key === 'US500-BTC')).toMatchObject({ realized: '8', unrealized: '24', fees: '0.8' });
    expect(rows.find((r) => r.key === 'closed|USDT')).toMatchObject({ realized: '7', connectionIds: ['zdex-1'] });
  });

  it('by venue: the connections of one venue together', () => {
    const v = selectValuation(state, { baseCurrency: 'USD', stablesAtPar: true });
    const zdex = pnlBreakdown(v, 'venue', venueOf).find((r) => r.key === 'zdex');
    // zdex-1: realized 2.5 + 0 + 7 closed, unrealized 10, fees 2.5; zdex-2: -1, 100, 1.
    expect(zdex).toMatchObject({
      connectionIds: ['zdex-1', 'zdex-2'],
      realized: '8.5',
      unrealized: '110',
      fees: '3.5',
    });
  });
});

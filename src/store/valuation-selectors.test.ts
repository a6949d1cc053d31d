import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { Instrument } from '../domain/instrument';
import { applyEvents } from './apply-batch';
import { selectTotals } from './selectors';
import { buildSnapshot } from './snapshot';
import { emptyPortfolio } from './state';
import { selectBalanceValues, selectExposure, selectPositionValues, selectValuation } from './valuation-selectors';

const T = 1_760_000_000_000;
const inst = (
  connectionId: string,
  symbol: string,
  baseAsset: string,
  quoteAsset: string,
  extra: Partial<Instrument> = {},
): DomainEvent => ({
  kind: 'instrument',
  instrument: { connectionId, symbol, baseAsset, quoteAsset, settleAsset: quoteAsset, kind: 'perpetual', ...extra },
});

// Instruments written by hand until every adapter emits them.
const events: DomainEvent[] = [
  inst('zdex-main', 'BTCUSDT', 'BTC', 'USDT'),
  inst('roxom-main', 'US500-BTC', 'US500', 'BTC', { kind: 'cfd', contractSize: '0.1' }),
  inst('rails-btc', 'BTC-USDT', 'BTC', 'USDT'),
  { kind: 'mark', mark: { connectionId: 'zdex-main', symbol: 'BTCUSDT', kind: 'mark', price: '80000', time: T } },
  { kind: 'account-summary', summary: { connectionId: 'zdex-main', asset: 'USDT', equity: '1000', updatedAt: T } },
  { kind: 'balance', balance: { connectionId: 'zdex-main', asset: 'USDT', total: '1010', updatedAt: T } },
  {
    kind: 'position',
    position: {
      connectionId: 'zdex-main',
      symbol: 'BTCUSDT',
      quantity: '-0.25',
      entryPrice: '80040',
      markPrice: '80000',
      unrealizedPnl: '10',
      realizedPnl: '0',
      settleAsset: 'USDT',
      updatedAt: T,
    },
  },
  { kind: 'balance', balance: { connectionId: 'roxom-main', asset: 'BTC', total: '0.5', updatedAt: T } },
  {
    kind: 'position',
    position: {
      connectionId: 'roxom-main',
      symbol: 'US500-BTC',
      quantity: '30',
      entryPrice: '0.07',
      settleAsset: 'BTC',
      updatedAt: T,
    },
  },
  { kind: 'mark', mark: { connectionId: 'roxom-main', symbol: 'US500-BTC', kind: 'ticker', price: '0.0701', time: T } },
  {
    kind: 'fill',
    fill: {
      connectionId: 'rails-btc',
      fillId: 'a',
      symbol: 'BTC-USDT',
      side: 'buy',
      price: '79000',
      quantity: '0.1',
      fee: '3.95',
      feeAsset: 'USDT',
      time: T,
    },
  },
  {
    kind: 'fill',
    fill: {
      connectionId: 'rails-btc',
      fillId: 'b',
      symbol: 'BTC-USDT',
      side: 'sell',
      price: '79500',
      quantity: '0.1',
      fee: '3.975',
      feeAsset: 'USDT',
      time: T + 1,
    },
  },
];
const state = applyEvents(emptyPortfolio(), events);

describe('valuation selectors', () => {
  it('selectTotals values Roxom BTC in USD through a live BTC price and says which price (btcUsd)', () => {
    const totals = selectTotals(state);
    // Roxom: 0.5 BTC + uPnL (0.0701 - 0.07) x 30 x 0.1 = 0.0003 BTC, at 80000: 40024 USD.
    const roxom = totals.perConnection.find((c) => c.connectionId === 'roxom-main');
    expect(roxom).toMatchObject({ equity: '40024', unrealizedPnl: '24', equityKnown: true });
    // Rails streams no positions: realized from fills by average cost, equity unknown.
    expect(totals.perConnection.find((c) => c.connectionId === 'rails-btc')).toMatchObject({
      equity: '0',
      equityKnown: false,
      realizedPnl: '50',
    });
    expect(totals).toMatchObject({
      equity: '41024',
      unrealizedPnl: '34',
      realizedPnl: '50',
      baseCurrency: 'USD',
      btcUsd: '80000',
      unconverted: [],
    });
  });

  it('in BTC, the same figures divided by that BTC price; fees apart', () => {
    const v = selectValuation(state, { baseCurrency: 'BTC', stablesAtPar: true });
    expect(v).toMatchObject({
      target: 'BTC',
      equity: '0.5128',
      unrealizedPnl: '0.000425',
      realizedPnl: '0.000625',
      fees: '0.0000990625',
    });
  });

  it('without stables at par and no USDT price, USDT amounts are flagged instead of valued', () => {
    const v = selectValuation(state, { baseCurrency: 'USD', stablesAtPar: false });
    expect(v.unconverted.map((u) => `${u.connectionId} ${u.asset} ${u.amount}`)).toContain(
      'zdex-main equity (USDT) 1000',
    );
  });

  it('positions get notional and PnL in the base currency; balances their value; exposure per asset', () => {
    const usd = { baseCurrency: 'USD' as const, stablesAtPar: true };
    const pv = selectPositionValues(state, usd);
    expect(pv.get('zdex-main|BTCUSDT')).toMatchObject({ notional: '20000', unrealized: '10' });
    expect(pv.get('roxom-main|US500-BTC')).toMatchObject({ notional: '16824', unrealized: '24' }); // 3 x 0.0701 BTC x 80000
    // A venue-reported PnL without a mark on the position: the notional takes the symbol's latest price.
    const rail = applyEvents(state, [
      {
        kind: 'position',
        position: {
          connectionId: 'rails-btc',
          symbol: 'BTC-USDT',
          quantity: '0.5',
          unrealizedPnl: '1',
          settleAsset: 'USDT',
          updatedAt: T,
        },
      },
      { kind: 'mark', mark: { connectionId: 'rails-btc', symbol: 'BTC-USDT', kind: 'book', price: '80100', time: T } },
    ]);
    expect(selectPositionValues(rail, usd).get('rails-btc|BTC-USDT')).toMatchObject({
      notional: '40050',
      unrealized: '1',
      price: { value: '80100', source: 'latest book price' },
    });
    expect(selectBalanceValues(state, usd).get('roxom-main|BTC')).toMatchObject({ value: '40000' });
    const btc = selectExposure(state, usd).rows.find((r) => r.asset === 'BTC');
    expect(btc).toMatchObject({ long: '0.5', short: '-0.25', net: '0.25', hedgeRatio: '0.5', netValue: '20000' });
  });

  it("a venue's mark on a position prices its asset when no market price is streamed (Roxom)", () => {
    const gold = applyEvents(state, [
      inst('roxom-main', 'GOLD-BTC', 'GOLD', 'BTC'),
      {
        kind: 'position',
        position: {
          connectionId: 'roxom-main',
          symbol: 'GOLD-BTC',
          quantity: '2',
          entryPrice: '0.035',
          markPrice: '0.0351',
          unrealizedPnl: '0.0002',
          settleAsset: 'BTC',
          updatedAt: T,
        },
      },
    ]);
    const row = selectExposure(gold, { baseCurrency: 'USD', stablesAtPar: true }).rows.find((r) => r.asset === 'GOLD');
    expect(row).toMatchObject({ net: '2', netValue: '5616' }); // 2 x 0.0351 BTC x 80000
    expect(row?.rate?.steps.map((st) => `${st.connectionId} ${st.symbol} ${st.kind}`)).toEqual([
      'roxom-main GOLD-BTC mark',
      'zdex-main BTCUSDT mark',
    ]);
  });

  it('the snapshot reports the base currency and its totals in it', () => {
    expect(buildSnapshot(state, T).baseCurrency).toBe('USD');
    const snap = buildSnapshot(state, T, { baseCurrency: 'BTC', stablesAtPar: true });
    expect(snap.baseCurrency).toBe('BTC');
    expect(snap.totals).toEqual({ equity: '0.5128', unrealizedPnl: '0.000425', realizedPnl: '0.000625' });
  });
});

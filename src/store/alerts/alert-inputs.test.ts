import { describe, expect, it } from 'vitest';
import { sumText } from '../../domain/decimal';
import type { DomainEvent } from '../../domain/events';
import { applyEvents } from '../apply-batch';
import { emptyPortfolio, type EquitySample, type PortfolioState } from '../state';
import { alertValuation, type AlertInputOptions } from './alert-inputs';

const T = 1_756_478_000_000;
const USD: AlertInputOptions = { now: T, baseCurrency: 'USD', stablesAtPar: true, track: new Map() };

const portfolio = (events: DomainEvent[], history: EquitySample[] = []): PortfolioState => ({
  ...applyEvents(emptyPortfolio(), events),
  equityHistory: history,
});
const sample = (time: number, equity: string, btcUsd?: string): EquitySample => ({
  time,
  equity,
  unrealizedPnl: '0',
  realizedPnl: '0',
  btcUsd,
});

const usdtAccount: DomainEvent[] = [
  { kind: 'balance', balance: { connectionId: 'z', asset: 'USDT', total: '50000', updatedAt: T } },
  {
    kind: 'position',
    position: {
      connectionId: 'z',
      symbol: 'BTCUSDT',
      quantity: '-0.5',
      entryPrice: '70000',
      settleAsset: 'USDT',
      updatedAt: T,
    },
  },
  { kind: 'mark', mark: { connectionId: 'z', symbol: 'BTCUSDT', kind: 'mark', price: '71000.1', time: T } },
];

describe('alert inputs in USD', () => {
  it('equity, its peak from the history, unrealized PnL and notional at the mark used for PnL, exactly', () => {
    const s = portfolio(usdtAccount, [sample(T - 2_000, '49000'), sample(T - 1_000, '52000.5')]);
    const { inputs, unavailable } = alertValuation(s, USD);
    // 50000 + (71000.1 - 70000) x -0.5
    expect(inputs.unrealizedPnl).toBe('-500.05');
    expect(inputs.equity).toBe('49499.95');
    expect(inputs.peakEquity).toBe('52000.5');
    expect(inputs.positions).toEqual([{ connectionId: 'z', symbol: 'BTCUSDT', notional: '35500.05' }]);
    expect(inputs.currency).toBe('USD');
    expect(unavailable).toEqual({ positions: [] });
  });

  it('the peak counts only the connections valued now: one added later or removed is neither a peak nor a drawdown', () => {
    const account = (id: string, usdt: string): DomainEvent => ({
      kind: 'balance',
      balance: { connectionId: id, asset: 'USDT', total: usdt, updatedAt: T },
    });
    const split = (time: number, perConnection: Record<string, string>): EquitySample => ({
      ...sample(time, sumText(Object.values(perConnection))),
      perConnection,
    });
    const history = [
      split(T - 3_000, { a: '60000' }),
      split(T - 2_000, { a: '50000', b: '50000' }),
      split(T - 1_000, { a: '50000', b: '52000' }),
    ];
    // Both now: the sample from before b was there is left out; the peak is a + b at its highest.
    const both = alertValuation(portfolio([account('a', '50000'), account('b', '49000')], history), USD).inputs;
    expect([both.equity, both.peakEquity]).toEqual(['99000', '102000']);
    // b removed: a alone, over every sample (60000 when it was alone).
    const aOnly = alertValuation(portfolio([account('a', '50000')], history), USD).inputs;
    expect([aOnly.equity, aOnly.peakEquity]).toEqual(['50000', '60000']);
  });

  it('the peak follows a growing history, a restore of older samples, and a change of currency', () => {
    const h1 = [sample(T - 5_000, '51000', '50000'), sample(T - 4_000, '50500', '50000')];
    const peak = (history: EquitySample[], options = USD) =>
      alertValuation(portfolio(usdtAccount, history), options).inputs.peakEquity;
    expect(peak(h1)).toBe('51000');
    const h2 = [...h1, sample(T - 3_000, '53000', '50000')];
    expect(peak(h2)).toBe('53000');
    // Thinned (older samples dropped): the peak seen stays.
    expect(peak(h2.slice(1))).toBe('53000');
    // A restore puts older samples in front: read again.
    expect(peak([sample(T - 60_000, '60000', '40000'), ...h2])).toBe('60000');
    expect(peak([sample(T - 60_000, '60000', '40000'), ...h2], { ...USD, baseCurrency: 'BTC', btcUsd: '50000' })).toBe(
      '1.5',
    );
    expect(peak(h1)).toBe('51000');
  });

  it('the peak is the current equity when the history is lower or empty', () => {
    expect(alertValuation(portfolio(usdtAccount), USD).inputs.peakEquity).toBe('49499.95');
  });

  it('notional: the entry price without a mark, the contract size of the instrument, the venue mark price', () => {
    const s = portfolio([
      {
        kind: 'position',
        position: {
          connectionId: 'z',
          symbol: 'ETHUSDT',
          quantity: '2',
          entryPrice: '3500.5',
          settleAsset: 'USDT',
          updatedAt: T,
        },
      },
      {
        kind: 'position',
        position: {
          connectionId: 's',
          symbol: 'btcusd',
          quantity: '3',
          entryPrice: '70000',
          markPrice: '70010',
          unrealizedPnl: '3',
          settleAsset: 'USD',
          updatedAt: T,
        },
      },
      {
        kind: 'instrument',
        instrument: {
          connectionId: 's',
          symbol: 'btcusd',
          baseAsset: 'BTC',
          quoteAsset: 'USD',
          settleAsset: 'USD',
          kind: 'cfd',
          contractSize: '0.01',
        },
      },
    ]);
    const byKey = Object.fromEntries(
      alertValuation(s, USD).inputs.positions.map((p) => [`${p.connectionId}|${p.symbol}`, p.notional]),
    );
    expect(byKey).toEqual({ 'z|ETHUSDT': '7001', 's|btcusd': '2100.3' });
  });

  it('connections carry the time their status began (now when not yet tracked) and their drops', () => {
    const s = applyEvents(emptyPortfolio(), []);
    const withConn: PortfolioState = {
      ...s,
      connections: new Map([
        [
          'z',
          {
            connectionId: 'z',
            venue: 'zdex',
            status: 'stale',
            reason: 'no message for 10.0 s',
            messagesPerSecond: 0,
            messagesTotal: 9,
            filteredTotal: 0,
            malformedTotal: 0,
            unknownTotal: 0,
            duplicatesDropped: 0,
            reconnects: 2,
            errors: [],
          },
        ],
        [
          'r',
          {
            connectionId: 'r',
            venue: 'rails',
            status: 'live',
            messagesPerSecond: 0,
            messagesTotal: 9,
            filteredTotal: 0,
            malformedTotal: 0,
            unknownTotal: 0,
            duplicatesDropped: 0,
            reconnects: 0,
            errors: [],
          },
        ],
      ]),
    };
    const lastDrop = { status: 'reconnecting' as const, reason: 'closed (1006)', time: T - 9_000 };
    const track = new Map([
      [
        'z',
        {
          status: 'stale' as const,
          since: T - 4_000,
          armed: true,
          drops: 1,
          lastDrop,
          reconnects: 1,
          lastErrorAt: T - 9_000,
        },
      ],
      ['r', { status: 'connecting' as const, since: T - 9_000, armed: false, drops: 0, reconnects: 0, lastErrorAt: 0 }],
    ]);
    expect(alertValuation(withConn, { ...USD, track }).inputs.connections).toEqual([
      { connectionId: 'z', status: 'stale', since: T - 4_000, drops: 1, lastDrop, reason: 'no message for 10.0 s' },
      { connectionId: 'r', status: 'live', since: T, drops: 0 },
    ]);
  });
});

describe('notional through the live prices of the valuation', () => {
  it('a quote other than USD, a stablecoin or BTC converts through a live price', () => {
    const s = portfolio([
      {
        kind: 'position',
        position: {
          connectionId: 'x',
          symbol: 'ETHDOGE',
          quantity: '-1.5',
          entryPrice: '20000',
          settleAsset: 'DOGE',
          updatedAt: T,
        },
      },
      {
        kind: 'instrument',
        instrument: {
          connectionId: 'x',
          symbol: 'DOGEUSDT',
          baseAsset: 'DOGE',
          quoteAsset: 'USDT',
          settleAsset: 'USDT',
          kind: 'spot',
        },
      },
      { kind: 'mark', mark: { connectionId: 'x', symbol: 'DOGEUSDT', kind: 'ticker', price: '0.2', time: T } },
    ]);
    const { inputs, unavailable } = alertValuation(s, USD);
    expect(inputs.positions).toEqual([{ connectionId: 'x', symbol: 'ETHDOGE', notional: '6000' }]);
    expect(unavailable.positions).toEqual([]);
  });

  it('an inverse contract: the contract size is the quote value of one contract', () => {
    const s = portfolio([
      {
        kind: 'position',
        position: {
          connectionId: 'i',
          symbol: 'BTCUSD_PERP',
          quantity: '-7',
          entryPrice: '70000',
          settleAsset: 'BTC',
          updatedAt: T,
        },
      },
      {
        kind: 'instrument',
        instrument: {
          connectionId: 'i',
          symbol: 'BTCUSD_PERP',
          baseAsset: 'BTC',
          quoteAsset: 'USD',
          settleAsset: 'BTC',
          kind: 'perpetual',
          contractSize: '100',
        },
      },
    ]);
    expect(alertValuation(s, USD).inputs.positions[0]!.notional).toBe('700');
  });
});

describe('what cannot be valued is left out and explained', () => {
  it('no balances yet: no equity', () => {
    const { inputs, unavailable } = alertValuation(portfolio([]), USD);
    expect(inputs.equity).toBeUndefined();
    expect(unavailable.drawdown).toBe('no balances yet');
  });

  it('an unconverted amount leaves equity out (a partial sum would look like a drawdown)', () => {
    const s = portfolio([
      ...usdtAccount,
      { kind: 'balance', balance: { connectionId: 'x', asset: 'DOGE', total: '10', updatedAt: T } },
    ]);
    const { inputs, unavailable } = alertValuation(s, USD);
    expect(inputs.equity).toBeUndefined();
    expect(inputs.peakEquity).toBeUndefined();
    expect(unavailable.drawdown).toMatch(/DOGE on x cannot be valued/);
    // The unrealized PnL is complete: it stays.
    expect(inputs.unrealizedPnl).toBe('-500.05');
  });

  it('unconverted fees leave equity and unrealized PnL complete; an unconverted unrealized PnL leaves both out', () => {
    const feeInDoge: DomainEvent = {
      kind: 'fill',
      fill: {
        connectionId: 'z',
        fillId: 'f1',
        symbol: 'BTCUSDT',
        side: 'sell',
        price: '71000',
        quantity: '0.1',
        fee: '3',
        feeAsset: 'DOGE',
        time: T,
      },
    };
    const withFee = alertValuation(portfolio([...usdtAccount, feeInDoge]), USD);
    expect(withFee.inputs.equity).toBeDefined();
    expect(withFee.inputs.unrealizedPnl).toBe('-500.05');
    const dogeSettled: DomainEvent = {
      kind: 'position',
      position: {
        connectionId: 'z',
        symbol: 'DOGEPERP',
        quantity: '1',
        unrealizedPnl: '-7',
        settleAsset: 'DOGE',
        updatedAt: T,
      },
    };
    const withDogePnl = alertValuation(portfolio([...usdtAccount, dogeSettled]), USD);
    expect(withDogePnl.inputs.unrealizedPnl).toBeUndefined();
    expect(withDogePnl.unavailable.unrealized).toMatch(/DOGEPERP uPnL \(DOGE\) on z cannot be valued/);
    expect(withDogePnl.inputs.equity).toBeUndefined();
  });

  it('a position quoted in an asset with no conversion, with no price, or with stablecoins not at par', () => {
    const s = portfolio([
      {
        kind: 'position',
        position: {
          connectionId: 'x',
          symbol: 'ETHDOGE',
          quantity: '1',
          entryPrice: '2',
          settleAsset: 'DOGE',
          updatedAt: T,
        },
      },
      {
        kind: 'position',
        position: { connectionId: 'x', symbol: 'NOPRICE', quantity: '1', settleAsset: 'USDT', updatedAt: T },
      },
      {
        kind: 'position',
        position: { connectionId: 'x', symbol: 'NOQUOTE', quantity: '1', entryPrice: '2', updatedAt: T },
      },
      ...usdtAccount,
    ]);
    const { inputs, unavailable } = alertValuation(s, USD);
    expect(
      inputs.positions
        .filter((p) => p.notional === undefined)
        .map((p) => p.symbol)
        .sort(),
    ).toEqual(['ETHDOGE', 'NOPRICE', 'NOQUOTE']);
    expect(unavailable.positions).toEqual([
      'ETHDOGE on x: quoted in DOGE, no live price to convert it to USD',
      'NOPRICE on x: no price',
      'NOQUOTE on x: quote currency unknown',
    ]);
    const notAtPar = alertValuation(s, { ...USD, stablesAtPar: false });
    expect(notAtPar.unavailable.positions).toContain(
      'BTCUSDT on z: quoted in USDT, not at par (stablecoins at par is off) and no live USDT price',
    );
  });
});

describe('alert inputs in BTC', () => {
  const BTC: AlertInputOptions = { ...USD, baseCurrency: 'BTC', btcUsd: '50000' };

  it('converts equity, unrealized PnL and notional at the BTC price; the peak at each sample’s own price', () => {
    const s = portfolio(usdtAccount, [
      sample(T - 3_000, '60000', '40000'),
      sample(T - 2_000, '80000'),
      sample(T - 1_000, '49000', '49000'),
    ]);
    const { inputs, unavailable } = alertValuation(s, BTC);
    expect(inputs.currency).toBe('BTC');
    expect(inputs.equity).toBe('0.989999');
    expect(inputs.unrealizedPnl).toBe('-0.010001');
    // 60000 / 40000: the sample without a BTC price cannot say what it was worth in BTC.
    expect(inputs.peakEquity).toBe('1.5');
    expect(inputs.positions[0]!.notional).toBe('0.710001');
    expect(unavailable).toEqual({ positions: [] });
  });

  it('a position quoted in BTC is BTC already, and USD at the BTC price', () => {
    const s = portfolio([
      {
        kind: 'position',
        position: {
          connectionId: 'r',
          symbol: 'US500-BTC',
          quantity: '-4',
          entryPrice: '0.08',
          settleAsset: 'BTC',
          updatedAt: T,
        },
      },
      {
        kind: 'instrument',
        instrument: {
          connectionId: 'r',
          symbol: 'US500-BTC',
          baseAsset: 'US500',
          quoteAsset: 'BTC',
          settleAsset: 'BTC',
          kind: 'cfd',
        },
      },
    ]);
    expect(alertValuation(s, BTC).inputs.positions[0]!.notional).toBe('0.32');
    expect(alertValuation(s, { ...USD, btcUsd: '50000' }).inputs.positions[0]!.notional).toBe('16000');
    expect(alertValuation(s, USD).unavailable.positions).toEqual([
      'US500-BTC on r: quoted in BTC, no BTC price yet to convert to USD',
    ]);
  });

  it('without a BTC price nothing is converted and each rule says why', () => {
    const { inputs, unavailable } = alertValuation(portfolio(usdtAccount), { ...BTC, btcUsd: undefined });
    expect(inputs.equity).toBeUndefined();
    expect(inputs.unrealizedPnl).toBeUndefined();
    expect(inputs.positions[0]!.notional).toBeUndefined();
    expect(unavailable.drawdown).toMatch(/no BTC price/);
    expect(unavailable.unrealized).toMatch(/no BTC price/);
    expect(unavailable.positions[0]).toMatch(/no BTC price/);
  });
});

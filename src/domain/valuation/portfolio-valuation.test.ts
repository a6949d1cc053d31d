import { describe, expect, it } from 'vitest';
import type { Fill } from '../types';
import { summarizeFills } from './fill-summary';
import { buildPriceBook } from './price-book';
import { valuePortfolio, type ValuationInput } from './portfolio-valuation';
import { instrument, instrumentMap, mark } from './test-helpers';

const T = 1_760_000_000_000;
const instruments = instrumentMap(
  instrument('zdex', 'BTCUSDT', 'BTC', 'USDT'),
  instrument('rails', 'BTC-USDT', 'BTC', 'USDT', 'spot'),
  instrument('roxom', 'US500-BTC', 'US500', 'BTC', 'cfd', { settleAsset: 'BTC' }),
);
const fill = (
  connectionId: string,
  fillId: string,
  side: 'buy' | 'sell',
  quantity: string,
  price: string,
  fee: string,
  feeAsset?: string,
): Fill => ({
  connectionId,
  fillId,
  symbol: connectionId === 'rails' ? 'BTC-USDT' : connectionId === 'roxom' ? 'US500-BTC' : 'BTCUSDT',
  side,
  quantity,
  price,
  fee,
  ...(feeAsset ? { feeAsset } : {}),
  time: T + Number(fillId.slice(1)),
});

function input(over: Partial<ValuationInput> = {}): ValuationInput {
  return {
    connectionIds: ['zdex', 'roxom', 'rails'],
    hasPositionStream: (id) => id !== 'rails',
    positions: [
      {
        connectionId: 'zdex',
        symbol: 'BTCUSDT',
        unrealizedPnl: '-26.725',
        realizedPnl: '12.5',
        fundingFee: '-0.3',
        settleAsset: 'USDT',
      },
      {
        connectionId: 'roxom',
        symbol: 'US500-BTC',
        unrealizedPnl: '0.0001',
        realizedPnl: '-0.00002',
        fundingFee: '0.000001',
      },
    ],
    balances: [
      { connectionId: 'zdex', asset: 'USDT', total: '1000', updatedAt: T },
      { connectionId: 'roxom', asset: 'BTC', total: '0.5', updatedAt: T },
    ],
    summaries: [{ connectionId: 'zdex', asset: 'USDT', equity: '973.275', updatedAt: T }],
    fills: summarizeFills([
      fill('rails', 'f1', 'buy', '0.1', '80000', '4', 'USDT'),
      fill('rails', 'f2', 'sell', '0.04', '81000', '1.62', 'USDT'),
      fill('roxom', 'f3', 'buy', '1', '0.07', '0.00000035', 'BTC'),
      fill('zdex', 'f4', 'sell', '0.05', '70500', '1.7625', 'USDT'),
    ]),
    closedRealized: new Map([['zdex|USDT', '7.5']]),
    instruments,
    book: buildPriceBook([mark('zdex', 'BTCUSDT', '80000', T)], instruments, { stablesAtPar: true }),
    target: 'USD',
    ...over,
  };
}

describe('portfolio valuation', () => {
  it('per connection and in total, in USD, with fees and funding apart', () => {
    const v = valuePortfolio(input());
    const [rails, roxom, zdex] = v.perConnection;
    // ZDEX: venue equity (USDT at par); realized = open position 12.5 + closed this session 7.5.
    expect(zdex).toMatchObject({
      equity: '973.275',
      unrealizedPnl: '-26.725',
      realizedPnl: '20',
      realizedSource: 'venue',
      fees: '1.7625',
      funding: '-0.3',
    });
    // Roxom: 0.5 BTC + 0.0001 BTC uPnL at 80000 USD/BTC; settle asset from the instrument.
    expect(roxom).toMatchObject({
      equity: '40008',
      unrealizedPnl: '8',
      realizedPnl: '-1.6',
      fees: '0.028',
      funding: '0.08',
    });
    // Rails: no position stream: realized from fills by average cost ((81000 - 80000) x 0.04), equity unknown.
    expect(rails).toMatchObject({ unrealizedPnl: '0', realizedPnl: '40', realizedSource: 'fills', fees: '5.62' });
    expect(rails?.equity).toBeUndefined();
    expect(v).toMatchObject({
      equity: '40981.275',
      unrealizedPnl: '-18.725',
      realizedPnl: '58.4',
      fees: '7.4105',
      funding: '-0.22',
    });
    expect(v.unconverted).toEqual([]);
    expect(v.rates.map((r) => `${r.asset}:${r.rate}`)).toEqual(['BTC:80000', 'USDT:1']);
  });

  it("says how many closes in a connection's realized PnL were priced by inference", () => {
    const v = valuePortfolio(input({ closedRealizedInferred: new Map([['zdex|USDT', 2]]) }));
    expect(v.perConnection.map((c) => [c.connectionId, c.inferredCloses])).toEqual([
      ['rails', 0],
      ['roxom', 0],
      ['zdex', 2],
    ]);
  });

  it('a venue without a position stream: the open part of its fills is marked at the pair price', () => {
    const v = valuePortfolio(
      input({ book: buildPriceBook([mark('zdex', 'BTCUSDT', '80500', T)], instruments, { stablesAtPar: true }) }),
    );
    const rails = v.perConnection.find((c) => c.connectionId === 'rails')!;
    // open 0.06 BTC at an average of 80000, marked at 80500 (the BTC/USDT price, USDT at par)
    expect(rails).toMatchObject({ unrealizedPnl: '30', realizedPnl: '40', realizedSource: 'fills' });
    expect(rails.rates.map((r) => `${r.asset} ${r.target} ${r.rate}`)).toContain('BTC USDT 80500');
  });

  it('in BTC: every amount converted once, USDT through 1 / the BTC price', () => {
    const v = valuePortfolio(input({ target: 'BTC' }));
    expect(v.perConnection[1]).toMatchObject({ connectionId: 'roxom', equity: '0.5001', unrealizedPnl: '0.0001' });
    expect(v.perConnection[2]).toMatchObject({ connectionId: 'zdex', equity: '0.0121659375' }); // 973.275 / 80000
  });

  it('a missing price: the amount is flagged unconverted, never dropped or guessed', () => {
    const v = valuePortfolio(input({ book: buildPriceBook([], instruments, { stablesAtPar: true }) }));
    const roxom = v.perConnection.find((c) => c.connectionId === 'roxom')!;
    expect(roxom.equity).toBe('0');
    expect(roxom.unconverted).toEqual([
      { connectionId: 'roxom', part: 'unrealized', asset: 'US500-BTC uPnL (BTC)', amount: '0.0001' },
      { connectionId: 'roxom', part: 'realized', asset: 'US500-BTC rPnL (BTC)', amount: '-0.00002' },
      { connectionId: 'roxom', part: 'funding', asset: 'US500-BTC funding (BTC)', amount: '0.000001' },
      { connectionId: 'roxom', part: 'fees', asset: 'fees (BTC)', amount: '0.00000035' },
      { connectionId: 'roxom', part: 'balance', asset: 'BTC', amount: '0.5' },
    ]);
    expect(v.perConnection.find((c) => c.connectionId === 'zdex')?.equity).toBe('973.275');
  });

  it('a venue equity older than its balances or positions gives way to balances + unrealized PnL', () => {
    const v = valuePortfolio(
      input({
        positions: [
          { connectionId: 'zdex', symbol: 'BTCUSDT', unrealizedPnl: '-20', settleAsset: 'USDT', updatedAt: T + 5 },
        ],
        summaries: [{ connectionId: 'zdex', asset: 'USDT', equity: '973.275', updatedAt: T }],
      }),
    );
    expect(v.perConnection.find((c) => c.connectionId === 'zdex')).toMatchObject({
      equity: '980',
      equitySource: 'balances (USDT) + unrealized PnL (the venue-reported equity is older)',
    });
  });

  it('fees without a fee asset are flagged, summed', () => {
    const v = valuePortfolio(
      input({
        fills: summarizeFills([
          fill('zdex', 'f9', 'buy', '1', '1', '0.5'),
          fill('zdex', 'f10', 'buy', '1', '1', '0.25'),
        ]),
      }),
    );
    expect(v.unconverted).toEqual([
      { connectionId: 'zdex', part: 'fees', asset: 'fees (unknown asset)', amount: '0.75' },
    ]);
  });
});

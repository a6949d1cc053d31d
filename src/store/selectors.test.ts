import { describe, expect, it } from 'vitest';
import { applyEvents } from './apply-batch';
import { selectPositionRows, selectTotals } from './selectors';
import { buildSnapshot } from './snapshot';
import { emptyPortfolio } from './state';

const C = 'zdex-main';
const T = 1_756_478_000_000;

describe('selectors', () => {
  it('computes unrealized PnL from the mark when the venue does not report it, exactly', () => {
    const s = applyEvents(emptyPortfolio(), [
      {
        kind: 'position',
        position: {
          connectionId: C,
          symbol: 'BTCUSDT',
          quantity: '-0.05',
          entryPrice: '70500',
          updatedAt: T,
          settleAsset: 'USDT',
        },
      },
      { kind: 'mark', mark: { connectionId: C, symbol: 'BTCUSDT', kind: 'mark', price: '71034.5', time: T + 1 } },
    ]);
    const [row] = selectPositionRows(s);
    expect(row?.unrealizedPnlShown).toBe('-26.725');
    expect(row?.unrealizedSource).toBe('mark');
    expect(row?.markUsed?.price).toBe('71034.5');
  });

  it('prefers the venue-reported unrealized PnL', () => {
    const s = applyEvents(emptyPortfolio(), [
      {
        kind: 'position',
        position: {
          connectionId: C,
          symbol: 'BTCUSDT',
          quantity: '0.05',
          entryPrice: '70500',
          unrealizedPnl: '26.75',
          updatedAt: T,
        },
      },
      { kind: 'mark', mark: { connectionId: C, symbol: 'BTCUSDT', kind: 'mark', price: '90000', time: T + 1 } },
    ]);
    expect(selectPositionRows(s)[0]?.unrealizedPnlShown).toBe('26.75');
    expect(selectPositionRows(s)[0]?.unrealizedSource).toBe('venue');
  });

  it('totals equity from venue equity, else stable balances plus unrealized, and flags what it cannot convert', () => {
    const s = applyEvents(emptyPortfolio(), [
      { kind: 'account-summary', summary: { connectionId: 'a', asset: 'USDT', equity: '18475.75', updatedAt: T } },
      { kind: 'balance', balance: { connectionId: 'b', asset: 'USDT', total: '0.1', updatedAt: T } },
      { kind: 'balance', balance: { connectionId: 'b', asset: 'USDC', total: '0.2', updatedAt: T } },
      { kind: 'balance', balance: { connectionId: 'b', asset: 'BTC', total: '1.5', updatedAt: T } },
      {
        kind: 'position',
        position: {
          connectionId: 'b',
          symbol: 'X',
          quantity: '1',
          unrealizedPnl: '-0.3',
          realizedPnl: '2',
          settleAsset: 'USDT',
          updatedAt: T,
        },
      },
    ]);
    const totals = selectTotals(s);
    expect(totals.equity).toBe('18475.75'); // 18475.75 + (0.1 + 0.2 - 0.3)
    expect(totals.unrealizedPnl).toBe('-0.3');
    expect(totals.realizedPnl).toBe('2');
    expect(totals.unconverted).toEqual([{ connectionId: 'b', part: 'balance', asset: 'BTC', amount: '1.5' }]);
  });

  it('builds a snapshot in the contract shape, omitting what the venue did not provide', () => {
    const s = applyEvents(emptyPortfolio(), [
      {
        kind: 'fill',
        fill: {
          connectionId: C,
          fillId: 'f1',
          symbol: 'BTCUSDT',
          side: 'sell',
          price: '1',
          quantity: '2',
          time: T,
          inferred: true,
        },
      },
      { kind: 'order', order: { connectionId: C, orderId: '12345', symbol: 'BTCUSDT', status: 'open', updatedAt: T } },
    ]);
    const snap = buildSnapshot(s, T + 5);
    expect(snap.format).toBe('venueboard.snapshot/v1');
    expect(snap.takenAt).toBe(T + 5);
    expect(snap.fills).toEqual([
      {
        connectionId: C,
        fillId: 'f1',
        symbol: 'BTCUSDT',
        side: 'sell',
        price: '1',
        quantity: '2',
        time: T,
        inferred: true,
      },
    ]);
    expect(snap.orders).toEqual([
      { connectionId: C, orderId: '12345', symbol: 'BTCUSDT', status: 'open', updatedAt: T },
    ]);
    expect(snap.totals).toEqual({ equity: '0', unrealizedPnl: '0', realizedPnl: '0' });
  });
});

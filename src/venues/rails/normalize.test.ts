import { describe, expect, it } from 'vitest';
import { decodeRailsFrame } from './codec';
import {
  bookMark,
  fillIdOf,
  newestTrade,
  normalizeFill,
  normalizeOrder,
  orderStatusOf,
  quoteAssetOf,
  tradeMark,
} from './normalize';
import { T0, expectConformant, fixture, fixtureText } from './test-support';
import { millisOf, utcClock } from './time';
import type { RailsCompletedOrder, RailsOrder, RailsPublicTrade } from './wire';

const C = 'rails-btc';

function orderOf(name: string): RailsOrder {
  const result = decodeRailsFrame(fixtureText(name));
  if (!result.ok || result.family !== 'orders' || !result.frame.data.order) throw new Error(`${name} has no order`);
  return result.frame.data.order;
}

function tradesOf(): RailsCompletedOrder[] {
  const result = decodeRailsFrame(fixtureText('completed-orders-delta.constructed'));
  if (!result.ok || result.family !== 'trades') throw new Error('not a trades frame');
  return result.frame.data;
}

describe('orderStatusOf', () => {
  it.each([
    ['pending', '0.5', '0', 'pending'],
    ['active', '0.5', '0', 'open'],
    ['active', '0.4', '0.1', 'partially_filled'],
    ['cancelling', '0.4', '0.1', 'partially_filled'],
    ['modifying', '0.5', '0', 'open'],
    ['modified', '0.5', '0', 'open'],
    ['partiallyFilled', '0.4', '0.1', 'partially_filled'],
    ['filled', '0', '0.5', 'filled'],
    ['cancelled', '0.4', '0.1', 'canceled'],
    ['rejected', '0.5', '0', 'rejected'],
    ['expired', '0.5', '0', 'expired'],
  ])('documented %s (remaining %s, filled %s) -> %s', (status, remaining, filled, expected) => {
    expect(orderStatusOf(status, remaining, filled)).toEqual({ status: expected, undocumented: false });
  });

  it.each([
    ['canceled', '0.5', '0', 'canceled'],
    ['partiallyCancelled', '0.4', '0.1', 'canceled'],
    ['orderRejected', '0.5', '0', 'rejected'],
    ['expiredByTime', '0.5', '0', 'expired'],
    ['partial', '0.4', '0.1', 'partially_filled'],
    ['completelyFilled', '0', '0.5', 'filled'],
    ['done', '0', '0.5', 'filled'],
    ['new', '0.5', '0', 'pending'],
    ['triggered', '0.5', '0', 'open'],
    ['triggered', '0.4', '0.1', 'partially_filled'],
  ])(
    'undocumented %s is mapped to the nearest status (%s remaining, %s filled -> %s) and flagged',
    (status, remaining, filled, expected) => {
      expect(orderStatusOf(status, remaining, filled)).toEqual({ status: expected, undocumented: true });
    },
  );
});

describe('normalizeOrder', () => {
  it('original quantity = remaining + cumulative filled; side from orderType, type from tradeType', () => {
    const { order, undocumentedStatus } = normalizeOrder(C, orderOf('cancel-order-ack.constructed'), 'BTC-USDT', T0);
    expect(undocumentedStatus).toBeUndefined();
    expect(order).toEqual({
      connectionId: C,
      orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X',
      symbol: 'BTC-USDT',
      side: 'buy',
      type: 'limit',
      status: 'partially_filled',
      price: '70990',
      quantity: '0.5',
      filledQuantity: '0.1',
      averagePrice: '70990',
      createdAt: 1756478100000,
      updatedAt: 1756478190000,
    });
    expectConformant([{ kind: 'order', order }]);
  });

  it('omits a zero average (nothing filled yet) and a zero price (market order); reads ISO times', () => {
    const pending = normalizeOrder(C, orderOf('create-order-ack.constructed'), 'BTC-USDT', T0).order;
    expect(pending).toMatchObject({ status: 'pending', quantity: '0.5', filledQuantity: '0' });
    expect(pending).not.toHaveProperty('averagePrice');
    const filled = normalizeOrder(C, orderOf('order-update-filled.constructed'), 'ETH-USDT', T0).order;
    expect(filled).toEqual({
      connectionId: C,
      orderId: '01K3V7RB2C5D7F9G1H3J5K7M9N',
      symbol: 'ETH-USDT',
      side: 'sell',
      type: 'market',
      status: 'filled',
      quantity: '1.5',
      filledQuantity: '1.5',
      averagePrice: '3601.25',
      createdAt: 1756478181100,
      updatedAt: 1756478181150,
    });
    expectConformant([
      { kind: 'order', order: pending },
      { kind: 'order', order: filled },
    ]);
  });

  it('omits the symbol when it is unknown, and reports an undocumented status', () => {
    const raw = { ...orderOf('create-order-confirmed.constructed'), orderStatus: 'triggered' };
    const result = normalizeOrder(C, raw, undefined, T0);
    expect(result.order).not.toHaveProperty('symbol');
    expect(result.order.status).toBe('open');
    expect(result.undocumentedStatus).toBe('triggered');
  });
});

describe('normalizeFill', () => {
  it('one fill per execution: id orderId:matchId, fee in the quote asset, time orderFilledAt', () => {
    const [maker, taker] = tradesOf();
    const fills = [normalizeFill(C, maker!), normalizeFill(C, taker!)];
    expect(fills).toEqual([
      {
        connectionId: C,
        fillId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X:9e5d4072-b16f-4cad-8d58-6f708192a3b4',
        orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X',
        symbol: 'BTC-USDT',
        side: 'buy',
        price: '70990',
        quantity: '0.1',
        fee: '0.7099',
        feeAsset: 'USDT',
        liquidity: 'maker',
        time: 1756478181000,
      },
      {
        connectionId: C,
        fillId: '01K3V7RB2C5D7F9G1H3J5K7M9N:af6e5183-c270-4dbe-9e69-708192a3b4c5',
        orderId: '01K3V7RB2C5D7F9G1H3J5K7M9N',
        symbol: 'ETH-USDT',
        side: 'sell',
        price: '3601.25',
        quantity: '1.5',
        fee: '-2.7009375',
        feeAsset: 'USDT',
        liquidity: 'taker',
        time: 1756478181150,
      },
    ]);
    expectConformant(fills.map((fill) => ({ kind: 'fill' as const, fill: fill! })));
  });

  it('gives nothing for a zero price or quantity, and no fee asset for a market name without a quote', () => {
    const [trade] = tradesOf();
    expect(normalizeFill(C, { ...trade!, quantity: '0' })).toBeUndefined();
    expect(normalizeFill(C, { ...trade!, price: '0.000' })).toBeUndefined();
    expect(normalizeFill(C, { ...trade!, market: 'BTCUSDT' })).not.toHaveProperty('feeAsset');
    expect(fillIdOf(trade!)).toBe(`${trade!.orderId}:${trade!.matchId}`);
  });

  it('quoteAssetOf takes the part after the last dash', () => {
    expect(quoteAssetOf('BTC-USDT')).toBe('USDT');
    expect(quoteAssetOf('ETH-USD')).toBe('USD');
    expect(quoteAssetOf('BTCUSDT')).toBeUndefined();
    expect(quoteAssetOf('BTC-')).toBeUndefined();
  });
});

describe('marks', () => {
  it('bookMark: mid of best bid and ask, or the one side present; nothing for an empty book', () => {
    expect(bookMark(C, 'BTC-USDT', { bid: '70990.5', ask: '71001' }, 1)).toEqual({
      connectionId: C,
      symbol: 'BTC-USDT',
      kind: 'book',
      price: '70995.75',
      bid: '70990.5',
      ask: '71001',
      time: 1,
    });
    expect(bookMark(C, 'BTC-USDT', { ask: '71001' }, 1)).toEqual({
      connectionId: C,
      symbol: 'BTC-USDT',
      kind: 'book',
      price: '71001',
      ask: '71001',
      time: 1,
    });
    expect(bookMark(C, 'BTC-USDT', {}, 1)).toBeUndefined();
  });

  it('newestTrade: latest updatedAt, the later entry on a tie; tradeMark prices it', () => {
    const trades = fixture('public-completed-orders-delta.constructed').data.orders as RailsPublicTrade[];
    const newest = newestTrade(trades);
    expect(newest?.trade.matchId).toBe('8d4c3f61-a05e-4b9c-9c47-5e6f708192a3');
    expect(tradeMark(C, 'BTC-USDT', newest!.trade, newest!.time)).toEqual({
      connectionId: C,
      symbol: 'BTC-USDT',
      kind: 'trade',
      price: '71001.5',
      time: 1756478181900,
    });
    const tie = [
      { ...trades[0]!, updatedAt: 5e11 },
      { ...trades[1]!, updatedAt: 5e11 },
    ];
    expect(newestTrade(tie)?.trade.matchId).toBe(trades[1]!.matchId);
    expect(newestTrade([])).toBeUndefined();
  });
});

describe('time', () => {
  it('reads Unix ms, ISO-8601 and Unix seconds; 0 and junk are not times', () => {
    expect(millisOf(1756478181000)).toBe(1756478181000);
    expect(millisOf('1756478181000')).toBe(1756478181000);
    expect(millisOf('2025-08-29T14:36:21.100Z')).toBe(1756478181100);
    expect(millisOf(1703305740)).toBe(1703305740000);
    for (const junk of [0, -5, 42, '', 'yesterday', Number.NaN, null, {}]) expect(millisOf(junk)).toBeUndefined();
  });

  it('utcClock shows HH:MM:SS UTC', () => {
    expect(utcClock(1703305740000)).toBe('04:29:00 UTC');
  });
});

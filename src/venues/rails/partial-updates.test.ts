import { describe, expect, it } from 'vitest';
import { Harness, fixture } from './test-support';

/**
 * Partial updates merge, never rejected: the documented payloads trimmed to their key fields decode
 * into updates that carry exactly those fields (the store merges them over what it knows, newest wins,
 * status forward only, filled quantity only up). Truly malformed values are still refused.
 */

function trimmedOrder(keep: string[]): unknown {
  const frame = fixture('cancel-order-ack.constructed');
  const order = frame.data.order as Record<string, unknown>;
  frame.data.order = Object.fromEntries(Object.entries(order).filter(([k]) => keep.includes(k)));
  return frame;
}

describe('an order update with only some fields', () => {
  it('an id and a new status: merged, the rest kept from what is known', () => {
    const h = new Harness();
    h.open();
    h.feed(fixture('cancel-order-ack.constructed'));
    h.feed({
      resultType: 'orderUpdate',
      market: 'BTC-USDT',
      data: { statusCode: 200, order: { orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X', orderStatus: 'cancelled' } },
    });
    const [full, partial] = h.orders();
    expect(full).toMatchObject({ quantity: '0.5', filledQuantity: '0.1', price: '70990', side: 'buy' });
    expect(partial).toEqual({
      connectionId: 'rails-btc',
      orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X',
      symbol: 'BTC-USDT',
      status: 'canceled',
      // No updatedAt on the wire: dated when it arrived.
      updatedAt: h.now,
    });
    expect(h.count('malformed')).toBe(0);
  });

  it('a cumulative filled quantity alone carries only the fill progress', () => {
    const h = new Harness();
    h.open();
    h.feed(fixture('cancel-order-ack.constructed'));
    h.feed(trimmedOrder(['orderId', 'filledQuantity', 'updatedAt']));
    expect(h.orders()[1]).toEqual({
      connectionId: 'rails-btc',
      orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X',
      symbol: 'BTC-USDT',
      filledQuantity: '0.1',
      updatedAt: 1756478190000,
    });
  });

  it('the remaining and the filled quantity together give the original quantity; one alone does not', () => {
    const h = new Harness();
    h.open();
    h.feed(trimmedOrder(['orderId', 'quantity', 'filledQuantity']));
    h.feed(trimmedOrder(['orderId', 'quantity']));
    const [both, remainingOnly] = h.orders();
    expect(both).toMatchObject({ quantity: '0.5', filledQuantity: '0.1' });
    expect(remainingOnly).not.toHaveProperty('quantity');
    expect(remainingOnly).not.toHaveProperty('filledQuantity');
  });

  it('a present field must still be well-formed; an order without its id is malformed', () => {
    const h = new Harness();
    h.open();
    const badSide = fixture('cancel-order-ack.constructed');
    badSide.data.order.orderType = 'long';
    h.feed(badSide);
    h.feed(trimmedOrder(['orderStatus', 'quantity']));
    expect(h.orders()).toEqual([]);
    expect(h.count('malformed')).toBe(2);
  });
});

describe('an execution with only its key fields', () => {
  it('market, ids, side, price, quantity and a time make a fill; absent fee and liquidity are omitted', () => {
    const h = new Harness();
    h.open();
    const frame = fixture('completed-orders-delta.constructed');
    const keys = ['market', 'orderId', 'matchId', 'orderType', 'price', 'quantity', 'orderFilledAt'];
    frame.data = [Object.fromEntries(Object.entries(frame.data[0] as object).filter(([k]) => keys.includes(k)))];
    h.feed(frame);
    expect(h.fills()).toEqual([
      {
        connectionId: 'rails-btc',
        fillId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X:9e5d4072-b16f-4cad-8d58-6f708192a3b4',
        orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X',
        symbol: 'BTC-USDT',
        side: 'buy',
        price: '70990',
        quantity: '0.1',
        time: 1756478181000,
      },
    ]);
  });

  it('without any time it is malformed (a fill needs one; none is invented)', () => {
    const h = new Harness();
    h.open();
    const frame = fixture('completed-orders-delta.constructed');
    delete frame.data[0].orderFilledAt;
    h.feed(frame);
    expect(h.fills()).toEqual([]);
    expect(h.count('malformed')).toBe(1);
  });
});

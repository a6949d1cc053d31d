import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../core/records';
import { MarketBook } from './book';
import { ULID, UUID, ulidTime } from './doc-examples';
import { railsOrder } from './frames';
import { RailsIds, ulidFrom } from './ids';

describe('Rails ids', () => {
  it("ULIDs carry the creation time like the venue's (docs example: 01HZ5J70FC… created 1717100052972)", () => {
    expect(ulidTime('01HZ5J70FCBNJAS7TVPVB4GAAG')).toBe(1717100052972);
    const id = ulidFrom(1717100052972, 'any');
    expect(id).toMatch(ULID);
    expect(id.slice(0, 10)).toBe('01HZ5J70FC');
  });

  it('are deterministic per seed and distinct across seeds', () => {
    const a = new RailsIds(7);
    const b = new RailsIds(7);
    const c = new RailsIds(8);
    expect(a.accountId()).toBe(b.accountId());
    expect(a.accountId()).not.toBe(c.accountId());
    expect(a.accountId()).toMatch(UUID);
    expect(a.orderId('1001', 1_767_225_600_000)).toBe(b.orderId('1001', 1_767_225_600_000));
    expect(a.orderId('1001', 1_767_225_600_000)).not.toBe(a.orderId('1002', 1_767_225_600_000));
    expect(a.matchId('5001')).toBe(b.matchId('5001'));
    expect(a.matchId('5001')).not.toBe(c.matchId('5001'));
    expect(a.publicMatchId('BTCUSDT', 1)).not.toBe(a.publicMatchId('ETHUSDT', 1));
  });
});

describe('Rails book deltas', () => {
  it('list changed levels with their new absolute total and removed levels with "0"', () => {
    const book = new MarketBook();
    const first = book.update(
      {
        lastUpdateId: 1,
        bids: [
          ['100.0', '1.5'],
          ['99.9', '2'],
        ],
        asks: [
          ['100.2', '3'],
          ['100.3', '4'],
        ],
      },
      1000,
    );
    expect(first).toHaveLength(4);
    const delta = book.update(
      {
        lastUpdateId: 2,
        bids: [
          ['100.0', '1.5'],
          ['99.8', '7'],
        ],
        asks: [
          ['100.2', '2.5'],
          ['100.3', '4'],
        ],
      },
      2000,
    );
    expect(delta).toEqual([
      { orderType: 'buy', price: '99.8', quantity: '7' },
      { orderType: 'buy', price: '99.9', quantity: '0' },
      { orderType: 'sell', price: '100.2', quantity: '2.5' },
    ]);
    expect(
      book.update(
        {
          lastUpdateId: 3,
          bids: [
            ['100.0', '1.5'],
            ['99.8', '7'],
          ],
          asks: [
            ['100.2', '2.5'],
            ['100.3', '4'],
          ],
        },
        3000,
      ),
    ).toEqual([]);
    expect(book.snapshot()).toEqual([
      { orderType: 'buy', price: '100.0', quantity: '1.5' },
      { orderType: 'buy', price: '99.8', quantity: '7' },
      { orderType: 'sell', price: '100.2', quantity: '2.5' },
      { orderType: 'sell', price: '100.3', quantity: '4' },
    ]);
    expect(book.ts).toBe(3000);
  });
});

describe('Rails order objects', () => {
  const base: OrderRecord = {
    orderId: '1',
    symbol: 'BTCUSDT',
    side: 'sell',
    type: 'limit',
    status: 'partially_filled',
    price: '71000.5',
    quantity: '0.5',
    filledQuantity: '0.2',
    averagePrice: '71000.5',
    createdAt: 1,
    updatedAt: 2,
  };

  it('carry the REMAINING quantity and the CUMULATIVE filled quantity', () => {
    expect(railsOrder(base, 'X', false)).toEqual({
      orderId: 'X',
      orderType: 'sell',
      tradeType: 'limit',
      price: '71000.5',
      quantity: '0.3',
      filledQuantity: '0.2',
      orderStatus: 'partiallyFilled',
      avgFillPrice: '71000.5',
      createdAt: 1,
      updatedAt: 2,
      postOnly: false,
    });
    expect(railsOrder({ ...base, status: 'canceled' }, 'X', false)).toMatchObject({
      quantity: '0.3',
      orderStatus: 'cancelled',
    });
  });

  it('show a market order as pending when placed, without price or average before it fills [guess]', () => {
    const { price: _price, averagePrice: _avg, ...rest } = base;
    const placed = railsOrder({ ...rest, type: 'market', status: 'open', filledQuantity: '0' }, 'X', true);
    expect(placed).toEqual({
      orderId: 'X',
      orderType: 'sell',
      tradeType: 'market',
      quantity: '0.5',
      filledQuantity: '0',
      orderStatus: 'pending',
      createdAt: 1,
      updatedAt: 2,
      postOnly: false,
    });
    expect(
      railsOrder({ ...base, status: 'open', filledQuantity: '0', averagePrice: undefined }, 'X', true).orderStatus,
    ).toBe('active');
  });
});

import { describe, expect, it } from 'vitest';
import { CTM_S, Harness, TOKEN, fixture, marker, trade } from './test-support';
import { TRADE_CMD, TRADE_CODE, TRADE_STATE } from './wire';

const C = 'scaletrade-main';
const kinds = (h: Harness, from: number) => h.events(from).map((e) => e.kind);

/** A harness live on an empty account. */
function live(): Harness {
  const h = new Harness();
  h.login();
  return h;
}

describe('a market ticket: open, PROFIT, close', () => {
  it('opens a position with an open fill, updates unrealized PnL, closes with a close fill and realized PnL', () => {
    const h = live();
    let from = h.outputs.length;
    h.feed(fixture('trade-market-new.constructed'));
    expect(h.fills(from)).toEqual([
      {
        connectionId: C,
        fillId: '5001:open',
        orderId: '5001',
        symbol: 'eurusd',
        side: 'buy',
        price: '1.0851',
        quantity: '0.2',
        fee: '0.7',
        feeAsset: 'USD',
        time: CTM_S * 1000,
      },
    ]);
    expect(h.positions(from)).toEqual([
      {
        connectionId: C,
        symbol: 'eurusd',
        quantity: '0.2',
        entryPrice: '1.0851',
        unrealizedPnl: '0',
        realizedPnl: '0',
        fundingFee: '0',
        settleAsset: 'USD',
        updatedAt: expect.any(Number),
      },
    ]);

    from = h.outputs.length;
    h.feed(fixture('trade-market-profit.constructed'));
    expect(kinds(h, from)).toEqual(['position']);
    expect(h.positions(from)[0]).toMatchObject({ quantity: '0.2', unrealizedPnl: '4', realizedPnl: '0' });

    from = h.outputs.length;
    h.feed(fixture('trade-market-closed.constructed'));
    expect(kinds(h, from)).toEqual(['fill', 'position', 'position-closed']);
    expect(h.fills(from)).toEqual([
      {
        connectionId: C,
        fillId: '5001:close',
        orderId: '5001',
        symbol: 'eurusd',
        side: 'sell',
        price: '1.0856',
        quantity: '0.2',
        time: (CTM_S + 600) * 1000,
      },
    ]);
    // The last position and the close carry the gross realized total (the ticket's profit 10; its
    // -0.7 commission is the fills' fee, its -0.12 storage the position's funding).
    expect(h.positions(from)[0]).toMatchObject({ quantity: '0.2', realizedPnl: '10', fundingFee: '-0.12' });
    const closed = h.events(from).at(-1);
    expect(closed).toEqual({
      kind: 'position-closed',
      connectionId: C,
      symbol: 'eurusd',
      time: h.positions(from)[0]?.updatedAt,
      realizedPnl: '10',
      settleAsset: 'USD',
    });
  });

  it('drops replays of a finished ticket and repeats of an unchanged one as duplicates', () => {
    const h = live();
    h.feed(fixture('trade-market-new.constructed'));
    expect(h.feed(fixture('trade-market-new.constructed'))).toEqual({
      events: [],
      send: [],
      diagnostics: { duplicates: 1 },
    });
    h.feed(fixture('trade-market-closed.constructed'));
    const from = h.outputs.length;
    h.feedAll([
      fixture('trade-market-profit.constructed'),
      fixture('trade-market-new.constructed'),
      fixture('trade-market-closed.constructed'),
    ]);
    expect(h.events(from)).toEqual([]);
    expect(h.count('duplicates')).toBe(4);
    expect(h.fills().map((f) => f.fillId)).toEqual(['5001:open', '5001:close']);
  });

  it('a close seen before the open still derives both fills and books the realized PnL', () => {
    const h = live();
    const from = h.outputs.length;
    h.feed(fixture('trade-market-closed.constructed'));
    expect(kinds(h, from)).toEqual(['fill', 'fill', 'position', 'position-closed']);
    expect(h.fills(from).map((f) => f.fillId)).toEqual(['5001:open', '5001:close']);
    expect(h.positions(from)).toMatchObject([{ quantity: '0.2', realizedPnl: '10' }]);
    expect(h.events(from).at(-1)).toMatchObject({ kind: 'position-closed', realizedPnl: '10', settleAsset: 'USD' });
    expect(h.feed(fixture('trade-market-new.constructed')).diagnostics).toEqual({ duplicates: 1 });
  });

  it('a sell ticket is a short position', () => {
    const h = live();
    h.feed(trade({ order: 7, cmd: TRADE_CMD.SELL, volume: 150, openPrice: '64000.5', symbol: 'btcusd' }));
    expect(h.positions()).toMatchObject([{ symbol: 'btcusd', quantity: '-1.5', entryPrice: '64000.5' }]);
    expect(h.fills()).toMatchObject([{ side: 'sell', quantity: '1.5' }]);
  });
});

describe('ticket changes while open', () => {
  it('storage (swap) shows as the position fundingFee; commission added at the close is the close fill fee', () => {
    const h = live();
    const t = { order: 1, volume: 100, openPrice: 1.08, commission: -3 };
    h.feed(trade(t));
    const swap = h.feed(trade({ ...t, storage: -0.42, code: TRADE_CODE.MODIFIED }));
    expect(swap.events).toMatchObject([{ kind: 'position', position: { quantity: '1', fundingFee: '-0.42' } }]);
    const from = h.outputs.length;
    h.feed(
      trade({
        ...t,
        storage: -0.42,
        commission: -6,
        state: TRADE_STATE.CLOSED,
        closePrice: 1.081,
        profit: 10,
        code: TRADE_CODE.CLOSED,
      }),
    );
    expect(h.fills()).toMatchObject([
      { fillId: '1:open', fee: '3', feeAsset: 'USD' },
      { fillId: '1:close', fee: '3', feeAsset: 'USD' },
    ]);
    // Gross: the profit only (the fees are on the fills, the storage is the funding).
    expect(h.positions(from)).toMatchObject([{ realizedPnl: '10', fundingFee: '-0.42' }]);
    expect(h.events(from).at(-1)).toMatchObject({ kind: 'position-closed', realizedPnl: '10' });
  });

  it('a partial close, MT4 style: the rest reopens as a new ticket first, then the original closes whole', () => {
    const h = live();
    h.feed(trade({ order: 1, volume: 30, openPrice: 1.08 }));
    const from = h.outputs.length;
    h.feed(trade({ order: 2, volume: 20, openPrice: 1.082, openTime: CTM_S + 60 }));
    h.feed(
      trade({
        order: 1,
        volume: 30,
        openPrice: 1.08,
        state: TRADE_STATE.CLOSED,
        closePrice: 1.082,
        closeTime: CTM_S + 60,
        profit: 6,
        code: TRADE_CODE.CLOSED,
      }),
    );
    expect(h.fills(from).map((f) => [f.fillId, f.side, f.quantity, f.price])).toEqual([
      ['2:open', 'buy', '0.2', '1.082'],
      ['1:close', 'sell', '0.3', '1.082'],
    ]);
    expect(h.positions(from).at(-1)).toMatchObject({ quantity: '0.2', entryPrice: '1.082', realizedPnl: '6' });
  });
});

describe('pending orders', () => {
  it('placed then deleted: open, then canceled; no fill', () => {
    const h = live();
    const from = h.outputs.length;
    h.feed(fixture('trade-pending-new.constructed'));
    h.feed(fixture('trade-pending-deleted.constructed'));
    expect(h.orders(from).map((o) => [o.orderId, o.status, o.type, o.side, o.price, o.quantity])).toEqual([
      ['5002', 'open', 'limit', 'buy', '1.08', '0.1'],
      ['5002', 'canceled', 'limit', 'buy', '1.08', '0.1'],
    ]);
    expect(h.fills(from)).toEqual([]);
    expect(h.feed(fixture('trade-pending-new.constructed')).diagnostics).toEqual({ duplicates: 1 });
  });

  it('a modified pending order is an order update', () => {
    const h = live();
    h.feed(fixture('trade-pending-new.constructed'));
    const moved = fixture('trade-pending-new.constructed');
    moved[6] = 1.0805;
    moved[17] = TRADE_CODE.MODIFIED;
    expect(h.feed(moved).events).toMatchObject([
      { kind: 'order', order: { orderId: '5002', status: 'open', price: '1.0805' } },
    ]);
  });

  it('activated (state 3): the order is filled and becomes a position with an open fill', () => {
    const h = live();
    h.feed(fixture('trade-pending-stop-new.constructed'));
    const from = h.outputs.length;
    h.feed(fixture('trade-pending-activated.constructed'));
    expect(kinds(h, from)).toEqual(['order', 'fill', 'position']);
    expect(h.orders(from)).toMatchObject([
      {
        orderId: '5003',
        status: 'filled',
        type: 'stop',
        side: 'sell',
        price: '1.079',
        filledQuantity: '0.3',
        averagePrice: '1.079',
      },
    ]);
    expect(h.fills(from)).toEqual([
      {
        connectionId: C,
        fillId: '5003:open',
        orderId: '5003',
        symbol: 'eurusd',
        side: 'sell',
        price: '1.079',
        quantity: '0.3',
        fee: '1.05',
        feeAsset: 'USD',
        time: (CTM_S + 800) * 1000,
      },
    ]);
    expect(h.positions(from)).toMatchObject([{ quantity: '-0.3', entryPrice: '1.079' }]);

    // Later frames for the ticket carry the market cmd; a stale pending frame changes nothing.
    const profit = trade({
      order: 5003,
      cmd: TRADE_CMD.SELL,
      volume: 30,
      openPrice: 1.079,
      openTime: CTM_S + 800,
      profit: -3,
      commission: -1.05,
      code: TRADE_CODE.PROFIT,
    });
    const next = h.outputs.length;
    h.feed(profit);
    expect(kinds(h, next)).toEqual(['position']);
    expect(h.feed(fixture('trade-pending-stop-new.constructed')).diagnostics).toEqual({ duplicates: 1 });
  });

  it('activation reported with the market cmd, or only seen through a market frame, fills the order too', () => {
    const h = live();
    h.feed(fixture('trade-pending-new.constructed'));
    const from = h.outputs.length;
    h.feed(
      trade({
        order: 5002,
        cmd: TRADE_CMD.BUY,
        volume: 10,
        openPrice: 1.08,
        state: TRADE_STATE.OPEN,
        code: TRADE_CODE.PROFIT,
      }),
    );
    expect(kinds(h, from)).toEqual(['order', 'fill', 'position']);
    expect(h.orders(from)).toMatchObject([{ orderId: '5002', status: 'filled', type: 'limit' }]);

    const g = live();
    const start = g.outputs.length;
    g.feed(trade({ order: 6001, cmd: TRADE_CMD.BUY, state: TRADE_STATE.ACTIVATED, code: TRADE_CODE.ACTIVATED }));
    expect(kinds(g, start)).toEqual(['order', 'fill', 'position']);
    expect(g.orders(start)[0]).toMatchObject({ orderId: '6001', status: 'filled', side: 'buy' });
    expect(g.orders(start)[0]).not.toHaveProperty('type');
  });
});

describe('several tickets on one symbol', () => {
  it('aggregates them into one position and books realized PnL as they close', () => {
    const h = live();
    h.feed(fixture('trade-market-new.constructed'));
    const second = { order: 5004, volume: 10, openPrice: 1.086, profit: 1 };
    h.feed(trade(second));
    expect(h.positions().at(-1)).toMatchObject({ quantity: '0.3', entryPrice: '1.0854', unrealizedPnl: '1' });

    let from = h.outputs.length;
    h.feed(fixture('trade-market-closed.constructed'));
    expect(kinds(h, from)).toEqual(['fill', 'position']);
    expect(h.positions(from)).toMatchObject([
      { quantity: '0.1', entryPrice: '1.086', unrealizedPnl: '1', realizedPnl: '10', fundingFee: '-0.12' },
    ]);

    from = h.outputs.length;
    h.feed(
      trade({
        ...second,
        state: TRADE_STATE.CLOSED,
        closePrice: 1.0862,
        closeTime: CTM_S + 700,
        profit: 2,
        code: TRADE_CODE.CLOSED,
      }),
    );
    expect(kinds(h, from)).toEqual(['fill', 'position', 'position-closed']);
    expect(h.positions(from)).toMatchObject([{ quantity: '0.1', realizedPnl: '12', fundingFee: '-0.12' }]);
    expect(h.events(from).at(-1)).toMatchObject({ kind: 'position-closed', realizedPnl: '12', settleAsset: 'USD' });

    // A new position on the symbol starts its own realized total.
    from = h.outputs.length;
    h.feed(trade({ order: 5010 }));
    expect(h.positions(from)).toMatchObject([{ quantity: '0.1', realizedPnl: '0', fundingFee: '0' }]);
  });

  it('tickets that hedge to zero close the position; it reopens when one of them closes', () => {
    const h = live();
    h.feed(trade({ order: 1, volume: 10 }));
    const from = h.outputs.length;
    h.feed(trade({ order: 2, cmd: TRADE_CMD.SELL, volume: 10, openPrice: 1.09 }));
    expect(kinds(h, from)).toEqual(['fill', 'position-closed']);
    const next = h.outputs.length;
    h.feed(
      trade({
        order: 2,
        cmd: TRADE_CMD.SELL,
        volume: 10,
        openPrice: 1.09,
        closePrice: 1.088,
        state: TRADE_STATE.CLOSED,
        profit: 2,
      }),
    );
    expect(kinds(h, next)).toEqual(['fill', 'position']);
    expect(h.positions(next)).toMatchObject([{ quantity: '0.1', realizedPnl: '2' }]);
  });
});

describe('odd tickets', () => {
  it('a cmd that is not a trade, or an undocumented state, is unknown', () => {
    const h = live();
    expect(h.feed(trade({ order: 1, cmd: 6 }))).toMatchObject({
      events: [],
      diagnostics: { unknown: 1, error: 'ScaleTrade ticket #1 has cmd 6, which is not a trade; skipped' },
    });
    expect(h.feed(trade({ order: 2, state: 7 }))).toMatchObject({
      events: [],
      diagnostics: { unknown: 1, error: 'ScaleTrade ticket #2 has state 7, which is not documented; skipped' },
    });
  });

  it('a volume change on an open ticket updates the position and says no fill was derived', () => {
    const h = live();
    h.feed(trade({ order: 1, volume: 20 }));
    const out = h.feed(trade({ order: 1, volume: 10, code: TRADE_CODE.MODIFIED }));
    expect(out.events).toMatchObject([{ kind: 'position', position: { quantity: '0.1' } }]);
    expect(out.diagnostics?.error).toBe(
      'ScaleTrade ticket #1 changed volume from 20 to 10; no fill derived for the difference',
    );
  });

  it('a deleted market ticket closes its position without a fill', () => {
    const h = live();
    h.feed(trade({ order: 1 }));
    const from = h.outputs.length;
    const out = h.feed(trade({ order: 1, state: TRADE_STATE.DELETED }));
    expect(kinds(h, from)).toEqual(['position-closed']);
    expect(out.diagnostics?.error).toBe('ScaleTrade market ticket #1 was deleted without a close; no fill derived');
  });

  it('a ticket without a price derives no fill and says so', () => {
    const h = live();
    const out = h.feed(trade({ order: 1, openPrice: 0 }));
    expect(out.diagnostics?.error).toBe('ScaleTrade ticket 1:open has no price or volume; no fill derived');
    expect(h.fills()).toEqual([]);
  });
});

describe('reconnect resync', () => {
  const open = fixture('trade-market-new.constructed');
  const pending = fixture('trade-pending-new.constructed');

  it('the same initial state again derives nothing twice and counts no duplicates', () => {
    const h = new Harness();
    h.login([open, pending]);
    expect(h.fills().map((f) => f.fillId)).toEqual(['5001:open']);
    const from = h.outputs.length;
    const outs = h.reconnect([open, pending]);
    expect(h.fills(from)).toEqual([]);
    expect(h.count('duplicates')).toBe(0);
    expect(outs.at(-1)?.status).toEqual({ status: 'live' });
    expect(kinds(h, from)).toEqual(['account-snapshot']);
    expect(outs.at(-1)?.events[0]).toMatchObject({
      openOrders: [{ orderId: '5002' }],
      positions: [{ quantity: '0.2' }],
    });
  });

  it('re-sends auth, switch and subscriptions on every socket', () => {
    const h = new Harness();
    h.login([open]);
    h.closed();
    expect(h.open().send).toEqual([JSON.stringify({ authorization: TOKEN })]);
    expect(h.feed({ event: 'authorization', success: true }).send).toEqual([
      '{"event":"account.switch","active_login":2000009}',
    ]);
    expect(h.feed({ event: 'account.switch', success: true }).send).toEqual([
      '{"event":"subscribe","data":["eurusd","btcusd"]}',
    ]);
  });

  it('what changed while away: a new ticket gets its fill, an updated one its position', () => {
    const h = new Harness();
    h.login([open]);
    const from = h.outputs.length;
    h.reconnect([fixture('trade-market-profit.constructed'), trade({ order: 5005, volume: 30, openPrice: 1.087 })]);
    expect(h.fills(from).map((f) => f.fillId)).toEqual(['5005:open']);
    expect(h.positions(from).at(-1)).toMatchObject({ quantity: '0.5', unrealizedPnl: '4' });
  });

  it('tickets missing from a complete initial state were closed or deleted: position closed, order canceled, no invented fill', () => {
    const h = new Harness();
    h.login([open, pending]);
    const from = h.outputs.length;
    const outs = h.reconnect([]);
    // The balance is unchanged, so the initial state derives nothing until the marker resolves the absences.
    expect(kinds(h, from)).toEqual(['order', 'position-closed', 'account-snapshot']);
    expect(h.orders(from)).toMatchObject([{ orderId: '5002', status: 'canceled' }]);
    expect(h.fills(from)).toEqual([]);
    expect(outs.at(-1)?.diagnostics?.error).toBe(
      'ScaleTrade: 2 ticket(s) closed or deleted while disconnected (#5001, #5002); closed market tickets have no close fill or realized PnL, pending orders are shown as canceled',
    );
    // A late frame for a resolved ticket changes nothing.
    expect(h.feed(open).diagnostics).toEqual({ duplicates: 1 });
  });

  it('an incomplete initial state keeps the tickets it did not re-send', () => {
    const h = new Harness();
    h.login([open, pending]);
    h.closed();
    h.authenticate();
    const from = h.outputs.length;
    const out = h.feed(marker(2));
    expect(h.orders(from)).toEqual([]);
    expect(out.events).toMatchObject([
      {
        kind: 'account-snapshot',
        openOrders: [{ orderId: '5002', status: 'open' }],
        positions: [{ symbol: 'eurusd', quantity: '0.2' }],
        scope: { balances: false },
      },
    ]);
    expect(out.diagnostics?.error).toBe(
      'ScaleTrade initial state incomplete (0 of 2 tickets): 2 ticket(s) not re-sent kept as they were (#5001, #5002)',
    );
  });

  it('no marker (grace period): absent tickets are kept', () => {
    const h = new Harness();
    h.login([open]);
    h.closed();
    h.authenticate();
    const out = h.heartbeat(h.now + 10_000);
    expect(out.status).toEqual({ status: 'live' });
    expect(out.diagnostics?.error).toContain(
      'ScaleTrade initial state incomplete (0 of an unknown number of tickets): 1 ticket(s) not re-sent kept as they were (#5001)',
    );
  });

  it('a ticket that closed during the initial state is not treated as absent', () => {
    const h = new Harness();
    h.login([open]);
    h.closed();
    h.authenticate();
    const from = h.outputs.length;
    h.feed(fixture('trade-market-closed.constructed'));
    const out = h.feed(marker(0));
    expect(h.fills(from).map((f) => f.fillId)).toEqual(['5001:close']);
    expect(out.diagnostics).toBeUndefined();
  });
});

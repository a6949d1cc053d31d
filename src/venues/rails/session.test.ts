import { describe, expect, it } from 'vitest';
import { railsAdapter } from './adapter';
import type { RailsOptions } from './options';
import { buildSubscribeRequest, buildUnsubscribeRequest } from './requests';
import {
  Harness,
  SEED_TOKEN,
  SEED_TOKEN_EXP_MS,
  T0,
  TOKEN,
  TOKEN_EXP_MS,
  config,
  fixture,
  fixtureText,
  makeJwt,
  sent,
} from './test-support';

const BOOK = fixtureText('public-order-book.constructed');
const DELTA = fixtureText('public-order-book-delta.constructed');
const BTC = { market: 'BTC-USDT', subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'] };

function book(market: string, orders: [string, string, string][], extra: object = {}): string {
  return JSON.stringify({
    resultType: 'publicOrderBook',
    market,
    data: {
      orders: orders.map(([orderType, price, quantity]) => ({ orderType, price, quantity })),
      statusCode: 200,
      ...extra,
    },
  });
}
function delta(market: string | undefined, orders: [string, string, string][]): string {
  const frame: Record<string, unknown> = {
    resultType: 'publicOrderBookDelta',
    data: { orders: orders.map(([orderType, price, quantity]) => ({ orderType, price, quantity })), statusCode: 200 },
  };
  if (market !== undefined) frame.market = market;
  return JSON.stringify(frame);
}

describe('open', () => {
  it('sends a ping, then the book and public-trade snapshot requests for the market, and reports the token expiry', () => {
    const h = new Harness();
    const out = h.open();
    expect(sent(out)).toEqual([
      { message: 'ping', content: { clientRequestId: 'req-1' } },
      { message: 'emitPublicOrderBook', content: { clientRequestId: 'req-2', market: 'BTC-USDT' } },
      { message: 'emitPublicCompletedOrders', content: { clientRequestId: 'req-3', market: 'BTC-USDT' } },
    ]);
    expect(out.credentialExpiresAt).toBe(TOKEN_EXP_MS);
    // No status: the lifecycle calls the stream live on its first frame (the pong, at once).
    expect(out.status).toBeUndefined();
    expect(out.fatal).toBeUndefined();
  });

  it('requests only the snapshots of the subscribed streams', () => {
    expect(
      sent(new Harness(config({ options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades'] } })).open()),
    ).toEqual([{ message: 'ping', content: { clientRequestId: 'req-1' } }]);
    const bookOnly = new Harness(config({ options: { market: 'BTC-USDT', subscriptions: ['publicOrderBook'] } }));
    expect(sent(bookOnly.open()).map((f) => f.message)).toEqual(['ping', 'emitPublicOrderBook']);
  });

  it('re-requests the snapshots after every (re)connect', () => {
    const h = new Harness();
    h.open();
    h.feed(BOOK);
    h.closed(1006);
    expect(sent(h.open()).map((f) => `${f.message} ${f.content.market ?? ''}`.trim())).toEqual([
      'ping',
      'emitPublicOrderBook BTC-USDT',
      'emitPublicCompletedOrders BTC-USDT',
    ]);
  });
});

describe('order book', () => {
  it('ignores deltas until the snapshot of this socket has arrived', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(DELTA).events).toEqual([]);
    const snapshot = h.feed(BOOK);
    expect(snapshot.events).toEqual([
      {
        kind: 'mark',
        mark: {
          connectionId: 'rails-btc',
          symbol: 'BTC-USDT',
          kind: 'book',
          price: '70995.75',
          bid: '70990.5',
          ask: '71001',
          time: 1756478180000,
        },
      },
    ]);
  });

  it('keeps the book with absolute quantities: "0" deletes the level, a new best bid moves the mid', () => {
    const h = new Harness();
    h.open();
    h.feed(BOOK);
    // DELTA: sell 71001 -> 0 (the best ask goes), buy 70995 at 0.6 (a new best bid).
    expect(h.feed(DELTA).events).toEqual([
      {
        kind: 'mark',
        mark: {
          connectionId: 'rails-btc',
          symbol: 'BTC-USDT',
          kind: 'book',
          price: '70998.875',
          bid: '70995',
          ask: '71002.75',
          time: 1756478181000,
        },
      },
    ]);
    // A level away from the top changes nothing on screen: no mark.
    expect(h.feed(delta('BTC-USDT', [['buy', '70980', '4']])).events).toEqual([]);
    // Emptying the ask side leaves the bid as the price.
    expect(h.marks(h.outputs.length)).toEqual([]);
    const out = h.feed(
      delta('BTC-USDT', [
        ['sell', '71002.75', '0'],
        ['sell', '71010', '0'],
      ]),
    );
    expect(out.events).toEqual([
      {
        kind: 'mark',
        mark: {
          connectionId: 'rails-btc',
          symbol: 'BTC-USDT',
          kind: 'book',
          price: '70995',
          bid: '70995',
          time: T0 + 4,
        },
      },
    ]);
    expect(h.session['marketData'].depth('BTC-USDT')).toEqual({ bids: 5, asks: 0 });
  });

  it('after a reconnect the old book is not used: deltas wait for the new snapshot', () => {
    const h = new Harness();
    h.open();
    h.feed(BOOK);
    h.closed(1006);
    h.open();
    expect(h.feed(delta('BTC-USDT', [['buy', '70999', '1']])).events).toEqual([]);
    expect(
      h.feed(
        book('BTC-USDT', [
          ['buy', '70000', '1'],
          ['sell', '70002', '1'],
        ]),
      ).events,
    ).toEqual([
      {
        kind: 'mark',
        mark: {
          connectionId: 'rails-btc',
          symbol: 'BTC-USDT',
          kind: 'book',
          price: '70001',
          bid: '70000',
          ask: '70002',
          time: T0 + 3,
        },
      },
    ]);
  });

  it('drops public frames for another market on a single-market connection', () => {
    const h = new Harness();
    h.open();
    const out = h.feed(book('ETH-USDT', [['buy', '3600', '1']]));
    expect(out.events).toEqual([]);
    expect(out.diagnostics).toEqual({ filtered: 1 });
  });

  it('uses the connection market when a frame names none', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(book('BTC-USDT', [['buy', '100', '1']]).replace(',"market":"BTC-USDT"', '')).events).toHaveLength(1);
  });

  it('asks again on a heartbeat when a snapshot has not come within 10 s', () => {
    const h = new Harness();
    h.open();
    expect(sent(h.heartbeat(T0 + 5_000)).map((f) => f.message)).toEqual(['ping']);
    expect(sent(h.heartbeat(T0 + 15_000))).toEqual([
      { message: 'ping', content: { clientRequestId: 'req-5' } },
      { message: 'emitPublicOrderBook', content: { clientRequestId: 'req-6', market: 'BTC-USDT' } },
    ]);
    h.feed(BOOK);
    expect(sent(h.heartbeat(T0 + 30_000)).map((f) => f.message)).toEqual(['ping']);
  });
});

describe('public trades', () => {
  it('marks the newest trade of the snapshot, then of each delta, deduplicating by matchId', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(fixtureText('public-completed-orders.constructed')).events).toEqual([
      {
        kind: 'mark',
        mark: { connectionId: 'rails-btc', symbol: 'BTC-USDT', kind: 'trade', price: '70997', time: 1756478175000 },
      },
    ]);
    const deltaText = fixtureText('public-completed-orders-delta.constructed');
    expect(h.feed(deltaText).events).toEqual([
      {
        kind: 'mark',
        mark: { connectionId: 'rails-btc', symbol: 'BTC-USDT', kind: 'trade', price: '71001.5', time: 1756478181900 },
      },
    ]);
    const again = h.feed(deltaText);
    expect(again.events).toEqual([]);
    expect(again.diagnostics).toEqual({ duplicates: 2 });
  });

  it('a snapshot after a reconnect repeats known trades silently and never moves the mark back', () => {
    const h = new Harness();
    h.open();
    h.feed(fixtureText('public-completed-orders-delta.constructed'));
    h.closed(1006);
    h.open();
    const snapshot = h.feed(fixtureText('public-completed-orders.constructed'));
    expect(snapshot.events).toEqual([]);
    expect(snapshot.diagnostics).toBeUndefined();
  });
});

describe('fills (trades stream)', () => {
  it('one fill per execution, for every market whatever the URL market', () => {
    const h = new Harness();
    h.open();
    const out = h.feed(fixtureText('completed-orders-delta.constructed'));
    expect(out.events.map((e) => (e.kind === 'fill' ? [e.fill.symbol, e.fill.fillId] : e.kind))).toEqual([
      ['BTC-USDT', '01K3V7Q9ZK4M2N8P6R0S1T3W5X:9e5d4072-b16f-4cad-8d58-6f708192a3b4'],
      ['ETH-USDT', '01K3V7RB2C5D7F9G1H3J5K7M9N:af6e5183-c270-4dbe-9e69-708192a3b4c5'],
    ]);
    // A single-market connection does not start tracking ETH-USDT's book.
    expect(out.send).toEqual([]);
  });

  it('drops a replayed execution (orderId:matchId), also after a reconnect', () => {
    const h = new Harness();
    h.open();
    const text = fixtureText('completed-orders-delta.constructed');
    h.feed(text);
    const again = h.feed(text);
    expect(again.events).toEqual([]);
    expect(again.diagnostics).toEqual({ duplicates: 2 });
    h.closed(1006);
    h.open();
    const frame = fixture('completed-orders-delta.constructed');
    frame.data.push({
      ...frame.data[0],
      matchId: 'b0f7a294-d381-4ecf-8f7a-8192a3b4c5d6',
      fillType: 'complete',
      quantity: '0.4',
    });
    const replay = h.feed(frame);
    expect(replay.events.map((e) => (e.kind === 'fill' ? e.fill.fillId : ''))).toEqual([
      '01K3V7Q9ZK4M2N8P6R0S1T3W5X:b0f7a294-d381-4ecf-8f7a-8192a3b4c5d6',
    ]);
    expect(replay.diagnostics).toEqual({ duplicates: 2 });
  });

  it('the same matchId on two orders (maker and taker of one match) is two fills', () => {
    const h = new Harness();
    h.open();
    const frame = fixture('completed-orders-delta.constructed');
    frame.data[1].matchId = frame.data[0].matchId;
    expect(h.feed(frame).events).toHaveLength(2);
  });

  it('skips an execution without a positive price or quantity and says so', () => {
    const h = new Harness();
    h.open();
    const frame = fixture('completed-orders-delta.constructed');
    frame.data[0].quantity = '0';
    const out = h.feed(frame);
    expect(out.events).toHaveLength(1);
    expect(out.diagnostics).toEqual({
      malformed: 1,
      error: 'Rails trade without a positive price or quantity; 1 skipped',
    });
  });
});

describe('orders', () => {
  it('acknowledgement (202, pending) then confirmation (200, active), then a cancel in flight', () => {
    const h = new Harness();
    h.open();
    h.feedAll([
      fixtureText('create-order-ack.constructed'),
      fixtureText('create-order-confirmed.constructed'),
      fixtureText('cancel-order-ack.constructed'),
    ]);
    expect(h.orders().map((o) => [o.status, o.quantity, o.filledQuantity, o.updatedAt])).toEqual([
      ['pending', '0.5', '0', 1756478100000],
      ['open', '0.5', '0', 1756478100120],
      ['partially_filled', '0.5', '0.1', 1756478190000],
    ]);
    expect(h.orders().every((o) => o.symbol === 'BTC-USDT' && o.side === 'buy' && o.type === 'limit')).toBe(true);
  });

  it('order updates pushed by the venue (orderUpdate [guess]) are read the same way', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(fixtureText('order-update-filled.constructed')).events).toEqual([
      {
        kind: 'order',
        order: {
          connectionId: 'rails-btc',
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
        },
      },
    ]);
  });

  it('an order without a market takes the connection market', () => {
    const h = new Harness();
    h.open();
    const frame = fixture('create-order-confirmed.constructed');
    delete frame.data.order.market;
    expect(h.feed(frame).events).toMatchObject([{ kind: 'order', order: { symbol: 'BTC-USDT' } }]);
  });

  it('counts an undocumented status as unknown, explains it once, and still shows the order', () => {
    const h = new Harness();
    h.open();
    const frame = fixture('create-order-confirmed.constructed');
    frame.data.order.orderStatus = 'triggered';
    const first = h.feed(frame);
    expect(first.events).toMatchObject([{ kind: 'order', order: { status: 'open' } }]);
    expect(first.diagnostics).toEqual({
      unknown: 1,
      error: 'Rails order status "triggered" is not documented; shown as open',
    });
    expect(h.feed(frame).diagnostics).toEqual({ unknown: 1 });
  });

  it('an acknowledgement without an order produces nothing', () => {
    const h = new Harness();
    h.open();
    expect(h.feed({ resultType: 'cancelOrder', data: { statusCode: 202, body: 'cancelling order' } })).toEqual({
      events: [],
      send: [],
    });
  });
});

describe('market=ALL', () => {
  const all = () => new Harness(config({ options: { market: 'ALL', subscriptions: BTC.subscriptions } }));

  it('opens with a ping only, learns a market from its first frame and requests its snapshots then', () => {
    const h = all();
    expect(sent(h.open()).map((f) => f.message)).toEqual(['ping']);
    const first = h.feed(delta('ETH-USDT', [['buy', '3600', '1']]));
    expect(first.events).toEqual([]);
    expect(sent(first)).toEqual([
      { message: 'emitPublicOrderBook', content: { clientRequestId: 'req-2', market: 'ETH-USDT' } },
      { message: 'emitPublicCompletedOrders', content: { clientRequestId: 'req-3', market: 'ETH-USDT' } },
    ]);
    // Asked once per socket.
    expect(h.feed(delta('ETH-USDT', [['buy', '3600', '2']])).send).toEqual([]);
    expect(
      h.feed(
        book('ETH-USDT', [
          ['buy', '3600', '2'],
          ['sell', '3601', '1'],
        ]),
      ).events,
    ).toMatchObject([{ kind: 'mark', mark: { symbol: 'ETH-USDT', price: '3600.5' } }]);
    expect(h.feed(delta('ETH-USDT', [['sell', '3600.8', '1']])).events).toMatchObject([
      { kind: 'mark', mark: { symbol: 'ETH-USDT', price: '3600.4' } },
    ]);
  });

  it('keeps one book per market', () => {
    const h = all();
    h.open();
    h.feed(
      book('ETH-USDT', [
        ['buy', '3600', '1'],
        ['sell', '3601', '1'],
      ]),
    );
    h.feed(
      book('BTC-USDT', [
        ['buy', '70000', '1'],
        ['sell', '70002', '1'],
      ]),
    );
    h.feed(delta('ETH-USDT', [['buy', '3600', '0']]));
    expect(h.marks().map((m) => `${m.symbol} ${m.price}`)).toEqual([
      'ETH-USDT 3600.5',
      'BTC-USDT 70001',
      'ETH-USDT 3601',
    ]);
  });

  it('after a reconnect, requests the snapshots of every market it knows at once', () => {
    const h = all();
    h.open();
    h.feed(book('ETH-USDT', [['buy', '3600', '1']]));
    h.feed(book('BTC-USDT', [['buy', '70000', '1']]));
    h.closed(1006);
    expect(sent(h.open()).map((f) => `${f.message} ${f.content.market ?? ''}`.trim())).toEqual([
      'ping',
      'emitPublicOrderBook ETH-USDT',
      'emitPublicCompletedOrders ETH-USDT',
      'emitPublicOrderBook BTC-USDT',
      'emitPublicCompletedOrders BTC-USDT',
    ]);
  });

  it('learns markets from private frames too (fills and orders)', () => {
    const h = all();
    h.open();
    const out = h.feed(fixtureText('completed-orders-delta.constructed'));
    expect(out.events).toHaveLength(2);
    expect(sent(out).map((f) => `${f.message} ${f.content.market}`)).toEqual([
      'emitPublicOrderBook BTC-USDT',
      'emitPublicCompletedOrders BTC-USDT',
      'emitPublicOrderBook ETH-USDT',
      'emitPublicCompletedOrders ETH-USDT',
    ]);
  });

  it('an order without a market takes the one its fills named, else goes without a symbol', () => {
    const h = all();
    h.open();
    const unknownOrder = fixture('create-order-confirmed.constructed');
    delete unknownOrder.data.order.market;
    const first = h.feed(unknownOrder);
    expect(first.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({ kind: 'order' });
    expect((first.events[0] as { order: object }).order).not.toHaveProperty('symbol');
    h.feed(fixtureText('completed-orders-delta.constructed'));
    expect(h.feed(unknownOrder).events).toMatchObject([{ kind: 'order', order: { symbol: 'BTC-USDT' } }]);
  });

  it('public data without a market cannot be placed: filtered, with a reason', () => {
    const h = all();
    h.open();
    expect(h.feed(delta(undefined, [['buy', '1', '1']])).diagnostics).toEqual({
      filtered: 1,
      error: 'Rails sent public data without a market on a market=ALL connection; skipped',
    });
  });
});

describe('runtime subscriptions', () => {
  it('builds the documented subscribe and unsubscribe requests', () => {
    const documented = fixture('subscribe-request.constructed');
    expect(
      JSON.parse(buildSubscribeRequest(['trades', 'publicOrderBook'], documented.content.clientRequestId)),
    ).toEqual(documented);
    expect(JSON.parse(buildUnsubscribeRequest(['publicOrderBook'], 'u-1'))).toEqual({
      message: 'unsubscribe',
      content: { clientRequestId: 'u-1', subscriptions: ['publicOrderBook'] },
    });
  });

  it('a `subscribed` reply that adds the book requests its snapshot; `unsubscribed` stops using the book', () => {
    const h = new Harness(config({ options: { market: 'BTC-USDT', subscriptions: ['orders'] } }));
    h.open();
    const added = h.feed(fixtureText('subscribed.constructed'));
    expect(sent(added)).toEqual([
      { message: 'emitPublicOrderBook', content: { clientRequestId: 'req-2', market: 'BTC-USDT' } },
    ]);
    h.feed(BOOK);
    expect(h.marks()).toHaveLength(1);
    expect(h.feed(fixtureText('unsubscribed.constructed')).send).toEqual([]);
    expect(h.feed(DELTA).events).toEqual([]);
  });

  it('a repeated `subscribed` reply asks for nothing new', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(fixtureText('subscribed.constructed')).send).toEqual([]);
  });
});

describe('heartbeat', () => {
  it('sends one ping per heartbeat with a fresh clientRequestId; a pong produces nothing', () => {
    const h = new Harness(config({ options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades'] } }));
    h.open();
    expect(sent(h.heartbeat(T0 + 15_000))).toEqual([{ message: 'ping', content: { clientRequestId: 'req-2' } }]);
    expect(sent(h.heartbeat(T0 + 30_000))).toEqual([{ message: 'ping', content: { clientRequestId: 'req-3' } }]);
    expect(h.feed(fixtureText('pong.constructed'))).toEqual({ events: [], send: [] });
  });

  it('uses UUID-shaped request ids by default', () => {
    const cfg = config();
    const parsed = railsOptions(cfg);
    const session = createSession(cfg, parsed);
    const ping = JSON.parse(session.open(T0).send[0]!);
    expect(ping.content.clientRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('token expiry (30 minutes)', () => {
  const REASON = 'Rails token expired at 04:29:00 UTC — fetch a fresh one (POST /api/v1/token) and edit the connection';

  it('an expired token is fatal at open, without waiting for the server (the seed token: exp 04:29:00 UTC)', () => {
    const h = new Harness(config({ auth: { token: SEED_TOKEN } }));
    h.now = SEED_TOKEN_EXP_MS;
    const out = h.open();
    expect(out).toEqual({ events: [], send: [], credentialExpiresAt: SEED_TOKEN_EXP_MS, fatal: REASON });
  });

  it('a heartbeat at or after exp is fatal; before it, a ping', () => {
    const h = new Harness(config({ auth: { token: SEED_TOKEN } }));
    h.now = SEED_TOKEN_EXP_MS - 60_000;
    expect(h.open().fatal).toBeUndefined();
    expect(sent(h.heartbeat(SEED_TOKEN_EXP_MS - 1))[0]).toEqual({
      message: 'ping',
      content: { clientRequestId: 'req-4' },
    });
    expect(h.heartbeat(SEED_TOKEN_EXP_MS)).toEqual({ events: [], send: [], fatal: REASON });
  });

  it('a close 4001 "token expired" is fatal with the expiry message', () => {
    const h = new Harness(config({ auth: { token: SEED_TOKEN } }));
    h.now = SEED_TOKEN_EXP_MS - 60_000;
    h.open();
    expect(h.closed(4001, 'token expired').fatal).toBe(REASON);
    expect(h.closed(1006).fatal).toBeUndefined();
    h.now = SEED_TOKEN_EXP_MS + 1;
    expect(h.closed(1006).fatal).toBe(REASON);
  });

  it('a token without exp never expires on our side; 4001 still ends it', () => {
    const h = new Harness(config({ auth: { token: makeJwt({ sub: 'x' }) } }));
    expect(h.open().credentialExpiresAt).toBeUndefined();
    expect(h.heartbeat(T0 + 10 * 365 * 86_400_000).fatal).toBeUndefined();
    expect(h.closed(4001, 'token expired').fatal).toBe(
      'Rails token expired — fetch a fresh one (POST /api/v1/token) and edit the connection',
    );
  });

  it('a 401 reply after exp is fatal; before exp it is only a diagnostic', () => {
    const h = new Harness(config({ auth: { token: SEED_TOKEN } }));
    h.now = SEED_TOKEN_EXP_MS - 60_000;
    h.open();
    const unauthorized = { resultType: 'emitPublicOrderBook', data: { statusCode: 401, body: 'unauthorized' } };
    expect(h.feed(unauthorized)).toEqual({
      events: [],
      send: [],
      diagnostics: { error: 'Rails emitPublicOrderBook failed with 401: unauthorized' },
    });
    h.now = SEED_TOKEN_EXP_MS;
    expect(h.feed(unauthorized).fatal).toBe(REASON);
  });
});

describe('refused handshakes (handshakeFailed)', () => {
  it('explains the second refusal in a row; an open starts the count again', () => {
    const h = new Harness();
    expect(h.handshakeFailed(T0)).toEqual({ events: [], send: [] });
    expect(h.handshakeFailed(T0 + 2_000)).toEqual({
      events: [],
      send: [],
      hint: 'Rails refused the connection (a browser cannot see why); Rails allows at most 2 connections per market (HTTP 403 beyond) — close another connection to BTC-USDT, or check the token',
    });
    h.open();
    expect(h.handshakeFailed(T0 + 5_000).hint).toBeUndefined();
  });

  it('names market=ALL for an ALL connection', () => {
    const h = new Harness(config({ options: { market: 'ALL' } }));
    h.handshakeFailed(T0);
    expect(h.handshakeFailed(T0 + 1).hint).toContain('close another connection to market=ALL');
  });

  it('an expired token is the reason, fatal at once', () => {
    const h = new Harness(config({ auth: { token: SEED_TOKEN } }));
    expect(h.handshakeFailed(SEED_TOKEN_EXP_MS + 1).fatal).toBe(
      'Rails token expired at 04:29:00 UTC — fetch a fresh one (POST /api/v1/token) and edit the connection',
    );
  });
});

describe('errors and bad frames', () => {
  it('an error reply becomes a diagnostic with the status and the body, scrubbed of anything token-like', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(fixtureText('error-reply.constructed')).diagnostics).toEqual({
      error: 'Rails createOrder failed with 400: insufficient balance',
    });
    const echo = h.feed({
      resultType: 'subscribe',
      market: 'BTC-USDT',
      data: { statusCode: 403, body: `read-only key for ${TOKEN}` },
    });
    expect(echo.diagnostics).toEqual({
      error: 'Rails subscribe (BTC-USDT) failed with 403: read-only key for [token]',
    });
  });

  it('counts malformed and unknown frames, never throws, and carries on', () => {
    const h = new Harness();
    h.open();
    expect(h.feed('{"resultType":').diagnostics).toEqual({
      malformed: 1,
      error: 'Rails malformed frame: not JSON (14 chars)',
    });
    expect(h.feed({ resultType: 'publicOrderBook', market: 'BTC-USDT', data: { orders: 'none' } }).diagnostics).toEqual(
      {
        malformed: 1,
        error: 'Rails malformed frame: publicOrderBook.data.orders: expected an array',
      },
    );
    expect(h.feed({ resultType: 'marketStatus', data: {} }).diagnostics).toEqual({
      unknown: 1,
      error: 'Rails unknown frame: unknown resultType "marketStatus"',
    });
    expect(h.feed(BOOK).events).toHaveLength(1);
    expect([h.count('malformed'), h.count('unknown')]).toEqual([2, 1]);
  });

  it('a missing token is fatal at open with a clear reason', () => {
    const session = createSession(config({ auth: {} }), { market: 'BTC-USDT', subscriptions: ['orders'] });
    expect(session.open(T0).fatal).toBe(
      'Rails needs an access token: paste one from POST /api/v1/token into the connection',
    );
  });
});

// ---- helpers ----------------------------------------------------------------------------------------

function railsOptions(cfg: ReturnType<typeof config>): RailsOptions {
  const parsed = railsAdapter.parseOptions(cfg);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.options;
}

function createSession(cfg: ReturnType<typeof config>, options: RailsOptions) {
  return railsAdapter.createSession(cfg, options);
}

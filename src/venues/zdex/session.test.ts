import { describe, expect, it } from 'vitest';
import { zdexAdapter } from './adapter';
import { Harness, T0, TOKEN, TOKEN_EXP_MS, config, fixture, fixtureText, makeJwt } from './test-support';

const SUBSCRIBES = [
  '{"action":"subscribe","channel":"account"}',
  '{"action":"subscribe","channel":"markprice","symbol":"BTCUSDT"}',
  '{"action":"subscribe","channel":"markprice","symbol":"ETHUSDT"}',
];

/** A harness logged in and live on the docs' full state. */
function live(): Harness {
  const h = new Harness();
  h.authenticate();
  h.feed(fixtureText('account-full-state'));
  return h;
}

describe('login', () => {
  it('waits for the welcome, authenticates, subscribes, and goes live on the first full state', () => {
    const h = new Harness();
    const opened = h.open();
    expect(opened.send).toEqual([]);
    expect(opened.credentialExpiresAt).toBe(TOKEN_EXP_MS);

    const welcome = h.feed(fixtureText('connected'));
    expect(welcome.send).toEqual([JSON.stringify({ action: 'auth', token: TOKEN })]);
    expect(welcome.status).toEqual({ status: 'authenticating' });

    const authed = h.feed(fixtureText('authenticated'));
    expect(authed.send).toEqual(SUBSCRIBES);
    expect(authed.status).toBeUndefined();

    const state = h.feed(fixtureText('account-full-state'));
    expect(state.status).toEqual({ status: 'live' });
    expect(state.events.map((e) => e.kind)).toEqual(['account-snapshot']);
    expect(h.fills()).toEqual([]);
  });

  it('goes live when the full state comes before the authenticated frame too', () => {
    const h = new Harness();
    h.open();
    h.feed(fixtureText('connected'));
    expect(h.feed(fixtureText('account-full-state')).status).toBeUndefined();
    expect(h.feed(fixtureText('authenticated')).status).toEqual({ status: 'live' });
  });

  it('authenticates on a heartbeat when no welcome frame arrives', () => {
    const h = new Harness();
    h.open();
    expect(h.heartbeat(T0 + 1_000).send).toEqual(['{"action":"ping"}']);
    const late = h.heartbeat(T0 + 15_000);
    expect(late.send).toEqual([JSON.stringify({ action: 'auth', token: TOKEN }), '{"action":"ping"}']);
    expect(h.feed(fixtureText('connected')).send).toEqual([]);
  });

  it('flags configured symbols the server does not list', () => {
    const h = new Harness(config({ options: { symbols: ['BTCUSDT', 'DOGEUSDT'] } }));
    h.open();
    expect(h.feed(fixtureText('connected')).diagnostics?.error).toBe(
      "ZDEX does not list DOGEUSDT; check the connection's symbols",
    );
  });

  it('ignores pong and subscription acknowledgements', () => {
    const h = live();
    for (const name of ['pong', 'subscribed']) expect(h.feed(fixtureText(name))).toEqual({ events: [], send: [] });
  });
});

describe('rejected token', () => {
  it('an error frame while authenticating is fatal with a clear reason and no token', () => {
    const h = new Harness();
    h.open();
    h.feed(fixtureText('connected'));
    const out = h.feed(fixtureText('error-auth-rejected'));
    expect(out.fatal).toBe('ZDEX rejected the token: invalid token — paste a fresh session JWT');
    expect(h.closed(4401, 'invalid token').fatal).toBe(
      'ZDEX rejected the token: invalid token — paste a fresh session JWT',
    );
  });

  it('a 4401 close before authentication is fatal', () => {
    const h = new Harness();
    h.open();
    h.feed(fixtureText('connected'));
    expect(h.closed(4401).fatal).toBe('ZDEX rejected the token: authentication failed — paste a fresh session JWT');
  });

  it('never echoes the token, even when the venue does, and says when it expired', () => {
    const expired = makeJwt({ exp: (T0 - 60_000) / 1000 });
    const h = new Harness(config({ auth: { token: expired } }));
    expect(h.open().credentialExpiresAt).toBe(T0 - 60_000);
    h.feed(fixtureText('connected'));
    const out = h.feed({ event: 'error', message: `Authentication failed: jwt expired (${expired})` });
    expect(out.fatal).toBe(
      'ZDEX rejected the token: jwt expired ([token]) (the token expired 2024-03-29T23:59:00.000Z) — paste a fresh session JWT',
    );
    expect(out.fatal).not.toContain(expired);
  });

  it('a 4401 close of a live session is fatal too: the token stopped working (e.g. it expired)', () => {
    const h = live();
    expect(h.closed(4401, 'token expired').fatal).toBe(
      'ZDEX rejected the token: token expired — paste a fresh session JWT',
    );
  });

  it('other closes and later errors are not fatal', () => {
    const h = live();
    const err = h.feed({ event: 'error', message: 'Unknown channel' });
    expect(err.fatal).toBeUndefined();
    expect(err.diagnostics?.error).toBe('ZDEX error: Unknown channel');
    expect(h.closed(1006).fatal).toBeUndefined();
  });
});

describe('public data', () => {
  it('drops unconfigured symbols before parsing and counts them as filtered', () => {
    const h = live();
    const solTicker = fixtureText('ticker').replaceAll('BTCUSDT', 'SOLUSDT');
    expect(h.feed(solTicker)).toEqual({ events: [], send: [], diagnostics: { filtered: 1 } });
    // Proof that no JSON.parse happened: broken JSON for an unconfigured symbol is filtered, not malformed.
    expect(h.feed('{"channel":"orderbook","symbol":"SOLUSDT","data":{"lastUpdateId":')).toMatchObject({
      diagnostics: { filtered: 1 },
    });
    expect(h.count('filtered')).toBe(2);
    expect(h.count('malformed')).toBe(0);
  });

  it('turns configured symbols into marks', () => {
    const h = live();
    const kinds = ['ticker', 'markprice', 'trades', 'orderbook'].map((name) =>
      h.feed(fixtureText(name)).events.map((e) => (e.kind === 'mark' ? e.mark.kind : e.kind)),
    );
    expect(kinds).toEqual([['ticker'], ['mark'], ['trade'], ['book']]);
  });

  it('flows before the account is live, and a first frame that is not the welcome still reports authenticating', () => {
    const h = new Harness();
    h.open();
    const first = h.feed(fixtureText('ticker'));
    expect(first.events).toHaveLength(1);
    expect(first.status).toEqual({ status: 'authenticating' });
    expect(h.feed(fixtureText('ticker')).status).toBeUndefined();
  });

  it('drops an orderbook whose lastUpdateId is not above the last one', () => {
    const h = live();
    const book = fixture('orderbook');
    expect(h.feed(book).events).toHaveLength(1);
    expect(h.feed(book)).toMatchObject({ events: [], diagnostics: { duplicates: 1 } });
    book.data.lastUpdateId += 1;
    expect(h.feed(book).events).toHaveLength(1);
  });

  it('parses kline but emits nothing and counts nothing', () => {
    const h = live();
    expect(h.feed(fixtureText('kline'))).toEqual({ events: [], send: [] });
  });

  it('with no symbols configured, keeps only account data', () => {
    const h = new Harness(config({ options: { symbols: [] } }));
    h.authenticate();
    expect(h.outputs[2]?.send).toEqual(['{"action":"subscribe","channel":"account"}']);
    for (const name of ['ticker', 'orderbook', 'trades', 'kline', 'markprice'])
      expect(h.feed(fixtureText(name)).diagnostics).toEqual({ filtered: 1 });
  });
});

describe('bad frames', () => {
  it('counts malformed and unknown frames with a short message and keeps going', () => {
    const h = live();
    expect(h.feed('{"channel":"ticker",').diagnostics).toEqual({
      malformed: 1,
      error: 'ZDEX malformed frame: not JSON (20 chars)',
    });
    expect(
      h.feed({ channel: 'ticker', symbol: 'BTCUSDT', data: { lastPrice: 'x' }, ts: 1 }).diagnostics?.malformed,
    ).toBe(1);
    expect(h.feed({ event: 'welcome' }).diagnostics).toEqual({
      unknown: 1,
      error: 'ZDEX unknown frame: unknown event "welcome"',
    });
    expect(h.feed(fixtureText('ticker')).events).toHaveLength(1);
  });

  it('ignores the documented deposit/withdraw/transfer events', () => {
    const h = live();
    expect(h.feed({ channel: 'account', event: 'deposit_update', data: { status: 'done' }, ts: T0 })).toEqual({
      events: [],
      send: [],
    });
  });
});

describe('account updates', () => {
  it('are ignored until the first full state of the socket', () => {
    const h = new Harness();
    h.authenticate();
    for (const name of ['position-update', 'order-new', 'balance-update', 'futures-account-update'])
      expect(h.feed(fixtureText(name)).events).toEqual([]);
    h.feed(fixtureText('account-full-state'));
    expect(h.feed(fixtureText('balance-update')).events.map((e) => e.kind)).toEqual(['balance']);
  });

  it('map balance, account summary and notification events', () => {
    const h = live();
    expect(h.feed(fixtureText('balance-update')).events[0]).toMatchObject({
      kind: 'balance',
      balance: { asset: 'USDT', total: '1250.5' },
    });
    expect(h.feed(fixtureText('futures-account-update')).events[0]).toMatchObject({
      kind: 'account-summary',
      summary: { equity: '18475.75' },
    });
    expect(
      h.feed({ channel: 'account', event: 'notification', data: { title: 'Funding soon' }, ts: T0 }).events[0],
    ).toMatchObject({ kind: 'notification', notification: { title: 'Funding soon', level: 'info' } });
  });

  it('position_update -> position; closed -> position-closed', () => {
    const h = live();
    expect(h.feed(fixtureText('position-update')).events).toEqual([expect.objectContaining({ kind: 'position' })]);
    const closed = h.feed(fixtureText('position-closed')).events;
    // No market data seen for BTCUSDT: the close is priced at the position's last mark (71034.50), so the
    // final realized PnL is 0 + (71034.5 − 70500) × 0.05, and says it rests on an inferred price.
    expect(closed[0]).toEqual({
      kind: 'position-closed',
      connectionId: 'zdex-main',
      symbol: 'BTCUSDT',
      time: 1711756800000,
      realizedPnl: '26.725',
      settleAsset: 'USDT',
      realizedInferred: true,
    });
  });

  it('a position_update trimmed to its key fields is merged over the known position, never dropped', () => {
    const h = live(); // the full state: BTCUSDT 0.05 @ 70500
    const out = h.feed({
      channel: 'account',
      event: 'position_update',
      data: { symbol: 'BTCUSDT', positionId: '33600', quantity: '0.05', markPrice: '71100', unrealizedPnl: '30' },
      ts: T0 + 10,
    });
    expect(out.events).toEqual([
      {
        kind: 'position',
        position: expect.objectContaining({
          quantity: '0.05',
          entryPrice: '70500',
          markPrice: '71100',
          unrealizedPnl: '30',
          realizedPnl: '0',
          leverage: 20,
        }),
      },
    ]);
    expect(h.release().events).toEqual([]); // the same size: no fill
  });

  it('drops an exact duplicate account frame', () => {
    const h = live();
    h.feed(fixtureText('balance-update'));
    expect(h.feed(fixtureText('balance-update'))).toEqual({ events: [], send: [], diagnostics: { duplicates: 1 } });
  });
});

describe('order ids', () => {
  it('order_new uses the numeric id; order_update maps its cuid to it, confirmed by the next full state', () => {
    const h = live();
    const created = h.feed(fixtureText('order-new')); // order 12345 is also in the full state
    expect(created.events).toEqual([
      { kind: 'order', order: expect.objectContaining({ orderId: '12345', status: 'open' }) },
    ]);
    // The mapping is a guess, so the status waits for the venue's full state.
    expect(h.feed(fixtureText('order-update')).events).toEqual([]);
    const state = fixture('account-full-state');
    state.data.openOrders = [];
    state.ts += 1;
    expect(h.feed(state).events.filter((e) => e.kind === 'order')).toEqual([
      {
        kind: 'order',
        order: expect.objectContaining({
          orderId: '12345',
          symbol: 'BTCUSDT',
          status: 'filled',
          filledQuantity: '0.01',
        }),
      },
    ]);
  });

  it('prefers the order the latest order_new announced, and remembers the mapping', () => {
    const h = live();
    const newOrder = (orderId: number, ts: number) => ({
      channel: 'account',
      event: 'order_new',
      data: { order: { orderId, symbol: 'BTCUSDT', status: 'NEW' } },
      ts,
    });
    const update = (cuid: string, oldStatus: string, newStatus: string, ts: number) => ({
      channel: 'account',
      event: 'order_update',
      data: { orderId: cuid, symbol: 'BTCUSDT', oldStatus, newStatus },
      ts,
    });
    h.feed(newOrder(500, T0 + 10));
    h.feed(newOrder(501, T0 + 20));
    h.feed(update('clxB', 'NEW', 'PARTIALLY_FILLED', T0 + 21));
    h.feed(update('clxA', 'NEW', 'CANCELED', T0 + 22));
    // No full state came to confirm them: the statuses are reported as the venue said, on the mapped ids.
    expect(h.release().events.map((e) => (e.kind === 'order' ? [e.order.orderId, e.order.status] : e.kind))).toEqual([
      ['500', 'canceled'],
      ['501', 'partially_filled'],
    ]);
    h.feed(update('clxB', 'PARTIALLY_FILLED', 'CANCELED', T0 + 23));
    expect(h.release().events).toEqual([
      { kind: 'order', order: expect.objectContaining({ orderId: '501', status: 'canceled' }) },
    ]);
  });

  it('an order_update with no candidate emits nothing and is counted', () => {
    const h = live();
    const out = h.feed({
      channel: 'account',
      event: 'order_update',
      data: { orderId: 'clxZ', symbol: 'ETHUSDT', oldStatus: 'NEW', newStatus: 'CANCELED' },
      ts: T0 + 5,
    });
    expect(out.events).toEqual([]);
    expect(out.diagnostics).toEqual({
      unknown: 1,
      error: 'order_update for ETHUSDT (NEW->CANCELED) matches no open order; ignored',
    });
  });

  it('order_canceled -> canceled', () => {
    const h = live();
    expect(h.feed(fixtureText('order-canceled')).events).toEqual([
      { kind: 'order', order: expect.objectContaining({ orderId: '12345', status: 'canceled' }) },
    ]);
  });

  it('an order that vanishes from a full state with no fill and no event is canceled explicitly', () => {
    const h = live();
    const state = fixture('account-full-state');
    state.data.openOrders = [];
    state.ts += 1000;
    const out = h.feed(state);
    expect(out.events.map((e) => e.kind)).toEqual(['account-snapshot', 'order']);
    expect(out.events[1]).toMatchObject({ order: { orderId: '12345', status: 'canceled' } });
  });
});

describe('heartbeat', () => {
  it('pings at least every 25 s (docs: "sent at least every 25 s")', () => {
    expect(zdexAdapter.heartbeatIntervalMs).toBeLessThanOrEqual(20_000);
    const h = live();
    const pings: number[] = [];
    for (let t = T0; t <= T0 + 120_000; t += zdexAdapter.heartbeatIntervalMs) {
      if (h.heartbeat(t).send.includes('{"action":"ping"}')) pings.push(t);
    }
    const gaps = pings.slice(1).map((t, i) => t - pings[i]!);
    expect(pings.length).toBeGreaterThan(6);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(25_000);
  });
});

import { describe, expect, it } from 'vitest';
import { NATS_CLOSE_AUTH } from '../shared/nats-protocol';
import { SID_ORDER, SID_TRADE } from './session';
import {
  API_KEY,
  AUTH_SUBJECT,
  AUTH_TEXT,
  EXPIRES,
  Harness,
  KEYRING,
  ORDER_SUBJECT,
  SIGNATURE,
  T0,
  TRADE_SUBJECT,
  authRequest,
  config,
  credential,
  fixture,
  fixtureText,
  sent,
  subscribed,
} from './test-support';

const TICKER_SUBJECT = 'v1.f.ex1.public.futures.ticker.BTC/USDT';
const SUCCESS = '{"success":true}';

function orderAt(updatedTime: number, orderStatus: string, extra: Record<string, unknown> = {}) {
  const m = fixture('order-filled.documented');
  Object.assign(m.o, { updatedTime: String(updatedTime), orderStatus, ...extra });
  return m;
}

function tradeWith(...executions: Record<string, unknown>[]) {
  const m = fixture('trade.documented');
  const template = m.o[0];
  m.o = executions.map((e) => ({ ...template, ...e }));
  return m;
}

describe('authMode "request" (default)', () => {
  it('open sends the exact auth JSON as a NATS request on the auth subject, then the public ticker; authenticating', () => {
    const h = new Harness();
    const out = h.open();
    expect(sent(out)).toEqual([
      { op: 'request', id: 'auth-1', subject: AUTH_SUBJECT, data: AUTH_TEXT, timeoutMs: 5000 },
      { op: 'sub', sid: 'ticker:BTC/USDT', subject: TICKER_SUBJECT },
    ]);
    // The request's payload is the venue's auth JSON, byte for byte.
    expect(authRequest(out)?.data).toBe(`{"op":"auth","args":["${API_KEY}",${EXPIRES},"${SIGNATURE}"]}`);
    expect(out.send).toEqual([]);
    expect(out.status).toEqual({ status: 'authenticating' });
    expect(out.credentialExpiresAt).toBe(EXPIRES);
    expect(out.fatal).toBeUndefined();
  });

  it('uses the configured auth subject', () => {
    const h = new Harness(config({}, { authSubject: 'v1.f.ex1.private.login', tickerSymbols: [] }));
    expect(sent(h.open())).toEqual([
      { op: 'request', id: 'auth-1', subject: 'v1.f.ex1.private.login', data: AUTH_TEXT, timeoutMs: 5000 },
    ]);
  });

  it('subscribes the private order and trade subjects only after {"success":true}, then is live', () => {
    const h = new Harness();
    const opened = h.open();
    expect(subscribed(opened)).toEqual([TICKER_SUBJECT]);
    // A heartbeat while the request is in flight pings, but neither re-asks nor subscribes.
    expect(sent(h.heartbeat(T0 + 10_000))).toEqual([{ op: 'ping' }]);
    // A reply to another request id is not the answer.
    expect(sent(h.reply('auth-0', { data: SUCCESS }))).toEqual([]);
    const accepted = h.reply('auth-1', { data: SUCCESS });
    expect(sent(accepted)).toEqual([
      { op: 'sub', sid: SID_ORDER, subject: 'v1.f.ex1.private.subAccountId.491363048.order' },
      { op: 'sub', sid: SID_TRADE, subject: 'v1.f.ex1.private.subAccountId.491363048.trade' },
      { op: 'ping' },
    ]);
    // Live only once the server has registered the SUBs: the PONG of the PING sent after them (the
    // heartbeat's earlier PING answers first). NATS replays nothing published before.
    expect(accepted.status).toEqual({
      status: 'authenticating',
      reason: 'subscribing to the private order and trade subjects',
    });
    expect(h.pong().status).toBeUndefined();
    expect(h.pong().status).toEqual({ status: 'live' });
    // A duplicate success changes nothing.
    expect(sent(h.reply('auth-1', { data: SUCCESS }))).toEqual([]);
  });

  it('{"success":false} is fatal with the venue reason and what to do, never the signature or key', () => {
    const h = new Harness();
    h.open();
    const out = h.reply('auth-1', { data: fixtureText('auth-reply-rejected.contract') });
    expect(out.fatal).toBe(
      'CoinSwitch rejected the socket credential: signature expired — mint a fresh signature (GET /dma/api/v1/socket/signature)',
    );
    expect(sent(out)).toEqual([]);
  });

  it('a rejection that echoes the credential is scrubbed', () => {
    const h = new Harness();
    h.open();
    const out = h.reply('auth-1', {
      data: JSON.stringify({
        success: false,
        error: `bad signature ${SIGNATURE} for key ${API_KEY}; got ${AUTH_TEXT}`,
      }),
    });
    expect(out.fatal).toBe(
      'CoinSwitch rejected the socket credential: bad signature [token] for key [token]; got [token] — mint a fresh signature (GET /dma/api/v1/socket/signature)',
    );
  });

  it('no responders: stays authenticating, explains once, asks again on the next heartbeat; the close carries a hint', () => {
    const h = new Harness();
    h.open();
    const out = h.reply('auth-1', { error: 'no responders' });
    expect(out.fatal).toBeUndefined();
    expect(out.status?.status).toBe('authenticating');
    expect(out.status?.reason).toContain('had no responders');
    expect(out.diagnostics?.error).toContain('check options.authSubject, or set options.authMode to "connect"');
    const retry = h.heartbeat(T0 + 10_000);
    expect(sent(retry)).toEqual([
      { op: 'ping' },
      { op: 'request', id: 'auth-2', subject: AUTH_SUBJECT, data: AUTH_TEXT, timeoutMs: 5000 },
    ]);
    const again = h.reply('auth-2', { error: 'no responders' });
    expect(again.diagnostics).toBeUndefined();
    // A late reply to the first attempt is ignored.
    expect(sent(h.reply('auth-1', { data: SUCCESS }))).toEqual([]);
    const closed = h.closed(1006, 'NATS connection closed by the server');
    expect(closed.fatal).toBeUndefined();
    expect(closed.hint).toContain('the auth request on "v1.f.ex1.private.auth" had no responders');
  });

  it('a timeout or an unreadable reply is retried the same way', () => {
    const h = new Harness();
    h.open();
    expect(h.reply('auth-1', { error: 'timeout' }).status?.reason).toBe(
      'CoinSwitch: the auth request on "v1.f.ex1.private.auth" got no reply within 5 s; retrying',
    );
    expect(authRequest(h.heartbeat(T0 + 10_000))?.id).toBe('auth-2');
    const unreadable = h.reply('auth-2', { data: '+OK' });
    expect(unreadable.diagnostics?.malformed).toBe(1);
    expect(unreadable.status?.status).toBe('authenticating');
    expect(authRequest(h.heartbeat(T0 + 20_000))?.id).toBe('auth-3');
    expect(h.reply('auth-3', { data: SUCCESS }).status?.status).toBe('authenticating');
    // Three PINGs are out (two heartbeats, one confirming the SUBs): the third PONG makes it live.
    expect([h.pong().status, h.pong().status, h.pong().status]).toEqual([undefined, undefined, { status: 'live' }]);
  });

  it('re-authenticates on every open: the venue auth belongs to one connection', () => {
    const h = new Harness();
    h.openAndAuth();
    h.closed(1006);
    const reopened = h.open(T0 + 5_000);
    expect(sent(reopened)[0]).toEqual({
      op: 'request',
      id: 'auth-2',
      subject: AUTH_SUBJECT,
      data: AUTH_TEXT,
      timeoutMs: 5000,
    });
    expect(subscribed(reopened)).toEqual([TICKER_SUBJECT]);
    expect(reopened.status).toEqual({ status: 'authenticating' });
    expect(reopened.credentialExpiresAt).toBe(EXPIRES);
    expect(subscribed(h.reply('auth-2', { data: SUCCESS }))).toEqual([ORDER_SUBJECT, TRADE_SUBJECT]);
  });

  it('a server that wants credentials at CONNECT (close 4401) is fatal with a pointer to authMode "connect"', () => {
    const h = new Harness();
    h.open();
    const out = h.closed(NATS_CLOSE_AUTH, 'Authorization Violation');
    expect(out.fatal).toBe(
      'CoinSwitch refused the NATS connection: Authorization Violation — the server wants credentials at CONNECT: set options.authMode to "connect"',
    );
  });
});

describe('authMode "connect"', () => {
  it('an opened connection is authenticated: every subject at once, live, no request', () => {
    const h = new Harness(config({}, { authMode: 'connect' }));
    const out = h.open();
    expect(sent(out)).toEqual([
      { op: 'sub', sid: SID_ORDER, subject: ORDER_SUBJECT },
      { op: 'sub', sid: SID_TRADE, subject: TRADE_SUBJECT },
      { op: 'sub', sid: 'ticker:BTC/USDT', subject: TICKER_SUBJECT },
      { op: 'ping' },
    ]);
    expect(out.status?.status).toBe('authenticating');
    expect(h.pong().status).toEqual({ status: 'live' });
    expect(out.credentialExpiresAt).toBe(EXPIRES);
    expect(authRequest(h.heartbeat(T0 + 10_000))).toBeUndefined();
  });

  it('an Authorization Violation close is fatal, without the credential', () => {
    const h = new Harness(config({}, { authMode: 'connect' }));
    h.open();
    const out = h.closed(NATS_CLOSE_AUTH, 'Authorization Violation');
    expect(out.fatal).toBe(
      'CoinSwitch rejected the socket credential: Authorization Violation — mint a fresh signature (GET /dma/api/v1/socket/signature)',
    );
  });

  it('with a keyring reference it waits for the renewed credential instead (a hint, the lifecycle retries)', () => {
    const h = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }, { authMode: 'connect' }));
    h.open();
    const out = h.closed(NATS_CLOSE_AUTH, 'Authorization Violation');
    expect(out.fatal).toBeUndefined();
    expect(out.hint).toBe(
      'CoinSwitch rejected the socket credential (Authorization Violation); waiting for the keyring relay to renew it',
    );
  });

  it('a refused private subscription (permissions) is fatal and names the sub-account', () => {
    const h = new Harness(config({}, { authMode: 'connect' }));
    h.open();
    const out = h.frame({
      op: 'status',
      type: 'error',
      operation: 'subscription',
      sid: SID_ORDER,
      subject: ORDER_SUBJECT,
      data: `Permissions Violation for Subscription to "${ORDER_SUBJECT}"`,
    });
    expect(out.fatal).toContain('CoinSwitch refused the subscription to v1.f.ex1.private.subAccountId.491363048.order');
    expect(out.fatal).toContain('check options.subAccountId');
    const ticker = h.frame({
      op: 'status',
      type: 'error',
      operation: 'subscription',
      sid: 'ticker:BTC/USDT',
      subject: TICKER_SUBJECT,
      data: 'Permissions Violation',
    });
    expect(ticker.fatal).toBeUndefined();
    expect(ticker.diagnostics?.error).toContain('refused the ticker subscription');
  });
});

describe('orders', () => {
  it('the seed order becomes an order event', () => {
    const h = new Harness();
    h.openAndAuth();
    expect(h.order(fixtureText('order-filled.documented')).events).toEqual([
      {
        kind: 'order',
        order: {
          connectionId: 'cs-main',
          orderId: '68a4579e-c396-4427-b055-7a8bcafbd48d',
          clientOrderId: '7b708608-7e1d-456b-aa78-43a9892c2fda',
          symbol: 'SOLUSDT',
          side: 'buy',
          type: 'market',
          status: 'filled',
          price: '220.25',
          quantity: '0.2',
          filledQuantity: '0.2',
          averagePrice: '209.76',
          updatedAt: 1756478182110,
        },
      },
    ]);
  });

  it('every update is passed on for the store to merge, an older one too; an exact repeat is a duplicate (also after a reconnect)', () => {
    const h = new Harness();
    h.openAndAuth();
    expect(h.order(orderAt(T0 + 200, 'Filled', { cumExecQty: '0.2' })).events).toHaveLength(1);
    // Reordered: the older update still carries what it knows; the store never lets it regress.
    expect(h.order(orderAt(T0 + 100, 'New', { cumExecQty: '0' })).events).toHaveLength(1);
    const repeat = h.order(orderAt(T0 + 200, 'Filled', { cumExecQty: '0.2' }));
    expect(repeat.events).toEqual([]);
    expect(repeat.diagnostics?.duplicates).toBe(1);
    h.closed(1006);
    h.openAndAuth();
    expect(h.order(orderAt(T0 + 200, 'Filled', { cumExecQty: '0.2' })).diagnostics?.duplicates).toBe(1);
    // Two status changes in one millisecond are two updates.
    expect(h.order(orderAt(T0 + 300, 'New', { orderId: 'b', cumExecQty: '0' })).events).toHaveLength(1);
    expect(h.order(orderAt(T0 + 300, 'Filled', { orderId: 'b', cumExecQty: '0.2' })).events).toHaveLength(1);
    expect(h.orders().map((o) => `${o.orderId} ${o.status}`)).toEqual([
      '68a4579e-c396-4427-b055-7a8bcafbd48d filled',
      '68a4579e-c396-4427-b055-7a8bcafbd48d open',
      'b open',
      'b filled',
    ]);
  });

  it('an update trimmed to the id and the new status is merged, not rejected; the filled quantity never exceeds the quantity', () => {
    const h = new Harness();
    h.openAndAuth();
    const placed = orderAt(T0 + 100, 'New', { cumExecQty: '0', avgPrice: '', qty: '0.2' });
    expect(h.order(placed).events).toHaveLength(1);
    const trimmed = fixture('order-filled.documented');
    trimmed.o = { orderId: trimmed.o.orderId, orderStatus: 'Cancelled', updatedTime: String(T0 + 200) };
    const out = h.order(trimmed);
    expect(out.diagnostics).toBeUndefined();
    expect(out.events).toEqual([
      {
        kind: 'order',
        order: { connectionId: 'cs-main', orderId: trimmed.o.orderId, status: 'canceled', updatedAt: T0 + 200 },
      },
    ]);
    // Only the cumulative figure, and more than the order's quantity (known from the first update): capped.
    const overfilled = fixture('order-filled.documented');
    overfilled.o = { orderId: trimmed.o.orderId, cumExecQty: '0.25', updatedTime: String(T0 + 300) };
    const capped = h.order(overfilled);
    expect(capped.events[0]).toMatchObject({ order: { filledQuantity: '0.2' } });
    expect(capped.diagnostics).toEqual({
      malformed: 1,
      error: `CoinSwitch order 68a4579e-c396-4427-b055-7a8bcafbd48d reports 0.25 filled of 0.2; shown as 0.2 (a filled quantity never exceeds the order's)`,
    });
    // Without updatedTime the envelope's event time dates it.
    const undated = fixture('order-filled.documented');
    undated.o = { orderId: 'c', orderStatus: 'New' };
    expect(h.order(undated).events[0]).toMatchObject({ order: { orderId: 'c', updatedAt: undated.E } });
  });

  it('an undocumented status is mapped, counted every time and explained once', () => {
    const h = new Harness();
    h.openAndAuth();
    const first = h.order(orderAt(T0 + 1, 'Parked', { cumExecQty: '0', avgPrice: '0' }));
    expect(first.events[0]).toMatchObject({ order: { status: 'open' } });
    expect(first.diagnostics).toEqual({
      unknown: 1,
      error: 'CoinSwitch order status "Parked" is not a Bybit V5 status; shown as open',
    });
    expect(h.order(orderAt(T0 + 2, 'Parked', { cumExecQty: '0', avgPrice: '0' })).diagnostics).toEqual({ unknown: 1 });
  });

  it('a message for another sub-account is dropped and explained once', () => {
    const h = new Harness();
    h.openAndAuth();
    const out = h.order({ ...fixture('order-filled.documented'), sub_account_id: '999' });
    expect(out.events).toEqual([]);
    expect(out.diagnostics).toEqual({
      filtered: 1,
      error: 'CoinSwitch sent a message for sub-account 999, not 491363048; dropped',
    });
    expect(h.trades({ ...fixture('trade.documented'), sub_account_id: '999' }).diagnostics).toEqual({ filtered: 1 });
  });
});

describe('fills', () => {
  it('one fill per execution of the o array', () => {
    const h = new Harness();
    h.openAndAuth();
    const out = h.trades(
      tradeWith(
        { execId: 'e-1', execQty: '0.001' },
        { execId: 'e-2', execQty: '0.001', execPrice: '108477', isMaker: true },
      ),
    );
    expect(out.events.map((e) => e.kind === 'fill' && [e.fill.fillId, e.fill.price, e.fill.liquidity])).toEqual([
      ['e-1', '108476.4', 'taker'],
      ['e-2', '108477', 'maker'],
    ]);
  });

  it('dedupes by execId across a replay after a reconnect, and within one message', () => {
    const h = new Harness();
    h.openAndAuth();
    expect(h.trades(fixtureText('trade.documented')).events).toHaveLength(1);
    h.closed(1006);
    h.openAndAuth(T0 + 5_000);
    const replay = h.trades(fixtureText('trade.documented'));
    expect(replay.events).toEqual([]);
    expect(replay.diagnostics?.duplicates).toBe(1);
    const mixed = h.trades(
      tradeWith({ execId: 'a1076552-0c0f-5a56-a064-5a653f9172c6' }, { execId: 'new-1' }, { execId: 'new-1' }),
    );
    expect(mixed.events).toHaveLength(1);
    expect(mixed.diagnostics?.duplicates).toBe(2);
    expect(h.fills().map((f) => f.fillId)).toEqual(['a1076552-0c0f-5a56-a064-5a653f9172c6', 'new-1']);
  });

  it('Funding executions are not fills: filtered and explained once per exec type', () => {
    const h = new Harness();
    h.openAndAuth();
    const out = h.trades(fixtureText('trade-funding.constructed'));
    expect(out.events).toEqual([]);
    expect(out.diagnostics).toEqual({
      filtered: 1,
      error: 'CoinSwitch Funding executions are not fills (no trade happened); skipped',
    });
    expect(h.trades(tradeWith({ execId: 'f-2', execType: 'Funding' })).diagnostics).toEqual({ filtered: 1 });
    // Forced trades are fills.
    expect(
      h.trades(tradeWith({ execId: 'liq-1', execType: 'BustTrade' }, { execId: 'adl-1', execType: 'AdlTrade' })).events,
    ).toHaveLength(2);
  });

  it('an execution without a positive quantity is skipped as malformed', () => {
    const h = new Harness();
    h.openAndAuth();
    const out = h.trades(tradeWith({ execId: 'zero', execQty: '0' }));
    expect(out.events).toEqual([]);
    expect(out.diagnostics?.malformed).toBe(1);
  });
});

describe('ticker marks [guess]', () => {
  it('a ticker mark per message; an older one for the symbol is dropped', () => {
    const h = new Harness();
    h.open();
    // Public data flows while authenticating.
    const out = h.msg('ticker:BTC/USDT', TICKER_SUBJECT, fixtureText('ticker.guess'));
    expect(out.events).toEqual([
      {
        kind: 'mark',
        mark: {
          connectionId: 'cs-main',
          symbol: 'BTCUSDT',
          kind: 'ticker',
          price: '108476.4',
          bid: '108476.3',
          ask: '108476.5',
          indexPrice: '108481.05',
          fundingRate: '0.0001',
          time: 1756478183000,
        },
      },
    ]);
    const older = { ...fixture('ticker.guess'), E: 1756478182000 };
    expect(h.msg('ticker:BTC/USDT', TICKER_SUBJECT, older).diagnostics).toEqual({ duplicates: 1 });
  });
});

describe('credential expiry', () => {
  const soon = T0 + 120_000;

  it('warns once within 60 s of expires and notes the expiry once, but never stops a socket that streams', () => {
    const h = new Harness(config({ auth: credential({ expires: soon }) }));
    expect(h.openAndAuth().fatal).toBeUndefined();
    expect(h.heartbeat(T0 + 50_000).diagnostics).toBeUndefined();
    expect(h.heartbeat(T0 + 61_000).diagnostics).toEqual({
      error:
        'CoinSwitch socket credential expires in 59 s: this connection stays up, but a reconnect after that needs a new one (mint one, or use the keyring relay)',
    });
    expect(h.heartbeat(T0 + 71_000).diagnostics).toBeUndefined();
    const atExpiry = h.heartbeat(soon);
    expect(atExpiry.fatal).toBeUndefined();
    expect(atExpiry.diagnostics?.error).toBe(
      'CoinSwitch socket credential expired at 14:38:20 UTC: this connection stays up, but a reconnect needs a new one (mint a new signature or use the keyring relay)',
    );
    expect(sent(atExpiry)).toEqual([{ op: 'ping' }]);
    // Long after the expiry the authenticated socket still streams: fills and orders go on.
    const later = h.heartbeat(soon + 3_600_000);
    expect(later.fatal).toBeUndefined();
    expect(later.diagnostics).toBeUndefined();
    expect(h.trades(fixtureText('trade.documented')).events).toHaveLength(1);
    expect(h.order(fixtureText('order-filled.documented')).events).toHaveLength(1);
    expect(h.outputs.some((o) => o.fatal !== undefined || o.status?.status === 'error')).toBe(false);
  });

  it('an expired credential is fatal at open, at close and after a failed connection attempt', () => {
    const expired = config({ auth: credential({ expires: T0 - 1 }) });
    expect(new Harness(expired).open().fatal).toContain('CoinSwitch socket credential expired at 14:36:19 UTC');
    const h = new Harness(config({ auth: credential({ expires: soon }) }));
    h.openAndAuth();
    expect(h.closed(1006, '', soon + 1).fatal).toContain('expired');
    expect(new Harness(config({ auth: credential({ expires: soon }) })).handshakeFailed(soon).fatal).toContain(
      'expired',
    );
    expect(new Harness(config({ auth: credential({ expires: soon }) })).handshakeFailed(T0).fatal).toBeUndefined();
  });

  it('with a keyring reference: no warning and no fatal; the renewed credential is reported and used on the next open', () => {
    const cfg = config({ auth: { keyring: KEYRING, ...credential({ expires: soon }) } });
    const h = new Harness(cfg);
    const live = h.openAndAuth();
    // The open orders of a first connect, read once (none here).
    const empty = '{"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[],"nextPageCursor":""}}';
    h.respond(live.requests![0]!.id, { ok: true, status: 200, body: empty });
    expect(h.heartbeat(T0 + 61_000).diagnostics).toBeUndefined();
    const atExpiry = h.heartbeat(soon);
    expect(atExpiry.fatal).toBeUndefined();
    expect(sent(atExpiry)).toEqual([{ op: 'ping' }]);
    expect(h.closed(1006, '', soon + 1).fatal).toBeUndefined();
    // The lifecycle hands over the renewed credential between sockets.
    h.session.updateAuth({ ...credential({ expires: soon + 300_000, signature: 'f'.repeat(128) }), keyring: KEYRING });
    const renewed = h.heartbeat(soon + 2);
    expect(renewed.credentialExpiresAt).toBe(soon + 300_000);
    const reopened = h.open(soon + 3);
    expect(JSON.parse(authRequest(reopened)!.data)).toEqual({
      op: 'auth',
      args: [API_KEY, soon + 300_000, 'f'.repeat(128)],
    });
  });

  it('a renewed credential on an authenticated connection is a new auth request on it: no resubscription, status stays live', () => {
    const h = new Harness(config({ auth: { keyring: KEYRING, ...credential({ expires: soon }) } }));
    h.openAndAuth();
    const renewed = { keyring: KEYRING, ...credential({ expires: soon + 300_000, signature: 'f'.repeat(128) }) };
    const out = h.session.reauthenticate(renewed, soon - 10_000);
    expect(out?.credentialExpiresAt).toBe(soon + 300_000);
    const request = authRequest(out!);
    expect(JSON.parse(request!.data)).toEqual({ op: 'auth', args: [API_KEY, soon + 300_000, 'f'.repeat(128)] });
    expect(out?.status).toBeUndefined();
    const accepted = h.reply(request!.id, { data: SUCCESS });
    expect(accepted.status).toBeUndefined();
    expect(subscribed(accepted)).toEqual([]);
    // The renewed triple is also the one a later socket authenticates with.
    expect(JSON.parse(authRequest(h.open(soon + 1))!.data).args[2]).toBe('f'.repeat(128));
  });

  it('a rejected or unanswered re-authentication is recorded; the connection keeps its earlier auth and stays live', () => {
    const h = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }));
    h.openAndAuth();
    const first = authRequest(
      h.session.reauthenticate({ keyring: KEYRING, ...credential({ signature: 'd'.repeat(128) }) }, T0 + 1)!,
    )!;
    const rejected = h.reply(first.id, { data: '{"success":false,"error":"signature expired"}' });
    expect(rejected.status).toBeUndefined();
    expect(rejected.fatal).toBeUndefined();
    expect(rejected.diagnostics?.error).toBe(
      'CoinSwitch rejected the renewed socket credential: signature expired; the connection keeps its earlier authentication',
    );
    const second = authRequest(
      h.session.reauthenticate({ keyring: KEYRING, ...credential({ signature: 'e'.repeat(128) }) }, T0 + 2)!,
    )!;
    const unanswered = h.reply(second.id, { error: '503' });
    expect(unanswered.status).toBeUndefined();
    expect(unanswered.diagnostics?.error).toMatch(
      /^CoinSwitch did not answer the re-authentication with the renewed credential/,
    );
    expect(JSON.stringify(h.outputs)).not.toContain('d'.repeat(128));
  });

  it('a renewal never needs a new socket: connect mode keeps it for the next CONNECT, a request-mode socket still authenticating asks with it at once', () => {
    const renewed = { keyring: KEYRING, ...credential({ expires: EXPIRES + 1, signature: 'f'.repeat(128) }) };
    const connectMode = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }, { authMode: 'connect' }));
    connectMode.open();
    const kept = connectMode.session.reauthenticate(renewed, T0 + 1);
    expect(kept).toEqual({ events: [], send: [], credentialExpiresAt: EXPIRES + 1 });
    const pending = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }));
    pending.open();
    // An auth request is in flight: nothing more now (a failure is retried with the renewed triple).
    expect(pending.session.reauthenticate(renewed, T0 + 1)?.nats ?? []).toEqual([]);
    const refused = pending.reply('auth-1', { data: '{"success":false,"error":"signature expired"}' });
    expect(refused.fatal).toBeUndefined();
    // The refused signature was the old one: the renewed one is tried at the next heartbeat.
    expect(JSON.parse(authRequest(pending.heartbeat(T0 + 10_000))!.data).args[2]).toBe('f'.repeat(128));
    const waiting = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }));
    waiting.open();
    waiting.reply('auth-1', { data: '{"success":false,"error":"signature expired"}' });
    const asked = waiting.session.reauthenticate(renewed, T0 + 2);
    expect(JSON.parse(authRequest(asked!)!.data).args[2]).toBe('f'.repeat(128));
    expect(sent(waiting.reply(authRequest(asked!)!.id, { data: SUCCESS }))).toContainEqual({
      op: 'sub',
      sid: SID_ORDER,
      subject: ORDER_SUBJECT,
    });
  });

  it('a keyring reference alone: waits (authenticating), then authenticates on the heartbeat after the credential arrives', () => {
    const cfg = config({ auth: { keyring: KEYRING } });
    const h = new Harness(cfg);
    const out = h.open();
    expect(out.fatal).toBeUndefined();
    expect(out.status).toEqual({
      status: 'authenticating',
      reason: 'waiting for the keyring relay to provide the CoinSwitch socket credential',
    });
    expect(subscribed(out)).toEqual([TICKER_SUBJECT]);
    expect(sent(h.heartbeat(T0 + 10_000))).toEqual([{ op: 'ping' }]);
    h.session.updateAuth({ keyring: KEYRING, ...credential() });
    const later = h.heartbeat(T0 + 20_000);
    expect(later.credentialExpiresAt).toBe(EXPIRES);
    expect(authRequest(later)).toEqual({
      op: 'request',
      id: 'auth-1',
      subject: AUTH_SUBJECT,
      data: AUTH_TEXT,
      timeoutMs: 5000,
    });
  });

  it('with a keyring reference a rejection waits for a renewed signature instead of failing', () => {
    const cfg = config({ auth: { keyring: KEYRING, ...credential() } });
    const h = new Harness(cfg);
    h.open();
    const out = h.reply('auth-1', { data: '{"success":false,"error":"signature expired"}' });
    expect(out.fatal).toBeUndefined();
    expect(out.status).toEqual({
      status: 'authenticating',
      reason: 'CoinSwitch rejected the socket credential: signature expired; waiting for the keyring relay to renew it',
    });
    expect(authRequest(h.heartbeat(T0 + 10_000))).toBeUndefined();
    h.session.updateAuth({ keyring: KEYRING, ...credential({ signature: 'b'.repeat(128) }) });
    expect(JSON.parse(authRequest(h.heartbeat(T0 + 20_000))!.data).args[2]).toBe('b'.repeat(128));
  });

  it('without any credential and no keyring: fatal at open', () => {
    const h = new Harness(config());
    h.session.updateAuth({});
    expect(h.open().fatal).toBe(
      'CoinSwitch needs the socket credential: paste { apiKey, expires, signature } from GET /dma/api/v1/socket/signature into the connection',
    );
  });
});

describe('heartbeat and robustness', () => {
  it('the heartbeat is a NATS ping; its pong is a quiet frame', () => {
    const h = new Harness();
    h.openAndAuth();
    expect(sent(h.heartbeat(T0 + 10_000))).toEqual([{ op: 'ping' }]);
    expect(h.frame({ op: 'status', type: 'pong', rttMs: 2 })).toEqual({ events: [], send: [] });
  });

  it('malformed and unknown frames are counted and skipped, never thrown', () => {
    const h = new Harness();
    h.openAndAuth();
    expect(h.frame('not json').diagnostics).toMatchObject({ malformed: 1 });
    expect(h.frame('{"op":"msg"}').diagnostics).toMatchObject({ malformed: 1 });
    expect(h.order('{').diagnostics).toMatchObject({ malformed: 1 });
    expect(h.order({ ...fixture('order-filled.documented'), o: 'x' }).diagnostics).toMatchObject({ malformed: 1 });
    expect(h.order({ ...fixture('order-filled.documented'), event_type: 'position.linear' }).diagnostics).toMatchObject(
      { unknown: 1 },
    );
    expect(h.trades('[]').diagnostics).toMatchObject({ malformed: 1 });
    expect(h.msg('nobody', 'v1.f.other', '{}').diagnostics).toMatchObject({ unknown: 1 });
    expect(h.frame({ op: 'status', type: 'ldm' }).diagnostics?.error).toContain('lame duck mode');
    expect(
      h.frame({ op: 'status', type: 'error', operation: 'publish', subject: 'x.y', data: 'PERMISSIONS_VIOLATION' })
        .diagnostics?.error,
    ).toBe('CoinSwitch NATS error (publish x.y): PERMISSIONS_VIOLATION');
    expect(h.count('malformed')).toBe(5);
    expect(h.count('unknown')).toBe(2);
    // Still working.
    expect(h.trades(fixtureText('trade.documented')).events).toHaveLength(1);
  });
});

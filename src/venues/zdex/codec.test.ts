import { describe, expect, it } from 'vitest';
import { decodeZdexFrame, peekPublicRoute } from './codec';
import { fixture, fixtureText } from './test-support';
import { codecExpectations, NOT_A_JSON_OBJECT } from '../shared/testing/codec-expectations';

/** Every documented payload (seed 004 + docs.zdex.world/docs/websocket), verbatim. */
const DOCUMENTED = [
  ['connected', 'control'],
  ['authenticated', 'control'],
  ['pong', 'control'],
  ['subscribed', 'control'],
  ['error-auth-rejected', 'control'],
  ['ticker', 'public'],
  ['orderbook', 'public'],
  ['trades', 'public'],
  ['kline', 'public'],
  ['markprice', 'public'],
  ['account-full-state', 'account'],
  ['order-new', 'account'],
  ['order-canceled', 'account'],
  ['order-update', 'account'],
  ['position-update', 'account'],
  ['position-closed', 'account'],
  ['balance-update', 'account'],
  ['futures-account-update', 'account'],
] as const;

const { decoded, failure } = codecExpectations(decodeZdexFrame);

describe('decodeZdexFrame on the documented payloads', () => {
  it.each(DOCUMENTED)('%s decodes as a %s frame', (name, family) => {
    expect(decoded(fixtureText(name)).family).toBe(family);
  });

  it('keeps the documented values', () => {
    const ticker = decoded(fixtureText('ticker'));
    expect(ticker.frame).toMatchObject({
      channel: 'ticker',
      symbol: 'BTCUSDT',
      ts: 1711756800000,
      data: { lastPrice: '71034.5' },
    });
    const update = decoded(fixtureText('order-update'));
    expect(update.frame).toMatchObject({
      event: 'order_update',
      data: { orderId: 'clx...', oldStatus: 'NEW', newStatus: 'FILLED' },
    });
    const closed = decoded(fixtureText('position-closed'));
    expect(closed.frame).toEqual({
      channel: 'account',
      event: 'position_update',
      ts: 1711756800000,
      data: { symbol: 'BTCUSDT', positionId: '33600', quantity: '0', closed: true },
    });
    const futures = decoded(fixtureText('futures-account-update'));
    expect(futures.frame).toMatchObject({ data: { accountEquity: 18475.75, marginRatio: 0.048 } });
    const kline = decoded(fixtureText('kline'));
    expect(kline.frame).toMatchObject({
      data: [
        [
          1711756800000,
          '71000.0',
          '71500.0',
          '70800.0',
          '71034.5',
          '1234.567',
          1711756859999,
          '87654321.0',
          523,
          '617.283',
          '43827160.5',
          '0',
        ],
      ],
    });
    const connected = decoded(fixtureText('connected'));
    expect(connected.frame).toEqual({
      event: 'connected',
      channels: ['orderbook', 'trades', 'ticker', 'kline', 'markprice'],
      symbols: ['BTCUSDT', 'ETHUSDT'],
      pollIntervalMs: 2000,
    });
  });

  it('recognises the documented events without a schema (deposit/withdraw/transfer) without counting them unknown', () => {
    for (const event of ['deposit_update', 'withdraw_update', 'transfer_update']) {
      expect(decoded(JSON.stringify({ channel: 'account', event, data: { anything: 1 }, ts: 1 })).family).toBe(
        'account',
      );
    }
  });

  it('accepts a notification without an id', () => {
    const n = decoded(
      JSON.stringify({
        channel: 'account',
        event: 'notification',
        data: { title: 'Maintenance', message: 'at 02:00' },
        ts: 1,
      }),
    );
    expect(n.frame).toMatchObject({ data: { title: 'Maintenance', message: 'at 02:00' } });
  });
});

describe('account updates trimmed to their key fields (merged over what is known, never rejected)', () => {
  it('a position_update with only symbol, positionId and quantity decodes with just those', () => {
    const p = fixture('position-update');
    const trimmed = { ...p, data: { symbol: 'BTCUSDT', positionId: '33600', quantity: '0.05', markPrice: '71100' } };
    expect(decoded(JSON.stringify(trimmed)).frame).toEqual({ ...trimmed, data: trimmed.data });
  });

  it('a balance_update with the asset and one figure, a futures_account_update with one figure', () => {
    const b = { ...fixture('balance-update'), data: { symbol: 'USDT', total: '1300' } };
    expect(decoded(JSON.stringify(b)).frame).toEqual(b);
    const f = { ...fixture('futures-account-update'), data: { accountEquity: 18500.5 } };
    expect(decoded(JSON.stringify(f)).frame).toEqual(f);
  });

  it('what is truly malformed stays malformed: a missing key field, no figure at all, a wrong type', () => {
    const p = fixture('position-update');
    delete p.data.positionId;
    expect(failure(JSON.stringify(p)).message).toBe('position_update.data.positionId: expected a non-empty string');
    const q = fixture('position-update');
    delete q.data.quantity;
    expect(failure(JSON.stringify(q)).message).toBe('position_update.data.quantity: expected decimal text');
    const b = { ...fixture('balance-update'), data: { symbol: 'USDT', type: 'Futures' } };
    expect(failure(JSON.stringify(b)).message).toBe('balance_update.data: no figures (free, locked or total)');
    const f = { ...fixture('futures-account-update'), data: { walletMode: 'OneWay' } };
    expect(failure(JSON.stringify(f)).message).toBe('futures_account_update.data: no figures');
    const w = { ...fixture('balance-update'), data: { symbol: 'USDT', total: 1300 } };
    expect(failure(JSON.stringify(w)).message).toBe('balance_update.data.total: expected decimal text');
  });
});

describe('decodeZdexFrame reports, never throws', () => {
  it.each([['not JSON', '{"channel":"ticker",'], ...NOT_A_JSON_OBJECT])('%s is malformed', (_label, text) => {
    expect(failure(text).kind).toBe('malformed');
  });

  /** A documented payload with one field broken, and the message that must name it. */
  const broken: [fixture: string, breakIt: (frame: ReturnType<typeof fixture>) => void, message: string][] = [
    ['ticker', (t) => (t.data.lastPrice = 71034.5), 'ticker.data.lastPrice: expected decimal text'],
    [
      'account-full-state',
      (o) => (o.data.openOrders[0].orderId = '12345'),
      'account.data.openOrders[0].orderId: expected an integer',
    ],
    ['position-update', (p) => (p.data.leverage = '20'), 'position_update.data.leverage: expected a number'],
    [
      'futures-account-update',
      (f) => (f.data.accountEquity = 'lots'),
      'futures_account_update.data.accountEquity: expected a number',
    ],
    ['orderbook', (b) => (b.data.bids[0] = ['71034.5']), 'orderbook.data.bids[0][1]: expected decimal text'],
    ['kline', (k) => k.data[0].pop(), 'kline.data[0]: expected 12 fields, got 11'],
    [
      'position-closed',
      (c) => (c.data.quantity = '0.5'),
      'position_update.data.quantity: expected "0" on a closed position',
    ],
  ];
  it.each(broken)('names the field when a documented %s frame has the wrong type', (name, breakIt, message) => {
    const frame = fixture(name);
    breakIt(frame);
    expect(failure(JSON.stringify(frame))).toEqual({ kind: 'malformed', message });
  });

  it('an order status the docs do not list is malformed', () => {
    const u = fixture('order-update');
    u.data.newStatus = 'DONE';
    expect(failure(JSON.stringify(u)).kind).toBe('malformed');
  });

  it('reports unknown channels and events as unknown', () => {
    expect(failure('{"channel":"liquidations","symbol":"BTCUSDT","data":{},"ts":1}')).toEqual({
      kind: 'unknown',
      message: 'unknown channel "liquidations"',
    });
    expect(failure('{"event":"welcome"}')).toEqual({ kind: 'unknown', message: 'unknown event "welcome"' });
    expect(failure('{"channel":"account","event":"margin_call","data":{},"ts":1}')).toEqual({
      kind: 'unknown',
      message: 'unknown account event "margin_call"',
    });
    expect(failure('{"hello":"world"}').kind).toBe('unknown');
  });

  it('never throws on hostile input', () => {
    const texts = [
      '{"channel":"ticker","symbol":"BTCUSDT","data":null,"ts":1}',
      '{"channel":{},"data":1}',
      '{"event":42}',
      '{"channel":"account","data":{"balances":{}},"ts":1}',
      '{"__proto__":{"x":1},"event":"pong","ts":1}',
    ];
    for (const text of texts) expect(() => decodeZdexFrame(text)).not.toThrow();
  });
});

describe('peekPublicRoute (the pre-parse filter)', () => {
  it('reads channel and symbol of public frames from the text', () => {
    expect(peekPublicRoute(fixtureText('orderbook'))).toEqual({ channel: 'orderbook', symbol: 'BTCUSDT' });
    expect(peekPublicRoute(fixtureText('ticker'))).toEqual({ channel: 'ticker', symbol: 'BTCUSDT' });
    expect(peekPublicRoute('{"channel":"trades","symbol":"SOLUSDT","data":[],"ts":1}')).toEqual({
      channel: 'trades',
      symbol: 'SOLUSDT',
    });
    expect(
      peekPublicRoute(
        '{"data":{"lastUpdateId":1,"bids":[],"asks":[]},"symbol" : "XRPUSDT","channel" :"orderbook","ts":1}',
      ),
    ).toEqual({ channel: 'orderbook', symbol: 'XRPUSDT' });
  });

  it('leaves account and control frames to the full decode', () => {
    expect(peekPublicRoute(fixtureText('position-update'))).toBeUndefined();
    expect(peekPublicRoute(fixtureText('connected'))).toBeUndefined();
    expect(peekPublicRoute('{"channel":"ticker","data":{}}')).toBeUndefined();
    expect(peekPublicRoute('{"channel":"ticker","symbol":"BT\\"C"}')).toBeUndefined();
  });
});

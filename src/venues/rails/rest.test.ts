import { describe, expect, it } from 'vitest';
import { railsAdapter } from './adapter';
import { parseRailsOptions } from './options';
import { parseCompletedOrdersPage, parseOpenOrdersPage, restErrorText } from './rest-codec';
import { defaultRestUrl, railsRestTarget } from './rest-target';
import { TOKEN, config, fixtureText } from './test-support';

describe('REST answers (rest-codec.ts)', () => {
  it('reads both documented completed-orders revisions and the open-orders page', () => {
    const latest = parseCompletedOrdersPage(fixtureText('rest-completed-orders.documented'));
    expect(latest.ok && latest.page.completedOrders.map((c) => c.filledAt)).toEqual([1747426816421, 1747426816421]);
    expect(latest.ok && latest.page.last).toBe(
      'BTC-USD#FEES#01JP390Z8WVR9EP6X1P187P722#01JP36QTCRJCGN7NC0CPZ22NAB@1741719371497',
    );
    const older = parseCompletedOrdersPage(fixtureText('rest-completed-orders-txcreated.documented'));
    expect(older.ok && older.page.completedOrders.map((c) => c.txCreated)).toEqual([1741720077742, 1741719371497]);
    const open = parseOpenOrdersPage(fixtureText('rest-open-orders.documented'));
    expect(open.ok && open.page.openOrders.map((o) => [o.market, o.filledQuantity])).toEqual([
      ['BTC-USD', '0.5'],
      ['ETH-USD', '0.5'],
    ]);
  });

  it('no `last` (or an empty one) means no further page', () => {
    expect(parseCompletedOrdersPage('{"completedOrders":[]}')).toEqual({ ok: true, page: { completedOrders: [] } });
    expect(parseOpenOrdersPage('{"openOrders":[],"last":""}')).toEqual({ ok: true, page: { openOrders: [] } });
  });

  it('reports what is wrong, naming the field, and never throws', () => {
    expect(parseCompletedOrdersPage('<html>')).toEqual({ ok: false, error: 'not JSON (6 chars)' });
    expect(parseCompletedOrdersPage('{"orders":[]}')).toEqual({
      ok: false,
      error: 'completed-orders.completedOrders: expected an array',
    });
    expect(parseCompletedOrdersPage('{"completedOrders":[{"market":"BTC-USDT"}]}')).toEqual({
      ok: false,
      error: 'completed-orders.completedOrders[0].orderId: expected a non-empty string',
    });
    expect(parseOpenOrdersPage('{"openOrders":[{"orderId":"01H"}]}')).toEqual({
      ok: false,
      error: 'open-orders.openOrders[0].market: expected a non-empty string',
    });
    expect(restErrorText('{"error":"token expired"}')).toBe('token expired');
    expect(restErrorText('Bad Gateway')).toBeUndefined();
  });
});

describe('REST target of a connection with a pasted token (rest-target.ts)', () => {
  it('derives the account host from the WebSocket host [guess], else needs options.restUrl', () => {
    expect(defaultRestUrl('wss://ws.trade.rails.xyz')).toBe('https://user-account.trade.rails.xyz');
    expect(defaultRestUrl('wss://ws.sandbox.rails.xyz/?x=1')).toBe('https://user-account.sandbox.rails.xyz');
    expect(defaultRestUrl('ws://127.0.0.1:7101')).toBeUndefined();
    expect(defaultRestUrl('wss://ws.rails.xyz.evil.example')).toBeUndefined();
    expect(defaultRestUrl('not a url')).toBeUndefined();
  });

  it('sends the WebSocket token as the bearer; a keyring connection has no direct target (the relay signs)', () => {
    const cfg = config();
    const parsed = railsAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error('bad config');
    expect(railsAdapter.rest!(cfg, parsed.options)).toEqual({
      baseUrl: 'https://user-account.trade.rails.xyz',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const keyring = { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing' };
    expect(railsRestTarget(config({ auth: { token: TOKEN, keyring } }), parsed.options)).toBeUndefined();
    const local = config({
      url: 'ws://127.0.0.1:7101',
      options: { market: 'BTC-USDT', restUrl: 'http://127.0.0.1:7101/' },
    });
    const localOptions = railsAdapter.parseOptions(local);
    if (!localOptions.ok) throw new Error('bad config');
    expect(railsAdapter.rest!(local, localOptions.options)?.baseUrl).toBe('http://127.0.0.1:7101');
    expect(railsAdapter.standby).toBe(true);
  });

  it('options.restUrl must be a plain http(s) URL', () => {
    const problems = (restUrl: unknown) => {
      const result = parseRailsOptions({ market: 'BTC-USDT', restUrl });
      return result.ok ? [] : result.problems;
    };
    expect(problems('https://user-account.trade.rails.xyz')).toEqual([]);
    expect(problems('ftp://x')).toEqual([
      'options.restUrl must be the http(s) address of Rails\' account REST, e.g. "https://user-account.trade.rails.xyz"',
    ]);
    expect(problems(42)).toHaveLength(1);
    expect(problems('https://user:pw@x.example')).toEqual([
      'options.restUrl must not carry credentials, a query or a fragment',
    ]);
    expect(problems('https://x.example/?token=1')).toHaveLength(1);
  });
});

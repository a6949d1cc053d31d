import { describe, expect, it } from 'vitest';
import { MARKER_GRACE_MS, createScaletradeSession } from './session';
import {
  CTM_S,
  Harness,
  LOGIN,
  T0,
  TOKEN,
  TOKEN_EXP_MS,
  config,
  fixture,
  fixtureText,
  makeJwt,
  marker,
  trade,
} from './test-support';

const AUTH = JSON.stringify({ authorization: TOKEN });
const SWITCH = '{"event":"account.switch","active_login":2000009}';
const SUBSCRIBE = '{"event":"subscribe","data":["eurusd","btcusd"]}';

describe('login', () => {
  it('authorizes on open, switches the account after success, subscribes after the switch, and is live after the marker', () => {
    const h = new Harness();
    const opened = h.open();
    expect(opened.send).toEqual([AUTH]);
    expect(opened.status).toEqual({ status: 'authenticating' });
    expect(opened.credentialExpiresAt).toBe(TOKEN_EXP_MS);

    const authorized = h.feed(fixtureText('authorization-success'));
    expect(authorized.send).toEqual([SWITCH]);
    expect(authorized.status).toBeUndefined();

    const switched = h.feed(fixtureText('account-switch-reply.constructed'));
    expect(switched.send).toEqual([SUBSCRIBE]);
    expect(switched.status).toBeUndefined();

    expect(h.feed(fixtureText('subscribe-reply.constructed'))).toEqual({ events: [], send: [] });
    const balance = h.feed(fixtureText('balance.constructed'));
    expect(balance.events.map((e) => e.kind)).toEqual(['account-summary', 'balance']);
    expect(balance.status).toBeUndefined();

    const state = h.feed(marker(0));
    expect(state.status).toEqual({ status: 'live' });
    expect(state.events).toEqual([
      {
        kind: 'account-snapshot',
        connectionId: 'scaletrade-main',
        time: expect.any(Number),
        scope: { orders: true, positions: true, balances: true },
        openOrders: [],
        positions: [],
        balances: [
          {
            connectionId: 'scaletrade-main',
            asset: 'USD',
            total: '10000',
            free: '9803.48',
            locked: '217.02',
            updatedAt: expect.any(Number),
          },
        ],
      },
    ]);
  });

  it('sends no subscription without symbols', () => {
    const h = new Harness(config({ options: { login: LOGIN, symbols: [] } }));
    h.open();
    h.feed(fixtureText('authorization-success'));
    expect(h.feed(fixtureText('account-switch-reply.constructed')).send).toEqual([]);
  });

  it('the initial state (b, open tickets) arrives before the marker and is in the snapshot', () => {
    const h = new Harness();
    h.authenticate();
    h.feed(fixtureText('balance.constructed'));
    const open = h.feed(fixtureText('trade-market-new.constructed'));
    expect(open.events.map((e) => e.kind)).toEqual(['fill', 'position']);
    h.feed(fixtureText('trade-pending-new.constructed'));
    const state = h.feed(fixtureText('account-state.constructed'));
    expect(state.status).toEqual({ status: 'live' });
    const snapshot = state.events.find((e) => e.kind === 'account-snapshot');
    expect(snapshot).toMatchObject({
      openOrders: [{ orderId: '5002', status: 'open' }],
      positions: [{ symbol: 'eurusd', quantity: '0.2' }],
    });
  });

  it('goes live on a heartbeat when no marker arrives after the switch', () => {
    const h = new Harness();
    h.authenticate();
    const early = h.heartbeat(h.now + 1_000);
    expect(early).toEqual({ events: [], send: ['ping'] });
    const late = h.heartbeat(h.now + MARKER_GRACE_MS);
    expect(late.status).toEqual({ status: 'live' });
    expect(late.send).toEqual(['ping']);
    expect(late.diagnostics?.error).toBe(
      'ScaleTrade sent no account.state marker within 10 s of the account switch; live with the state received',
    );
    expect(late.events.map((e) => e.kind)).toEqual(['account-snapshot']);
    expect(h.heartbeat(h.now + 15_000)).toEqual({ events: [], send: ['ping'] });
  });

  it('a marker for another login, or a second marker, changes nothing', () => {
    const h = new Harness();
    h.authenticate();
    expect(h.feed(marker(0, 42))).toEqual({ events: [], send: [], diagnostics: { filtered: 1 } });
    expect(h.feed(marker(0)).status).toEqual({ status: 'live' });
    expect(h.feed(marker(0))).toEqual({ events: [], send: [] });
  });
});

describe('rejections', () => {
  it('INVALID_TOKEN is fatal with a clear reason that never contains the token', () => {
    const h = new Harness();
    h.open();
    const out = h.feed(fixtureText('authorization-invalid-token.constructed'));
    expect(out.fatal).toBe('ScaleTrade rejected the token (INVALID_TOKEN) — sign in again and paste a fresh JWT');
    expect(out.send).toEqual([]);
  });

  it('UNSUPPORTED_SESSION is fatal too', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(fixtureText('authorization-unsupported-session.constructed')).fatal).toBe(
      'ScaleTrade rejected the token (UNSUPPORTED_SESSION) — sign in again and paste a fresh JWT',
    );
  });

  it('scrubs a token the venue echoes, and says when the token expired', () => {
    const expired = makeJwt({ exp: (T0 - 60_000) / 1000 });
    const h = new Harness(config({ auth: { token: expired } }));
    expect(h.open().credentialExpiresAt).toBe(T0 - 60_000);
    const out = h.feed({ event: 'authorization', success: false, error: `bad ${expired}` });
    expect(out.fatal).toBe(
      `ScaleTrade rejected the token (bad [token]; the token expired ${new Date(T0 - 60_000).toISOString()}) — sign in again and paste a fresh JWT`,
    );
    const silent = new Harness();
    silent.open();
    expect(silent.feed({ event: 'authorization', success: false }).fatal).toBe(
      'ScaleTrade rejected the token (no reason given) — sign in again and paste a fresh JWT',
    );
  });

  it('a missing token is fatal before anything is sent', () => {
    // parseOptions refuses such a profile; a session built from one anyway fails cleanly.
    const session = createScaletradeSession(config({ auth: {} }), { login: LOGIN, symbols: [], currency: 'USD' });
    expect(session.open(T0)).toEqual({
      events: [],
      send: [],
      fatal: 'ScaleTrade needs a token: sign in to the ScaleTrade Client API and paste the JWT into the connection',
    });
  });

  it('a refused account switch is fatal', () => {
    const h = new Harness();
    h.open();
    h.feed(fixtureText('authorization-success'));
    const out = h.feed({ event: 'account.switch', success: false, error: 'ACCOUNT_NOT_FOUND' });
    expect(out.fatal).toBe(
      "ScaleTrade refused to switch to account 2000009 (ACCOUNT_NOT_FOUND) — check the connection's login",
    );
  });

  it('a switch to another account is fatal', () => {
    const h = new Harness();
    h.open();
    h.feed(fixtureText('authorization-success'));
    expect(h.feed({ event: 'account.switch', success: true, active_login: 2000010 }).fatal).toBe(
      "ScaleTrade switched to account 2000010, not the configured 2000009 — check the connection's login",
    );
  });

  it('a refused subscription is a diagnostic, not fatal', () => {
    const h = new Harness();
    h.login();
    const out = h.feed({ event: 'subscribe', success: false, error: 'UNKNOWN_SYMBOL', data: ['btcusd'] });
    expect(out.fatal).toBeUndefined();
    expect(out.diagnostics?.error).toBe('ScaleTrade refused to subscribe btcusd: UNKNOWN_SYMBOL');
  });

  it('closes are never fatal (the docs define no close codes)', () => {
    const h = new Harness();
    h.login();
    expect(h.closed(4001, 'bye')).toEqual({ events: [], send: [] });
  });
});

describe('frames', () => {
  it('pong is a valid frame: no event, no diagnostic', () => {
    const h = new Harness();
    h.login();
    expect(h.feed(fixtureText('pong.txt'))).toEqual({ events: [], send: [] });
    expect(h.count('malformed')).toBe(0);
  });

  it('heartbeat sends the plain text ping of the docs', () => {
    const h = new Harness();
    h.login();
    expect(h.heartbeat(h.now + 15_000).send).toEqual([fixtureText('ping.txt')]);
  });

  it('quotes of configured symbols become book marks; others are filtered', () => {
    const h = new Harness();
    h.login();
    const out = h.feed(fixtureText('quote-seconds.constructed'));
    expect(out.events).toEqual([
      {
        kind: 'mark',
        mark: {
          connectionId: 'scaletrade-main',
          symbol: 'eurusd',
          kind: 'book',
          price: '1.085085',
          bid: '1.08505',
          ask: '1.08512',
          time: CTM_S * 1000,
        },
      },
    ]);
    expect(h.feed(['t', 'gbpusd', 1.27, 1.2702, CTM_S])).toEqual({
      events: [],
      send: [],
      diagnostics: { filtered: 1 },
    });
  });

  it('account frames of another login are filtered', () => {
    const h = new Harness();
    h.login();
    const other = fixture('balance.constructed');
    other[1] = 42;
    expect(h.feed(other).diagnostics).toEqual({ filtered: 1 });
    expect(h.feed(trade({ order: 9, login: 42 })).diagnostics).toEqual({ filtered: 1 });
    const alert = fixture('alert-triggered.constructed');
    alert[2] = 42;
    expect(h.feed(alert).diagnostics).toEqual({ filtered: 1 });
    expect(
      h.events().filter((e) => e.kind !== 'account-summary' && e.kind !== 'balance' && e.kind !== 'account-snapshot'),
    ).toEqual([]);
  });

  it('counts malformed and unknown frames and goes on', () => {
    const h = new Harness();
    h.login();
    expect(h.feed('not json')).toEqual({
      events: [],
      send: [],
      diagnostics: { malformed: 1, error: 'ScaleTrade malformed frame: not JSON (8 chars)' },
    });
    expect(h.feed(['o', 1, 2, 'eurusd', 0, 10, 1.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, '', 0, 9])).toMatchObject({
      diagnostics: { malformed: 1, error: 'ScaleTrade malformed frame: o: expected 2 to 18 elements, got 19' },
    });
    expect(h.feed(['z', 1])).toMatchObject({
      diagnostics: { unknown: 1, error: 'ScaleTrade unknown frame: unknown marker "z"' },
    });
    expect(h.feed({ event: 'orders.snapshot' })).toMatchObject({ diagnostics: { unknown: 1 } });
    expect(h.feed(fixtureText('quote-seconds.constructed')).events).toHaveLength(1);
    expect([h.count('malformed'), h.count('unknown')]).toEqual([2, 2]);
  });

  it('an unchanged balance is a duplicate; a changed one updates summary and balance', () => {
    const h = new Harness();
    h.login();
    expect(h.feed(fixtureText('balance.constructed'))).toEqual({
      events: [],
      send: [],
      diagnostics: { duplicates: 1 },
    });
    const changed = fixture('balance.constructed');
    changed[2] = 10100.25;
    const out = h.feed(changed);
    expect(out.events).toMatchObject([
      { kind: 'account-summary', summary: { balance: '10100.25', asset: 'USD' } },
      { kind: 'balance', balance: { total: '10100.25' } },
    ]);
  });

  it('uses the configured currency for the balance and summary', () => {
    const h = new Harness(config({ options: { login: LOGIN, symbols: ['eurusd'], currency: 'EUR' } }));
    h.login();
    expect(h.events().filter((e) => e.kind === 'balance')).toMatchObject([{ balance: { asset: 'EUR' } }]);
    expect(h.events().filter((e) => e.kind === 'account-summary')).toMatchObject([{ summary: { asset: 'EUR' } }]);
  });
});

describe('alerts and notifications', () => {
  it('a triggered alert is a warning notification; a repeat is a duplicate', () => {
    const h = new Harness();
    h.login();
    const out = h.feed(fixtureText('alert-triggered.constructed'));
    expect(out.events).toEqual([
      {
        kind: 'notification',
        notification: {
          connectionId: 'scaletrade-main',
          id: 'alert:77:1775481300000',
          level: 'warning',
          title: 'Price alert eurusd 1.085 (bid) triggered at 1.0851',
          message: 'EURUSD above 1.0850',
          time: 1775481300000,
        },
      },
    ]);
    expect(h.feed(fixtureText('alert-triggered.constructed'))).toEqual({
      events: [],
      send: [],
      diagnostics: { duplicates: 1 },
    });
    const again = fixture('alert-triggered.constructed');
    again[16] = CTM_S + 900;
    expect(h.feed(again).events).toMatchObject([{ notification: { id: `alert:77:${(CTM_S + 900) * 1000}` } }]);
  });

  it('alert status changes are info notifications', () => {
    const h = new Harness();
    h.login();
    expect(h.feed(fixtureText('alert-active.constructed')).events).toMatchObject([
      { notification: { id: 'alert:78:0:active', level: 'info' } },
    ]);
  });

  it('notifications are keyed by token with the level thresholds', () => {
    const h = new Harness();
    h.login();
    h.feed(fixtureText('notification-with-data.constructed'));
    h.feed(fixtureText('notification-without-data.constructed'));
    h.feed(fixtureText('notification-with-data.constructed'));
    expect(h.notifications().map((n) => [n.id, n.level, n.title])).toEqual([
      ['notice:ntf-9f2c', 'error', 'Margin call'],
      ['notice:ntf-a001', 'info', 'Weekly outlook'],
    ]);
    expect(h.count('duplicates')).toBe(1);
  });
});

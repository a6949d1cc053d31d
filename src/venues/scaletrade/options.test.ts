import { describe, expect, it } from 'vitest';
import { scaletradeAdapter } from './adapter';
import { jwtExpiresAt } from '../shared/jwt';
import { parseScaletradeAuth, parseScaletradeOptions } from './options';
import { accountSwitchRequest, authorizationRequest, subscribeRequest, unsubscribeRequest } from './requests';
import { TOKEN, TOKEN_EXP_MS, config, fixture } from './test-support';

describe('parseScaletradeOptions', () => {
  it('accepts login, symbols as given (trimmed, without duplicates) and the currency (default USD)', () => {
    expect(
      parseScaletradeOptions({ login: 2000009, symbols: ['eurusd', ' btcusd ', 'eurusd', 'EURUSD.m', '#AAPL'] }),
    ).toEqual({
      ok: true,
      options: { login: 2000009, symbols: ['eurusd', 'btcusd', 'EURUSD.m', '#AAPL'], currency: 'USD' },
    });
    expect(parseScaletradeOptions({ login: '2000009', symbols: [], currency: 'eur' })).toEqual({
      ok: true,
      options: { login: 2000009, symbols: [], currency: 'EUR' },
    });
  });

  it('explains every mistake at once', () => {
    expect(parseScaletradeOptions({ symbols: ['eurusd', 'eur usd', 3], currency: 'US Dollar', market: 'x' })).toEqual({
      ok: false,
      problems: [
        'options.market is not a ScaleTrade option (they are "login", "symbols" and "currency")',
        'options.login must be the trading account number, e.g. 2000009, got nothing',
        'options.symbols[1] must be a symbol such as "eurusd", got "eur usd"',
        'options.symbols[2] must be a symbol such as "eurusd", got 3',
        'options.currency must be the account currency code, e.g. "USD", got "US Dollar"',
      ],
    });
    expect(parseScaletradeOptions({ login: -1, symbols: 'eurusd' })).toEqual({
      ok: false,
      problems: [
        'options.login must be the trading account number, e.g. 2000009, got -1',
        'options.symbols must be a list of ScaleTrade symbols as the server names them, e.g. ["eurusd"] (use [] for account data only)',
      ],
    });
  });
});

describe('parseScaletradeAuth', () => {
  it('takes the JWT, without a pasted Bearer prefix', () => {
    expect(parseScaletradeAuth({ token: ` Bearer ${TOKEN} ` })).toEqual({ ok: true, auth: { token: TOKEN } });
  });

  it('explains a missing or broken token without quoting it', () => {
    expect(parseScaletradeAuth({})).toEqual({
      ok: false,
      problems: ['auth.token is required: sign in to the ScaleTrade Client API and paste the JWT'],
    });
    const broken = parseScaletradeAuth({ token: 'abc def' });
    expect(broken).toEqual({ ok: false, problems: ['auth.token contains spaces or line breaks; paste the JWT alone'] });
  });
});

describe('scaletradeAdapter', () => {
  it('validates options and auth together', () => {
    expect(scaletradeAdapter.parseOptions(config())).toEqual({
      ok: true,
      options: { login: 2000009, symbols: ['eurusd', 'btcusd'], currency: 'USD' },
    });
    const bad = scaletradeAdapter.parseOptions(config({ auth: {}, options: { symbols: [] } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems).toHaveLength(2);
  });

  it('opens the profile URL as given', () => {
    const cfg = config();
    const parsed = scaletradeAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error('bad config');
    expect(scaletradeAdapter.endpoint(cfg, parsed.options)).toEqual({ url: 'wss://ws.broker.example:8443' });
    expect(scaletradeAdapter).toMatchObject({
      venue: 'scaletrade',
      heartbeatIntervalMs: 15_000,
      capabilities: { fills: 'derived' },
    });
  });

  it('reads the JWT expiry without verifying it', () => {
    expect(jwtExpiresAt(TOKEN)).toBe(TOKEN_EXP_MS);
    expect(jwtExpiresAt('not-a-jwt')).toBeUndefined();
  });
});

describe('request builders', () => {
  it('match the documented frames', () => {
    expect(JSON.parse(authorizationRequest('<JWT_TOKEN>'))).toEqual(fixture('authorization'));
    expect(JSON.parse(accountSwitchRequest(2000009))).toEqual(fixture('account-switch'));
    expect(JSON.parse(subscribeRequest(['eurusd', 'btcusd']))).toEqual(fixture('subscribe'));
    expect(JSON.parse(unsubscribeRequest(['eurusd']))).toEqual(fixture('unsubscribe'));
  });

  it('are compact JSON text in the documented key order', () => {
    expect(authorizationRequest('abc')).toBe('{"authorization":"abc"}');
    expect(accountSwitchRequest(2000009)).toBe('{"event":"account.switch","active_login":2000009}');
    expect(subscribeRequest(['eurusd'])).toBe('{"event":"subscribe","data":["eurusd"]}');
    expect(unsubscribeRequest(['eurusd', 'btcusd'])).toBe('{"event":"unsubscribe","data":["eurusd","btcusd"]}');
  });
});

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
        'options.market is not a ScaleTrade option (they are "login", "symbols", "currency" and "restUrl")',
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

describe('options.restUrl (the Client REST base URL the session JWT is sent to)', () => {
  const base = { login: 2000009, symbols: [] };
  it('takes an https URL (or http on loopback) and drops a trailing slash', () => {
    expect(parseScaletradeOptions({ ...base, restUrl: 'https://broker.example/' })).toMatchObject({
      ok: true,
      options: { restUrl: 'https://broker.example' },
    });
    expect(parseScaletradeOptions({ ...base, restUrl: 'https://broker.example:8443/api/' })).toMatchObject({
      options: { restUrl: 'https://broker.example:8443/api' },
    });
    expect(parseScaletradeOptions({ ...base, restUrl: 'http://127.0.0.1:7102' })).toMatchObject({
      options: { restUrl: 'http://127.0.0.1:7102' },
    });
    expect(parseScaletradeOptions(base)).toEqual({ ok: true, options: { ...base, currency: 'USD' } });
  });

  it('refuses what would send the token in clear or somewhere odd', () => {
    const problems = (restUrl: unknown) => {
      const parsed = parseScaletradeOptions({ ...base, restUrl });
      return parsed.ok ? [] : parsed.problems;
    };
    expect(problems('http://broker.example')).toEqual([
      'options.restUrl must be the broker\'s Client REST base URL, e.g. "https://broker.example": plain http is allowed on loopback only (the session token is sent to it)',
    ]);
    expect(problems('wss://broker.example')[0]).toMatch(/got "wss:\/\/broker.example"/);
    expect(problems('https://user:pw@broker.example')[0]).toMatch(/without a user, query or fragment/);
    expect(problems('https://broker.example/?token=1')[0]).toMatch(/without a user, query or fragment/);
    expect(problems(42)[0]).toMatch(/got 42/);
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
      heartbeatIntervalMs: 2_000,
      silenceTimeoutMs: 5_000,
      capabilities: { fills: 'derived' },
    });
  });

  it('has a REST target only with a restUrl: its base and the JWT as the documented Authorization', () => {
    const without = config();
    const parsedWithout = scaletradeAdapter.parseOptions(without);
    if (!parsedWithout.ok) throw new Error('bad config');
    expect(scaletradeAdapter.rest?.(without, parsedWithout.options)).toBeUndefined();
    const cfg = config({ options: { login: 2000009, symbols: [], restUrl: 'https://broker.example/' } });
    const parsed = scaletradeAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error('bad config');
    expect(scaletradeAdapter.rest?.(cfg, parsed.options)).toEqual({
      baseUrl: 'https://broker.example',
      headers: { Authorization: TOKEN },
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

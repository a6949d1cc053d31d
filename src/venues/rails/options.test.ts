import { parseKeyringRef } from '../shared/keyring';
import { describe, expect, it } from 'vitest';
import { railsAdapter } from './adapter';
import { jwtExpiresAt } from '../shared/jwt';
import { parseRailsAuth, parseRailsOptions } from './options';
import { SEED_TOKEN, SEED_TOKEN_EXP_MS, TOKEN, TOKEN_EXP_MS, config, fixture } from './test-support';

describe('parseRailsOptions', () => {
  it('accepts a market (upper-cased) or ALL, and defaults to all four streams', () => {
    expect(parseRailsOptions({ market: ' btc-usdt ' })).toEqual({
      ok: true,
      options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'] },
    });
    expect(parseRailsOptions({ market: 'ALL', subscriptions: ['trades'] })).toEqual({
      ok: true,
      options: { market: 'ALL', subscriptions: ['trades'] },
    });
  });

  it("keeps a hot standby unless standby is false (which frees the market's second place)", () => {
    const standbyOf = (options: Record<string, unknown>) => {
      const parsed = parseRailsOptions({ market: 'BTC-USDT', ...options });
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      return railsAdapter.standbyFor?.(parsed.options);
    };
    expect(standbyOf({})).toBe(true);
    expect(standbyOf({ standby: true })).toBe(true);
    expect(standbyOf({ standby: false })).toBe(false);
    expect(parseRailsOptions({ market: 'BTC-USDT', standby: 'no' })).toEqual({
      ok: false,
      problems: ['options.standby must be true or false'],
    });
  });

  it('keeps the chosen streams once each, in the documented order, matching case loosely', () => {
    expect(
      parseRailsOptions({ market: 'ETH-USDT', subscriptions: ['publicOrderBook', 'ORDERS', 'orders', 'publictrades'] }),
    ).toEqual({
      ok: true,
      options: { market: 'ETH-USDT', subscriptions: ['orders', 'publicTrades', 'publicOrderBook'] },
    });
  });

  it('explains every mistake at once', () => {
    expect(parseRailsOptions({ subscriptions: ['orders', 'positions', 7], symbol: 'x' })).toEqual({
      ok: false,
      problems: [
        'options.symbol is not a Rails option (they are "market", "subscriptions", "restUrl" and "standby")',
        'options.market is required: a Rails market such as "BTC-USDT", or "ALL" for every market',
        'options.subscriptions[1] must be one of orders, trades, publicTrades, publicOrderBook, got "positions"',
        'options.subscriptions[2] must be one of orders, trades, publicTrades, publicOrderBook, got number',
      ],
    });
    expect(parseRailsOptions({ market: 'BTC/USDT' })).toEqual({
      ok: false,
      problems: ['options.market must be a Rails market such as "BTC-USDT", or "ALL", got "BTC/USDT"'],
    });
    expect(parseRailsOptions({ market: 'BTC-USDT&x=1' }).ok).toBe(false);
    expect(parseRailsOptions({ market: 'BTC-USDT', subscriptions: [] })).toEqual({
      ok: false,
      problems: [
        'options.subscriptions must be a non-empty list of orders, trades, publicTrades, publicOrderBook (leave it out for all four)',
      ],
    });
  });
});

describe('parseRailsAuth', () => {
  it('takes the token, trimming whitespace and a pasted "Bearer " or "authorization#" prefix', () => {
    expect(parseRailsAuth({ token: `  Bearer ${TOKEN}\n` })).toEqual({ ok: true, auth: { token: TOKEN } });
    expect(parseRailsAuth({ token: `authorization#${TOKEN}` })).toEqual({ ok: true, auth: { token: TOKEN } });
  });

  it('a keyring reference has no token until the lifecycle fetched one; then the token is used', () => {
    const keyring = { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing-secret' };
    expect(parseRailsAuth({ keyring })).toEqual({
      ok: false,
      problems: ['the Rails token has not been fetched from the keyring relay yet'],
    });
    expect(parseRailsAuth({ token: TOKEN, keyring })).toEqual({ ok: true, auth: { token: TOKEN } });
  });

  it('the connection settings accept a keyring reference instead of a token, and check its shape', () => {
    const keyring = { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing-secret' };
    expect(railsAdapter.parseOptions(config({ auth: { keyring } })).ok).toBe(true);
    // The shared keyring reader checks the reference; its wording is tested in src/venues/shared/keyring.test.ts.
    const broken = { keyring: { ...keyring, url: 'ftp://x', token: '' } };
    const problems = parseKeyringRef(broken);
    expect(problems.ok).toBe(false);
    expect(railsAdapter.parseOptions(config({ auth: broken }))).toEqual(problems);
  });

  it('explains a missing or broken token without quoting it', () => {
    expect(parseRailsAuth({})).toEqual({
      ok: false,
      problems: ['auth.token is required: paste the access token from POST /api/v1/token (a JWT, valid 30 minutes)'],
    });
    for (const broken of [
      `${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}`,
      'not-a-jwt',
      `${TOKEN}"`,
      `${TOKEN.replace('.', '.=')}`,
    ]) {
      const result = parseRailsAuth({ token: broken });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.join(' ')).not.toContain(TOKEN.slice(0, 20));
    }
  });

  it('the adapter reports option and auth problems together', () => {
    expect(railsAdapter.parseOptions(config({ auth: {}, options: { market: '' } }))).toEqual({
      ok: false,
      problems: [
        'options.market must be a Rails market such as "BTC-USDT", or "ALL", got ""',
        'auth.token is required: paste the access token from POST /api/v1/token (a JWT, valid 30 minutes)',
      ],
    });
  });
});

describe('jwtExpiresAt', () => {
  it('reads exp from the seed example token: 2023-12-23 04:29:00 UTC', () => {
    expect(fixture('example-token.documented').subprotocol).toBe(`authorization#${SEED_TOKEN}`);
    expect(jwtExpiresAt(SEED_TOKEN)).toBe(SEED_TOKEN_EXP_MS);
    expect(jwtExpiresAt(TOKEN)).toBe(TOKEN_EXP_MS);
  });

  it('is undefined for anything else', () => {
    expect(jwtExpiresAt('a.b')).toBeUndefined();
    expect(jwtExpiresAt('a.!!!.c')).toBeUndefined();
    expect(jwtExpiresAt(`x.${Buffer.from('{"sub":"x"}').toString('base64url')}.y`)).toBeUndefined();
  });
});

describe('railsAdapter.endpoint', () => {
  const endpoint = (overrides: Parameters<typeof config>[0] = {}) => {
    const cfg = config(overrides);
    const parsed = railsAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    return railsAdapter.endpoint(cfg, parsed.options);
  };

  it('appends market and subscriptions to the URL and puts the token in the subprotocol', () => {
    expect(endpoint()).toEqual({
      url: 'wss://ws.trade.rails.xyz?market=BTC-USDT&subscriptions=orders,trades,publicTrades,publicOrderBook',
      protocols: [`authorization#${TOKEN}`],
    });
  });

  it('keeps the URL exactly as given, query included', () => {
    expect(
      endpoint({
        url: 'ws://127.0.0.1:9402/rails/ws?env=sim',
        options: { market: 'ALL', subscriptions: ['trades', 'orders'] },
      }),
    ).toEqual({
      url: 'ws://127.0.0.1:9402/rails/ws?env=sim&market=ALL&subscriptions=orders,trades',
      protocols: [`authorization#${TOKEN}`],
    });
    expect(endpoint({ url: 'wss://ws.trade.rails.xyz/?' }).url).toBe(
      'wss://ws.trade.rails.xyz/?market=BTC-USDT&subscriptions=orders,trades,publicTrades,publicOrderBook',
    );
  });

  it('uses the cleaned token (no pasted prefix) in the subprotocol', () => {
    expect(endpoint({ auth: { token: ` Bearer ${TOKEN} ` } }).protocols).toEqual([`authorization#${TOKEN}`]);
  });

  it('declares the capabilities Rails has, and a ping cadence a quiet account survives', () => {
    expect(railsAdapter.capabilities).toEqual({
      fills: 'native',
      orders: true,
      positions: false,
      balances: false,
      marks: true,
      notifications: false,
    });
    expect(railsAdapter.heartbeatIntervalMs).toBeLessThanOrEqual(15_000);
    expect(railsAdapter.silenceTimeoutMs).toBe(railsAdapter.heartbeatIntervalMs * 2.5);
  });
});

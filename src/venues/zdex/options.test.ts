import { describe, expect, it } from 'vitest';
import { zdexAdapter } from './adapter';
import { jwtExpiresAt } from '../shared/jwt';
import { parseZdexAuth, parseZdexOptions } from './options';
import { TOKEN, TOKEN_EXP_MS, config, makeJwt } from './test-support';

describe('parseZdexOptions', () => {
  it('accepts symbols, upper-cased and without duplicates', () => {
    expect(parseZdexOptions({ symbols: ['btcusdt', ' ETHUSDT ', 'BTCUSDT', '1000PEPEUSDT'] })).toEqual({
      ok: true,
      options: { symbols: ['BTCUSDT', 'ETHUSDT', '1000PEPEUSDT'] },
    });
    expect(parseZdexOptions({ symbols: [] })).toEqual({ ok: true, options: { symbols: [] } });
  });

  it('explains a missing or wrong symbols list', () => {
    expect(parseZdexOptions({})).toEqual({
      ok: false,
      problems: ['options.symbols must be a list of ZDEX symbols, e.g. ["BTCUSDT"] (use [] for account data only)'],
    });
    expect(parseZdexOptions({ symbols: 'BTCUSDT' }).ok).toBe(false);
  });

  it('names each bad entry and unknown keys', () => {
    expect(parseZdexOptions({ symbols: ['BTCUSDT', 42, 'BTC"USDT', ''], symbol: 'x' })).toEqual({
      ok: false,
      problems: [
        'options.symbol is not a ZDEX option (the only one is "symbols")',
        'options.symbols[1] must be a symbol such as "BTCUSDT", got number',
        'options.symbols[2] must be a symbol such as "BTCUSDT", got "BTC\\"USDT"',
        'options.symbols[3] must be a symbol such as "BTCUSDT", got ""',
      ],
    });
  });
});

describe('parseZdexAuth', () => {
  it('takes the token, trimming whitespace and a pasted "Bearer " prefix', () => {
    expect(parseZdexAuth({ token: `  Bearer ${TOKEN}\n` })).toEqual({ ok: true, auth: { token: TOKEN } });
  });

  it('explains a missing or broken token without quoting it', () => {
    expect(parseZdexAuth({})).toEqual({
      ok: false,
      problems: ['auth.token is required: paste the ZDEX web session JWT (API keys cannot log in to the WebSocket)'],
    });
    const broken = `${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}`;
    const result = parseZdexAuth({ token: broken });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(TOKEN.slice(0, 20));
  });
});

describe('zdexAdapter', () => {
  it('parseOptions reports options and auth problems together', () => {
    expect(zdexAdapter.parseOptions(config())).toEqual({ ok: true, options: { symbols: ['BTCUSDT', 'ETHUSDT'] } });
    const bad = zdexAdapter.parseOptions(config({ auth: {}, options: {} }));
    expect(bad.ok ? [] : bad.problems).toHaveLength(2);
  });

  it('opens the profile URL as given, and declares what it provides', () => {
    const parsed = zdexAdapter.parseOptions(config());
    if (!parsed.ok) throw new Error('config rejected');
    expect(zdexAdapter.endpoint(config(), parsed.options)).toEqual({ url: 'wss://api.zdex.world/ws' });
    expect(zdexAdapter.venue).toBe('zdex');
    expect(zdexAdapter.capabilities).toEqual({
      fills: 'inferred',
      orders: true,
      positions: true,
      balances: true,
      marks: true,
      notifications: true,
    });
    expect(zdexAdapter.heartbeatIntervalMs).toBeLessThanOrEqual(20_000);
    expect(zdexAdapter.silenceTimeoutMs).toBeGreaterThan(0);
  });

  it('a session whose config has no usable token fails at open instead of throwing', () => {
    const session = zdexAdapter.createSession(config({ auth: {} }), { symbols: [] });
    expect(session.open(0).fatal).toBe('ZDEX needs a session token: paste the web session JWT into the connection');
  });
});

describe('jwtExpiresAt', () => {
  it('reads exp (seconds) as Unix ms without verifying', () => {
    expect(jwtExpiresAt(TOKEN)).toBe(TOKEN_EXP_MS);
    expect(jwtExpiresAt(makeJwt({ exp: 1_800_000_000.5 }))).toBe(1_800_000_000_500);
  });

  it('returns undefined for anything else', () => {
    for (const token of [
      'demo-token',
      'a.b.c',
      'a..c',
      makeJwt({ sub: 'x' }),
      makeJwt({ exp: 'soon' }),
      `${TOKEN}.extra`,
    ]) {
      expect(jwtExpiresAt(token)).toBeUndefined();
    }
  });
});

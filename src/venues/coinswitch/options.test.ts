import { parseKeyringRef } from '../shared/keyring';
import { describe, expect, it } from 'vitest';
import { coinswitchAdapter, coinswitchEndpoint } from './adapter';
import { parseCoinswitchAuth, parseCoinswitchConfig, parseCoinswitchOptions } from './options';
import { API_KEY, AUTH_TEXT, EXPIRES, KEYRING, SIGNATURE, config, credential, fixture } from './test-support';

describe('options', () => {
  it('defaults: request mode on v1.f.ex1.private.auth, no ticker', () => {
    expect(parseCoinswitchOptions({ subAccountId: '491363048' })).toEqual({
      ok: true,
      options: {
        subAccountId: '491363048',
        authMode: 'request',
        authSubject: 'v1.f.ex1.private.auth',
        tickerSymbols: [],
      },
    });
  });

  it('normalizes: a numeric sub-account id, the mode case, market tokens upper case without duplicates', () => {
    expect(
      parseCoinswitchOptions({
        subAccountId: 491363048,
        authMode: 'CONNECT',
        authSubject: 'custom.auth',
        tickerSymbols: ['btc/usdt', 'BTC/USDT', ' ETH/USDT '],
      }),
    ).toEqual({
      ok: true,
      options: {
        subAccountId: '491363048',
        authMode: 'connect',
        authSubject: 'custom.auth',
        tickerSymbols: ['BTC/USDT', 'ETH/USDT'],
      },
    });
  });

  it('lists every problem at once', () => {
    const result = parseCoinswitchOptions({
      authMode: 'header',
      authSubject: 'v1.f.>',
      tickerSymbols: ['BTCUSDT'],
      market: 'x',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'options.market is not a CoinSwitch option (they are "subAccountId", "authMode", "authSubject" and "tickerSymbols")',
      'options.subAccountId is required: your CoinSwitch sub-account id, e.g. "491363048" (sub_account_id on every private payload)',
      'options.authMode must be "request" (the auth message as a NATS request, the default) or "connect" (as the CONNECT token), got "header"',
      'options.authSubject must be a NATS subject such as "v1.f.ex1.private.auth" (dot-separated, no spaces or wildcards), got "v1.f.>"',
      'options.tickerSymbols[0] must be a market written BASE/QUOTE as in the ticker subject, e.g. "BTC/USDT", got "BTCUSDT"',
    ]);
    expect(parseCoinswitchOptions({ subAccountId: '491.363' })).toMatchObject({ ok: false });
    expect(parseCoinswitchOptions({ subAccountId: '1', tickerSymbols: 'BTC/USDT' })).toMatchObject({ ok: false });
  });
});

describe('auth', () => {
  it('the triple', () => {
    expect(parseCoinswitchAuth(credential())).toEqual({
      ok: true,
      auth: { credential: { apiKey: API_KEY, expires: EXPIRES, signature: SIGNATURE }, keyring: false },
    });
  });

  it('the signature endpoint response pasted as is (api_key), and expires as digit text', () => {
    const response = { ...fixture('signature-response.documented'), api_key: API_KEY, signature: SIGNATURE };
    expect(parseCoinswitchAuth(response)).toEqual({
      ok: true,
      auth: { credential: { apiKey: API_KEY, expires: 1756461000000, signature: SIGNATURE }, keyring: false },
    });
    expect(parseCoinswitchAuth(credential({ expires: String(EXPIRES) }))).toMatchObject({
      ok: true,
      auth: { credential: { expires: EXPIRES } },
    });
  });

  it('a keyring reference alone is valid; with a fetched triple both are kept', () => {
    expect(parseCoinswitchAuth({ keyring: KEYRING })).toEqual({ ok: true, auth: { keyring: true } });
    expect(parseCoinswitchAuth({ keyring: KEYRING, ...credential() })).toMatchObject({
      ok: true,
      auth: { keyring: true, credential: { apiKey: API_KEY } },
    });
    // The shared keyring reader checks the reference; its wording is tested in src/venues/shared/keyring.test.ts.
    const broken = { keyring: { url: 'http://127.0.0.1:8787' } };
    const problems = parseKeyringRef(broken);
    expect(problems.ok).toBe(false);
    expect(parseCoinswitchAuth(broken)).toEqual(problems);
  });

  it('explains what is missing or wrong, never quoting the key or the signature', () => {
    expect(parseCoinswitchAuth({})).toEqual({
      ok: false,
      problems: [
        'auth needs the socket credential { "apiKey", "expires", "signature" } from GET /dma/api/v1/socket/signature, or a keyring reference',
      ],
    });
    const seconds = parseCoinswitchAuth(credential({ expires: 1756461000 }));
    expect(seconds).toEqual({
      ok: false,
      problems: [
        'auth.expires must be Unix milliseconds as the signature endpoint returns it (e.g. 1756461000000), got 1756461000',
      ],
    });
    const broken = parseCoinswitchAuth({ apiKey: `${API_KEY} x`, signature: '' });
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.problems).toEqual([
      'auth.apiKey contains spaces or line breaks; paste the value alone',
      'auth.signature is required: the signature of the signature response (do not compute it yourself)',
      'auth.expires is required: the expires of the signature response (Unix milliseconds, e.g. 1756461000000)',
    ]);
    expect(JSON.stringify(broken)).not.toContain(API_KEY);
  });

  it('parseCoinswitchConfig reports options and auth problems together', () => {
    const result = parseCoinswitchConfig(config({ auth: {} }, { subAccountId: undefined }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(2);
    expect(coinswitchAdapter.parseOptions(config())).toMatchObject({ ok: true });
  });
});

describe('endpoint', () => {
  it('request mode: the URL as given, no token', () => {
    expect(
      coinswitchEndpoint(config(), {
        subAccountId: '491363048',
        authMode: 'request',
        authSubject: 'v1.f.ex1.private.auth',
        tickerSymbols: [],
      }),
    ).toEqual({
      url: 'wss://pc-nats-prod.coinswitch.co',
    });
  });

  it('connect mode: the exact auth JSON text is the NATS CONNECT token, read from auth each time', () => {
    const cfg = config({}, { authMode: 'connect' });
    const parsed = coinswitchAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error('bad config');
    expect(coinswitchEndpoint(cfg, parsed.options)).toEqual({
      url: 'wss://pc-nats-prod.coinswitch.co',
      natsToken: AUTH_TEXT,
    });
    expect(AUTH_TEXT).toBe(`{"op":"auth","args":["${API_KEY}",${EXPIRES},"${SIGNATURE}"]}`);
    cfg.auth = { keyring: KEYRING };
    expect(coinswitchEndpoint(cfg, parsed.options)).toEqual({ url: 'wss://pc-nats-prod.coinswitch.co' });
  });

  it('the adapter runs on the NATS transport', () => {
    expect(coinswitchAdapter.transport).toBe('nats');
    expect(coinswitchAdapter.capabilities).toEqual({
      fills: 'native',
      orders: true,
      positions: false,
      balances: false,
      marks: true,
      notifications: false,
    });
  });
});

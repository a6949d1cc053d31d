import { describe, expect, it } from 'vitest';
import { roxomAdapter } from './adapter';
import { OLDER_FORM_REFUSED, parseRoxomConfig, parseRoxomOptions } from './options';
import { KEYRING, PAIRING_TOKEN, RELAY_URL, config } from './test-support';

function problems(overrides: Parameters<typeof config>[0]): string[] {
  const result = parseRoxomConfig(config(overrides));
  if (result.ok) throw new Error('expected problems');
  for (const p of result.problems) expect(p).not.toContain(PAIRING_TOKEN);
  return result.problems;
}

describe('options', () => {
  it('defaults to all four channels in the documented order', () => {
    expect(parseRoxomOptions({})).toEqual({
      ok: true,
      options: { channels: ['orders', 'positions', 'balance', 'account'] },
    });
  });

  it('keeps the chosen channels, case-insensitive, without duplicates, in the documented order', () => {
    expect(parseRoxomOptions({ channels: ['Balance', 'orders', 'orders'] })).toEqual({
      ok: true,
      options: { channels: ['orders', 'balance'] },
    });
  });

  it('reports every problem at once', () => {
    expect(parseRoxomOptions({ channels: ['orders', 'trades', 3], symbols: ['X'] })).toEqual({
      ok: false,
      problems: [
        'options.symbols is not a Roxom option (the only one is "channels")',
        'options.channels[1] must be one of orders, positions, balance, account, got "trades"',
        'options.channels[2] must be one of orders, positions, balance, account, got number',
      ],
    });
    expect(parseRoxomOptions({ channels: [] })).toEqual({
      ok: false,
      problems: [
        'options.channels must be a non-empty list of orders, positions, balance, account (leave it out for all four)',
      ],
    });
  });
});

describe('auth', () => {
  it('accepts a keyring reference', () => {
    expect(parseRoxomConfig(config())).toEqual({
      ok: true,
      options: { channels: ['orders', 'positions', 'balance', 'account'] },
    });
  });

  it('refuses any secret in auth, naming the keys and never their values', () => {
    const found = problems({
      auth: { keyring: KEYRING, apiKey: 'rx-live-abcdef123456', privateKey: '-----BEGIN PRIVATE KEY-----MIIE' },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^Roxom keys belong in the keyring relay, not in the browser: remove auth\.apiKey, auth\.privateKey/,
    );
    expect(found[0]).not.toContain('rx-live');
    expect(found[0]).not.toContain('BEGIN');
  });
});

describe('url', () => {
  it('accepts the relay bridge URL (ws on loopback, wss anywhere)', () => {
    for (const url of [
      RELAY_URL,
      'ws://localhost:8787/ws/roxom-main',
      'wss://relay.example.org/ws/roxom-main',
      'ws://[::1]:8787/ws/roxom-main/',
    ]) {
      expect(parseRoxomConfig(config({ url })).ok, url).toBe(true);
    }
  });

  it('refuses Roxom itself, explaining why a browser cannot connect there', () => {
    expect(problems({ url: 'wss://ws.roxom.com/ws' })).toEqual([
      'url points at Roxom itself (ws.roxom.com); a browser cannot send the signed X-API-Key / X-API-Signature headers Roxom requires — run the keyring relay and use its URL, ws://127.0.0.1:8787/ws/<id>',
    ]);
  });

  it('needs a ws(s) URL with the /ws/<id> path, and never quotes the URL', () => {
    expect(problems({ url: 'ws://127.0.0.1:8787/credentials/roxom-main' })).toEqual([
      "url must be the keyring relay's bridge path /ws/<id> (the relay config's venue id), as in ws://127.0.0.1:8787/ws/<id>",
    ]);
    expect(problems({ url: 'http://127.0.0.1:8787/ws/roxom-main' })).toEqual([
      "url must be a ws:// or wss:// URL (the keyring relay's ws://127.0.0.1:8787/ws/<id>), got a http:// URL",
    ]);
    expect(problems({ url: 'not a url' })).toEqual([
      "url must be the keyring relay's WebSocket URL, ws://127.0.0.1:8787/ws/<id>",
    ]);
  });

  it('refuses ws:// to a host that is not this machine (the token would travel in clear)', () => {
    expect(problems({ url: 'ws://192.168.1.20:8787/ws/roxom-main' })).toEqual([
      'url uses ws:// to 192.168.1.20: the pairing token would travel unencrypted; use wss:// for a relay that is not on this machine',
    ]);
  });

  it('reports options, auth and url problems together', () => {
    expect(
      problems({ url: 'wss://ws.roxom.com/ws', auth: { apiKey: 'k' }, options: { channels: 'orders' } }),
    ).toHaveLength(4); // the options, the key in auth, Roxom's URL, and no keyring reference
  });
});

describe('the older form (the pairing token in the URL) is refused', () => {
  const older = { url: `${RELAY_URL}?token=${PAIRING_TOKEN}`, auth: {} };

  it('with the way to the keyring form, never quoting the token', () => {
    expect(problems(older)).toEqual([OLDER_FORM_REFUSED]);
    expect(OLDER_FORM_REFUSED).toMatch(/use the keyring reference form/);
    expect(OLDER_FORM_REFUSED).toMatch(/travels as the WebSocket subprotocol/);
    // Anywhere in the query, and on any relay host.
    expect(problems({ auth: {}, url: `wss://relay.example.org/ws/roxom-main?x=1&token=${PAIRING_TOKEN}` })).toEqual([
      OLDER_FORM_REFUSED,
    ]);
    // Without a token and without a reference: what auth must be.
    expect(problems({ url: RELAY_URL, auth: {} })).toEqual([
      expect.stringMatching(/^auth must be a keyring reference/),
    ]);
  });

  it('gets no socket address with the token and no REST target that would send it', () => {
    expect(roxomAdapter.parseOptions(config(older)).ok).toBe(false);
    expect(roxomAdapter.rest?.(config(older), { channels: ['orders'] })).toBeUndefined();
  });
});

describe('adapter', () => {
  it('opens the relay URL exactly as given, the pairing token only in the subprotocol', () => {
    const cfg = config();
    const parsed = roxomAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error('bad config');
    expect(roxomAdapter.endpoint(cfg, parsed.options)).toEqual({
      url: RELAY_URL,
      protocols: [`venueboard.pairing.${PAIRING_TOKEN}`],
    });
  });

  it('declares derived fills, a 5 s heartbeat (the probe) and a 10 s silence watchdog', () => {
    expect(roxomAdapter.venue).toBe('roxom');
    expect(roxomAdapter.capabilities).toEqual({
      fills: 'derived',
      orders: true,
      positions: true,
      balances: true,
      marks: false,
      notifications: true,
    });
    expect(roxomAdapter.silenceTimeoutMs).toBe(10_000);
    expect(roxomAdapter.heartbeatIntervalMs).toBe(5_000);
    expect(roxomAdapter.keyringCredential).toBe(false);
  });
});

describe('keyring form (docs/contract.md section 2)', () => {
  const keyring = { url: 'http://127.0.0.1:8787', id: 'roxom-main', token: PAIRING_TOKEN };
  const keyringConfig = (overrides: Parameters<typeof config>[0] = {}) =>
    config({ url: 'ws://127.0.0.1:8787/ws/roxom-main', auth: { keyring }, ...overrides });

  it('accepts a keyring reference with the bridge URL, which carries no token', () => {
    expect(parseRoxomConfig(keyringConfig()).ok).toBe(true);
  });

  it('refuses a token in the URL, another id in the path, a bad reference, or a key next to it', () => {
    const found = (overrides: Parameters<typeof config>[0]) => {
      const result = parseRoxomConfig(keyringConfig(overrides));
      if (result.ok) throw new Error('expected problems');
      for (const p of result.problems) expect(p).not.toContain(PAIRING_TOKEN);
      return result.problems;
    };
    expect(found({ url: `ws://127.0.0.1:8787/ws/roxom-main?token=${PAIRING_TOKEN}` })).toEqual([
      'url must not carry a query or fragment with a keyring reference: the pairing token belongs in auth.keyring.token only',
    ]);
    expect(found({ url: 'ws://127.0.0.1:8787/ws/roxom-other' })).toEqual([
      "url's bridge path /ws/roxom-other names another relay id than auth.keyring.id (roxom-main); use the same id in both",
    ]);
    expect(found({ auth: { keyring: { ...keyring, token: '' } } })).toEqual([
      "auth.keyring.token must be the relay's pairing token",
    ]);
    expect(found({ auth: { keyring, apiKey: 'rx-live-1' } })[0]).toMatch(/remove auth\.apiKey/);
  });

  it('presents the pairing token as the subprotocol, never in the URL; REST through the relay', () => {
    const cfg = keyringConfig();
    const parsed = roxomAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error('bad config');
    expect(roxomAdapter.endpoint(cfg, parsed.options)).toEqual({
      url: 'ws://127.0.0.1:8787/ws/roxom-main',
      protocols: [`venueboard.pairing.${PAIRING_TOKEN}`],
    });
    expect(roxomAdapter.rest?.(cfg, parsed.options)).toEqual({
      baseUrl: 'http://127.0.0.1:8787/rest/roxom-main',
      headers: { Authorization: `Bearer ${PAIRING_TOKEN}` },
    });
  });
});

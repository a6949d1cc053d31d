import { describe, expect, it } from 'vitest';
import { roxomAdapter } from './adapter';
import { parseRoxomConfig, parseRoxomOptions } from './options';
import { PAIRING_TOKEN, RELAY_URL, config } from './test-support';

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
  it('accepts {} only', () => {
    expect(parseRoxomConfig(config())).toEqual({
      ok: true,
      options: { channels: ['orders', 'positions', 'balance', 'account'] },
    });
  });

  it('refuses any secret in auth, naming the keys and never their values', () => {
    const found = problems({ auth: { apiKey: 'rx-live-abcdef123456', privateKey: '-----BEGIN PRIVATE KEY-----MIIE' } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^Roxom keys belong in the keyring relay, not in the browser: remove auth\.apiKey, auth\.privateKey/,
    );
    expect(found[0]).not.toContain('rx-live');
    expect(found[0]).not.toContain('BEGIN');
    expect(
      problems({ auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'roxom-main', token: 'x' } } })[0],
    ).toContain('auth.keyring');
  });
});

describe('url', () => {
  it('accepts the relay bridge URL (ws on loopback, wss anywhere)', () => {
    for (const url of [
      RELAY_URL,
      'ws://localhost:8787/ws/roxom-main?token=abc',
      'wss://relay.example.org/ws/roxom-main?token=abc',
      'ws://[::1]:8787/ws/r1/?token=abc',
    ]) {
      expect(parseRoxomConfig(config({ url })).ok).toBe(true);
    }
  });

  it('refuses Roxom itself, explaining why a browser cannot connect there', () => {
    expect(problems({ url: 'wss://ws.roxom.com/ws' })).toEqual([
      'url points at Roxom itself (ws.roxom.com); a browser cannot send the signed X-API-Key / X-API-Signature headers Roxom requires — run the keyring relay and use its URL, ws://127.0.0.1:8787/ws/<id>?token=<pairing token>',
    ]);
  });

  it('needs the /ws/<id> path and the pairing token, and never quotes the URL', () => {
    expect(problems({ url: `ws://127.0.0.1:8787/credentials/roxom-main?token=${PAIRING_TOKEN}` })).toEqual([
      "url must be the keyring relay's bridge path /ws/<id> (the relay config's venue id), as in ws://127.0.0.1:8787/ws/<id>?token=<pairing token>",
    ]);
    expect(problems({ url: 'ws://127.0.0.1:8787/ws/roxom-main' })).toEqual([
      'url must carry the relay\'s pairing token as ?token=… (the "token" of the relay config), or use a keyring reference in auth',
    ]);
    expect(problems({ url: `http://127.0.0.1:8787/ws/roxom-main?token=${PAIRING_TOKEN}` })).toEqual([
      "url must be a ws:// or wss:// URL (the keyring relay's ws://127.0.0.1:8787/ws/<id>?token=<pairing token>), got a http:// URL",
    ]);
    expect(problems({ url: 'not a url' })).toEqual([
      "url must be the keyring relay's WebSocket URL, ws://127.0.0.1:8787/ws/<id>?token=<pairing token>",
    ]);
  });

  it('refuses ws:// to a host that is not this machine (the token would travel in clear)', () => {
    expect(problems({ url: `ws://192.168.1.20:8787/ws/roxom-main?token=${PAIRING_TOKEN}` })).toEqual([
      'url uses ws:// to 192.168.1.20: the pairing token would travel unencrypted; use wss:// for a relay that is not on this machine',
    ]);
  });

  it('reports options, auth and url problems together', () => {
    expect(
      problems({ url: 'wss://ws.roxom.com/ws', auth: { apiKey: 'k' }, options: { channels: 'orders' } }),
    ).toHaveLength(3);
  });
});

describe('adapter', () => {
  it('opens the relay URL exactly as given (its token is the relay pairing token), with no subprotocol', () => {
    const cfg = config();
    const parsed = roxomAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error('bad config');
    expect(roxomAdapter.endpoint(cfg, parsed.options)).toEqual({ url: RELAY_URL });
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

  it('the older form keeps its URL as given and derives the REST target from it (ws → http, wss → https)', () => {
    const parsed = roxomAdapter.parseOptions(config());
    if (!parsed.ok) throw new Error('bad config');
    expect(roxomAdapter.rest?.(config(), parsed.options)).toEqual({
      baseUrl: 'http://127.0.0.1:8787/rest/roxom-main',
      headers: { Authorization: `Bearer ${PAIRING_TOKEN}` },
    });
    const remote = config({ url: 'wss://relay.example.org:9443/ws/desk-1?token=abc' });
    expect(roxomAdapter.rest?.(remote, parsed.options)).toEqual({
      baseUrl: 'https://relay.example.org:9443/rest/desk-1',
      headers: { Authorization: 'Bearer abc' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { parseProfile, validateConnection } from './profile';
import { PROFILE_LIMITS, isLoopbackHost } from './profile-schema';

const SECRET = 'sk-live-7f3a9c1e5b2d4068';
const MARKUP = '<img src=x onerror=alert(1)>';

const zdex = {
  id: 'zdex-main',
  label: 'ZDEX',
  venue: 'zdex',
  url: 'wss://ws.zdex.example/ws',
  auth: { token: 'header.payload.sig' },
  options: { symbols: ['BTCUSDT'] },
};
const keyring = (url: string, token = 'pairing') => ({ keyring: { url, id: 'rails-btc', token } });
const rails = { ...zdex, id: 'rails-btc', venue: 'rails', auth: keyring('http://127.0.0.1:8787') };
const coinswitch = {
  ...zdex,
  id: 'cs-main',
  venue: 'coinswitch',
  url: 'ws://127.0.0.1:7103',
  auth: { apiKey: 'k', expires: 1756461000000, signature: 'ab12' },
};
const roxom = { ...zdex, id: 'roxom-main', venue: 'roxom', url: 'ws://127.0.0.1:8787/ws/roxom-main', auth: {} };

const profileOf = (...connections: unknown[]) => JSON.stringify({ format: 'venueboard.connections/v1', connections });

/** One connection's problems as the profile import reports them. */
const problemsOf = (connection: unknown) => parseProfile(profileOf(connection)).problems;

describe('the profile schema: documented shapes are read', () => {
  it.each([
    ['a token venue with its JWT', zdex],
    ['ScaleTrade with its JWT', { ...zdex, id: 'st', venue: 'scaletrade', options: { login: 2000009 } }],
    ['Rails with a keyring reference', rails],
    ['Rails with a token', { ...rails, auth: { token: 'a.b.c' } }],
    ['CoinSwitch with the signature triple', coinswitch],
    [
      'CoinSwitch with the endpoint response pasted as is',
      { ...coinswitch, auth: { api_key: 'k', expires: '1756461000000', signature: 's' } },
    ],
    ['CoinSwitch with a keyring reference', { ...coinswitch, auth: keyring('http://localhost:8787') }],
    ['Roxom with a keyring reference', { ...roxom, auth: keyring('http://[::1]:8787') }],
    ['Roxom in the older form, {} and ?token= in the URL', { ...roxom, url: `${roxom.url}?token=abc` }],
    ['a profile exported without secrets (token left out)', { ...zdex, auth: {} }],
    [
      'a profile exported without secrets (pairing token left out)',
      { ...rails, auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'rails-btc' } } },
    ],
    ['no auth, no options, no label', { id: 'x', venue: 'zdex', url: 'ws://h/ws' }],
  ])('%s', (_name, connection) => {
    expect(problemsOf(connection)).toEqual([]);
  });

  it('keeps every field as given (the URL exactly, options untouched), the label defaulting to the id', () => {
    const options = { nested: { deep: [1, 'two'] } };
    const { config } = validateConnection({ ...coinswitch, label: undefined, options }, '');
    expect(config).toEqual({ ...coinswitch, label: 'cs-main', options });
    expect(config?.options).toBe(options);
  });
});

describe('the profile schema: bad input is refused with the field named, the value never quoted', () => {
  it.each([
    [
      'an id with capitals',
      { ...zdex, id: 'Zdex' },
      'connections[0].id: must be lower-case letters, digits and "-" only ([a-z0-9-]+)',
    ],
    ['an id too long', { ...zdex, id: 'a'.repeat(65) }, 'connections[0].id: must be at most 64 characters'],
    [
      'a venue not one of the five',
      { ...zdex, venue: 'binance' },
      'connections[0].venue: must be one of roxom, coinswitch, rails, scaletrade, zdex, desk',
    ],
    ['an http url', { ...zdex, url: 'https://ws.zdex.example' }, 'connections[0].url: must be a ws:// or wss:// URL'],
    ['a javascript: url', { ...zdex, url: 'javascript:alert(1)' }, 'connections[0].url: must be a ws:// or wss:// URL'],
    [
      'a url with a line break',
      { ...zdex, url: 'wss://a\n.example' },
      'connections[0].url: must not contain spaces or control characters',
    ],
    [
      'a url with a fragment',
      { ...zdex, url: 'wss://a.example/#x' },
      'connections[0].url: must not have a #fragment (a WebSocket URL cannot)',
    ],
    [
      'a label with a line break',
      { ...zdex, label: 'a\nb' },
      'connections[0].label: must not contain control characters or line breaks',
    ],
    ['options as a list', { ...zdex, options: ['BTCUSDT'] }, 'connections[0].options: must be an object'],
    ['auth as a list', { ...zdex, auth: [SECRET] }, 'connections[0].auth: must be an object: { "token" }'],
    [
      'a token that is a number',
      { ...zdex, auth: { token: 42 } },
      'connections[0].auth.token: must be the token (a JWT) as text',
    ],
    [
      'a token venue with a triple field',
      { ...zdex, auth: { token: 'x', signature: SECRET } },
      'connections[0].auth.signature: is not a field this format knows (remove it)',
    ],
    [
      'Rails with both a token and a keyring',
      { ...rails, auth: { token: SECRET, ...keyring('http://127.0.0.1:1') } },
      'connections[0].auth: must be one of { "token" } or { "keyring": { "url", "id", "token" } } (or {} with the secret left out), not a mix',
    ],
    [
      'Roxom with an API key in the browser',
      { ...roxom, auth: { apiKey: SECRET } },
      'connections[0].auth.apiKey: is not a field this format knows (remove it)',
    ],
    [
      'a CoinSwitch triple missing its signature',
      { ...coinswitch, auth: { apiKey: SECRET, expires: 1 } },
      'connections[0].auth: needs all three of "apiKey" (or "api_key"), "expires" and "signature" from the signature endpoint',
    ],
    [
      'a CoinSwitch expires that is not a time',
      { ...coinswitch, auth: { ...coinswitch.auth, expires: MARKUP } },
      'connections[0].auth.expires: must be the expires of the signature response (Unix milliseconds)',
    ],
    [
      'a keyring without url',
      { ...rails, auth: { keyring: { id: 'rails-btc', token: SECRET } } },
      'connections[0].auth.keyring.url: is required',
    ],
    [
      'a keyring id with a slash',
      { ...rails, auth: { keyring: { url: 'http://127.0.0.1:1', id: '../admin', token: SECRET } } },
      'connections[0].auth.keyring.id: must be a venue id from the relay\'s config: letters, digits, ".", "_", "-" (64 at most)',
    ],
    [
      'a connection that is a string',
      SECRET,
      'connections[0]: must be an object { "id", "label", "venue", "url", "auth", "options" }',
    ],
    [
      'an unknown field holding markup',
      { ...zdex, note: MARKUP },
      'connections[0].note: is not a field this format knows (remove it)',
    ],
    [
      'an unknown field whose name is markup',
      { ...zdex, auth: { [MARKUP]: SECRET } },
      'connections[0].auth.(a field): is not a field this format knows (remove it)',
    ],
  ])('%s', (_name, connection, problem) => {
    const problems = problemsOf(connection);
    expect(problems).toEqual([problem]);
  });

  const RELAY =
    'must be the relay\'s http(s) URL on a loopback address (127.0.0.0/8, [::1] or localhost), e.g. "http://127.0.0.1:8787", without user, query or fragment';
  it.each([
    'http://relay.example:8787',
    'http://10.0.0.1:8787',
    'http://127.0.0.1.evil.example:8787',
    'http://localhost.evil.example',
    'http://[::2]:8787',
    'ws://127.0.0.1:8787',
    'file:///etc/passwd',
    'javascript:alert(1)//127.0.0.1',
    'http://user:pw@127.0.0.1:8787',
    'http://127.0.0.1:8787/?token=x',
    'http://127.0.0.1:8787/#x',
    '//127.0.0.1:8787',
    'not-a-url',
  ])('the keyring url %s is refused (loopback http(s) only)', (url) => {
    expect(problemsOf({ ...rails, auth: keyring(url, SECRET) })).toEqual([`connections[0].auth.keyring.url: ${RELAY}`]);
  });

  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it('reads 127.1 and 0x7f.1 as loopback after the URL parser normalizes them', () => {
    expect(problemsOf({ ...rails, auth: keyring('http://0x7f.1:8787') })).toEqual([]);
  });

  it('never quotes a secret or markup from any field, however wrong, and never echoes it into a problem', () => {
    const hostile = {
      id: MARKUP,
      label: `${SECRET}\n`,
      venue: MARKUP,
      url: `${MARKUP}${SECRET}`,
      auth: { token: { [SECRET]: MARKUP }, keyring: MARKUP, [MARKUP]: SECRET },
      options: SECRET,
      [SECRET]: MARKUP,
    };
    const cases = [
      hostile,
      { ...hostile, venue: 'rails' },
      { ...hostile, venue: 'coinswitch' },
      { ...hostile, venue: 'roxom' },
    ];
    for (const connection of cases) {
      const problems = problemsOf(connection);
      expect(problems.length).toBeGreaterThan(0);
      const text = problems.join('\n');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('sk-live');
      expect(text).not.toMatch(/<img|onerror/);
    }
    const envelope = parseProfile(JSON.stringify({ format: MARKUP, connections: SECRET, [SECRET]: 1 })).problems;
    expect(envelope.join('\n')).not.toMatch(/sk-live|<img|onerror/);
    expect(parseProfile(`{"format": "${SECRET}" <img src=x onerror=alert(1)>`).problems).toEqual([
      'the profile is not valid JSON',
    ]);
  });
});

describe('the profile schema: bounds', () => {
  it('refuses a profile larger than 1 MiB before parsing it', () => {
    const big = profileOf({ ...zdex, options: { pad: 'x'.repeat(PROFILE_LIMITS.bytes) } });
    expect(parseProfile(big)).toEqual({ connections: [], problems: ['the profile is larger than 1 MiB'] });
    // Measured in UTF-8 bytes: 400k three-byte characters are 1.2 MB in 400k UTF-16 units.
    const wide = profileOf({ ...zdex, options: { pad: '€'.repeat(400_000) } });
    expect(parseProfile(wide).problems).toEqual(['the profile is larger than 1 MiB']);
  });

  it('refuses more than 100 connections', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ ...zdex, id: `c${i}` }));
    expect(parseProfile(profileOf(...many))).toEqual({
      connections: [],
      problems: ['connections: must hold at most 100 connections'],
    });
    expect(parseProfile(profileOf(...many.slice(0, 100))).connections).toHaveLength(100);
  });

  it('refuses an over-long token and more than 64 option keys', () => {
    expect(problemsOf({ ...zdex, auth: { token: 'x'.repeat(8193) } })).toEqual([
      'connections[0].auth.token: must be at most 8192 characters',
    ]);
    const options = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i]));
    expect(problemsOf({ ...zdex, options })).toEqual(['connections[0].options: must have at most 64 keys']);
  });

  it('lists at most 50 problems and counts the rest', () => {
    const bad = Array.from({ length: 60 }, () => ({ ...zdex, id: 'Bad' }));
    const { problems } = parseProfile(profileOf(...bad));
    expect(problems).toHaveLength(51);
    expect(problems[50]).toBe('and 10 more problems');
  });

  it('refuses a duplicate id, naming the first connection that has it', () => {
    const { connections, problems } = parseProfile(profileOf(zdex, rails, zdex));
    expect(connections.map((c) => c.id)).toEqual(['zdex-main', 'rails-btc']);
    expect(problems).toEqual(['connections[2].id: must be unique (connections[0] has the same id)']);
  });

  it('refuses a __proto__ key where fields are known, and never lets one reach a prototype', () => {
    const proto = '"__proto__":{"polluted":1}';
    const connection = (id: string, extra: string) =>
      `{"id":"${id}","venue":"zdex","url":"ws://h/ws","auth":{"token":"t"${extra}},"options":{${proto}}}`;
    const text = `{"format":"venueboard.connections/v1","connections":[${connection('a', `,${proto}`)},${connection('b', '')}]}`;
    const { connections, problems } = parseProfile(text);
    expect(problems).toEqual(['connections[0].auth.__proto__: is not a field this format knows (remove it)']);
    expect(connections.map((c) => c.id)).toEqual(['b']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // options pass through as JSON.parse made them: "__proto__" is an own key there, not the prototype.
    expect((connections[0]?.options as Record<string, unknown>).polluted).toBeUndefined();
  });
});

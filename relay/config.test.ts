import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, loadRelayConfig, parseRelayConfig, RelayConfigError, type RelayVenueInput } from './config';
import { startRelay } from './index';
import { CS_WS_URL, RAILS_WS_URL, makeTestKeys, testConfig } from './test-support';

const keys = makeTestKeys();
afterAll(() => keys.cleanup());

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RelayConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a RelayConfigError');
}

describe('relay config', () => {
  it('accepts the contract example shape and builds keys; privateKeyFile is relative to the config file', () => {
    const config = testConfig(keys);
    const path = join(keys.dir, 'relay.json');
    writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
    const checked = loadRelayConfig(path);
    expect(checked.host).toBe('127.0.0.1');
    expect(checked.port).toBe(0);
    expect([...checked.allowedOrigins]).toEqual(['http://localhost:5173']);
    expect(checked.allowMissingOrigin).toBe(true);
    expect([...checked.venues.keys()]).toEqual(['rails-btc', 'cs-main', 'roxom-main']);
    const roxom = checked.venues.get('roxom-main');
    expect(roxom?.venue === 'roxom' && roxom.privateKey.asymmetricKeyType).toBe('rsa');
    const cs = checked.venues.get('cs-main');
    expect(cs?.venue === 'coinswitch' && cs.secretKey.asymmetricKeyType).toBe('ed25519');
    expect(cs?.venue === 'coinswitch' && cs.wsUrl).toBe(CS_WS_URL);
    expect(checked.venues.get('rails-btc')).toMatchObject({ wsUrl: RAILS_WS_URL });
    expect(cs?.restUrl).toBeUndefined();
  });

  it('resolves a nested relative key path against the config file folder, not the working directory', () => {
    mkdirSync(join(keys.dir, 'conf'), { recursive: true });
    const path = join(keys.dir, 'conf', 'relay.json');
    writeFileSync(
      path,
      JSON.stringify(
        testConfig(keys, {
          'roxom-main': {
            venue: 'roxom',
            url: 'wss://ws.roxom.com/ws',
            apiKey: 'k-123456',
            privateKeyFile: '../roxom.pem',
          },
        }),
      ),
      { mode: 0o600 },
    );
    expect(loadRelayConfig(path).venues.get('roxom-main')?.venue).toBe('roxom');
  });

  it.each(['0.0.0.0:8787', '192.168.1.10:8787', '[::]:8787', 'example.com:8787', '10.0.0.1:0'])(
    'refuses to listen on %s (not loopback)',
    (listen) => {
      const problems = problemsOf(() => parseRelayConfig({ ...testConfig(keys), listen }, keys.dir));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^listen must be a loopback address .* refuses to listen on the network/);
    },
  );

  it('startRelay refuses a non-loopback listen address before binding anything', async () => {
    await expect(startRelay({ ...testConfig(keys), listen: '0.0.0.0:0' }, { baseDir: keys.dir })).rejects.toThrow(
      /loopback/,
    );
  });

  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it('reports every problem at once, by setting name, and quotes no secret value', () => {
    const secrets = {
      token: 'short-secret',
      apiKey: 'APIKEY-VERY-SECRET-1',
      apiSecret: 'APISECRET-VERY-SECRET-2',
      secretKeyHex: 'deadbeefSECRET',
      csKey: 'CSKEY-VERY-SECRET-3',
    };
    const raw = {
      listen: '127.0.0.1:99999',
      token: secrets.token,
      allowedOrigins: ['*', 'http://localhost:5173/app'],
      extra: 1,
      venues: {
        'rails-btc': {
          venue: 'rails',
          wsUrl: RAILS_WS_URL,
          restUrl: 'https://user-account.trade.rails.xyz/?market=BTC-USDT',
          tokenUrl: `ftp://${secrets.apiSecret}@x`,
          apiKey: secrets.apiKey,
          apiSecret: '',
        },
        'cs-main': {
          venue: 'coinswitch',
          signatureUrl: 'https://dma.coinswitch.co/dma/api/v1/socket/signature',
          restUrl: `wss://${secrets.csKey}@dma.coinswitch.co`,
          apiKey: secrets.csKey,
          secretKeyHex: secrets.secretKeyHex,
          expiresInSeconds: -1,
        },
        'roxom-main': {
          venue: 'roxom',
          url: 'https://not-ws',
          apiKey: 'x',
          privateKeyFile: 'missing.pem',
          colour: 'red',
        },
        'bad id!': { venue: 'rails' },
        'what-venue': { venue: 'binance' },
      },
    };
    const problems = problemsOf(() => parseRelayConfig(raw, keys.dir));
    expect(problems).toEqual([
      '"extra" is not a relay setting (they are listen, token, allowedOrigins, allowMissingOrigin, venues)',
      'listen must be "host:port" such as "127.0.0.1:8787", got "127.0.0.1:99999"',
      "token must be at least 16 characters, letters, digits and !#$%&'*+-.^_`|~ only (it travels as a WebSocket subprotocol; e.g. the output of `openssl rand -hex 24`); it is not shown here",
      'allowedOrigins[0] is "*": list the dashboard\'s origins one by one',
      'allowedOrigins[1] must be an origin like "http://localhost:5173" (scheme, host and port; no path)',
      'venues.rails-btc.restUrl must be a base URL without a query or fragment, like https://user-account.trade.rails.xyz',
      'venues.rails-btc.tokenUrl must be a http or https URL like https://api-auth.sandbox.rails.xyz/api/v1/token',
      'venues.rails-btc.apiSecret is required (a non-empty string)',
      'venues.cs-main.restUrl must be a http or https URL like https://dma.coinswitch.co',
      "venues.cs-main.wsUrl is required: the venue's WebSocket URL (ws or wss, like wss://…) this credential is for; the relay answers it next to the credential so the dashboard sends the credential there and nowhere else",
      'venues.cs-main.secretKeyHex must be the Ed25519 secret key as 64 hexadecimal characters (32 bytes); got 14 characters',
      "venues.cs-main.expiresInSeconds must be a positive whole number of seconds (the venue's default is 300)",
      'venues.roxom-main.colour is not a roxom setting (they are venue, url, restUrl, apiKey, privateKeyFile)',
      'venues.roxom-main.url must be a ws or wss URL like wss://ws.roxom.com/ws',
      `venues.roxom-main.privateKeyFile: cannot read ${join(keys.dir, 'missing.pem')} (ENOENT)`,
      'venue id "bad id!" must be letters, digits, ".", "_" or "-" (at most 64)',
      'venues.what-venue.venue must be "roxom", "rails" or "coinswitch"',
    ]);
    const message = new RelayConfigError(problems).message;
    for (const secret of Object.values(secrets)) expect(message).not.toContain(secret);
  });

  it('a key file that is not a PEM private key, or not RSA, is named without quoting its contents', () => {
    writeFileSync(join(keys.dir, 'garbage.pem'), 'THIS-IS-SECRET-KEY-MATERIAL', { mode: 0o600 });
    writeFileSync(join(keys.dir, 'ed.pem'), makeTestKeysEdPem(), { mode: 0o600 });
    const problems = problemsOf(() =>
      parseRelayConfig(
        testConfig(keys, {
          'roxom-a': {
            venue: 'roxom',
            url: 'wss://ws.roxom.com/ws',
            apiKey: 'k-123456',
            privateKeyFile: 'garbage.pem',
          },
          'roxom-b': { venue: 'roxom', url: 'wss://ws.roxom.com/ws', apiKey: 'k-123456', privateKeyFile: 'ed.pem' },
        }),
        keys.dir,
      ),
    );
    expect(problems).toEqual([
      `venues.roxom-a.privateKeyFile: ${join(keys.dir, 'garbage.pem')} is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", PKCS#8)`,
      `venues.roxom-b.privateKeyFile: ${join(keys.dir, 'ed.pem')} holds a ed25519 key; Roxom signs with RSA`,
    ]);
    expect(problems.join('\n')).not.toContain('THIS-IS-SECRET');
  });

  it('a config file that is not JSON is reported without quoting it', () => {
    const path = join(keys.dir, 'broken.json');
    writeFileSync(path, '{"token": "SUPER-SECRET-PAIRING-TOKEN", oops}', { mode: 0o600 });
    const problems = problemsOf(() => loadRelayConfig(path));
    expect(problems).toEqual([`${path} is not valid JSON`]);
    expect(problems[0]).not.toContain('SUPER-SECRET');
  });

  it('a Rails or CoinSwitch entry without wsUrl (a config written before pinning) is refused, saying why', () => {
    const problems = problemsOf(() =>
      parseRelayConfig(
        testConfig(keys, {
          'rails-btc': {
            venue: 'rails',
            tokenUrl: 'https://api-auth.sandbox.rails.xyz/api/v1/token',
            apiKey: 'k-123456',
            apiSecret: 's-123456',
          } as RelayVenueInput,
          'cs-main': {
            venue: 'coinswitch',
            wsUrl: 'https://not-a-socket.example',
            signatureUrl: 'https://dma.coinswitch.co/dma/api/v1/socket/signature',
            apiKey: 'k-123456',
            secretKeyHex: keys.ed25519SeedHex,
          },
        }),
        keys.dir,
      ),
    );
    expect(problems).toEqual([
      "venues.rails-btc.wsUrl is required: the venue's WebSocket URL (ws or wss, like wss://ws.trade.rails.xyz) this credential is for; the relay answers it next to the credential so the dashboard sends the credential there and nowhere else",
      'venues.cs-main.wsUrl must be a ws or wss URL like wss://…',
    ]);
  });

  it('restUrl is optional, http(s), for every venue kind', () => {
    const checked = parseRelayConfig(
      testConfig(keys, {
        'roxom-main': {
          venue: 'roxom',
          url: 'wss://ws.roxom.com/ws',
          restUrl: 'https://api.roxom.com',
          apiKey: 'k-123456',
          privateKeyFile: keys.rsaFile,
        },
      }),
      keys.dir,
    );
    expect(checked.venues.get('roxom-main')?.restUrl).toBe('https://api.roxom.com');
    expect(checked.venues.get('rails-btc')?.restUrl).toBeUndefined();
  });

  it('a pairing token that cannot travel as a WebSocket subprotocol is refused, without quoting it', () => {
    const token = 'abc/def+ghi=jkl/mno==';
    const problems = problemsOf(() => parseRelayConfig({ ...testConfig(keys), token }, keys.dir));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^token must be .* WebSocket subprotocol/);
    expect(problems[0]).not.toContain(token);
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o606])(
    'a config file with mode %o (open to group or others) is refused with the fix, naming the file',
    (mode) => {
      const path = join(keys.dir, `open-${mode.toString(8)}.json`);
      writeFileSync(path, JSON.stringify(testConfig(keys)), { mode: 0o600 });
      chmodSync(path, mode);
      expect(problemsOf(() => loadRelayConfig(path))).toEqual([
        `${path} is open to other users (mode ${mode.toString(8)}) and holds secrets: run \`chmod 600 ${path}\``,
      ]);
      chmodSync(path, 0o600);
      expect(loadRelayConfig(path).venues.size).toBe(3);
    },
  );

  it('startRelay refuses a world-readable config file before listening', async () => {
    const path = join(keys.dir, 'world.json');
    writeFileSync(path, JSON.stringify(testConfig(keys)), { mode: 0o600 });
    chmodSync(path, 0o644);
    await expect(startRelay(path)).rejects.toThrow(`run \`chmod 600 ${path}\``);
  });

  it('a Roxom key file open to group or others is refused with the fix, naming the file', () => {
    const path = join(keys.dir, 'shared.pem');
    writeFileSync(path, keys.rsaPem, { mode: 0o600 });
    chmodSync(path, 0o644);
    const config = testConfig(keys, {
      'roxom-main': { venue: 'roxom', url: 'wss://ws.roxom.com/ws', apiKey: 'k-123456', privateKeyFile: 'shared.pem' },
    });
    expect(problemsOf(() => parseRelayConfig(config, keys.dir))).toEqual([
      `venues.roxom-main.privateKeyFile: ${path} is open to other users (mode 644) and holds secrets: run \`chmod 600 ${path}\``,
    ]);
    chmodSync(path, 0o600);
    expect(parseRelayConfig(config, keys.dir).venues.get('roxom-main')?.venue).toBe('roxom');
  });

  it('requires listen, token, allowedOrigins and venues', () => {
    expect(problemsOf(() => parseRelayConfig({}, keys.dir))).toEqual([
      'listen is required: "127.0.0.1:8787" (a loopback address and a port)',
      'token is required: a random pairing token the dashboard presents (e.g. the output of `openssl rand -hex 24`)',
      'allowedOrigins is required: the dashboard origins allowed to use the relay, e.g. ["http://localhost:5173"]',
      'venues is required: an object of venue ids, e.g. { "rails-btc": { "venue": "rails", "tokenUrl": …, "apiKey": …, "apiSecret": … } }',
    ]);
  });
});

function makeTestKeysEdPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

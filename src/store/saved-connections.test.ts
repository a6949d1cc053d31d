import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../domain/connection-config';
import {
  publicUrl,
  restoreSavedConnections,
  savedConnectionsOf,
  splitConnection,
  vaultSecretsOf,
  waitingReason,
  withVaultSecret,
} from './saved-connections';

/**
 * What is saved in the clear and what only the vault may keep: the saved form is searched for every
 * secret of a profile that has all of them (a pasted JWT, a signature triple, credentials in a URL,
 * a keyring reference whose pairing token is the one secret allowed, kept whole).
 */

const PAIRING = 'pairing-token-b8c1d0e7f3a2';
const RAILS_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyYWlscyJ9.cmFpbHMtc2lnbmF0dXJlLXNlY3JldA';
const ZDEX_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ6ZGV4In0.emRleC1zaWduYXR1cmUtc2VjcmV0';
const CS_SIGNATURE = 'c0ffee1234567890deadbeef1234567890abcdef';
const CS_API_KEY = 'cs-api-key-5e6f7a8b';

const keyringRails: ConnectionConfig = {
  id: 'rails-btc',
  label: 'Rails BTC-USDT',
  venue: 'rails',
  url: 'ws://127.0.0.1:9102/ws',
  auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: PAIRING } },
  options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades'] },
};
const pastedZdex: ConnectionConfig = {
  id: 'zdex-main',
  label: 'ZDEX perps',
  venue: 'zdex',
  url: 'ws://127.0.0.1:9104/ws',
  auth: { token: ZDEX_JWT },
  options: { symbols: ['BTCUSDT'] },
};
const pastedRails: ConnectionConfig = { ...pastedZdex, id: 'rails-eth', venue: 'rails', auth: { token: RAILS_JWT } };
const tripleCoinswitch: ConnectionConfig = {
  id: 'cs-main',
  label: 'CoinSwitch',
  venue: 'coinswitch',
  url: 'ws://127.0.0.1:9101',
  auth: { apiKey: CS_API_KEY, expires: 1756478182146, signature: CS_SIGNATURE },
  options: { subAccountId: '491363048' },
};
const roxomOlderForm: ConnectionConfig = {
  id: 'roxom-main',
  label: 'Roxom',
  venue: 'roxom',
  url: `ws://127.0.0.1:8787/ws/roxom-main?token=${PAIRING}`,
  auth: {},
  options: { channels: ['orders'] },
};
const ALL = [keyringRails, pastedZdex, pastedRails, tripleCoinswitch, roxomOlderForm];
const enabledAll = Object.fromEntries(ALL.map((c) => [c.id, true]));

describe('the saved form', () => {
  it('holds no pasted secret; the pairing token appears only inside the keyring reference, kept whole', () => {
    const saved = savedConnectionsOf({ configs: ALL, enabled: enabledAll, waiting: {} });
    const text = JSON.stringify(saved);
    for (const secret of [RAILS_JWT, ZDEX_JWT, CS_SIGNATURE, CS_API_KEY]) expect(text, secret).not.toContain(secret);
    expect(text.split(PAIRING).length - 1).toBe(1);
    expect(saved.connections[0]!.auth).toEqual(keyringRails.auth);
  });

  it('says which secret each connection needs, and keeps URLs without credentials exactly as given', () => {
    const saved = savedConnectionsOf({ configs: ALL, enabled: { ...enabledAll, 'zdex-main': false }, waiting: {} });
    expect(saved.connections.map((c) => [c.id, c.pasted, c.enabled])).toEqual([
      ['rails-btc', undefined, true],
      ['zdex-main', ['token'], false],
      ['rails-eth', ['token'], true],
      ['cs-main', ['signature'], true],
      ['roxom-main', ['url-credentials'], true],
    ]);
    expect(saved.connections[1]!.url).toBe('ws://127.0.0.1:9104/ws');
    expect(saved.connections[3]!.url).toBe('ws://127.0.0.1:9101'); // not re-serialized (no trailing slash added)
    expect(saved.connections[4]!.url).toBe('ws://127.0.0.1:8787/ws/roxom-main');
  });

  it('treats user info and the usual credential names in a URL as secrets', () => {
    expect(publicUrl('wss://user:hunter22@venue.example/ws?key=abc&depth=5')).toBe('wss://venue.example/ws?depth=5');
    expect(publicUrl('wss://venue.example/ws?access_token=abc&jwt=x')).toBe('wss://venue.example/ws');
    expect(publicUrl('wss://venue.example/ws?depth=5')).toBe('wss://venue.example/ws?depth=5');
  });

  it('splits the pasted part off for the vault, the URL as given included', () => {
    expect(splitConnection(roxomOlderForm).secret).toEqual({
      id: 'roxom-main',
      venue: 'roxom',
      url: roxomOlderForm.url,
      auth: {},
    });
    expect(splitConnection(tripleCoinswitch).secret?.auth).toEqual(tripleCoinswitch.auth);
    expect(splitConnection(keyringRails).secret).toBeUndefined();
  });
});

describe('restoring', () => {
  const saved = () =>
    JSON.parse(JSON.stringify(savedConnectionsOf({ configs: ALL, enabled: enabledAll, waiting: {} })));

  it('brings back every connection: keyring ones whole, the others waiting for their pasted secret', () => {
    const restored = restoreSavedConnections(saved());
    expect(restored.problems).toEqual([]);
    expect(restored.configs.map((c) => c.id)).toEqual(ALL.map((c) => c.id));
    expect(restored.configs[0]).toEqual(keyringRails);
    expect(restored.waiting).toEqual({
      'zdex-main': ['token'],
      'rails-eth': ['token'],
      'cs-main': ['signature'],
      'roxom-main': ['url-credentials'],
    });
    for (const c of restored.configs.slice(1)) expect(c.auth).toEqual({});
    expect(waitingReason(restored.waiting['zdex-main']!)).toBe('waiting for its token: paste it or unlock the vault');
  });

  it('a connection still waiting is saved as waiting again', () => {
    const restored = restoreSavedConnections(saved());
    const again = restoreSavedConnections(JSON.parse(JSON.stringify(savedConnectionsOf(restored))));
    expect(again.waiting).toEqual(restored.waiting);
  });

  it('takes no pasted secret from a saved record: a token written into it is dropped', () => {
    const record = saved();
    record.connections[1].auth = { token: 'planted-token-0123456789' };
    delete record.connections[1].pasted;
    const restored = restoreSavedConnections(record);
    expect(JSON.stringify(restored)).not.toContain('planted-token');
    expect(restored.configs[1]!.auth).toEqual({});
  });

  it('passes every saved connection through the import schema; a bad one is named by position, never quoted', () => {
    const record = saved();
    record.connections[2].url = 'javascript:alert(1)//<img src=x onerror=alert(1)>';
    record.connections[3].id = 'rails-btc'; // saved twice
    record.connections.push('<script>');
    const restored = restoreSavedConnections(record);
    expect(restored.configs.map((c) => c.id)).toEqual(['rails-btc', 'zdex-main', 'roxom-main']);
    const problems = restored.problems.join('\n');
    expect(problems).toMatch(/saved connection 3\.url: must be a ws/);
    expect(problems).toMatch(/saved connection 4: its id is saved twice/);
    expect(problems).toMatch(/saved connection 6: not a connection/);
    expect(problems).not.toMatch(/javascript|onerror|<script>/);
    expect(restoreSavedConnections({ format: 'other' }).problems).toHaveLength(1);
    expect(restoreSavedConnections(undefined).configs).toEqual([]);
  });
});

describe('secrets back from the vault', () => {
  const restored = () =>
    restoreSavedConnections(
      JSON.parse(JSON.stringify(savedConnectionsOf({ configs: ALL, enabled: enabledAll, waiting: {} }))),
    );
  const secrets = vaultSecretsOf({ configs: ALL, enabled: enabledAll, waiting: {} }, []);

  it('go to the connection they were saved for, which becomes what the user had', () => {
    const { configs } = restored();
    for (const original of ALL.slice(1)) {
      const config = configs.find((c) => c.id === original.id)!;
      const secret = secrets.find((s) => s.id === original.id)!;
      expect(withVaultSecret(config, secret)).toEqual(original);
    }
  });

  it('never to a connection whose URL or venue changed since: a redirected saved URL gets nothing', () => {
    const { configs } = restored();
    const zdex = configs.find((c) => c.id === 'zdex-main')!;
    const secret = secrets.find((s) => s.id === 'zdex-main')!;
    expect(withVaultSecret({ ...zdex, url: 'wss://attacker.example/ws' }, secret)).toBeUndefined();
    expect(withVaultSecret({ ...zdex, venue: 'rails' }, secret)).toBeUndefined();
    expect(withVaultSecret({ ...zdex, id: 'zdex-other' }, secret)).toBeUndefined();
    const roxom = configs.find((c) => c.id === 'roxom-main')!;
    const roxomSecret = secrets.find((s) => s.id === 'roxom-main')!;
    expect(withVaultSecret({ ...roxom, url: 'ws://127.0.0.1:9999/ws/roxom-main' }, roxomSecret)).toBeUndefined();
  });

  it('a waiting connection keeps the entry the vault held for it when the vault is sealed again', () => {
    const state = restored();
    const held = secrets.filter((s) => s.id === 'zdex-main');
    expect(vaultSecretsOf(state, held)).toEqual(held);
    expect(vaultSecretsOf(state, [])).toEqual([]);
  });
});

import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { useConnections } from '../connections-store';
import { restoreConnections, startSavingConnections, useConnectionsPersistence } from '../connections-persistence';
import type { VaultCrypto } from './vault-crypto';
import type { VaultRecord } from './vault-record';
import { VaultSession } from './vault-session';
import { startVaultSync } from './vault-sync';
import { useVaultStatus, type VaultController } from './vault-status';

/**
 * The connections store, the saved connections and the vault together, as the page wires them
 * (src/app/connections-db.ts), with Node's WebCrypto and the two records in a variable where the
 * page has IndexedDB. A "reload" resets every store and starts again from the records.
 */

const PASSPHRASE = 'correct horse battery staple';
const PAIRING = 'pairing-token-b8c1d0e7f3a2';
const ZDEX_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ6ZGV4In0.emRleC1zaWduYXR1cmUtc2VjcmV0';
const ST_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdCJ9.c2NhbGV0cmFkZS1zZWNyZXQtc2ln';
const CS_SIGNATURE = 'c0ffee1234567890deadbeef1234567890abcdef';

const PROFILE: ConnectionConfig[] = [
  {
    id: 'rails-btc',
    label: 'Rails BTC-USDT',
    venue: 'rails',
    url: 'ws://127.0.0.1:9102/ws',
    auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: PAIRING } },
    options: { market: 'BTC-USDT' },
  },
  {
    id: 'zdex-main',
    label: 'ZDEX',
    venue: 'zdex',
    url: 'ws://127.0.0.1:9104/ws',
    auth: { token: ZDEX_JWT },
    options: {},
  },
  {
    id: 'scaletrade-cfd',
    label: 'ScaleTrade',
    venue: 'scaletrade',
    url: 'ws://127.0.0.1:9103/ws',
    auth: { token: ST_JWT },
    options: { login: 2000009 },
  },
  {
    id: 'cs-main',
    label: 'CoinSwitch',
    venue: 'coinswitch',
    url: 'ws://127.0.0.1:9101',
    auth: { apiKey: 'cs-api-key-5e6f7a8b', expires: 1756478182146, signature: CS_SIGNATURE },
    options: {},
  },
  {
    id: 'roxom-main',
    label: 'Roxom',
    venue: 'roxom',
    url: `ws://127.0.0.1:8787/ws/roxom-main?token=${PAIRING}`,
    auth: {},
    options: {},
  },
];
const PASTED_IDS = ['zdex-main', 'scaletrade-cfd', 'cs-main', 'roxom-main'];

/** The browser's storage for this origin: the two IndexedDB records. */
interface Browser {
  saved?: unknown;
  vault?: VaultRecord;
}

let stopPage: (() => void) | undefined;
afterEach(() => stopPage?.());

/** Opens the "page" on `browser`: restore, save every change, wire the vault. */
async function openPage(browser: Browser): Promise<{ controller: VaultController; flush(): Promise<void> }> {
  stopPage?.();
  useConnections.setState({ configs: [], enabled: {}, generation: {}, waiting: {} });
  useVaultStatus.setState({ phase: 'opening', busy: false, unsaved: false }, true);
  useConnectionsPersistence.setState({ phase: 'opening', restoreProblems: [] }, true);

  restoreConnections(browser.saved === undefined ? undefined : structuredClone(browser.saved));
  const saving = startSavingConnections({
    write: async (saved) => {
      browser.saved = structuredClone(saved);
    },
  });
  const session = new VaultSession(webcrypto as unknown as VaultCrypto, {
    read: async () => (browser.vault === undefined ? undefined : structuredClone(browser.vault)),
    write: async (record) => {
      browser.vault = structuredClone(record);
    },
    remove: async () => {
      browser.vault = undefined;
    },
  });
  const vault = await startVaultSync(session);
  stopPage = () => {
    saving.stop();
    vault.stop();
  };
  const controller = useVaultStatus.getState().controller;
  if (!controller) throw new Error('no vault controller');
  return { controller, flush: saving.flush };
}

const profileText = () => JSON.stringify({ format: 'venueboard.connections/v1', connections: PROFILE });
const configsById = () => new Map(useConnections.getState().configs.map((c) => [c.id, c]));
const waitingIds = () => Object.keys(useConnections.getState().waiting).sort();

describe('connections across reloads', () => {
  it('without the vault: keyring connections come back whole, pasted ones wait without their secret', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    useConnections.getState().disconnect('scaletrade-cfd');
    await page.flush();
    const stored = JSON.stringify(browser.saved);
    for (const secret of [ZDEX_JWT, ST_JWT, CS_SIGNATURE]) expect(stored).not.toContain(secret);
    expect(stored.split(PAIRING).length - 1).toBe(1); // the keyring reference, nowhere else

    await openPage(browser);
    expect(useVaultStatus.getState().phase).toBe('absent');
    expect(configsById().get('rails-btc')).toEqual(PROFILE[0]);
    expect(waitingIds()).toEqual([...PASTED_IDS].sort());
    expect(useConnections.getState().enabled['scaletrade-cfd']).toBe(false);
    expect(JSON.stringify(useConnections.getState().configs)).not.toContain(ZDEX_JWT);
    expect(useConnectionsPersistence.getState().restored).toEqual({ connections: 5, waiting: 4 });
  });

  it('with the vault: a reload asks once; a wrong passphrase fails and changes nothing; the right one brings every secret back', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    expect(await page.controller.create(PASSPHRASE)).toEqual({ ok: true, supplied: 0, mismatched: 0 });
    expect(useVaultStatus.getState().phase).toBe('unlocked');
    await page.flush();

    const reloaded = await openPage(browser);
    expect(useVaultStatus.getState().phase).toBe('locked');
    expect(waitingIds()).toEqual([...PASTED_IDS].sort());

    const wrong = await reloaded.controller.unlock('correct horse battery stapler');
    expect(wrong).toMatchObject({
      ok: false,
      kind: 'wrong-passphrase',
      error: expect.stringMatching(/wrong passphrase/),
    });
    expect(useVaultStatus.getState().phase).toBe('locked');
    expect(waitingIds()).toHaveLength(4);

    expect(await reloaded.controller.unlock(PASSPHRASE)).toEqual({ ok: true, supplied: 4, mismatched: 0 });
    expect(useVaultStatus.getState().phase).toBe('unlocked');
    expect(waitingIds()).toEqual([]);
    expect(useConnections.getState().configs).toEqual(PROFILE);
  });

  it('while unlocked a changed token is sealed again at once; after a reload the new token comes back', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    await page.controller.create(PASSPHRASE);
    const firstIv = Buffer.from(browser.vault!.iv).toString('hex');

    const renewed = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ6ZGV4In0.cmVuZXdlZC10b2tlbi1zaWduYXR1cmU';
    useConnections.getState().update('zdex-main', { ...PROFILE[1]!, auth: { token: renewed } });
    await expect.poll(() => Buffer.from(browser.vault!.iv).toString('hex')).not.toBe(firstIv);

    const reloaded = await openPage(browser);
    await reloaded.controller.unlock(PASSPHRASE);
    expect(configsById().get('zdex-main')!.auth).toEqual({ token: renewed });
  });

  it('lock forgets the key, connections keep running; a change while locked is not saved and says so', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    await page.controller.create(PASSPHRASE);
    const sealed = browser.vault;
    expect(await page.controller.lock()).toMatchObject({ ok: true });
    expect(useVaultStatus.getState().phase).toBe('locked');
    expect(useConnections.getState().configs).toEqual(PROFILE); // still running with their secrets
    expect(useVaultStatus.getState().unsaved).toBe(false);

    useConnections.getState().update('zdex-main', { ...PROFILE[1]!, auth: { token: 'eyJ.changed.while-locked' } });
    expect(useVaultStatus.getState().unsaved).toBe(true);
    expect(browser.vault).toBe(sealed);
    // Unlocking saves it.
    await page.controller.unlock(PASSPHRASE);
    expect(useVaultStatus.getState().unsaved).toBe(false);
    expect(browser.vault).not.toBe(sealed);
  });

  it('a saved URL redirected elsewhere gets no secret from the vault: the connection keeps waiting', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    await page.controller.create(PASSPHRASE);
    await page.flush();
    // Someone edits the saved (clear) part: ZDEX now points at their server.
    const saved = browser.saved as { connections: { id: string; url: string }[] };
    saved.connections.find((c) => c.id === 'zdex-main')!.url = 'wss://attacker.example/ws';

    const reloaded = await openPage(browser);
    expect(await reloaded.controller.unlock(PASSPHRASE)).toEqual({ ok: true, supplied: 3, mismatched: 1 });
    expect(waitingIds()).toEqual(['zdex-main']);
    expect(JSON.stringify(useConnections.getState().configs)).not.toContain(ZDEX_JWT);
    // A save while it waits (another token changes) keeps its entry: put the URL back, and it opens.
    const sealed = browser.vault;
    useConnections.getState().update('scaletrade-cfd', { ...PROFILE[2]!, auth: { token: 'eyJ.renewed.st-token' } });
    await expect.poll(() => browser.vault).not.toBe(sealed);
    await reloaded.flush();
    (browser.saved as typeof saved).connections.find((c) => c.id === 'zdex-main')!.url = PROFILE[1]!.url;
    const fixed = await openPage(browser);
    expect(await fixed.controller.unlock(PASSPHRASE)).toEqual({ ok: true, supplied: 4, mismatched: 0 });
    expect(configsById().get('zdex-main')).toEqual(PROFILE[1]);
  });

  it('an import that reuses an id with another URL and no token does not pick up the vault secret', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    await page.controller.create(PASSPHRASE);
    const reloaded = await openPage(browser);
    const foreign = { ...PROFILE[1]!, url: 'wss://attacker.example/ws', auth: {} };
    useConnections
      .getState()
      .importProfile(JSON.stringify({ format: 'venueboard.connections/v1', connections: [foreign] }));
    await reloaded.controller.unlock(PASSPHRASE);
    expect(configsById().get('zdex-main')).toEqual(foreign);
  });

  it('change passphrase and forget, through the controller', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    await page.controller.create(PASSPHRASE);
    const wrong = await page.controller.changePassphrase('not it at all', 'the next passphrase');
    expect(wrong).toMatchObject({ ok: false, kind: 'wrong-passphrase' });
    expect(await page.controller.changePassphrase(PASSPHRASE, 'the next passphrase')).toMatchObject({ ok: true });

    const reloaded = await openPage(browser);
    expect(await reloaded.controller.unlock(PASSPHRASE)).toMatchObject({ ok: false, kind: 'wrong-passphrase' });
    expect(await reloaded.controller.unlock('the next passphrase')).toMatchObject({ ok: true, supplied: 4 });

    expect(await reloaded.controller.forget()).toMatchObject({ ok: true });
    expect(browser.vault).toBeUndefined();
    expect(useVaultStatus.getState().phase).toBe('absent');
    expect(useConnections.getState().configs).toEqual(PROFILE); // running ones keep their secrets
    await openPage(browser);
    expect(useVaultStatus.getState().phase).toBe('absent');
    expect(waitingIds()).toEqual([...PASTED_IDS].sort());
  });

  it('a stored vault with too few iterations stays locked with the reason shown, and can be forgotten', async () => {
    const browser: Browser = {};
    const page = await openPage(browser);
    useConnections.getState().importProfile(profileText());
    await page.controller.create(PASSPHRASE);
    browser.vault = { ...browser.vault!, iterations: 1_000 };
    const reloaded = await openPage(browser);
    expect(useVaultStatus.getState()).toMatchObject({ phase: 'locked', problem: expect.stringMatching(/600,000/) });
    expect(await reloaded.controller.unlock(PASSPHRASE)).toMatchObject({ ok: false, kind: 'weak-kdf' });
    expect(waitingIds()).toHaveLength(4);
    expect(await reloaded.controller.forget()).toMatchObject({ ok: true });
    expect(browser.vault).toBeUndefined();
  });
});

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  restoreConnections,
  startSavingConnections,
  useConnectionsPersistence,
} from '../store/connections-persistence';
import type { SavedConnections } from '../store/saved-connections';
import { startVaultSync, useVaultStatus, VaultSession, type VaultRecord, type VaultStorage } from '../store/vault';

/**
 * The connections' I/O edge: one IndexedDB database with two records, the saved connections (never
 * a pasted secret: src/store/saved-connections.ts) and the vault (ciphertext, salt, IV, iterations,
 * version: src/store/vault). Nothing goes to localStorage.
 *
 * main.tsx awaits `startConnectionPersistence` before the ingest bridge starts, so after a reload the
 * board opens on the saved connections: keyring ones connect by themselves, the ones that need a
 * pasted secret wait for it (the vault's unlock dialog, or the user pasting it again).
 */

export const CONNECTIONS_DB_NAME = 'venueboard-connections';
const CONNECTIONS_DB_VERSION = 1;
const SAVED_KEY = 'connections';
const VAULT_KEY = 'vault';
const OPEN_TIMEOUT_MS = 10_000;

interface ConnectionsDB extends DBSchema {
  saved: { key: string; value: SavedConnections };
  vault: { key: string; value: VaultRecord };
}
type Db = IDBPDatabase<ConnectionsDB>;

function openConnectionsDb(): Promise<Db> {
  const opening = openDB<ConnectionsDB>(CONNECTIONS_DB_NAME, CONNECTIONS_DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('saved');
        db.createObjectStore('vault');
      }
    },
    blocking() {
      // Another tab upgrades, or deletes, the database: step aside.
      void opening.then((db) => db.close());
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('opening IndexedDB took too long')), OPEN_TIMEOUT_MS);
  });
  return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
}

function unavailable(problem: string): void {
  console.error(`connections: ${problem}`);
  useConnectionsPersistence.setState({ phase: 'unavailable', problem });
  useVaultStatus.setState({ phase: 'unavailable', problem });
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error');

function vaultStorage(db: Db): VaultStorage {
  return {
    read: () => db.get('vault', VAULT_KEY),
    write: async (record) => {
      await db.put('vault', record, VAULT_KEY);
    },
    remove: () => db.delete('vault', VAULT_KEY),
  };
}

/**
 * Restores the saved connections into the store, then saves every change. Never rejects. With
 * `restore: false` (a tab taking over from the tab that owned the connections) the store keeps the
 * connections it mirrored (with the secrets that tab held in memory) and only the saving starts.
 */
export async function startConnectionPersistence(options: { restore?: boolean } = {}): Promise<void> {
  if (typeof indexedDB === 'undefined')
    return unavailable('IndexedDB is not available in this browser: connections are not kept across reloads');
  let db: Db;
  try {
    db = await openConnectionsDb();
  } catch (e) {
    return unavailable(`could not open IndexedDB (${describe(e)}): connections are not kept across reloads`);
  }
  try {
    if (options.restore !== false) restoreConnections(await db.get('saved', SAVED_KEY));
  } catch (e) {
    useConnectionsPersistence.setState({
      restoreProblems: [`the saved connections could not be read (${describe(e)})`],
    });
  }
  startSavingConnections({
    write: async (saved) => {
      await db.put('saved', saved, SAVED_KEY);
    },
  });

  // WebCrypto exists only in a secure context (https, or http on localhost / 127.0.0.1).
  if (typeof crypto === 'undefined' || !crypto.subtle) {
    useVaultStatus.setState({
      phase: 'unavailable',
      problem: 'the vault needs WebCrypto, which this page has only over https or on localhost',
    });
    return;
  }
  await startVaultSync(new VaultSession(crypto, vaultStorage(db)));
}

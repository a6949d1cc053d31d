import type { Page } from '@playwright/test';

/** The app's IndexedDB database for saved connections and the vault (src/app/connections-db.ts). */
export const CONNECTIONS_DB = 'venueboard-connections';

/**
 * Everything this origin keeps in the browser, read from the page: every record of every IndexedDB
 * database, localStorage, sessionStorage, cookies and the page's URL. Bytes (Uint8Array, ArrayBuffer)
 * become `{ "$bytes": <latin-1 text> }`, so a plaintext hidden in bytes is still found by a text search.
 */
export interface BrowserStorage {
  indexedDB: Record<string, Record<string, { key: unknown; value: unknown }[]>>;
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  cookie: string;
  url: string;
}

export function readBrowserStorage(page: Page): Promise<BrowserStorage> {
  return page.evaluate(async () => {
    const plain = (value: unknown): unknown => {
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes =
          value instanceof ArrayBuffer
            ? new Uint8Array(value)
            : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        return { $bytes: Array.from(bytes, (b) => String.fromCharCode(b)).join('') };
      }
      if (Array.isArray(value)) return value.map(plain);
      if (value !== null && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
      return value;
    };
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const out: Record<string, Record<string, { key: unknown; value: unknown }[]>> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await request(indexedDB.open(name));
      out[name] = {};
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store, 'readonly');
        const [keys, values] = await Promise.all([
          request(tx.objectStore(store).getAllKeys()),
          request(tx.objectStore(store).getAll()),
        ]);
        out[name][store] = values.map((value, i) => ({ key: plain(keys[i]), value: plain(value) }));
      }
      db.close();
    }
    const entries = (s: Storage) =>
      Object.fromEntries(
        Array.from({ length: s.length }, (_, i) => s.key(i) ?? '').map((k) => [k, s.getItem(k) ?? '']),
      );
    return {
      indexedDB: out,
      localStorage: entries(localStorage),
      sessionStorage: entries(sessionStorage),
      cookie: document.cookie,
      url: location.href,
    };
  });
}

/**
 * For specs written before connections were saved, that need a reload to start without any: the
 * saved connections are deleted before the app's script runs on every load of this page (IndexedDB
 * runs the delete before the app's open of the same database).
 */
export async function forgetSavedConnectionsOnEveryLoad(page: Page): Promise<void> {
  await page.addInitScript((name) => {
    indexedDB.deleteDatabase(name);
  }, CONNECTIONS_DB);
}

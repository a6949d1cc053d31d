import { webcrypto } from 'node:crypto';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { MIN_ITERATIONS, VaultError, deriveVaultKey, randomBytes, type VaultCrypto } from './vault-crypto';
import type { VaultRecord } from './vault-record';
import type { VaultSecret } from './vault-secrets';
import { VaultSession, type VaultStorage } from './vault-session';

/**
 * The vault against Node's WebCrypto (the same API the browser has), with the record kept in a
 * variable where the page keeps it in IndexedDB. Every attack is performed: reading the stored bytes
 * for the secret, guessing passphrases, lowering the iterations, flipping bytes, a random source
 * that repeats itself.
 */

const nodeCrypto = webcrypto as unknown as VaultCrypto;

const ZDEX_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ6ZGV4LXVzZXIifQ.c2VjcmV0LXpkZXgtc2lnbmF0dXJl';
const SIGNATURE = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const URL_TOKEN = 'pairing-7d3f0c2e9a41b8';
const PASSPHRASE = 'correct horse battery staple';

const SECRETS: VaultSecret[] = [
  { id: 'zdex-main', venue: 'zdex', url: 'wss://zdex.example/ws', auth: { token: ZDEX_TOKEN } },
  {
    id: 'cs-main',
    venue: 'coinswitch',
    url: 'wss://cs.example/nats',
    auth: { apiKey: 'cs-api-key-1234', expires: 1756478182146, signature: SIGNATURE },
  },
  { id: 'roxom-main', venue: 'roxom', url: `ws://127.0.0.1:8787/ws/roxom-main?token=${URL_TOKEN}`, auth: {} },
];

/** The record as a variable; `writes` counts what reached storage. */
function memoryStorage(): VaultStorage & { record?: VaultRecord; writes: number } {
  const storage = {
    record: undefined as VaultRecord | undefined,
    writes: 0,
    read: async () => storage.record,
    write: async (record: VaultRecord) => {
      storage.writes++;
      storage.record = record;
    },
    remove: async () => {
      storage.record = undefined;
    },
  };
  return storage;
}

/** Node's WebCrypto, counting PBKDF2 derivations (with their iteration counts) and how many run at once. */
function countingCrypto() {
  const derivations: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const subtle = new Proxy(nodeCrypto.subtle, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (name !== 'deriveKey' || typeof value !== 'function')
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: Parameters<SubtleCrypto['deriveKey']>) => {
        derivations.push((args[0] as Pbkdf2Params).iterations);
        maxRunning = Math.max(maxRunning, ++running);
        try {
          return await target.deriveKey(...args);
        } finally {
          running--;
        }
      };
    },
  });
  const crypto: VaultCrypto = {
    subtle,
    getRandomValues: (array) => nodeCrypto.getRandomValues(array),
  };
  return { crypto, derivations, maxRunning: () => maxRunning };
}

/** Every way a string could sit in serialized bytes: UTF-8 (and Latin-1), UTF-16LE. */
function bytesContain(haystack: Uint8Array, needle: string): boolean {
  const buffer = Buffer.from(haystack);
  return buffer.includes(Buffer.from(needle, 'utf8')) || buffer.includes(Buffer.from(needle, 'utf16le'));
}

async function createdVault(passphrase = PASSPHRASE) {
  const storage = memoryStorage();
  const session = new VaultSession(nodeCrypto, storage);
  await session.create(passphrase, SECRETS);
  return { storage, session };
}

describe('the vault round trip', () => {
  it('creates, then after a "reload" (a new session on the same storage) is locked and unlocks to the same secrets', async () => {
    const { storage, session } = await createdVault();
    expect(session.state).toBe('unlocked');

    const afterReload = new VaultSession(nodeCrypto, storage);
    expect(await afterReload.load()).toBe('locked');
    expect(await afterReload.unlock(PASSPHRASE)).toEqual(SECRETS);
    expect(afterReload.state).toBe('unlocked');
  });

  it('stores ciphertext, salt, iv, iterations and a version, and nothing that checks a passphrase', async () => {
    const { storage } = await createdVault();
    const record = storage.record!;
    expect(Object.keys(record).sort()).toEqual(['cipher', 'ciphertext', 'iterations', 'iv', 'kdf', 'salt', 'version']);
    expect(record).toMatchObject({ version: 1, kdf: 'PBKDF2-SHA-256', cipher: 'AES-GCM-256' });
    expect(record.iterations).toBeGreaterThanOrEqual(600_000);
    expect(record.salt).toBeInstanceOf(Uint8Array);
    expect(record.salt).toHaveLength(16);
    expect(record.iv).toHaveLength(12);
  });

  it('holds no secret and no passphrase in the stored bytes (structured clone, as IndexedDB keeps it, and as JSON)', async () => {
    const { storage } = await createdVault();
    const cloned = serialize(storage.record);
    const json = JSON.stringify(storage.record, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
    const raw = Buffer.concat([storage.record!.salt, storage.record!.iv, storage.record!.ciphertext]);
    for (const secret of [ZDEX_TOKEN, SIGNATURE, URL_TOKEN, 'cs-api-key-1234', PASSPHRASE, 'zdex-main', 'wss://']) {
      expect(bytesContain(cloned, secret), secret).toBe(false);
      expect(json.includes(secret), secret).toBe(false);
      expect(bytesContain(raw, secret), secret).toBe(false);
    }
    // The serializer does keep plain strings readable: the search would have found them.
    expect(bytesContain(serialize({ token: ZDEX_TOKEN }), ZDEX_TOKEN)).toBe(true);
  });
});

describe('a wrong passphrase', () => {
  it('fails on the GCM tag, says so, and leaves the vault locked and unchanged', async () => {
    const { storage } = await createdVault();
    const before = storage.record;
    const session = new VaultSession(nodeCrypto, storage);
    await session.load();
    const attempt = session.unlock('correct horse battery stapler');
    await expect(attempt).rejects.toBeInstanceOf(VaultError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'wrong-passphrase',
      message: expect.stringMatching(/^wrong passphrase/),
    });
    expect(session.state).toBe('locked');
    expect(storage.record).toBe(before);
    // The right one still opens it.
    expect(await session.unlock(PASSPHRASE)).toEqual(SECRETS);
  });

  it('costs every guess a full derivation at the stored iterations, one guess at a time', async () => {
    const { storage } = await createdVault();
    const { crypto, derivations, maxRunning } = countingCrypto();
    const session = new VaultSession(crypto, storage);
    await session.load();
    const guesses = ['password', 'letmein!', '12345678'];
    const results = await Promise.allSettled(guesses.map((g) => session.unlock(g)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(derivations).toEqual(guesses.map(() => storage.record!.iterations));
    expect(Math.min(...derivations)).toBeGreaterThanOrEqual(MIN_ITERATIONS);
    expect(maxRunning()).toBe(1);
  });
});

describe('changing the passphrase', () => {
  it('re-encrypts under a new salt, key and IV; the old passphrase no longer opens it, the new one does', async () => {
    const { storage, session } = await createdVault();
    const before = storage.record!;
    await session.changePassphrase(PASSPHRASE, 'a brand new passphrase', SECRETS);
    const after = storage.record!;
    expect(Buffer.from(after.salt).equals(Buffer.from(before.salt))).toBe(false);
    expect(Buffer.from(after.iv).equals(Buffer.from(before.iv))).toBe(false);
    expect(Buffer.from(after.ciphertext).equals(Buffer.from(before.ciphertext))).toBe(false);
    expect(after.iterations).toBeGreaterThanOrEqual(MIN_ITERATIONS);

    const reloaded = new VaultSession(nodeCrypto, storage);
    await reloaded.load();
    await expect(reloaded.unlock(PASSPHRASE)).rejects.toMatchObject({ kind: 'wrong-passphrase' });
    expect(await reloaded.unlock('a brand new passphrase')).toEqual(SECRETS);
  });

  it('refuses without the current passphrase, and changes nothing', async () => {
    const { storage, session } = await createdVault();
    const before = storage.record;
    await expect(
      session.changePassphrase('not the passphrase', 'a brand new passphrase', SECRETS),
    ).rejects.toMatchObject({
      kind: 'wrong-passphrase',
    });
    expect(storage.record).toBe(before);
  });

  it('refuses a new passphrase shorter than 8 characters', async () => {
    const { session } = await createdVault();
    await expect(session.changePassphrase(PASSPHRASE, 'short', SECRETS)).rejects.toMatchObject({ kind: 'refused' });
    await expect(new VaultSession(nodeCrypto, memoryStorage()).create('1234567', SECRETS)).rejects.toMatchObject({
      kind: 'refused',
    });
  });
});

describe('a tampered record', () => {
  it('asking for fewer than 600,000 iterations is refused on read, before any derivation', async () => {
    for (const iterations of [599_999, 10_000, 1, 0]) {
      const { storage } = await createdVault();
      storage.record = { ...storage.record!, iterations };
      const { crypto, derivations } = countingCrypto();
      const session = new VaultSession(crypto, storage);
      await expect(session.load()).rejects.toMatchObject({ kind: 'weak-kdf' });
      await expect(session.unlock(PASSPHRASE)).rejects.toMatchObject({ kind: 'weak-kdf' });
      await expect(session.changePassphrase(PASSPHRASE, 'another passphrase', SECRETS)).rejects.toMatchObject({
        kind: 'weak-kdf',
      });
      expect(derivations).toEqual([]);
      expect(session.state).toBe('locked');
    }
  });

  it('a vault made with few iterations by someone else (the right passphrase even) is refused', async () => {
    // An attacker who can write the record makes a cheap one: the page must not accept it.
    const { storage } = await createdVault();
    const salt = randomBytes(nodeCrypto, 16);
    const material = await nodeCrypto.subtle.importKey('raw', new TextEncoder().encode(PASSPHRASE), 'PBKDF2', false, [
      'deriveKey',
    ]);
    const key = await nodeCrypto.subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1_000 },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt'],
    );
    const iv = randomBytes(nodeCrypto, 12);
    const ciphertext = new Uint8Array(
      await nodeCrypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode('venueboard.vault/v1') },
        key,
        new TextEncoder().encode(JSON.stringify({ format: 'venueboard.vault-secrets/v1', secrets: [] })),
      ),
    );
    storage.record = { ...storage.record!, iterations: 1_000, salt, iv, ciphertext };
    await expect(new VaultSession(nodeCrypto, storage).unlock(PASSPHRASE)).rejects.toMatchObject({ kind: 'weak-kdf' });
  });

  it('with any byte of salt, IV or ciphertext changed, or more iterations, does not open', async () => {
    const { storage } = await createdVault();
    const good = storage.record!;
    const flip = (bytes: Uint8Array, at: number) => {
      const copy = new Uint8Array(bytes);
      copy[at] = copy[at]! ^ 0x01;
      return copy;
    };
    const tampered: VaultRecord[] = [
      { ...good, salt: flip(good.salt, 3) },
      { ...good, iv: flip(good.iv, 11) },
      { ...good, ciphertext: flip(good.ciphertext, 0) },
      { ...good, ciphertext: flip(good.ciphertext, good.ciphertext.length - 1) }, // the tag
      { ...good, iterations: good.iterations + 1 },
    ];
    for (const record of tampered) {
      storage.record = record;
      await expect(new VaultSession(nodeCrypto, storage).unlock(PASSPHRASE)).rejects.toMatchObject({
        kind: 'wrong-passphrase',
      });
    }
  });

  it('of the wrong shape is refused with a message that quotes nothing', async () => {
    const { storage } = await createdVault();
    const good = storage.record!;
    const bad: unknown[] = [
      'not a record',
      { ...good, version: 2 },
      { ...good, kdf: 'PBKDF2-SHA-1' },
      { ...good, cipher: 'AES-CBC-256' },
      { ...good, salt: good.salt.slice(0, 8) },
      { ...good, iv: new Uint8Array(16) },
      { ...good, ciphertext: new Uint8Array(4) },
      { ...good, iterations: '600000' },
      { ...good, iterations: 2 ** 40 },
    ];
    for (const record of bad) {
      storage.record = record as VaultRecord;
      const attempt = new VaultSession(nodeCrypto, storage).unlock(PASSPHRASE);
      await expect(attempt).rejects.toMatchObject({ kind: expect.stringMatching(/^(refused|weak-kdf)$/) });
      await expect(attempt).rejects.not.toMatchObject({ message: expect.stringContaining(PASSPHRASE) });
    }
  });
});

describe('IVs', () => {
  it('a fresh one for every encryption: fifty saves of the same secrets, fifty different IVs and ciphertexts', async () => {
    const { storage, session } = await createdVault();
    const ivs = new Set<string>();
    const ciphertexts = new Set<string>();
    ivs.add(Buffer.from(storage.record!.iv).toString('hex'));
    ciphertexts.add(Buffer.from(storage.record!.ciphertext).toString('hex'));
    for (let i = 0; i < 50; i++) {
      await session.save(SECRETS);
      ivs.add(Buffer.from(storage.record!.iv).toString('hex'));
      ciphertexts.add(Buffer.from(storage.record!.ciphertext).toString('hex'));
    }
    expect(ivs.size).toBe(51);
    expect(ciphertexts.size).toBe(51);
  });

  it('a random source that repeats an IV is caught: the second seal is refused and nothing is written', async () => {
    const storage = memoryStorage();
    // Random salts, but every IV the same twelve bytes.
    const stuck: VaultCrypto = {
      subtle: nodeCrypto.subtle,
      getRandomValues: (array) => (array.byteLength === 12 ? array : nodeCrypto.getRandomValues(array)),
    };
    const session = new VaultSession(stuck, storage);
    await session.create(PASSPHRASE, SECRETS);
    expect(storage.writes).toBe(1);
    await expect(session.save(SECRETS)).rejects.toMatchObject({ kind: 'iv-reuse' });
    expect(storage.writes).toBe(1);
  });

  it('after unlock, the IV of the stored record counts as used: a source that returns it again is refused', async () => {
    const { storage } = await createdVault();
    const storedIv = new Uint8Array(storage.record!.iv);
    const replaying: VaultCrypto = {
      subtle: nodeCrypto.subtle,
      getRandomValues: (array) => {
        if (array.byteLength === 12) (array as unknown as Uint8Array).set(storedIv);
        else nodeCrypto.getRandomValues(array);
        return array;
      },
    };
    const session = new VaultSession(replaying, storage);
    await session.unlock(PASSPHRASE);
    const writes = storage.writes;
    await expect(session.save(SECRETS)).rejects.toMatchObject({ kind: 'iv-reuse' });
    expect(storage.writes).toBe(writes);
  });
});

describe('the key', () => {
  it('is AES-GCM 256, non-extractable, for encrypt and decrypt only', async () => {
    const key = await deriveVaultKey(nodeCrypto, PASSPHRASE, randomBytes(nodeCrypto, 16), MIN_ITERATIONS);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(nodeCrypto.subtle.exportKey('raw', key)).rejects.toThrow();
    await expect(nodeCrypto.subtle.exportKey('jwk', key)).rejects.toThrow();
  });

  it('is never derived with fewer than 600,000 iterations', async () => {
    await expect(
      deriveVaultKey(nodeCrypto, PASSPHRASE, randomBytes(nodeCrypto, 16), MIN_ITERATIONS - 1),
    ).rejects.toMatchObject({ kind: 'weak-kdf' });
    expect(() => new VaultSession(nodeCrypto, memoryStorage(), 100_000)).toThrow(VaultError);
  });
});

describe('lock and forget', () => {
  it('lock forgets the key: saving needs an unlock again', async () => {
    const { session } = await createdVault();
    session.lock();
    expect(session.state).toBe('locked');
    await expect(session.save(SECRETS)).rejects.toMatchObject({ kind: 'locked' });
    await session.unlock(PASSPHRASE);
    await session.save(SECRETS);
  });

  it('forget deletes the record; a new vault can then be made', async () => {
    const { storage, session } = await createdVault();
    await session.forget();
    expect(storage.record).toBeUndefined();
    expect(session.state).toBe('absent');
    await expect(session.unlock(PASSPHRASE)).rejects.toMatchObject({ kind: 'refused' });
    expect(await new VaultSession(nodeCrypto, storage).load()).toBe('absent');
    await session.create('another passphrase', []);
    expect(session.state).toBe('unlocked');
  });

  it('create refuses to replace an existing vault', async () => {
    const { storage } = await createdVault();
    const session = new VaultSession(nodeCrypto, storage);
    await session.load();
    await expect(session.create('another passphrase', [])).rejects.toMatchObject({ kind: 'refused' });
  });
});

import {
  MIN_ITERATIONS,
  SALT_BYTES,
  Sealer,
  VaultError,
  deriveVaultKey,
  openSealed,
  randomBytes,
  type Bytes,
  type VaultCrypto,
} from './vault-crypto';
import { VAULT_ADDITIONAL_DATA, VAULT_VERSION, checkVaultRecord, type VaultRecord } from './vault-record';
import { decodeSecrets, encodeSecrets, type VaultSecret } from './vault-secrets';

/** Where the one vault record lives (IndexedDB in the page, a variable in tests). */
export interface VaultStorage {
  /** The stored record as read (checked by the session), or undefined when there is none. */
  read(): Promise<unknown>;
  write(record: VaultRecord): Promise<void>;
  remove(): Promise<void>;
}

export type VaultState = 'absent' | 'locked' | 'unlocked';

/** Shorter than this is refused when a passphrase is set (a vault is only as strong as its passphrase). */
export const MIN_PASSPHRASE_LENGTH = 8;

interface OpenKey {
  sealer: Sealer;
  salt: Bytes;
  iterations: number;
}

/**
 * The vault's life: create (opt in), unlock, save while unlocked, change the passphrase, lock, forget.
 * The derived key lives here only while unlocked, as a non-extractable CryptoKey; the passphrase is
 * never kept. Operations run one at a time, in order: two unlock attempts never run side by side, and
 * each pays the full derivation.
 */
export class VaultSession {
  private open: OpenKey | undefined;
  private present = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly crypto: VaultCrypto,
    private readonly storage: VaultStorage,
    /** For new keys; at least MIN_ITERATIONS. */
    private readonly iterations = MIN_ITERATIONS,
  ) {
    if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS)
      throw new VaultError('weak-kdf', `a vault key needs at least ${MIN_ITERATIONS} PBKDF2 iterations`);
  }

  get state(): VaultState {
    return this.open ? 'unlocked' : this.present ? 'locked' : 'absent';
  }

  /** Reads whether a vault is stored, and checks its record (a refused record throws, the vault stays locked). */
  load(): Promise<VaultState> {
    return this.serial(async () => {
      const raw = await this.read();
      this.present = raw !== undefined;
      if (this.present) checkVaultRecord(raw);
      return this.state;
    });
  }

  /** Opt in: a new salt and key; `secrets` are sealed and stored. Replaces no existing vault. */
  create(passphrase: string, secrets: readonly VaultSecret[]): Promise<void> {
    return this.serial(async () => {
      if (this.present) throw new VaultError('refused', 'a vault already exists: unlock it, or forget it first');
      checkNewPassphrase(passphrase);
      const key = await this.newKey(passphrase);
      await this.sealAndWrite(key, secrets);
      this.open = key;
      this.present = true;
    });
  }

  /** The stored secrets; the key stays in memory until lock() or forget(). A wrong passphrase throws. */
  unlock(passphrase: string): Promise<VaultSecret[]> {
    return this.serial(async () => {
      const { record, sealer, plaintext } = await this.openStored(passphrase);
      sealer.remember(record.iv);
      this.open = { sealer, salt: record.salt, iterations: record.iterations };
      return decodeSecrets(plaintext);
    });
  }

  /** Seal `secrets` again (a fresh IV) and store them; only while unlocked. */
  save(secrets: readonly VaultSecret[]): Promise<void> {
    return this.serial(async () => {
      if (!this.open) throw new VaultError('locked', 'the vault is locked: unlock it to save secrets');
      await this.sealAndWrite(this.open, secrets);
    });
  }

  /**
   * Proves the current passphrase (a full derivation and a tag check against the stored record),
   * then seals `secrets` under a key from the new passphrase and a new salt.
   */
  changePassphrase(current: string, next: string, secrets: readonly VaultSecret[]): Promise<void> {
    return this.serial(async () => {
      checkNewPassphrase(next);
      await this.openStored(current);
      const key = await this.newKey(next);
      await this.sealAndWrite(key, secrets);
      this.open = key;
    });
  }

  /** Forget the key (the stored vault stays). */
  lock(): void {
    this.open = undefined;
  }

  /** Delete the stored vault and forget the key. */
  forget(): Promise<void> {
    return this.serial(async () => {
      this.open = undefined;
      try {
        await this.storage.remove();
      } catch (e) {
        throw storageError('delete', e);
      }
      this.present = false;
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<unknown> {
    try {
      return await this.storage.read();
    } catch (e) {
      throw storageError('read', e);
    }
  }

  private async newKey(passphrase: string): Promise<OpenKey> {
    const salt = randomBytes(this.crypto, SALT_BYTES);
    const key = await deriveVaultKey(this.crypto, passphrase, salt, this.iterations);
    return { sealer: new Sealer(this.crypto, key, VAULT_ADDITIONAL_DATA), salt, iterations: this.iterations };
  }

  private async openStored(passphrase: string) {
    const raw = await this.read();
    if (raw === undefined) {
      this.present = false;
      throw new VaultError('refused', 'there is no vault in this browser');
    }
    const record = checkVaultRecord(raw);
    const key = await deriveVaultKey(this.crypto, passphrase, record.salt, record.iterations);
    const plaintext = await openSealed(this.crypto, key, record, VAULT_ADDITIONAL_DATA);
    return { record, sealer: new Sealer(this.crypto, key, VAULT_ADDITIONAL_DATA), plaintext };
  }

  private async sealAndWrite(key: OpenKey, secrets: readonly VaultSecret[]): Promise<void> {
    const { iv, ciphertext } = await key.sealer.seal(encodeSecrets(secrets));
    const record: VaultRecord = {
      version: VAULT_VERSION,
      kdf: 'PBKDF2-SHA-256',
      iterations: key.iterations,
      salt: key.salt,
      cipher: 'AES-GCM-256',
      iv,
      ciphertext,
    };
    try {
      await this.storage.write(record);
    } catch (e) {
      throw storageError('write', e);
    }
  }
}

function checkNewPassphrase(passphrase: string): void {
  if (passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH)
    throw new VaultError('refused', `the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
}

/** The storage's own message names the database, never a secret; the record itself is never quoted. */
function storageError(what: string, e: unknown): VaultError {
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error';
  return new VaultError('storage', `could not ${what} the vault in IndexedDB (${detail})`);
}

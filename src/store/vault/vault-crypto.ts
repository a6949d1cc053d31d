/**
 * The vault's cryptography, and nothing else: a passphrase becomes an AES-GCM 256 key through
 * PBKDF2-SHA-256, and that key seals and opens bytes. Every WebCrypto call goes through `VaultCrypto`
 * (the browser's `crypto`, or Node's `webcrypto` in tests), so this file runs the same in both.
 *
 * - The key is derived non-extractable: once made, not even this page can read it back.
 * - Every seal draws a fresh random 12-byte IV; a `Sealer` also refuses to use one twice with its key
 *   (GCM with a repeated IV leaks the XOR of two plaintexts and lets the tag be forged).
 * - A wrong passphrase is known only by the GCM tag failing after the full derivation: the record
 *   holds no hash or other check of the passphrase that would let a guess skip the KDF's cost.
 */

/** The two WebCrypto entry points the vault needs. */
export interface VaultCrypto {
  readonly subtle: SubtleCrypto;
  getRandomValues<T extends ArrayBufferView<ArrayBuffer>>(array: T): T;
}

/** OWASP's figure for PBKDF2-HMAC-SHA-256 (2023). Records asking for fewer are refused on read. */
export const MIN_ITERATIONS = 600_000;
/** A tampered record could ask for a derivation that never ends. */
export const MAX_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const KEY_BITS = 256;
/** GCM's authentication tag, appended to the ciphertext by WebCrypto. */
export const TAG_BYTES = 16;

export type Bytes = Uint8Array<ArrayBuffer>;

export type VaultErrorKind = 'wrong-passphrase' | 'refused' | 'weak-kdf' | 'iv-reuse' | 'locked' | 'storage';

/** A vault failure with a message fit for the page: it never holds the passphrase or a secret. */
export class VaultError extends Error {
  constructor(
    readonly kind: VaultErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

export function randomBytes(crypto: VaultCrypto, length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * PBKDF2-SHA-256 → AES-GCM 256, non-extractable, for encrypt and decrypt only. The passphrase is
 * NFC-normalized first, so the same words typed through different input methods give the same key.
 */
export async function deriveVaultKey(
  crypto: VaultCrypto,
  passphrase: string,
  salt: Bytes,
  iterations: number,
): Promise<CryptoKey> {
  if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS)
    throw new VaultError(
      'weak-kdf',
      `refused: a vault key needs at least ${MIN_ITERATIONS.toLocaleString('en-US')} PBKDF2 iterations`,
    );
  if (iterations > MAX_ITERATIONS)
    throw new VaultError('refused', `refused: more than ${MAX_ITERATIONS.toLocaleString('en-US')} PBKDF2 iterations`);
  if (salt.length !== SALT_BYTES) throw new VaultError('refused', `refused: the salt must be ${SALT_BYTES} bytes`);
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: KEY_BITS },
    false,
    ['encrypt', 'decrypt'],
  );
}

export interface Sealed {
  iv: Bytes;
  ciphertext: Bytes;
}

const hex = (bytes: Bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Seals with one key. It remembers every IV used with that key (including the one the stored record
 * was sealed with) and refuses a repeat, which only a broken random source could produce.
 */
export class Sealer {
  private readonly used = new Set<string>();

  constructor(
    private readonly crypto: VaultCrypto,
    readonly key: CryptoKey,
    private readonly additionalData: Bytes,
  ) {}

  /** An IV this key already sealed with (the record it was opened from). */
  remember(iv: Bytes): void {
    this.used.add(hex(iv));
  }

  async seal(plaintext: Bytes): Promise<Sealed> {
    const iv = randomBytes(this.crypto, IV_BYTES);
    const id = hex(iv);
    if (this.used.has(id))
      throw new VaultError('iv-reuse', 'refused: the random source repeated an IV for this key; nothing was saved');
    this.used.add(id);
    const ciphertext = new Uint8Array(
      await this.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: this.additionalData, tagLength: TAG_BYTES * 8 },
        this.key,
        plaintext,
      ),
    );
    return { iv, ciphertext };
  }
}

/** Opens what a Sealer sealed; a wrong key (wrong passphrase) or any changed byte fails the GCM tag. */
export async function openSealed(
  crypto: VaultCrypto,
  key: CryptoKey,
  sealed: Sealed,
  additionalData: Bytes,
): Promise<Bytes> {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.iv, additionalData, tagLength: TAG_BYTES * 8 },
        key,
        sealed.ciphertext,
      ),
    );
  } catch {
    throw new VaultError(
      'wrong-passphrase',
      'wrong passphrase: the vault did not open (its authentication tag does not match)',
    );
  }
}

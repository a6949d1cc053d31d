import {
  IV_BYTES,
  MAX_ITERATIONS,
  MIN_ITERATIONS,
  SALT_BYTES,
  TAG_BYTES,
  VaultError,
  type Bytes,
} from './vault-crypto';

/**
 * The vault as stored (one IndexedDB record): how to derive the key, and the sealed secrets. Nothing
 * in it is secret without the passphrase, and nothing in it checks a passphrase but the GCM tag.
 */
export interface VaultRecord {
  version: typeof VAULT_VERSION;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  salt: Bytes;
  cipher: 'AES-GCM-256';
  iv: Bytes;
  ciphertext: Bytes;
}

export const VAULT_VERSION = 1;
/** Bound into every seal as GCM additional data: a record of another format cannot pass as this one. */
export const VAULT_ADDITIONAL_DATA: Bytes = new TextEncoder().encode('venueboard.vault/v1');
/** The sealed secrets of 100 connections fit many times over. */
export const MAX_CIPHERTEXT_BYTES = 4 * 1024 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A fresh copy (so a view over a larger buffer, or an array from another realm, becomes a plain Bytes). */
function bytesOf(value: unknown, what: string, length?: { exactly?: number; min?: number; max?: number }): Bytes {
  if (!(value instanceof Uint8Array) && !(value instanceof ArrayBuffer))
    throw new VaultError('refused', `the stored vault is damaged: ${what} is not bytes`);
  const bytes = new Uint8Array(value);
  const { exactly, min = 0, max = Infinity } = length ?? {};
  if ((exactly !== undefined && bytes.length !== exactly) || bytes.length < min || bytes.length > max)
    throw new VaultError('refused', `the stored vault is damaged: ${what} has the wrong length`);
  return bytes;
}

/**
 * Checks a record read back from storage before any derivation: its version, its algorithms, the
 * lengths of salt, IV and ciphertext, and the iteration count. A record asking for fewer than
 * MIN_ITERATIONS is refused outright (someone lowered it to make guessing cheap, or it is not ours).
 */
export function checkVaultRecord(raw: unknown): VaultRecord {
  if (!isRecord(raw)) throw new VaultError('refused', 'the stored vault is damaged: not a vault record');
  if (raw.version !== VAULT_VERSION)
    throw new VaultError('refused', 'the stored vault has a version this build does not read');
  if (raw.kdf !== 'PBKDF2-SHA-256' || raw.cipher !== 'AES-GCM-256')
    throw new VaultError('refused', 'the stored vault names algorithms this build does not use');
  const { iterations } = raw;
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations))
    throw new VaultError('refused', 'the stored vault is damaged: iterations is not a whole number');
  if (iterations < MIN_ITERATIONS)
    throw new VaultError(
      'weak-kdf',
      `the stored vault asks for only ${iterations.toLocaleString('en-US')} PBKDF2 iterations (at least ${MIN_ITERATIONS.toLocaleString('en-US')} are required): refused, nothing was tried`,
    );
  if (iterations > MAX_ITERATIONS)
    throw new VaultError('refused', 'the stored vault asks for an unreasonable number of PBKDF2 iterations: refused');
  return {
    version: VAULT_VERSION,
    kdf: 'PBKDF2-SHA-256',
    iterations,
    salt: bytesOf(raw.salt, 'the salt', { exactly: SALT_BYTES }),
    cipher: 'AES-GCM-256',
    iv: bytesOf(raw.iv, 'the IV', { exactly: IV_BYTES }),
    ciphertext: bytesOf(raw.ciphertext, 'the ciphertext', { min: TAG_BYTES, max: MAX_CIPHERTEXT_BYTES }),
  };
}

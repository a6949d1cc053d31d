import { create } from 'zustand';
import type { VaultErrorKind } from './vault-crypto';

/**
 * What the page shows about the vault. The vault's wiring (vault-sync.ts, started by the app with its
 * IndexedDB storage) writes here and registers its controller; the vault's UI (src/features/vault)
 * reads it and calls the controller. Nothing here ever holds a passphrase, a key or a secret.
 *
 *   unavailable  no IndexedDB: nothing is saved, the vault cannot be made
 *   absent       no vault: pasted secrets live in memory only
 *   locked       a vault is stored, its key is not in memory (after a reload, or after Lock)
 *   unlocked     the key is in memory; every change to a pasted secret is sealed again
 */
export type VaultPhase = 'opening' | 'unavailable' | 'absent' | 'locked' | 'unlocked';

export type VaultResult =
  { ok: true; supplied: number; mismatched: number } | { ok: false; kind: VaultErrorKind; error: string };

export interface VaultController {
  /** Opt in: seal every pasted secret under a key from this passphrase. */
  create(passphrase: string): Promise<VaultResult>;
  /** Open the vault and give the waiting connections their secrets. */
  unlock(passphrase: string): Promise<VaultResult>;
  /** Forget the key. Running connections keep their secrets until the page reloads. */
  lock(): Promise<VaultResult>;
  /** The current passphrase again, then a new key from a new salt. */
  changePassphrase(current: string, next: string): Promise<VaultResult>;
  /** Delete the stored vault. */
  forget(): Promise<VaultResult>;
}

export interface VaultStatus {
  phase: VaultPhase;
  /** Why the vault is unavailable, or the last failure to save it. Never contains a secret. */
  problem?: string;
  /** A derivation is running (unlock, create, change): the UI waits for it. */
  busy: boolean;
  /** A pasted secret changed while the vault was locked: not saved until it is unlocked. */
  unsaved: boolean;
  /** When the vault was last sealed and stored. */
  savedAt?: number;
  /** The last unlock: connections that got their secret, and secrets that no longer fit their connection. */
  lastUnlock?: { supplied: number; mismatched: number };
  controller?: VaultController;
}

export const useVaultStatus = create<VaultStatus>()(() => ({ phase: 'opening', busy: false, unsaved: false }));

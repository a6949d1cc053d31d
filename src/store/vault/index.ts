/** The opt-in vault for pasted secrets: crypto (vault-crypto), record, session, wiring and status. */
export {
  MIN_ITERATIONS,
  IV_BYTES,
  SALT_BYTES,
  VaultError,
  type VaultCrypto,
  type VaultErrorKind,
} from './vault-crypto';
export { checkVaultRecord, VAULT_VERSION, type VaultRecord } from './vault-record';
export type { VaultSecret } from './vault-secrets';
export { MIN_PASSPHRASE_LENGTH, VaultSession, type VaultState, type VaultStorage } from './vault-session';
export { startVaultSync } from './vault-sync';
export {
  useVaultStatus,
  type VaultController,
  type VaultPhase,
  type VaultResult,
  type VaultStatus,
} from './vault-status';

import { VENUE_IDS, type VenueId } from '../../domain/types';
import { VaultError, type Bytes } from './vault-crypto';

/**
 * What the vault seals: the secrets the user pasted, one entry per connection, each with what it was
 * pasted for. A secret goes back only to a connection of the same id, venue and (public) URL, so
 * neither an import that reuses the id nor an edited saved record can send it somewhere else.
 */
export interface VaultSecret {
  id: string;
  venue: VenueId;
  /** The URL exactly as the user gave it, credentials in its query included. */
  url: string;
  /** The pasted part of `auth` (a token, a signature triple); never a keyring reference. */
  auth: Record<string, unknown>;
}

export const VAULT_SECRETS_FORMAT = 'venueboard.vault-secrets/v1';

export function encodeSecrets(secrets: readonly VaultSecret[]): Bytes {
  return new TextEncoder().encode(JSON.stringify({ format: VAULT_SECRETS_FORMAT, secrets }));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The opened plaintext; entries of the wrong shape are dropped (the connection then keeps waiting). */
export function decodeSecrets(bytes: Bytes): VaultSecret[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new VaultError('refused', 'the vault opened but its content is not readable');
  }
  if (!isRecord(json) || json.format !== VAULT_SECRETS_FORMAT || !Array.isArray(json.secrets))
    throw new VaultError('refused', 'the vault opened but its content is not in a format this build reads');
  return json.secrets.filter(
    (s): s is VaultSecret =>
      isRecord(s) &&
      typeof s.id === 'string' &&
      typeof s.url === 'string' &&
      (VENUE_IDS as readonly unknown[]).includes(s.venue) &&
      isRecord(s.auth),
  );
}

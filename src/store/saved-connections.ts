import type { ConnectionConfig } from '../domain/connection-config';
import { validateConnection } from '../domain/profile';
import { publicUrl, urlWithoutCredentials } from '../domain/url-credentials';
import type { VaultSecret } from './vault/vault-secrets';

export { publicUrl };

/**
 * What of the user's connections is saved in this browser, and what is not (docs/contract.md section
 * 2, "Persistence"). A connection splits into:
 *
 * - the saved part, kept in the clear: id, label, venue, options, whether it is enabled, the URL
 *   without credentials in it, and a keyring reference kept whole (its pairing token works only from
 *   the relay's allowed origins on this machine, and the relay's config revokes it), so keyring
 *   connections reconnect by themselves after a reload;
 * - the pasted part (a token, a signature triple, credentials in the URL's query or user info),
 *   which only the opt-in vault keeps, encrypted. Restored without it, the connection waits for it
 *   and does not connect.
 */

export const SAVED_CONNECTIONS_FORMAT = 'venueboard.saved-connections/v1';

/** Which pasted secret a restored connection waits for. */
export type PastedSecret = 'token' | 'signature' | 'url-credentials';
const PASTED_SECRETS: readonly PastedSecret[] = ['token', 'signature', 'url-credentials'];

export interface SavedConnection {
  id: string;
  label: string;
  venue: ConnectionConfig['venue'];
  /** Without credentials (the vault holds the URL as given). */
  url: string;
  /** A keyring reference kept whole, or {}. */
  auth: Record<string, unknown>;
  options: Record<string, unknown>;
  enabled: boolean;
  /** The pasted secrets it needs (absent: none). */
  pasted?: PastedSecret[];
}

export interface SavedConnections {
  format: typeof SAVED_CONNECTIONS_FORMAT;
  connections: SavedConnection[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits one connection into its saved part and its pasted secret (undefined: nothing pasted). */
export function splitConnection(config: ConnectionConfig): {
  saved: Omit<SavedConnection, 'enabled'>;
  secret?: VaultSecret;
} {
  const { keyring, ...pastedAuth } = config.auth;
  const pasted: PastedSecret[] = [];
  if (Object.keys(pastedAuth).length > 0) pasted.push('token' in pastedAuth ? 'token' : 'signature');
  const strippedUrl = urlWithoutCredentials(config.url);
  if (strippedUrl !== undefined) pasted.push('url-credentials');
  const saved: Omit<SavedConnection, 'enabled'> = {
    id: config.id,
    label: config.label,
    venue: config.venue,
    url: strippedUrl ?? config.url,
    auth: keyring !== undefined ? { keyring } : {},
    options: config.options,
  };
  if (pasted.length === 0) return { saved };
  return {
    saved: { ...saved, pasted },
    secret: { id: config.id, venue: config.venue, url: config.url, auth: pastedAuth },
  };
}

/** What a restored connection waits for, in words (the connection's status line). */
export function waitingReason(pasted: readonly PastedSecret[]): string {
  const words: Record<PastedSecret, string> = {
    token: 'token',
    signature: 'signature (apiKey, expires, signature)',
    'url-credentials': "URL's credentials (its ?token=)",
  };
  return `waiting for its ${pasted.map((p) => words[p]).join(' and ')}: paste it or unlock the vault`;
}

export interface ConnectionsSnapshot {
  configs: readonly ConnectionConfig[];
  enabled: Readonly<Record<string, boolean>>;
  /** Restored connections still waiting for a pasted secret (their config has none). */
  waiting: Readonly<Record<string, readonly PastedSecret[]>>;
}

/** The saved form of the connections: never a pasted secret. */
export function savedConnectionsOf(s: ConnectionsSnapshot): SavedConnections {
  return {
    format: SAVED_CONNECTIONS_FORMAT,
    connections: s.configs.map((config) => {
      const { saved } = splitConnection(config);
      const waiting = s.waiting[config.id];
      return {
        ...saved,
        enabled: s.enabled[config.id] !== false,
        ...(waiting && waiting.length > 0 ? { pasted: [...waiting] } : {}),
      };
    }),
  };
}

/**
 * The secrets the vault should hold: every connection's pasted part, and for a connection still
 * waiting, the entry the vault already had (`held`), so saving never drops what was not yet used.
 */
export function vaultSecretsOf(s: ConnectionsSnapshot, held: readonly VaultSecret[]): VaultSecret[] {
  const heldById = new Map(held.map((h) => [h.id, h]));
  const out: VaultSecret[] = [];
  for (const config of s.configs) {
    const secret = s.waiting[config.id] ? heldById.get(config.id) : splitConnection(config).secret;
    if (secret) out.push(secret);
  }
  return out;
}

export interface RestoredConnections {
  configs: ConnectionConfig[];
  enabled: Record<string, boolean>;
  waiting: Record<string, PastedSecret[]>;
  /** Saved connections that could not be restored (named by position; never a value). */
  problems: string[];
}

/**
 * Reads the saved connections back through the same schema as every import. Only a keyring
 * reference is taken from a saved `auth`: whatever else a damaged or edited record holds there is
 * dropped, so a pasted secret never comes from anywhere but the vault.
 */
export function restoreSavedConnections(raw: unknown): RestoredConnections {
  const out: RestoredConnections = { configs: [], enabled: {}, waiting: {}, problems: [] };
  if (raw === undefined) return out;
  if (!isRecord(raw) || raw.format !== SAVED_CONNECTIONS_FORMAT || !Array.isArray(raw.connections)) {
    out.problems.push('the saved connections are not in a format this build reads');
    return out;
  }
  raw.connections.forEach((entry: unknown, i) => {
    const where = `saved connection ${i + 1}`;
    if (!isRecord(entry)) {
      out.problems.push(`${where}: not a connection`);
      return;
    }
    const auth = isRecord(entry.auth) && entry.auth.keyring !== undefined ? { keyring: entry.auth.keyring } : {};
    const { id, label, venue, url, options } = entry;
    const { config, problems } = validateConnection({ id, label, venue, url, auth, options }, where);
    if (!config || out.enabled[config.id] !== undefined) {
      out.problems.push(...(problems.length > 0 ? problems : [`${where}: its id is saved twice`]));
      return;
    }
    out.configs.push(config);
    out.enabled[config.id] = entry.enabled !== false;
    const pasted = Array.isArray(entry.pasted)
      ? PASTED_SECRETS.filter((p) => (entry.pasted as unknown[]).includes(p))
      : [];
    if (pasted.length > 0) out.waiting[config.id] = pasted;
  });
  return out;
}

/**
 * A waiting connection with its secret from the vault, or undefined when the secret was saved for
 * another connection (a different venue or URL now carries this id) or no longer passes the schema.
 */
export function withVaultSecret(config: ConnectionConfig, secret: VaultSecret): ConnectionConfig | undefined {
  if (secret.id !== config.id || secret.venue !== config.venue || publicUrl(secret.url) !== config.url)
    return undefined;
  const { keyring } = config.auth;
  const { keyring: _ignored, ...pastedAuth } = secret.auth;
  const auth = keyring !== undefined ? { ...pastedAuth, keyring } : pastedAuth;
  return validateConnection({ ...config, url: secret.url, auth }, '').config;
}

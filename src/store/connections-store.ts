import { create } from 'zustand';
import type { ConnectionConfig } from '../domain/connection-config';
import { parseProfile, serializeProfile, validateConnection } from '../domain/profile';
import { splitConnection, withVaultSecret, type PastedSecret, type RestoredConnections } from './saved-connections';
import type { VaultSecret } from './vault/vault-secrets';

/**
 * The user's connections (with their secrets, in memory only). This store holds intent; the ingest
 * bridge (src/app/ingest-bridge.ts) watches it and tells the worker what to open or close.
 * `generation` bumps when the user asks for a reconnect so the bridge re-sends `connect`.
 * `waiting` holds the connections restored without their pasted secret (saved-connections.ts): the
 * bridge does not open them until the secret comes back, pasted again or from the vault.
 */
export interface ConnectionsState {
  configs: ConnectionConfig[];
  /** false = disconnected by the user. */
  enabled: Record<string, boolean>;
  generation: Record<string, number>;
  waiting: Record<string, readonly PastedSecret[]>;
}

export interface ConnectionsActions {
  add(config: ConnectionConfig): string[];
  update(id: string, config: ConnectionConfig): string[];
  remove(id: string): void;
  reconnect(id: string): void;
  disconnect(id: string): void;
  importProfile(json: string): { imported: number; problems: string[] };
  exportProfile(includeSecrets: boolean): string;
  /** The saved connections, at start (before the ingest bridge). */
  restore(restored: RestoredConnections): void;
  /** Secrets from the vault for the waiting connections they were saved for: the ids they went to, and the ids they did not fit. */
  supplySecrets(secrets: readonly VaultSecret[]): { supplied: string[]; mismatched: string[] };
}

/**
 * A connection stops waiting once its config carries a secret again (pasted in the form, imported).
 * Edited without one (a new label, say), it keeps waiting rather than connect without its token.
 */
function waitingAfter(
  waiting: ConnectionsState['waiting'],
  oldId: string,
  config: ConnectionConfig,
): ConnectionsState['waiting'] {
  const before = waiting[oldId];
  if (!before && !waiting[config.id]) return waiting;
  const next = { ...waiting };
  delete next[oldId];
  delete next[config.id];
  if (before && !splitConnection(config).secret && config.auth.keyring === undefined) next[config.id] = before;
  return next;
}

export const useConnections = create<ConnectionsState & ConnectionsActions>()((set, get) => ({
  configs: [],
  enabled: {},
  generation: {},
  waiting: {},

  add(config) {
    const { config: valid, problems } = validateConnection(config, '');
    if (!valid) return problems;
    if (get().configs.some((c) => c.id === valid.id)) return [`a connection with id ${valid.id} already exists`];
    set((s) => ({
      configs: [...s.configs, valid],
      enabled: { ...s.enabled, [valid.id]: true },
      waiting: waitingAfter(s.waiting, valid.id, valid),
    }));
    return [];
  },

  update(id, config) {
    const { config: valid, problems } = validateConnection(config, '');
    if (!valid) return problems;
    if (valid.id !== id && get().configs.some((c) => c.id === valid.id))
      return [`a connection with id ${valid.id} already exists`];
    set((s) => {
      const enabled = { ...s.enabled, [valid.id]: true };
      if (valid.id !== id) delete enabled[id];
      return {
        configs: s.configs.map((c) => (c.id === id ? valid : c)),
        enabled,
        waiting: waitingAfter(s.waiting, id, valid),
      };
    });
    return [];
  },

  remove(id) {
    set((s) => {
      const enabled = { ...s.enabled };
      delete enabled[id];
      const waiting = { ...s.waiting };
      delete waiting[id];
      return { configs: s.configs.filter((c) => c.id !== id), enabled, waiting };
    });
  },

  reconnect(id) {
    set((s) => ({
      enabled: { ...s.enabled, [id]: true },
      generation: { ...s.generation, [id]: (s.generation[id] ?? 0) + 1 },
    }));
  },

  disconnect(id) {
    set((s) => ({ enabled: { ...s.enabled, [id]: false } }));
  },

  importProfile(json) {
    const { connections, problems } = parseProfile(json);
    // An imported connection with a known id replaces the old one (a fresh token is the usual reason).
    set((s) => {
      const incoming = new Map(connections.map((c) => [c.id, c]));
      const kept = s.configs.filter((c) => !incoming.has(c.id));
      const enabled = { ...s.enabled };
      for (const c of connections) enabled[c.id] = true;
      // An imported connection is what the profile says, secret or not: it waits for nothing.
      const waiting = { ...s.waiting };
      for (const c of connections) delete waiting[c.id];
      return { configs: [...kept, ...connections], enabled, waiting };
    });
    return { imported: connections.length, problems };
  },

  exportProfile(includeSecrets) {
    return serializeProfile(get().configs, includeSecrets);
  },

  restore({ configs, enabled, waiting }) {
    set({ configs, enabled, waiting, generation: {} });
  },

  supplySecrets(secrets) {
    const byId = new Map(secrets.map((s) => [s.id, s]));
    const supplied: string[] = [];
    const mismatched: string[] = [];
    const s = get();
    const configs = s.configs.map((config) => {
      const secret = s.waiting[config.id] ? byId.get(config.id) : undefined;
      if (!secret) return config;
      const filled = withVaultSecret(config, secret);
      (filled ? supplied : mismatched).push(config.id);
      return filled ?? config;
    });
    if (supplied.length > 0) {
      const waiting = { ...s.waiting };
      for (const id of supplied) delete waiting[id];
      set({ configs, waiting });
    }
    return { supplied, mismatched };
  },
}));

import { create } from 'zustand';
import type { ConnectionConfig } from '../domain/connection-config';
import { parseProfile, serializeProfile, validateConnection } from '../domain/profile';

/**
 * The user's connections (with their secrets, in memory only). This store holds intent; the ingest
 * bridge (src/app/ingest-bridge.ts) watches it and tells the worker what to open or close.
 * `generation` bumps when the user asks for a reconnect so the bridge re-sends `connect`.
 */
export interface ConnectionsState {
  configs: ConnectionConfig[];
  /** false = disconnected by the user. */
  enabled: Record<string, boolean>;
  generation: Record<string, number>;
}

export interface ConnectionsActions {
  add(config: ConnectionConfig): string[];
  update(id: string, config: ConnectionConfig): string[];
  remove(id: string): void;
  reconnect(id: string): void;
  disconnect(id: string): void;
  importProfile(json: string): { imported: number; problems: string[] };
  exportProfile(includeSecrets: boolean): string;
}

export const useConnections = create<ConnectionsState & ConnectionsActions>()((set, get) => ({
  configs: [],
  enabled: {},
  generation: {},

  add(config) {
    const { config: valid, problems } = validateConnection(config, '');
    if (!valid) return problems;
    if (get().configs.some((c) => c.id === valid.id)) return [`a connection with id ${valid.id} already exists`];
    set((s) => ({ configs: [...s.configs, valid], enabled: { ...s.enabled, [valid.id]: true } }));
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
      return { configs: s.configs.map((c) => (c.id === id ? valid : c)), enabled };
    });
    return [];
  },

  remove(id) {
    set((s) => {
      const enabled = { ...s.enabled };
      delete enabled[id];
      return { configs: s.configs.filter((c) => c.id !== id), enabled };
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
      return { configs: [...kept, ...connections], enabled };
    });
    return { imported: connections.length, problems };
  },

  exportProfile(includeSecrets) {
    return serializeProfile(get().configs, includeSecrets);
  },
}));

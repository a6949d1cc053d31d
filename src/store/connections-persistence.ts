import { create } from 'zustand';
import { useConnections } from './connections-store';
import { restoreSavedConnections, savedConnectionsOf, type SavedConnections } from './saved-connections';

/**
 * Saving the connections in this browser (the saved part only: saved-connections.ts). The app reads
 * the stored record at start and hands it to `restoreConnections` before the ingest bridge starts;
 * `startSavingConnections` then writes every change, the latest state winning, one write at a time.
 */

export interface SavedConnectionsStorage {
  write(saved: SavedConnections): Promise<void>;
}

export interface ConnectionsPersistenceStatus {
  phase: 'opening' | 'ready' | 'unavailable';
  /** Why connections are not saved (unavailable), or the last failed write. Never a secret. */
  problem?: string;
  /** How many connections came back at start, and how many of them wait for a pasted secret. */
  restored?: { connections: number; waiting: number };
  /** Saved connections that could not be restored (by position and field, never a value). */
  restoreProblems: string[];
}

export const useConnectionsPersistence = create<ConnectionsPersistenceStatus>()(() => ({
  phase: 'opening',
  restoreProblems: [],
}));

/** Puts the saved connections into the store (the raw record as read; undefined when none). */
export function restoreConnections(raw: unknown): void {
  const restored = restoreSavedConnections(raw);
  useConnections.getState().restore(restored);
  useConnectionsPersistence.setState({
    restored: { connections: restored.configs.length, waiting: Object.keys(restored.waiting).length },
    restoreProblems: restored.problems,
  });
}

/** Writes the saved part after every change to the connections. Returns a stop function and a flush for tests. */
export function startSavingConnections(storage: SavedConnectionsStorage): {
  stop(): void;
  flush(): Promise<void>;
} {
  let last = JSON.stringify(savedConnectionsOf(useConnections.getState()));
  let pending: SavedConnections | undefined;
  let writing: Promise<void> | undefined;

  const pump = async () => {
    while (pending) {
      const next = pending;
      pending = undefined;
      try {
        await storage.write(next);
        useConnectionsPersistence.setState({ problem: undefined });
      } catch (e) {
        const problem = `connections were not saved (${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error'})`;
        console.error(problem);
        useConnectionsPersistence.setState({ problem });
      }
    }
    writing = undefined;
  };

  const unsubscribe = useConnections.subscribe((s) => {
    const saved = savedConnectionsOf(s);
    const json = JSON.stringify(saved);
    if (json === last) return;
    last = json;
    pending = saved;
    writing ??= pump();
  });
  useConnectionsPersistence.setState({ phase: 'ready' });

  return {
    stop: unsubscribe,
    flush: async () => {
      while (writing) await writing;
    },
  };
}

import { create } from 'zustand';
import type { ConnectionConfig } from '../domain/connection-config';
import type { ProbeResult } from '../ingest/protocol';

/**
 * "Test connection" (the guided form): a config tried once in the ingest worker without being saved,
 * journaled or shown in any table (src/ingest/probe.ts). The form asks here; the ingest bridge takes
 * the pending tests to the worker and brings the answers back.
 */
export interface ProbeState {
  /** Tests not yet handed to the worker. */
  pending: { probeId: string; config: ConnectionConfig }[];
  /** Tests the form gave up on (closed, or tested again) for the bridge to cancel in the worker. */
  cancelled: string[];
  /** The worker's answer per test; absent while it runs. */
  results: Record<string, ProbeResult>;
  start(config: ConnectionConfig): string;
  cancel(probeId: string): void;
  take(): { pending: ProbeState['pending']; cancelled: string[] };
  receive(probeId: string, result: ProbeResult): void;
}

let probeCount = 0;

export const useProbes = create<ProbeState>()((set, get) => ({
  pending: [],
  cancelled: [],
  results: {},
  start(config) {
    const probeId = `probe-${++probeCount}-${Date.now().toString(36)}`;
    set((s) => ({ pending: [...s.pending, { probeId, config }] }));
    return probeId;
  },
  cancel(probeId) {
    set((s) => {
      const results = { ...s.results };
      delete results[probeId];
      const pending = s.pending.filter((p) => p.probeId !== probeId);
      // Not yet sent: nothing runs in the worker to cancel.
      const sent = pending.length === s.pending.length;
      return { pending, results, cancelled: sent ? [...s.cancelled, probeId] : s.cancelled };
    });
  },
  take() {
    const { pending, cancelled } = get();
    if (pending.length > 0 || cancelled.length > 0) set({ pending: [], cancelled: [] });
    return { pending, cancelled };
  },
  receive(probeId, result) {
    set((s) => ({ results: { ...s.results, [probeId]: result } }));
  },
}));

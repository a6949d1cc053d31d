import type { ConnectionConfig } from '../domain/connection-config';
import type { IngestBatch, IngestCommand, IngestMessage, SessionResume } from '../ingest/protocol';
import { useConnections, type ConnectionsState } from '../store/connections-store';
import { usePortfolio } from '../store/portfolio-store';
import { useRecordings, type RecordingState } from '../store/recording-store';
import { useProbes, type ProbeState } from '../store/probe-store';
// The bundled worker's URL (Vite builds it as a module worker, worker.format 'es').
import ingestWorkerUrl from '../ingest/worker.ts?worker&url';
import { trustedScriptUrl } from './trusted-types';
import { WorkerSupervisor } from './worker-supervisor';
import type { ConnectionDiagnostics, ConnectionStatus } from '../domain/types';

/**
 * The page side of ingest: one Web Worker owns every socket. Batches from the worker are queued and
 * applied to the store together, once per animation frame (or every 250 ms while the tab is hidden,
 * when animation frames stop). Connection intent from the connections store becomes worker commands.
 */
export interface IngestBridgeOptions {
  /** What the page knows of a connection's orders (journal), sent with each `connect` command. */
  resumeFor?(connectionId: string): SessionResume | undefined;
  /**
   * When each connection was last live in another tab that held it (a takeover: tab-ownership), so its
   * first `connect` opens the gap since then (as after a worker restart).
   */
  liveUntil?: ReadonlyMap<string, number>;
}

export function startIngestBridge(options: IngestBridgeOptions = {}): () => void {
  const queue: IngestBatch[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    usePortfolio.getState().applyBatches(queue.splice(0), Date.now());
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    if (document.visibilityState === 'visible') requestAnimationFrame(flush);
    else setTimeout(flush, 250);
  };

  // One worker at a time; a failed or silent one is replaced and every connection sent to the new one.
  const supervisor = new WorkerSupervisor({
    create: () => new Worker(trustedScriptUrl(ingestWorkerUrl), { type: 'module', name: 'venueboard-ingest' }),
    timers: {
      now: () => Date.now(),
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    },
    onMessage: (data) => {
      const message = data as IngestMessage;
      if (message.type === 'recording')
        return useRecordings.getState().receive(message.connectionId, message.lines, message.done);
      if (message.type === 'probe-result')
        return useProbes.getState().receive(message.probeId, { outcome: message.outcome, message: message.message });
      if (message.type !== 'batch') return;
      queue.push(message);
      schedule();
    },
    onRestart: (reason) => {
      console.error(`ingest: ${reason}`);
      // What the old worker sent before it failed is applied first: a snapshot of its must not count as
      // the new session's confirmation of the orders marked below.
      flush();
      // The new worker's sessions start with no state: every open order shown awaits its venue's word.
      usePortfolio.getState().awaitOrderReconciliation();
      // When each connection was last live, read before marking them (marked, none is live any more):
      // the new worker opens a gap from there, so the time without a worker is a gap record.
      const live = liveUntilByConnection();
      markEveryConnection('reconnecting', reason);
      // The new worker knows nothing: every connection again, each from when it was last live.
      told.clear();
      sync(useConnections.getState(), live);
      // Recordings end with the worker that made them (what came back is kept); replays are gone.
      const recordings = useRecordings.getState();
      for (const id of Object.keys(recordings.active)) {
        recordings.stop(id);
        recordings.receive(id, [], true);
      }
      for (const id of Object.keys(recordings.replays)) recordings.forgetReplay(id);
      recording.clear();
      replaying.clear();
    },
    onGiveUp: (reason) => {
      console.error(`ingest: ${reason}`);
      markEveryConnection('error', reason);
    },
  });
  const post = (command: IngestCommand) => supervisor.post(command);

  // What the worker was last told, per connection, to send only what changed.
  const told = new Map<string, { config: ConnectionConfig; generation: number; enabled: boolean }>();
  const sync = (s: ConnectionsState, liveUntil?: ReadonlyMap<string, number>) => {
    const present = new Set<string>();
    for (const config of s.configs) {
      // Restored without its pasted secret: not opened until the secret is back (pasted, or from the vault).
      if (s.waiting[config.id]) continue;
      present.add(config.id);
      const generation = s.generation[config.id] ?? 0;
      const enabled = s.enabled[config.id] !== false;
      const prev = told.get(config.id);
      if (prev && prev.config === config && prev.generation === generation && prev.enabled === enabled) continue;
      told.set(config.id, { config, generation, enabled });
      const resume = enabled ? resumeWith(options.resumeFor?.(config.id), liveUntil?.get(config.id)) : undefined;
      post(
        enabled
          ? { type: 'connect', config, ...(resume ? { resume } : {}) }
          : { type: 'disconnect', connectionId: config.id },
      );
    }
    for (const id of [...told.keys()]) {
      if (present.has(id)) continue;
      told.delete(id);
      post({ type: 'remove', connectionId: id });
    }
  };
  const unsubscribe = useConnections.subscribe((s) => sync(s));
  sync(useConnections.getState(), options.liveUntil);

  // Record and replay (src/store/recording-store.ts): toggles and replays become worker commands.
  const recording = new Set<string>();
  const replaying = new Set<string>();
  const syncRecordings = (s: RecordingState) => {
    for (const id of Object.keys(s.active)) {
      if (recording.has(id)) continue;
      recording.add(id);
      post({ type: 'record', connectionId: id, on: true });
    }
    for (const id of [...recording]) {
      if (s.active[id] !== undefined) continue;
      recording.delete(id);
      post({ type: 'record', connectionId: id, on: false });
    }
    if (s.pendingReplays.length > 0) {
      for (const replay of useRecordings.getState().takeReplays()) {
        replaying.add(replay.connectionId);
        const { connectionId, label, text, speed } = replay;
        post({ type: 'replay', connectionId, label, recording: text, speed });
      }
    }
    for (const id of [...replaying]) {
      if (s.replays[id] !== undefined) continue;
      replaying.delete(id);
      post({ type: 'remove', connectionId: id });
    }
  };
  const unsubscribeRecordings = useRecordings.subscribe(syncRecordings);
  syncRecordings(useRecordings.getState());

  // "Test connection" (src/store/probe-store.ts): tests become worker commands, never connections. A test
  // the worker was running when it was replaced gets no answer; the form says so after its timeout.
  const syncProbes = (s: ProbeState) => {
    if (s.pending.length === 0 && s.cancelled.length === 0) return;
    const { pending, cancelled } = useProbes.getState().take();
    for (const probeId of cancelled) post({ type: 'probe-cancel', probeId });
    for (const { probeId, config } of pending) post({ type: 'probe', probeId, config });
  };
  const unsubscribeProbes = useProbes.subscribe(syncProbes);
  syncProbes(useProbes.getState());

  // Reconnect at once when the tab comes back or the network returns, instead of waiting out a backoff.
  const onVisibility = () => post({ type: 'visibility', visible: document.visibilityState === 'visible' });
  const onOnline = () => post({ type: 'visibility', visible: true });
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('online', onOnline);

  return () => {
    unsubscribe();
    unsubscribeRecordings();
    unsubscribeProbes();
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('online', onOnline);
    supervisor.stop();
  };
}

/** A resume that also opens the gap since the connection was last live (after a worker restart). */
function resumeWith(resume: SessionResume | undefined, liveUntil: number | undefined): SessionResume | undefined {
  if (liveUntil === undefined) return resume;
  const earlier = resume?.liveUntil;
  return { orders: resume?.orders ?? [], liveUntil: earlier === undefined ? liveUntil : Math.min(earlier, liveUntil) };
}

/** When each connection was last live, as the page saw it (its last message while live or stale). */
export function liveUntilByConnection(): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of usePortfolio.getState().connections.values()) {
    if ((c.status === 'live' || c.status === 'stale') && c.lastMessageAt !== undefined)
      out.set(c.connectionId, c.lastMessageAt);
  }
  return out;
}

/** Every connection shows what happened to the worker that held its socket, until the new one reports. */
export function markEveryConnection(status: ConnectionStatus, reason: string): void {
  const state = usePortfolio.getState();
  const connections: ConnectionDiagnostics[] = [...state.connections.values()].map((c) => ({
    ...c,
    status,
    reason,
    messagesPerSecond: 0,
  }));
  state.applyBatches([{ type: 'batch', seq: state.lastBatchSeq, events: [], connections, removed: [] }], Date.now());
}

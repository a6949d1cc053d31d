import type { ConnectionConfig } from '../domain/connection-config';
import type { IngestBatch, IngestCommand, IngestMessage, SessionResume } from '../ingest/protocol';
import { useConnections, type ConnectionsState } from '../store/connections-store';
import { usePortfolio } from '../store/portfolio-store';
// The bundled worker's URL (Vite builds it as a module worker, worker.format 'es').
import ingestWorkerUrl from '../ingest/worker.ts?worker&url';
import { trustedScriptUrl } from './trusted-types';

/**
 * The page side of ingest: one Web Worker owns every socket. Batches from the worker are queued and
 * applied to the store together, once per animation frame (or every 250 ms while the tab is hidden,
 * when animation frames stop). Connection intent from the connections store becomes worker commands.
 */
export interface IngestBridgeOptions {
  /** What the page knows of a connection's orders (journal), sent with each `connect` command. */
  resumeFor?(connectionId: string): SessionResume | undefined;
}

export function startIngestBridge(options: IngestBridgeOptions = {}): () => void {
  const worker = new Worker(trustedScriptUrl(ingestWorkerUrl), {
    type: 'module',
    name: 'venueboard-ingest',
  });
  const post = (command: IngestCommand) => worker.postMessage(command);

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
  worker.addEventListener('message', (e: MessageEvent<IngestMessage>) => {
    if (e.data.type !== 'batch') return;
    queue.push(e.data);
    schedule();
  });
  worker.addEventListener('error', (e) => console.error('ingest worker failed:', e.message));

  // What the worker was last told, per connection, to send only what changed.
  const told = new Map<string, { config: ConnectionConfig; generation: number; enabled: boolean }>();
  const sync = (s: ConnectionsState) => {
    const present = new Set<string>();
    for (const config of s.configs) {
      present.add(config.id);
      const generation = s.generation[config.id] ?? 0;
      const enabled = s.enabled[config.id] !== false;
      const prev = told.get(config.id);
      if (prev && prev.config === config && prev.generation === generation && prev.enabled === enabled) continue;
      told.set(config.id, { config, generation, enabled });
      const resume = enabled ? options.resumeFor?.(config.id) : undefined;
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
  const unsubscribe = useConnections.subscribe(sync);
  sync(useConnections.getState());

  // Reconnect at once when the tab comes back or the network returns, instead of waiting out a backoff.
  const onVisibility = () => post({ type: 'visibility', visible: document.visibilityState === 'visible' });
  const onOnline = () => post({ type: 'visibility', visible: true });
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('online', onOnline);

  return () => {
    unsubscribe();
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('online', onOnline);
    worker.terminate();
  };
}

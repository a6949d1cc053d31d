import { IngestCore, type IngestCoreDeps } from './ingest-core';
import { INGEST_ALIVE_INTERVAL_MS, INGEST_FLUSH_INTERVAL_MS, isIngestCommand, type IngestMessage } from './protocol';
import type { TimerHandle } from '../venues/shared/clock';

export interface IngestWorkerHostDeps extends Omit<IngestCoreDeps, 'onDirty'> {
  /** Sends a message to the page (`self.postMessage` in the worker). */
  post(message: IngestMessage): void;
  flushIntervalMs?: number;
}

export interface IngestWorkerHost {
  /** One `message` event's data from the page. */
  receive(data: unknown): void;
  /** Stops flushing and closes every connection. */
  stop(): void;
  readonly core: IngestCore;
}

/**
 * The worker's message loop without worker globals: commands in, batches out. A flush is scheduled
 * only when something changed, and no sooner than `flushIntervalMs` after the previous one, so an
 * idle worker sets no timers and a busy one posts about once per animation frame.
 */
export function createIngestWorkerHost(deps: IngestWorkerHostDeps): IngestWorkerHost {
  const interval = deps.flushIntervalMs ?? INGEST_FLUSH_INTERVAL_MS;
  const { clock } = deps;
  let timer: TimerHandle | undefined;
  let lastFlushAt = -Infinity;
  let stopped = false;

  const flush = () => {
    timer = undefined;
    lastFlushAt = clock.now();
    const batch = core.flush();
    // Recorded lines go with the batches (a `record` command's lines, and its end).
    for (const recording of core.takeRecordings()) deps.post(recording);
    for (const answer of core.takeProbeResults()) deps.post(answer);
    if (!batch) return;
    if (batch.dropped) console.warn(`ingest: buffer full, dropped ${batch.dropped} events since the last batch`);
    deps.post(batch);
  };

  const schedule = () => {
    if (stopped || timer !== undefined) return;
    timer = clock.setTimeout(flush, Math.max(0, lastFlushAt + interval - clock.now()));
  };

  const core = new IngestCore({ ...deps, onDirty: schedule });
  // The page's supervisor (src/app/worker-supervisor.ts) replaces a worker that stops saying this.
  const alive = clock.setInterval(() => {
    if (!stopped) deps.post({ type: 'alive' });
  }, INGEST_ALIVE_INTERVAL_MS);

  return {
    core,
    receive(data) {
      if (stopped) return;
      // Never log the data: a connect command carries credentials.
      if (!isIngestCommand(data)) return console.warn('ingest: ignored a message that is not an IngestCommand');
      core.handle(data);
    },
    stop() {
      stopped = true;
      clock.clearInterval(alive);
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      core.dispose();
    },
  };
}

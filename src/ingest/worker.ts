/// <reference lib="webworker" />
/**
 * The ingest Web Worker (module worker): one for all connections. The page starts it with
 * `new Worker(new URL('../ingest/worker.ts', import.meta.url), { type: 'module' })`, posts
 * `IngestCommand`s and receives `IngestBatch`es (protocol.ts). Everything else is in worker-host.ts
 * and ingest-core.ts, which run in Node tests as well.
 */
import { getAdapter } from '../venues/registry';
import { realClock } from '../venues/shared/clock';
import { browserSocketFactory } from '../venues/shared/socket';
import { createIngestWorkerHost } from './worker-host';

declare const self: DedicatedWorkerGlobalScope;

const host = createIngestWorkerHost({
  getAdapter,
  socketFactory: browserSocketFactory,
  clock: realClock,
  post: (message) => self.postMessage(message),
});

self.addEventListener('message', (event: MessageEvent<unknown>) => host.receive(event.data));

/// <reference lib="webworker" />
/**
 * The ingest Web Worker (module worker): one for all connections. The page starts it with
 * `new Worker(new URL('../ingest/worker.ts', import.meta.url), { type: 'module' })`, posts
 * `IngestCommand`s and receives `IngestBatch`es (protocol.ts). Everything else is in worker-host.ts
 * and ingest-core.ts, which run in Node tests as well.
 */
import { loadAdapter, loadAllAdapters, loadedAdapter } from '../venues/adapter-loaders';
import { realClock } from '../venues/shared/clock';
import { browserSocketFactory } from '../venues/shared/socket';
import { venuesNeeded } from './venue-code';
import { createIngestWorkerHost } from './worker-host';

declare const self: DedicatedWorkerGlobalScope;

const host = createIngestWorkerHost({
  getAdapter: loadedAdapter,
  socketFactory: browserSocketFactory,
  clock: realClock,
  post: (message) => self.postMessage(message),
});

const loadFor = (command: unknown): Promise<unknown> => {
  const venues = venuesNeeded(command);
  return venues === 'all' ? loadAllAdapters() : Promise.all(venues.map(loadAdapter));
};

// Commands run in the order they came; one that needs a venue's code not loaded yet waits for it.
let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const command = event.data;
  queue = queue
    .then(() => loadFor(command))
    .then(() => host.receive(command))
    .catch((e: unknown) => console.error('ingest: a command failed:', e));
});

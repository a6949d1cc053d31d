import type { CDPSession, Page } from '@playwright/test';

/**
 * The JS heap of the page's main thread and of its dedicated workers (the ingest worker), each read
 * after a forced full GC (CDP `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`).
 *
 * Workers: Playwright's CDP sessions cannot address a child session, so the page's session
 * auto-attaches to its workers in the non-flattened mode and talks to each through
 * `Target.sendMessageToTarget` / `Target.receivedMessageFromTarget`. A worker the app restarts is a new
 * target: it is attached when it starts and forgotten when it goes.
 */

/** CDP's protocol types are loose here: every message is `{ id, result | error }` or an event. */
interface ChildMessage {
  id?: number;
  result?: unknown;
  error?: { message: string };
  method?: string;
  params?: { chunk?: string };
}

interface HeapUsage {
  usedSize: number;
}

/** How long a worker gets to answer; a worker stuck longer than this reads as NaN. */
const WORKER_REPLY_MS = 30_000;

export class HeapProbe {
  private readonly workers = new Map<string, string>(); // sessionId -> worker title
  private readonly pending = new Map<number, (reply: ChildMessage) => void>();
  /** Heap snapshot chunks a worker is sending, by session. */
  private readonly chunks = new Map<string, string[]>();
  private nextId = 1;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') this.workers.set(e.sessionId, e.targetInfo.title);
    });
    cdp.on('Target.detachedFromTarget', (e) => void this.workers.delete(e.sessionId ?? ''));
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const reply = JSON.parse(e.message) as ChildMessage;
      if (reply.method === 'HeapProfiler.addHeapSnapshotChunk' && e.sessionId)
        this.chunks.get(e.sessionId)?.push(reply.params?.chunk ?? '');
      if (reply.id === undefined) return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  static async attach(page: Page): Promise<HeapProbe> {
    const cdp = await page.context().newCDPSession(page);
    const probe = new HeapProbe(cdp);
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return probe;
  }

  /** The CDP session of the page itself (heap snapshots use it). */
  get session(): CDPSession {
    return this.cdp;
  }

  /** Main thread's used JS heap after two full GCs (the second collects what the first's finalizers freed). */
  async pageHeap(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    await this.cdp.send('HeapProfiler.collectGarbage');
    return (await this.cdp.send('Runtime.getHeapUsage')).usedSize;
  }

  /** Each worker's used JS heap after two full GCs, by worker name (`venueboard-ingest`). */
  async workerHeaps(): Promise<Record<string, number>> {
    const heaps: Record<string, number> = {};
    for (const [sessionId, title] of this.workers) {
      try {
        await this.toWorker(sessionId, 'HeapProfiler.collectGarbage');
        await this.toWorker(sessionId, 'HeapProfiler.collectGarbage');
        heaps[title] = ((await this.toWorker(sessionId, 'Runtime.getHeapUsage')) as HeapUsage).usedSize;
      } catch {
        heaps[title] = Number.NaN;
      }
    }
    return heaps;
  }

  /** A heap snapshot of the worker named `title` (it pauses while it is taken); undefined if none runs. */
  async workerSnapshot(title: string): Promise<string | undefined> {
    const sessionId = [...this.workers].find(([, t]) => t === title)?.[0];
    if (sessionId === undefined) return undefined;
    const chunks: string[] = [];
    this.chunks.set(sessionId, chunks);
    try {
      await this.toWorker(sessionId, 'HeapProfiler.enable');
      await this.toWorker(sessionId, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      this.chunks.delete(sessionId);
    }
    return chunks.join('');
  }

  private toWorker(sessionId: string, method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`worker did not answer ${method} in ${WORKER_REPLY_MS / 1000} s`));
      }, WORKER_REPLY_MS);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result);
      });
      this.cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch((error: unknown) => {
          clearTimeout(timer);
          this.pending.delete(id);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  }
}

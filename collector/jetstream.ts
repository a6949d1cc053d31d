import {
  connect,
  DiscardPolicy,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type KV,
  type NatsConnection,
} from 'nats';
import { DESK_SUBJECTS, stateBucketOf } from '../src/venues/desk/wire';

/**
 * The collector's side of JetStream (`nats`, the TCP client of the nats.ws family): the stream and the
 * state bucket, created when missing (by whichever collector starts first; the others find them), and
 * an outbox that publishes with `Nats-Msg-Id` and retries until JetStream acknowledges. Retrying is
 * always safe: a message id JetStream has seen within the duplicate window is dropped by the stream.
 */

export interface StreamSettings {
  stream: string;
  replicas: number;
  maxAgeHours: number;
  duplicateWindowSeconds: number;
}

export interface DeskNats {
  nc: NatsConnection;
  js: JetStreamClient;
  kv: KV;
}

export async function connectDesk(url: string, token: string | undefined, name: string): Promise<DeskNats> {
  const nc = await connect({
    servers: url.split(',').map((u) => u.trim()),
    name: `venueboard-collector ${name}`,
    ...(token === undefined ? {} : { token }),
    // The collector outlives server restarts and a cluster node's loss: reconnect forever.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  return { nc, js: nc.jetstream(), kv: undefined as unknown as KV };
}

/** The stream (`vb.>`) and the state bucket; created with these settings when missing, left as they are when present. */
export async function ensureDeskStreams(desk: DeskNats, settings: StreamSettings): Promise<DeskNats> {
  // A cluster that has just started has no JetStream leader for a few seconds: try again meanwhile.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await ensureOnce(desk, settings);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function ensureOnce(desk: DeskNats, settings: StreamSettings): Promise<DeskNats> {
  const jsm = await desk.nc.jetstreamManager();
  const config = {
    name: settings.stream,
    subjects: [DESK_SUBJECTS],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: settings.replicas,
    max_age: nanos(settings.maxAgeHours * 3_600_000),
    duplicate_window: nanos(settings.duplicateWindowSeconds * 1_000),
  };
  try {
    await jsm.streams.info(settings.stream);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another collector created it meanwhile.
      await jsm.streams.info(settings.stream).catch(() => {
        throw error;
      });
    }
  }
  const kv = await desk.js.views.kv(stateBucketOf(settings.stream), {
    history: 1,
    replicas: settings.replicas,
    storage: StorageType.File,
  });
  return { ...desk, kv };
}

export interface OutMessage {
  subject: string;
  id: string;
  data: string;
}

const encoder = new TextEncoder();

/** Messages waiting for JetStream's acknowledgement, oldest first; bounded (the oldest go, counted). */
export class Outbox {
  private queue: OutMessage[] = [];
  private readonly state = new Map<string, string | null>();
  private busy = false;
  published = 0;
  /** Messages JetStream acknowledged as duplicates (another collector, or a retry, published them first). */
  duplicates = 0;
  failures = 0;
  dropped = 0;
  lastError: string | undefined;

  constructor(
    private readonly desk: DeskNats,
    private readonly capacity = 200_000,
  ) {}

  push(message: OutMessage): void {
    this.queue.push(message);
    if (this.queue.length > this.capacity) {
      const over = this.queue.length - this.capacity;
      this.queue.splice(0, over);
      this.dropped += over;
    }
  }

  /** The latest value of a state key (null: delete it); only the latest is written. */
  putState(key: string, value: string | null): void {
    this.state.delete(key);
    this.state.set(key, value);
  }

  get pending(): number {
    return this.queue.length + this.state.size;
  }

  /** Publishes what is queued, a chunk at a time; failed messages stay queued for the next drain. */
  async drain(chunk = 512): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, chunk);
        const results = await Promise.allSettled(
          batch.map((m) => this.desk.js.publish(m.subject, encoder.encode(m.data), { msgID: m.id, timeout: 5_000 })),
        );
        const failed = batch.filter((_, i) => results[i]?.status === 'rejected');
        for (const r of results) if (r.status === 'fulfilled' && r.value.duplicate) this.duplicates++;
        this.published += batch.length - failed.length;
        if (failed.length > 0) {
          this.failures += failed.length;
          const reason = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          this.lastError = reason.reason instanceof Error ? reason.reason.message : String(reason.reason);
          this.queue.unshift(...failed);
          return;
        }
      }
      const entries = [...this.state];
      this.state.clear();
      const results = await Promise.allSettled(
        entries.map(([key, value]) => (value === null ? this.desk.kv.delete(key) : this.desk.kv.put(key, value))),
      );
      entries.forEach(([key, value], i) => {
        // A newer value of the key that arrived meanwhile wins over the failed one.
        if (results[i]?.status === 'rejected' && !this.state.has(key)) this.state.set(key, value);
      });
    } finally {
      this.busy = false;
    }
  }
}

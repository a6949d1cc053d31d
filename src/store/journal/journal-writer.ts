import { LIMITS } from '../state';
import { isEmpty, type JournalChanges } from './changes';
import { JournalBuffer } from './write-buffer';

/**
 * When the journal writes, and what happens when a write fails. The I/O (one IndexedDB transaction
 * per write) and the clock are injected; the rules are here:
 *
 * - New fills and realized totals go out at once (a quick reload must not lose them; several venues
 *   replay none), at most one transaction at a time; everything else waits up to WRITE_DELAY_MS to
 *   share a transaction. A connection's liveUntil changes with every message: it goes with those
 *   timed writes only, never more often.
 * - A failed write is not dropped: its changes go back into the buffer under anything newer for the
 *   same keys (write-buffer.ts) and the write is retried after RETRY_DELAYS_MS (1 s, 2 s, 4 s, ... 30 s),
 *   with everything that arrived meanwhile. No other write is tried until then (a failing disk is not
 *   hammered once per frame). The status says so from the first failure to the next success.
 * - Past the buffer's bound the records are let go and the next successful write rewrites the page's
 *   whole state (write-buffer.ts); the status says so, and afterwards what the journal may miss.
 */

export const WRITE_DELAY_MS = 500;
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000] as const;

/** The wait before retry number `failures` (1: after the first failure). */
export const retryDelay = (failures: number): number =>
  RETRY_DELAYS_MS[Math.min(Math.max(failures, 1), RETRY_DELAYS_MS.length) - 1]!;

export interface WriteFailure {
  /** First failure of this run (Unix ms). */
  since: number;
  /** Failed writes in a row. */
  failures: number;
  /** The last error (the browser's message: never a secret). */
  error: string;
  /** When the next attempt runs (Unix ms). */
  nextRetryAt: number;
  /** Records and deletions waiting, as of the last attempt. */
  pending: number;
  /** More than MAX_BUFFERED_RECORDS waited: the next successful write rewrites the page's whole state. */
  overflowed: boolean;
}

/** After an overflow, the rewrite succeeded: what the journal may miss since. */
export interface JournalRewrite {
  at: number;
  /**
   * The page held as many fills as it keeps (LIMITS.fills): fills older than this that arrived while
   * writes failed may have left the page before they could be written.
   */
  fillsMayMissBefore?: number;
}

export interface JournalWriteStatus {
  failure?: WriteFailure;
  rewrite?: JournalRewrite;
}

export interface JournalWriterDeps {
  /** One transaction with every change; rejects when it did not commit (nothing of it is kept then). */
  write(changes: JournalChanges): Promise<void>;
  /** Everything the page holds, as changes (changes.ts wholeState): the rewrite after an overflow. */
  wholeState(): JournalChanges;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** The write status changed (shown on the board while writes fail). */
  status(status: JournalWriteStatus): void;
  /** A write committed. */
  written?(): void;
}

/** `urgent`: new fills (liveUntil stays for a timed write); `timed`: the 500 ms write; `now`: a retry or a flush. */
type WriteKind = 'urgent' | 'timed' | 'now';

const message = (e: unknown) =>
  e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);

/** What a rewrite could not bring back (pure; the changes a rewrite wrote). */
export function rewriteMayMiss(written: JournalChanges, at: number): JournalRewrite {
  if (written.fills.length < LIMITS.fills) return { at };
  let oldest = Number.POSITIVE_INFINITY;
  for (const f of written.fills) oldest = Math.min(oldest, f.time);
  return { at, fillsMayMissBefore: oldest };
}

export class JournalWriter {
  private readonly buffer: JournalBuffer;
  private writeTimer: unknown;
  private retryTimer: unknown;
  /** Writes run one at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private failure: WriteFailure | undefined;
  private rewrite: JournalRewrite | undefined;
  private stopped = false;

  constructor(
    private readonly deps: JournalWriterDeps,
    buffer?: JournalBuffer,
  ) {
    this.buffer = buffer ?? new JournalBuffer();
  }

  /** Changes after a store update. */
  add(changes: JournalChanges): void {
    if (this.stopped || isEmpty(changes)) return;
    this.buffer.add(changes);
    // While writes fail, the retry timer is the only writer.
    if (this.failure) return;
    if (changes.fills.length > 0 || changes.realized.length > 0) void this.enqueue('urgent');
    else this.arm();
  }

  /** Write everything now, liveUntil included (the page is hidden or closing; tests). */
  flush(): Promise<void> {
    this.disarm();
    return this.enqueue('now');
  }

  /** Retry a failed write now instead of waiting out the backoff. */
  retryNow(): Promise<void> {
    if (this.retryTimer !== undefined) this.deps.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    return this.enqueue('now');
  }

  /** Forget what waits ("Clear history" deletes everything anyway). */
  clear(): void {
    this.disarm();
    this.buffer.clear();
  }

  get pending(): number {
    return this.buffer.size;
  }

  /** Write what waits, then nothing more. */
  stop(): Promise<void> {
    const done = this.flush();
    this.stopped = true;
    if (this.retryTimer !== undefined) this.deps.clearTimer(this.retryTimer);
    return done;
  }

  private arm(): void {
    if (this.writeTimer !== undefined || this.stopped) return;
    this.writeTimer = this.deps.setTimer(() => {
      this.writeTimer = undefined;
      void this.enqueue('timed');
    }, WRITE_DELAY_MS);
  }

  private disarm(): void {
    if (this.writeTimer !== undefined) this.deps.clearTimer(this.writeTimer);
    this.writeTimer = undefined;
  }

  private enqueue(kind: WriteKind): Promise<void> {
    this.chain = this.chain.then(() => this.writeOnce(kind));
    return this.chain;
  }

  private async writeOnce(kind: WriteKind): Promise<void> {
    // Writes queued before a failure wait for the retry (or an explicit flush / retry now).
    if (this.failure && kind !== 'now') return;
    if (this.buffer.size === 0 && !this.buffer.overflowed) return;
    const { changes, rewrite } = this.buffer.take(kind !== 'urgent', () => this.deps.wholeState());
    if (!rewrite && isEmpty(changes)) {
      // Only liveUntil waits, and this write was not a timed one.
      this.arm();
      return;
    }
    try {
      await this.deps.write(changes);
    } catch (e) {
      this.buffer.requeue(changes, rewrite);
      this.failed(e);
      return;
    }
    this.succeeded(changes, rewrite);
  }

  private failed(e: unknown): void {
    const now = this.deps.now();
    const failures = (this.failure?.failures ?? 0) + 1;
    const delay = retryDelay(failures);
    this.failure = {
      since: this.failure?.since ?? now,
      failures,
      error: message(e),
      nextRetryAt: now + delay,
      pending: this.buffer.size,
      overflowed: this.buffer.overflowed,
    };
    this.disarm();
    if (this.retryTimer !== undefined) this.deps.clearTimer(this.retryTimer);
    this.retryTimer = this.stopped
      ? undefined
      : this.deps.setTimer(() => {
          this.retryTimer = undefined;
          void this.enqueue('now');
        }, delay);
    this.publish();
  }

  private succeeded(written: JournalChanges, rewrite: boolean): void {
    this.deps.written?.();
    if (!this.failure && !rewrite) {
      if (this.buffer.hasLiveness) this.arm();
      return;
    }
    this.failure = undefined;
    if (this.retryTimer !== undefined) this.deps.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    if (rewrite) this.rewrite = rewriteMayMiss(written, this.deps.now());
    this.publish();
    // What arrived during the failing write goes out with the next timed write.
    if (this.buffer.size > 0) this.arm();
  }

  private publish(): void {
    const status: JournalWriteStatus = {};
    if (this.failure) status.failure = this.failure;
    if (this.rewrite) status.rewrite = this.rewrite;
    this.deps.status(status);
  }
}

import type { RestRequest, RestResult } from '../types';

/**
 * One paginated Rails REST read (`?…&start=<last>` until no `last`), as a small state machine the
 * recovery drives: which request is in flight, how many attempts the current page has had, and why it
 * stopped. Transient failures (no answer, 429, 5xx, the relay's 502/504) are retried at the next
 * heartbeat, a bounded number of times; refusals (401, other 4xx) and unreadable answers are final.
 * Pure; no timers.
 */

/** Attempts per page before giving up (the first plus two retries, one per heartbeat). */
export const MAX_ATTEMPTS = 3;
/** Pages read per recovery before stopping (10 000 fills at Rails' 100 a page). */
export const MAX_PAGES = 100;
/** A request unanswered this long is counted as failed (the lifecycle itself gives up after 15 s). */
export const REQUEST_TIMEOUT_MS = 60_000;

export type PageOutcome =
  /** A page to process, then `next()`. */
  | { kind: 'page'; body: string }
  /** Nothing to do now (a retry waits for the heartbeat). */
  | { kind: 'wait' }
  /** The read stopped for good; `reason` says why, for a trader. */
  | { kind: 'failed'; reason: string; status?: number };

export class PagedRead {
  private cursor: string | undefined;
  private attempts = 0;
  private inflight: { id: string; sentAt: number } | undefined;
  private retryDue = false;
  /** Pages fully read so far. */
  pages = 0;
  /** Every page was read. */
  complete = false;
  /** Why the read stopped early (undefined while running or when complete). */
  failure: string | undefined;
  /** Stopped at MAX_PAGES with more to read. */
  truncated = false;
  private sequence = 0;

  constructor(
    private readonly label: string,
    private readonly path: string,
    private readonly query: Record<string, string>,
    private readonly describeFailure: (result: RestResult) => { reason: string; retry: boolean },
  ) {}

  get done(): boolean {
    return this.complete || this.failure !== undefined;
  }

  /** The first request. */
  start(now: number): RestRequest {
    return this.request(now);
  }

  /** Whether `id` is this read's request in flight. */
  owns(id: string): boolean {
    return this.inflight?.id === id;
  }

  /** The answer to the request in flight. */
  answer(result: RestResult): PageOutcome {
    this.inflight = undefined;
    if (result.ok && result.status >= 200 && result.status < 300) return { kind: 'page', body: result.body };
    const { reason, retry } = this.describeFailure(result);
    this.attempts++;
    if (retry && this.attempts < MAX_ATTEMPTS) {
      this.retryDue = true;
      return { kind: 'wait' };
    }
    this.failure = retry ? `${reason} (${this.attempts} attempts)` : reason;
    return result.ok
      ? { kind: 'failed', reason: this.failure, status: result.status }
      : { kind: 'failed', reason: this.failure };
  }

  /** After a page was processed: the next page's request, or undefined when the read is over. */
  next(last: string | undefined, now: number): RestRequest | undefined {
    this.pages++;
    if (last === undefined) {
      this.complete = true;
      return undefined;
    }
    if (last === this.cursor) {
      this.failure = 'Rails repeated a page key';
      return undefined;
    }
    if (this.pages >= MAX_PAGES) {
      this.truncated = true;
      this.failure = `more than ${MAX_PAGES} pages`;
      return undefined;
    }
    this.cursor = last;
    this.attempts = 0;
    return this.request(now);
  }

  /** The page could not be read (unreadable body): stop. */
  fail(reason: string): void {
    this.failure = reason;
  }

  /** At a heartbeat: the retry due, or a request unanswered too long counted as failed. */
  heartbeat(now: number): { request?: RestRequest; outcome?: PageOutcome } {
    if (this.done) return {};
    if (this.inflight && now - this.inflight.sentAt >= REQUEST_TIMEOUT_MS) {
      const outcome = this.answer({ ok: false, error: 'no answer within 60 s' });
      if (outcome.kind === 'failed') return { outcome };
    }
    if (this.retryDue) {
      this.retryDue = false;
      return { request: this.request(now) };
    }
    return {};
  }

  private request(now: number): RestRequest {
    const id = `${this.label}:${++this.sequence}`;
    this.inflight = { id, sentAt: now };
    const query = this.cursor === undefined ? { ...this.query } : { ...this.query, start: this.cursor };
    return { id, path: this.path, query };
  }
}

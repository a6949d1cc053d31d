import { clip, withDiagnostics } from '../shared/session-output';
import {
  emptyOutput,
  type GapWindow,
  type RecoveryReport,
  type RestRequest,
  type RestResult,
  type SessionOutput,
} from '../types';
import type { CoinswitchAccount } from './account';
import { decodeExecutionPage, decodeOrderPage, httpFailure } from './rest-codec';
import { utcBetween } from './time';
import { COINSWITCH_EXECUTION_LIST_PATH, COINSWITCH_ORDER_REALTIME_PATH } from './wire';

/**
 * Recovery after a gap (docs/venues/coinswitch.md, "Recovery after a gap"): NATS replays nothing, so
 * whatever the private subjects published while the connection was not live is fetched from the
 * venue's REST, through the keyring relay (which holds the Ed25519 secret and signs):
 *
 * - executions: `GET /v5/execution/list?category=linear&startTime&endTime&limit=100&cursor`, from the
 *   gap's start minus a clock-skew margin to now plus the margin, in windows of at most 7 days (the
 *   venue's limit), each paged with `nextPageCursor` until it is empty; every execution goes through
 *   the account like a trade message's (one fill per `execId`, the stream's and this one's together);
 * - orders: `GET /v5/order/realtime?category=linear&openOnly=0&limit=50&cursor`: open and recent closed
 *   orders, each passed on like an order message's (the store merges, never regressing).
 *
 * Both run at once. A failed page (no answer, an HTTP error, `retCode != 0`, an unreadable envelope) is
 * asked again at a heartbeat `RETRY_DELAY_MS` later, at most `MAX_ATTEMPTS` times, then given up: the report says
 * what may be missing and why. `full` only when both lists were read to their end without an
 * unreadable item, over the whole gap.
 */

/** The venue's clock may differ from ours: the window starts this much earlier and ends this much later. */
export const CLOCK_SKEW_MARGIN_MS = 5_000;
/** The execution list's largest window (startTime to endTime). */
export const EXECUTION_WINDOW_MS = 7 * 86_400_000;
/** At most this many 7-day windows back (91 days); older executions are reported as not fetched. */
export const MAX_EXECUTION_WINDOWS = 13;
export const EXECUTION_PAGE_LIMIT = 100;
export const ORDER_PAGE_LIMIT = 50;
/** Pages per list before giving up on the rest (20 000 executions, 10 000 orders). */
export const MAX_PAGES = 200;
/** Attempts per page (the first and two retries at the following heartbeats). */
export const MAX_ATTEMPTS = 3;
/** A failed page is asked again at the first heartbeat this long after the failure. */
export const RETRY_DELAY_MS = 5_000;
/** A request still unanswered after this long counts as failed (the lifecycle times out at 15 s). */
export const ANSWER_TIMEOUT_MS = 60_000;
/**
 * [guess] How far back `/v5/order/realtime` lists closed orders ("recent closed ones"; Bybit's own
 * window is not stated in the docs): a gap older than this may leave an order closed in it stale.
 */
export const RECENT_CLOSED_ORDERS_MS = 7 * 86_400_000;

type PartKind = 'executions' | 'orders';

interface Part {
  kind: PartKind;
  /** The current page's cursor; undefined for a window's first page. */
  cursor: string | undefined;
  /** Executions: the 7-day window being read (0 = the newest). */
  window: number;
  pending: { id: string; sentAt: number } | undefined;
  /** Failed attempts at the current page. */
  attempts: number;
  /** The current page failed: asked again at the first heartbeat from this time on. */
  retryAt: number | undefined;
  pages: number;
  done: boolean;
  /** Given up: why. */
  failure: string | undefined;
  /** Stopped at MAX_PAGES with more to read. */
  capped: boolean;
  unreadable: number;
  /** New fills (executions) or order updates passed on (orders). */
  found: number;
}

interface Run {
  id: number;
  /** The gap to recover; undefined for the open-order read of a first connect (nothing to report). */
  gap: GapWindow | undefined;
  startedAt: number;
  /** The execution window as a whole: gap.from - margin .. now + margin. */
  start: number;
  end: number;
  /** 7-day windows to read; fewer than needed when the gap is older than MAX_EXECUTION_WINDOWS allow. */
  windows: number;
  truncated: boolean;
  seq: number;
  parts: Record<PartKind, Part>;
}

const LABEL: Record<PartKind, string> = { executions: 'execution list', orders: 'order list' };

export class CoinswitchRecovery {
  private run: Run | undefined;
  private runs = 0;

  constructor(
    private readonly account: CoinswitchAccount,
    /** Venue and relay text for a diagnostic or a detail: no secret, one short line. */
    private readonly scrub: (text: string) => string,
  ) {}

  /** A connection without REST (a pasted triple): the gap is recorded `none`, saying why and what would help. */
  static withoutRest(gap: GapWindow): SessionOutput {
    const out = emptyOutput();
    out.recovery = {
      recovered: 'none',
      detail:
        `fills and order changes ${utcBetween(gap.from, gap.to)} may be missing: a pasted socket credential gives ` +
        `the browser no CoinSwitch REST access (the Ed25519 API secret stays with the keyring relay); ` +
        `a keyring connection recovers them`,
    };
    return out;
  }

  /** A new recovery over `gap` (it spans every gap still pending): any earlier one is superseded. */
  start(gap: GapWindow, now: number): SessionOutput {
    const start = gap.from - CLOCK_SKEW_MARGIN_MS;
    const end = Math.max(now, gap.to) + CLOCK_SKEW_MARGIN_MS;
    const needed = Math.max(1, Math.ceil((end - start) / EXECUTION_WINDOW_MS));
    const run: Run = {
      id: ++this.runs,
      gap,
      startedAt: now,
      start,
      end,
      windows: Math.min(needed, MAX_EXECUTION_WINDOWS),
      truncated: needed > MAX_EXECUTION_WINDOWS,
      seq: 0,
      parts: { executions: newPart('executions'), orders: newPart('orders') },
    };
    this.run = run;
    const out = emptyOutput();
    out.requests = [this.request(run, run.parts.executions, now), this.request(run, run.parts.orders, now)];
    return out;
  }

  /**
   * The first time the connection is live: the stream sends only changes, so orders that were resting
   * before it are read once from the order list. No gap, so no report (a failure is a diagnostic). A
   * recovery that starts meanwhile supersedes it (it reads the order list too).
   */
  openOrders(now: number): SessionOutput {
    const executions = newPart('executions');
    executions.done = true;
    const run: Run = {
      id: ++this.runs,
      gap: undefined,
      startedAt: now,
      start: now,
      end: now,
      windows: 0,
      truncated: false,
      seq: 0,
      parts: { executions, orders: newPart('orders') },
    };
    this.run = run;
    const out = emptyOutput();
    out.requests = [this.request(run, run.parts.orders, now)];
    return out;
  }

  /** The socket that asked is gone (its answers are fenced off); the lifecycle asks again once live. */
  abandon(): void {
    this.run = undefined;
  }

  /** An answer to one of this recovery's requests, or undefined when it is not one (an older run's). */
  response(id: string, result: RestResult, now: number): SessionOutput | undefined {
    const run = this.run;
    if (!run) return undefined;
    const part = [run.parts.executions, run.parts.orders].find((p) => p.pending?.id === id);
    if (!part) return undefined;
    part.pending = undefined;
    const out = emptyOutput();
    if (!result.ok) this.failed(part, result.error, now, out);
    else if (result.status !== 200) this.failed(part, httpFailure(result.status, result.body), now, out);
    else this.page(run, part, result.body, now, out);
    this.finishIfDone(run, out);
    return out;
  }

  /** Retries failed pages, and counts a request unanswered for too long as failed. */
  heartbeat(now: number, out: SessionOutput): void {
    const run = this.run;
    if (!run) return;
    for (const part of [run.parts.executions, run.parts.orders]) {
      if (part.pending && now - part.pending.sentAt >= ANSWER_TIMEOUT_MS) {
        part.pending = undefined;
        this.failed(part, `no answer within ${ANSWER_TIMEOUT_MS / 1000} s`, now, out);
      }
      if (part.retryAt !== undefined && now >= part.retryAt && !part.done) {
        part.retryAt = undefined;
        (out.requests ??= []).push(this.request(run, part, now));
      }
    }
    this.finishIfDone(run, out);
  }

  // ---- pages -------------------------------------------------------------------------------------

  private page(run: Run, part: Part, body: string, now: number, out: SessionOutput): void {
    const before = out.events.length;
    let next: string | undefined;
    if (part.kind === 'executions') {
      const page = decodeExecutionPage(body);
      if (!page.ok) return this.failed(part, page.error, now, out);
      this.account.executions(page.items, out);
      this.countUnreadable(part, page.unreadable, page.problem, out);
      next = page.nextCursor;
    } else {
      const page = decodeOrderPage(body);
      if (!page.ok) return this.failed(part, page.error, now, out);
      for (const order of page.items) this.account.order(order, out);
      this.countUnreadable(part, page.unreadable, page.problem, out);
      next = page.nextCursor;
    }
    part.found += out.events.length - before;
    part.pages++;
    part.attempts = 0;
    if (next !== undefined) {
      if (next === part.cursor) return this.giveUp(part, 'CoinSwitch answered the same page cursor again');
      if (part.pages >= MAX_PAGES) {
        part.capped = true;
        part.done = true;
        return;
      }
      part.cursor = next;
    } else if (part.kind === 'executions' && part.window + 1 < run.windows) {
      part.window++;
      part.cursor = undefined;
    } else {
      part.done = true;
      return;
    }
    (out.requests ??= []).push(this.request(run, part, now));
  }

  private countUnreadable(part: Part, unreadable: number, problem: string | undefined, out: SessionOutput): void {
    if (unreadable === 0) return;
    part.unreadable += unreadable;
    withDiagnostics(out, {
      malformed: unreadable,
      error: `CoinSwitch ${LABEL[part.kind]}: ${unreadable} item(s) could not be read (${problem ?? 'unreadable'}); skipped`,
    });
  }

  private failed(part: Part, error: string, now: number, out: SessionOutput): void {
    const why = clip(this.scrub(error) || 'no reason given', 120);
    part.attempts++;
    if (part.attempts >= MAX_ATTEMPTS) {
      this.giveUp(part, `${why} (${MAX_ATTEMPTS} attempts)`);
      withDiagnostics(out, { error: `CoinSwitch ${LABEL[part.kind]} failed: ${why}; given up` });
      return;
    }
    part.retryAt = now + RETRY_DELAY_MS;
    withDiagnostics(out, {
      error: `CoinSwitch ${LABEL[part.kind]} failed: ${why}; asking again in ${RETRY_DELAY_MS / 1000} s`,
    });
  }

  private giveUp(part: Part, why: string): void {
    part.done = true;
    part.retryAt = undefined;
    part.failure = why;
  }

  private request(run: Run, part: Part, now: number): RestRequest {
    const id = `${part.kind}-${run.id}-${++run.seq}`;
    part.pending = { id, sentAt: now };
    if (part.kind === 'orders') {
      const query: Record<string, string> = { category: 'linear', openOnly: '0', limit: String(ORDER_PAGE_LIMIT) };
      if (part.cursor !== undefined) query.cursor = part.cursor;
      return { id, path: COINSWITCH_ORDER_REALTIME_PATH, query };
    }
    const windowEnd = run.end - part.window * EXECUTION_WINDOW_MS;
    const windowStart = Math.max(run.start, windowEnd - EXECUTION_WINDOW_MS);
    const query: Record<string, string> = {
      category: 'linear',
      startTime: String(windowStart),
      endTime: String(windowEnd),
      limit: String(EXECUTION_PAGE_LIMIT),
    };
    if (part.cursor !== undefined) query.cursor = part.cursor;
    return { id, path: COINSWITCH_EXECUTION_LIST_PATH, query };
  }

  // ---- the report --------------------------------------------------------------------------------

  private finishIfDone(run: Run, out: SessionOutput): void {
    if (!run.parts.executions.done || !run.parts.orders.done) return;
    this.run = undefined;
    if (run.gap) out.recovery = report(run, run.gap);
  }
}

function newPart(kind: PartKind): Part {
  return {
    kind,
    cursor: undefined,
    window: 0,
    pending: undefined,
    attempts: 0,
    retryAt: undefined,
    pages: 0,
    done: false,
    failure: undefined,
    capped: false,
    unreadable: 0,
    found: 0,
  };
}

/** What the recovery achieved, in words a trader understands. */
function report(run: Run, gap: GapWindow): RecoveryReport {
  const between = utcBetween(gap.from, gap.to);
  const { executions: e, orders: o } = run.parts;
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const fillGaps: string[] = [];
  if (e.failure) fillGaps.push(`the execution list failed: ${e.failure}`);
  if (e.unreadable > 0) fillGaps.push(`${e.unreadable} execution(s) in its answer could not be read`);
  if (e.capped) fillGaps.push(`the execution list was cut after ${MAX_PAGES} pages`);
  if (run.truncated) {
    const oldest = run.end - run.windows * EXECUTION_WINDOW_MS;
    fillGaps.push(
      `executions before ${date(oldest)} were not fetched (at most ${MAX_EXECUTION_WINDOWS * 7} days back)`,
    );
  }
  const orderGaps: string[] = [];
  if (o.failure) orderGaps.push(`the order list failed: ${o.failure}`);
  if (o.unreadable > 0) orderGaps.push(`${o.unreadable} order(s) in its answer could not be read`);
  if (o.capped) orderGaps.push(`the order list was cut after ${MAX_PAGES} pages`);
  if (gap.from < run.startedAt - RECENT_CLOSED_ORDERS_MS)
    orderGaps.push(
      `orders closed before ${date(run.startedAt - RECENT_CLOSED_ORDERS_MS)} are not listed by CoinSwitch any more`,
    );
  const recovered = `${e.found} new fill(s), ${o.found} order update(s)`;
  if (fillGaps.length === 0 && orderGaps.length === 0)
    return { recovered: 'full', detail: `recovered from CoinSwitch's REST ${between}: ${recovered}` };
  if (e.failure && o.failure)
    return {
      recovered: 'none',
      detail: `fills and order changes ${between} may be missing: ${fillGaps.concat(orderGaps).join('; ')}`,
    };
  const missing: string[] = [];
  if (fillGaps.length > 0) missing.push(`fills ${between} may be missing (${fillGaps.join('; ')})`);
  if (orderGaps.length > 0) missing.push(`order states ${between} may be out of date (${orderGaps.join('; ')})`);
  return { recovered: 'partial', detail: `${missing.join('; ')}; recovered: ${recovered}` };
}

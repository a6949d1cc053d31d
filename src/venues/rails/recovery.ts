import type { DomainEvent } from '../../domain/events';
import type { Order, OrderUpdate } from '../../domain/types';
import type { BoundedSet } from '../shared/bounded-set';
import { clip } from '../shared/session-output';
import { emptyOutput, type GapWindow, type RestRequest, type RestResult, type SessionOutput } from '../types';
import { executionTime, normalizeFill, normalizeOrder } from './normalize';
import type { OrderTracker, TrackedOrder } from './order-tracker';
import { PagedRead } from './paged-read';
import { parseCompletedOrdersPage, parseOpenOrdersPage, restErrorText } from './rest-codec';
import { RAILS_COMPLETED_ORDERS_PATH, RAILS_OPEN_ORDERS_PATH } from './rest-wire';
import { utcClock } from './time';

/**
 * Recovery after a gap, from Rails' REST (docs/venues/rails.md, "Recovery after a gap"):
 *
 * - fills: `GET /api/v1/completed-orders?startDate=<gap start - 5 s>&endDate=<now + 5 s>`, every page
 *   (`start=<last>`), newest first; each execution becomes the fill the stream would have carried (same
 *   fill id `orderId:matchId`), emitted once (the session's fill ids are shared with the stream);
 * - open orders: `GET /api/v1/open-orders?market=<m>` (no market on market=ALL), every page: each order
 *   as the venue holds it now (its cumulative filled quantity, average price and status win); an order
 *   held as open that Rails no longer lists is closed as `filled` when an execution completed it, and
 *   otherwise is no longer open: the store removes it (`unlistedOrders`), as it does after a reload
 *   (store/journal/reconcile.ts), and the report names it (Rails' REST does not say how it ended).
 *
 * The report is `full` when every page of both reads was read (an order removed so is named in it);
 * `partial` when something was read; `none` when nothing was. The same open-orders read also runs once
 * at the first connect, without a report: the WebSocket sends no order snapshot.
 */

/** Clock skew allowed between the page and Rails around the gap [guess: the docs say nothing]. */
export const WINDOW_MARGIN_MS = 5_000;

export interface RecoveryScope {
  connectionId: string;
  /** The connection's market; undefined with market=ALL. */
  market: string | undefined;
  /** The trades stream is subscribed: fills may be missing. */
  fills: boolean;
  /** The orders stream is subscribed: order changes may be missing. */
  orders: boolean;
}

export interface RecoveryDeps {
  fillIds: BoundedSet<string>;
  tracker: OrderTracker;
  /** Why REST refused the credential (401), in a trader's words. */
  refusedCredential(now: number): string;
  /** Venue text made safe to show (no token; one short line). */
  scrub(text: string): string;
  /** Why there is no REST to ask, or undefined when there is. */
  noRest(): string | undefined;
}

interface Run {
  /** `recover`: a gap the lifecycle recorded; `catch-up`: frames the session saw lost (pong-watch.ts); `reconcile`: first connect. */
  kind: 'recover' | 'catch-up' | 'reconcile';
  window?: GapWindow;
  fills?: PagedRead;
  orders?: PagedRead;
  /** Orders REST listed as open in this run. */
  listed: Set<string>;
  /** The same orders as emitted, for the account snapshot of a complete read. */
  openOrders: OrderUpdate[];
  /** Orders first seen after the first open-orders request cannot be judged by its answer. */
  ordersCutoff: number;
  fillsRead: number;
  fillsNew: number;
  ordersRead: number;
  /** Time of the oldest execution read (pages are newest first). */
  oldestRead?: number;
  /** The fills window's end (when the recovery began). */
  until: number;
  /** When the first page was asked for: no execution after it can be in the answers. */
  startedAt: number;
  unknownStatuses: number;
}

export class RailsRecovery {
  private run: Run | undefined;
  private runs = 0;
  /** The last fills read to the end: from its window's start to when it was asked for (nothing later can be in it). */
  private covered: GapWindow | undefined;

  constructor(
    private readonly scope: RecoveryScope,
    private readonly deps: RecoveryDeps,
  ) {}

  get running(): boolean {
    return this.run !== undefined;
  }

  /** After a gap (`recover`): fills in the window and the open orders, then a report. */
  recover(window: GapWindow, now: number): SessionOutput {
    // A catch-up under way is folded in: the report covers its window too.
    const from =
      this.run?.kind === 'catch-up' && this.run.window ? Math.min(window.from, this.run.window.from) : window.from;
    return this.begin({ kind: 'recover', window: { from, to: window.to } }, now);
  }

  /**
   * Frames were lost on a socket that stayed live (no gap recorded): the same reads for `window`,
   * explained in a diagnostic instead of a report. Undefined when a read is under way (try later).
   */
  catchUp(window: GapWindow, now: number): SessionOutput | undefined {
    if (this.run) return undefined;
    const covered = this.covered;
    if (covered && window.from >= covered.from && window.to <= covered.to) return emptyOutput();
    return this.begin({ kind: 'catch-up', window }, now);
  }

  /** At the first connect: the open orders only, no report (there was no gap). */
  reconcile(now: number): SessionOutput {
    if (!this.scope.orders) return emptyOutput();
    return this.begin({ kind: 'reconcile' }, now);
  }

  /** The socket that asked is gone: its answers will be fenced off, and a new `recover` will come. */
  abort(): void {
    this.run = undefined;
  }

  response(id: string, result: RestResult, now: number): SessionOutput {
    const run = this.run;
    const out = emptyOutput();
    if (!run) return out;
    if (run.fills?.owns(id)) this.onAnswer(run.fills, result, now, out, (body) => this.onFills(run, body, out));
    else if (run.orders?.owns(id)) this.onAnswer(run.orders, result, now, out, (body) => this.onOrders(run, body, out));
    else return out;
    return this.finishIfDone(run, now, out);
  }

  heartbeat(now: number): SessionOutput {
    const run = this.run;
    const out = emptyOutput();
    if (!run) return out;
    for (const read of [run.fills, run.orders]) {
      const step = read?.heartbeat(now);
      if (step?.request) push(out, step.request);
    }
    return this.finishIfDone(run, now, out);
  }

  // ---- one run -----------------------------------------------------------------------------------

  private begin(start: Pick<Run, 'kind' | 'window'>, now: number): SessionOutput {
    const run: Run = {
      ...start,
      listed: new Set(),
      openOrders: [],
      ordersCutoff: now,
      fillsRead: 0,
      fillsNew: 0,
      ordersRead: 0,
      unknownStatuses: 0,
      until: Math.max(start.window?.to ?? now, now),
      startedAt: now,
    };
    const label = `rails-${++this.runs}`;
    const noRest = this.deps.noRest();
    const out = emptyOutput();
    if (noRest !== undefined) {
      this.run = undefined;
      if (run.kind === 'catch-up')
        out.diagnostics = { error: `${lossText(run.window!)}; it cannot be recovered: ${noRest}` };
      else if (run.kind === 'recover' && (this.scope.fills || this.scope.orders))
        out.recovery = { recovered: 'none', detail: `${this.missing(run)}: ${noRest}` };
      else if (run.kind === 'recover') out.recovery = { recovered: 'full', detail: PUBLIC_ONLY };
      return out;
    }
    const describe = (result: RestResult) => this.describeFailure(result, now);
    if (run.kind !== 'reconcile' && run.window && this.scope.fills) {
      run.fills = new PagedRead(`${label}-fills`, RAILS_COMPLETED_ORDERS_PATH, fillWindow(run.window, now), describe);
      push(out, run.fills.start(now));
    }
    if (this.scope.orders) {
      const query: Record<string, string> = this.scope.market === undefined ? {} : { market: this.scope.market };
      run.orders = new PagedRead(`${label}-orders`, RAILS_OPEN_ORDERS_PATH, query, describe);
      push(out, run.orders.start(now));
    }
    this.run = run;
    return this.finishIfDone(run, now, out);
  }

  private onAnswer(
    read: PagedRead,
    result: RestResult,
    now: number,
    out: SessionOutput,
    process: (body: string) => string | undefined | false,
  ): void {
    const outcome = read.answer(result);
    if (outcome.kind !== 'page') return;
    const last = process(outcome.body);
    if (last === false) return;
    const next = read.next(last, now);
    if (next) push(out, next);
  }

  /** One completed-orders page: new fills emitted; returns the next page's key, or false when unreadable. */
  private onFills(run: Run, body: string, out: SessionOutput): string | undefined | false {
    const parsed = parseCompletedOrdersPage(body);
    if (!parsed.ok) {
      run.fills?.fail(`Rails answered something unreadable (${clip(parsed.error, 80)})`);
      return false;
    }
    const events: DomainEvent[] = out.events;
    for (const trade of parsed.page.completedOrders) {
      run.fillsRead++;
      this.deps.tracker.noteExecution(trade);
      const time = executionTime(trade);
      if (time !== undefined) run.oldestRead = Math.min(run.oldestRead ?? time, time);
      const fill = normalizeFill(this.scope.connectionId, trade);
      if (!fill || !this.deps.fillIds.add(fill.fillId)) continue;
      run.fillsNew++;
      events.push({ kind: 'fill', fill });
    }
    return parsed.page.completedOrders.length === 0 ? undefined : parsed.page.last;
  }

  /** One open-orders page: every order as Rails holds it now. */
  private onOrders(run: Run, body: string, out: SessionOutput): string | undefined | false {
    const parsed = parseOpenOrdersPage(body);
    if (!parsed.ok) {
      run.orders?.fail(`Rails answered something unreadable (${clip(parsed.error, 80)})`);
      return false;
    }
    for (const raw of parsed.page.openOrders) {
      run.ordersRead++;
      run.listed.add(raw.orderId);
      const { order, undocumentedStatus } = normalizeOrder(this.scope.connectionId, raw, raw.market, run.ordersCutoff);
      if (undocumentedStatus !== undefined) run.unknownStatuses++;
      this.deps.tracker.note(order, raw.market, run.ordersCutoff);
      run.openOrders.push(order);
      out.events.push({ kind: 'order', order });
    }
    return parsed.page.openOrders.length === 0 ? undefined : parsed.page.last;
  }

  private finishIfDone(run: Run, now: number, out: SessionOutput): SessionOutput {
    if (this.run !== run || !(run.fills?.done ?? true) || !(run.orders?.done ?? true)) return out;
    this.run = undefined;
    const unknownEnds = run.orders?.complete ? this.closeVanished(run, out) : [];
    const snapshot = run.orders?.complete ? this.openOrdersSnapshot(run, unknownEnds) : undefined;
    if (snapshot) out.events.push(snapshot);
    if (run.unknownStatuses > 0) out.diagnostics = { ...out.diagnostics, unknown: run.unknownStatuses };
    if (run.fills?.complete && run.window) this.covered = { from: run.window.from, to: run.startedAt };
    if (run.kind === 'reconcile') {
      if (run.orders?.failure !== undefined)
        out.diagnostics = { ...out.diagnostics, error: `Rails open orders could not be read: ${run.orders.failure}` };
      return out;
    }
    const report = this.report(run, unknownEnds);
    if (run.kind === 'recover') out.recovery = report;
    else
      out.diagnostics = {
        ...out.diagnostics,
        error: `${lossText(run.window!)}; ${report.recovered === 'full' ? 'recovered: ' : ''}${report.detail ?? ''}`,
      };
    return out;
  }

  /**
   * Every page of open orders was read: the connection's open orders, all of them, as an account
   * snapshot with orders scope, so the page drops an order it holds open from before this session
   * (a reload, a new ingest worker) that Rails no longer lists (src/store/journal/reconcile.ts), and
   * names in `unlistedOrders` those this session held open that it no longer lists without an
   * execution that completed them: the store removes them too. Their end is unknown (Rails REST has
   * no closed-orders list), so no status is invented for them.
   */
  private openOrdersSnapshot(run: Run, unknownEnds: TrackedOrder[]): DomainEvent | undefined {
    const unlisted = unknownEnds.length > 0 ? { unlistedOrders: unknownEnds.map((o) => o.orderId) } : {};
    // An order without its symbol or status cannot be listed: then the list is not the whole truth
    // (no orders scope), but the orders it lacks are still known gone.
    const openOrders = run.openOrders.filter(isWholeOrder);
    const whole = openOrders.length === run.openOrders.length;
    if (!whole && unknownEnds.length === 0) return undefined;
    return {
      kind: 'account-snapshot',
      connectionId: this.scope.connectionId,
      time: run.ordersCutoff,
      scope: { orders: whole, positions: false, balances: false },
      openOrders: whole ? openOrders : [],
      positions: [],
      balances: [],
      ...unlisted,
    };
  }

  /**
   * Orders held open that REST no longer lists: `filled` when an execution completed them, else their
   * end is unknown and they are no longer tracked (the snapshot's `unlistedOrders` removes them).
   */
  private closeVanished(run: Run, out: SessionOutput): TrackedOrder[] {
    const unknown: TrackedOrder[] = [];
    for (const order of this.deps.tracker.heldOpen(this.scope.market, run.ordersCutoff)) {
      if (run.listed.has(order.orderId)) continue;
      if (this.deps.tracker.completedAt(order.orderId) !== undefined)
        out.events.push({ kind: 'order', order: this.deps.tracker.closeAsFilled(order, this.scope.connectionId) });
      else {
        this.deps.tracker.forget(order.orderId);
        unknown.push(order);
      }
    }
    return unknown;
  }

  private report(run: Run, unknownEnds: TrackedOrder[]): NonNullable<SessionOutput['recovery']> {
    const reads = [run.fills, run.orders].filter((r): r is PagedRead => r !== undefined);
    if (reads.length === 0) return { recovered: 'full', detail: PUBLIC_ONLY };
    const problems: string[] = [];
    if (run.fills?.failure !== undefined) {
      const from = run.window!.from;
      const until = run.oldestRead !== undefined && run.fills.pages > 0 ? run.oldestRead : run.until;
      problems.push(`fills between ${utcClock(from)} and ${utcClock(until)} may be missing: ${run.fills.failure}`);
    }
    if (run.orders?.failure !== undefined)
      problems.push(`open orders' fill progress and status may be out of date: ${run.orders.failure}`);
    const summary = (all: boolean) =>
      [
        run.fills && (all || run.fills.pages > 0) ? `${run.fillsRead} fills read (${run.fillsNew} new)` : undefined,
        run.orders && (all || run.orders.pages > 0) ? `${run.ordersRead} open orders` : undefined,
      ]
        .filter((s): s is string => s !== undefined)
        .join(', ');
    // Orders removed as no longer open are named; their end is all that is unknown, and nothing shows it wrong.
    const removed = unknownEnds.length > 0 ? `; ${vanishedText(unknownEnds)}` : '';
    if (problems.length === 0)
      return { recovered: 'full', detail: clip(`Rails REST: ${summary(true)}${removed}`, 600) };
    const nothingRead = reads.every((r) => r.pages === 0);
    return {
      recovered: nothingRead ? 'none' : 'partial',
      detail: clip(`${problems.join('; ')}${nothingRead ? '' : ` (Rails REST: ${summary(false)})`}${removed}`, 600),
    };
  }

  private missing(run: Run): string {
    const what = [this.scope.fills ? 'fills' : undefined, this.scope.orders ? 'order changes' : undefined]
      .filter((s) => s !== undefined)
      .join(' and ');
    const from = run.window === undefined ? '' : ` since ${utcClock(run.window.from)}`;
    return `${what}${from} may be missing`;
  }

  private describeFailure(result: RestResult, now: number): { reason: string; retry: boolean } {
    if (!result.ok) return { reason: `Rails REST did not answer (${this.deps.scrub(result.error)})`, retry: true };
    const said = restErrorText(result.body);
    const suffix = said === undefined ? '' : `: ${this.deps.scrub(said)}`;
    if (result.status === 401) return { reason: this.deps.refusedCredential(now), retry: false };
    const retry = result.status === 429 || result.status >= 500;
    return { reason: `Rails REST answered ${result.status}${suffix}`, retry };
  }
}

const PUBLIC_ONLY = 'only public streams: the book and recent trades are asked for again on every connect';

function fillWindow(window: GapWindow, now: number): Record<string, string> {
  return {
    startDate: String(Math.max(0, window.from - WINDOW_MARGIN_MS)),
    endDate: String(Math.max(window.to, now) + WINDOW_MARGIN_MS),
  };
}

/** A loss the session saw (pong-watch.ts), for a diagnostic. */
function lossText(window: GapWindow): string {
  return `Rails dropped frames between ${utcClock(window.from)} and ${utcClock(window.to)} (the pong to a ping never came)`;
}

function push(out: SessionOutput, request: RestRequest): void {
  (out.requests ??= []).push(request);
}

function vanishedText(orders: TrackedOrder[]): string {
  const named = orders
    .slice(0, 3)
    .map((o) => `${o.orderId}${o.market ? ` ${o.market}` : ''}`)
    .join(', ');
  const more = orders.length > 3 ? ` and ${orders.length - 3} more` : '';
  const n = orders.length === 1 ? 'an order' : `${orders.length} orders`;
  return (
    `Rails no longer lists ${n} as open (${named}${more}) and no execution filled ${orders.length === 1 ? 'it' : 'them'}: ` +
    `cancelled or expired (Rails REST does not say which); no longer shown as open`
  );
}

const isWholeOrder = (o: OrderUpdate): o is Order => o.symbol !== undefined && o.status !== undefined;

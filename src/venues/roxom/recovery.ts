import { Decimal } from '../../domain/decimal';
import type { DomainEvent } from '../../domain/events';
import type { Balance, Position } from '../../domain/types';
import { clip, withDiagnostics } from '../shared/session-output';
import { emptyOutput, type RecoveryReport, type RestRequest, type RestResult, type SessionOutput } from '../types';
import type { CheckedOrder, CheckedPosition } from './codec';
import type { FillTarget, RoxomFillDeriver, Unresolved } from './fills';
import { isClosedPosition, normalizeClosedPosition, normalizeOrder, normalizePosition } from './normalize';
import {
  readAnswer,
  readBalances,
  readOrderFills,
  readOrders,
  readPositions,
  type RestBalanceRow,
  type RestExecution,
  type RestOrderState,
  type RestRead,
} from './rest-codec';
import { ROXOM_REST } from './rest-wire';
import { nsToMs } from './time';
import type { RoxomPrivateChannel } from './wire';

/**
 * Reconciliation from Roxom's REST (docs/venues/roxom.md "Recovery after a gap"; the seed's best
 * practices: "implement proper state reconciliation on reconnection"). One `Reconciliation` is one
 * round: it starts whenever a socket goes live (every connect) and when the stream was silent long
 * enough to have lost frames, and it is what `recover()` reports on.
 *
 * 1. Reads orders (`includeClosed=true`), positions and the balance at once.
 * 2. Orders: each order the page knows, or that is open, or that was created in the gap, is compared
 *    with the session's memory (fills.ts). Growth the page has not turned into fills — seen only in
 *    REST, or seen on the stream during the round from memory older than it — is resolved from the
 *    order's executions (`GET /api/v1/orders/{id}`, its `fills[]`): exact fills, with the id the stream
 *    derives for the same execution (`${orderId}:${cumulative}`), so nothing is counted twice. Without
 *    them (the read failed after retries), one fill is derived from the average prices, exactly
 *    (decimal arithmetic), and marked `inferred`.
 * 3. Positions and balances replace what the page shows (`account-snapshot`), except where the stream
 *    sent something newer after the read was asked for: the stream wins there.
 * 4. A failed read is asked again at the next heartbeats (at most `MAX_ATTEMPTS` in all) when that can
 *    help (no answer, 429, 5xx); then the round reports what may be missing.
 *
 * `full` only when every read succeeded and every fill came from an execution; otherwise `partial`
 * with what may be missing (`none` when no read succeeded at all).
 */

/** Attempts per read (the first and two retries at heartbeats). */
export const MAX_ATTEMPTS = 3;
/** Per-order fills reads in flight at once. */
export const MAX_PARALLEL_FILLS = 6;
/** A round still unfinished after this long gives up what it waits for (the lifecycle times reads out at 15 s). */
export const ROUND_DEADLINE_MS = 120_000;
/** Clock difference allowed between the venue's order times and the page's gap window. */
const WINDOW_SKEW_MS = 5_000;

const TERMINAL = new Set(['filled', 'partiallyfilledcancelled', 'cancelled', 'rejected', 'inactive']);

/** What the session lends a round: its memory and its latest stream state. */
export interface ReconcileContext {
  readonly connectionId: string;
  readonly channels: ReadonlySet<RoxomPrivateChannel>;
  readonly fills: RoxomFillDeriver;
  /** The latest position event per symbol from the stream, with when it arrived (undefined position: closed). */
  streamPositions(): ReadonlyMap<string, { arrivedAt: number; position?: Position }>;
  /** The latest balance per asset from the stream, with when it arrived. */
  streamBalances(): ReadonlyMap<string, { arrivedAt: number; balance: Balance }>;
  /** Newest-wins ordering for positions (the session's, shared with the stream). */
  offerPosition(p: CheckedPosition, event: DomainEvent): boolean;
  /** Records a venue time (ns) and returns the newest one seen, in ms. */
  venueTime(ns?: bigint): number | undefined;
}

type Part = 'orders' | 'positions' | 'balance';
type PartState = 'waiting' | 'done' | 'failed';

interface Pending {
  kind: Part | 'fills';
  orderId?: string;
  path: string;
  query: Record<string, string>;
  attempts: number;
  issuedAt: number;
}

interface FillWork {
  orderId: string;
  target?: FillTarget;
  start: Unresolved;
  /** Resolved (fills emitted, or given up on): a later deferral of the same order is new work. */
  done?: boolean;
}

export class Reconciliation {
  /** `recover()` asked for a report of this round. */
  reportWanted = false;
  /** The earliest gap start a report covers (orders created after it are looked at even when closed). */
  windowFrom: number | undefined;
  result: RecoveryReport | undefined;

  private readonly parts = new Map<Part, PartState>();
  private readonly inFlight = new Map<string, Pending>();
  private readonly retries: Pending[] = [];
  private readonly fillQueue: FillWork[] = [];
  private readonly fillWork = new Map<string, FillWork>();
  private readonly problems: string[] = [];
  private readonly failures = new Set<Part>();
  private seq = 0;
  private exactFills = 0;
  private derivedFills = 0;
  private ordersProcessed = false;
  private givenUp = false;

  constructor(
    private readonly ctx: ReconcileContext,
    readonly id: number,
    readonly startedAt: number,
  ) {}

  get finished(): boolean {
    return this.result !== undefined;
  }

  /** The order list has been read (or given up on): closed orders were judged against `windowFrom` as it was. */
  get ordersSettled(): boolean {
    return this.ordersProcessed || this.failures.has('orders');
  }

  /** The first reads. The fill memory defers growth across the gap while this round runs. */
  start(now: number): SessionOutput {
    this.ctx.fills.beginRound(this.id);
    const out = emptyOutput();
    if (this.ctx.channels.has('orders')) this.parts.set('orders', 'waiting');
    if (this.ctx.channels.has('positions')) this.parts.set('positions', 'waiting');
    if (this.ctx.channels.has('balance')) this.parts.set('balance', 'waiting');
    for (const part of this.parts.keys()) this.ask(out, { ...readOf(part), kind: part, attempts: 0, issuedAt: now });
    this.maybeFinish(out, now);
    return out;
  }

  /**
   * Growth the stream deferred after the order list was read (an order placed after the read, say):
   * its fills are read too, before the round can end.
   */
  pump(now: number): SessionOutput {
    const out = emptyOutput();
    if (!this.finished) this.maybeFinish(out, now);
    return out;
  }

  owns(requestId: string): boolean {
    return this.inFlight.has(requestId);
  }

  response(requestId: string, result: RestResult, now: number): SessionOutput {
    const out = emptyOutput();
    const pending = this.inFlight.get(requestId);
    if (!pending || this.finished) return out;
    this.inFlight.delete(requestId);
    switch (pending.kind) {
      case 'orders':
        this.onOrders(pending, readAnswer(result, readOrders), out);
        break;
      case 'positions':
        this.onPositions(pending, readAnswer(result, readPositions), out);
        break;
      case 'balance':
        this.onBalance(pending, readAnswer(result, readBalances), out, now);
        break;
      case 'fills':
        this.onFills(pending, readAnswer(result, readOrderFills), out);
        break;
    }
    this.maybeFinish(out, now);
    return out;
  }

  /** Retries what failed in a way a retry can help; gives up after the deadline. */
  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    if (this.finished) return out;
    if (now - this.startedAt > ROUND_DEADLINE_MS) {
      this.giveUp(out, `Roxom's REST did not answer within ${ROUND_DEADLINE_MS / 1000} s`, now);
      return out;
    }
    for (const pending of this.retries.splice(0)) this.ask(out, { ...pending, issuedAt: now });
    this.maybeFinish(out, now);
    return out;
  }

  /** The socket closed: this round's answers will not come (the lifecycle fences them); the next socket starts a new one. */
  abandon(): void {
    this.ctx.fills.endRound();
    this.result ??= { recovered: 'partial', detail: 'the connection closed during reconciliation' };
  }

  // ---- reads ---------------------------------------------------------------------------------------

  private ask(out: SessionOutput, pending: Pending): void {
    const id = `roxom-r${this.id}-${++this.seq}`;
    const next = { ...pending, attempts: pending.attempts + 1 };
    this.inFlight.set(id, next);
    const request: RestRequest = { id, path: next.path, query: next.query };
    (out.requests ??= []).push(request);
  }

  /** A failed read: again at the next heartbeat when that can help and attempts are left; else undefined. */
  private failed<T>(pending: Pending, read: Extract<RestRead<T>, { ok: false }>): string | undefined {
    if (read.retry && pending.attempts < MAX_ATTEMPTS) {
      this.retries.push(pending);
      return undefined;
    }
    const tries = pending.attempts > 1 ? ` after ${pending.attempts} attempts` : '';
    return `${read.error}${tries}`;
  }

  private skippedProblem(what: string, skipped: string[]): void {
    if (skipped.length === 0) return;
    this.problems.push(`${skipped.length} ${what} in Roxom's answer could not be read (${clip(skipped[0] ?? '', 80)})`);
  }

  // ---- orders and their fills -----------------------------------------------------------------------

  private onOrders(pending: Pending, read: RestRead<RestOrderState[]>, out: SessionOutput): void {
    if (!read.ok) {
      const why = this.failed(pending, read);
      if (why === undefined) return;
      this.fail('orders', `orders could not be read (${why}): fills of orders that executed while away may be missing`);
      this.queueUnresolved();
      return;
    }
    this.parts.set('orders', 'done');
    this.skippedProblem('orders', read.skipped);
    for (const r of read.value) this.onRestOrder(r, out);
    this.queueUnresolved();
    this.ordersProcessed = true;
  }

  /** One REST order: emitted when it tells the page something, and queued for fills when it grew. */
  private onRestOrder(r: RestOrderState, out: SessionOutput): void {
    const fills = this.ctx.fills;
    const memory = fills.memoryOf(r.orderId);
    const executed = new Decimal(r.executedQty);
    if (!memory && !this.relevant(r)) return;
    this.ctx.venueTime(r.time);
    const changed =
      !memory || executed.gt(memory.executedQty) || (r.time >= memory.timestamp && r.status !== memory.status);
    const target: FillTarget = { orderId: r.orderId, symbol: r.symbol, side: r.side };
    const start = fills.gapOf(r.orderId, executed);
    // Owed before the memory moves up to REST's quantity: a round cut off now leaves it to the next.
    if (start) fills.owe(r.orderId, start);
    fills.noteRest(target, restState(r, executed));
    if (changed) out.events.push({ kind: 'order', order: normalizeOrder(this.ctx.connectionId, asChecked(r)).order });
    if (start) this.queueFills({ orderId: r.orderId, target, start });
  }

  /** Known to the page, open, or created within the gap (closed orders from before it are history). */
  private relevant(r: RestOrderState): boolean {
    if (!TERMINAL.has(r.status)) return true;
    if (this.windowFrom === undefined) return false;
    const created = r.createdAtMs ?? nsToMs(r.time);
    return created >= this.windowFrom - WINDOW_SKEW_MS;
  }

  /** Growth the stream showed across the gap, for orders the REST list did not name (or could not be read). */
  private queueUnresolved(): void {
    for (const orderId of this.ctx.fills.unresolvedIds()) {
      if (this.fillWork.has(orderId) && !this.fillWork.get(orderId)?.done) continue;
      this.fillWork.delete(orderId);
      const start = this.ctx.fills.gapOf(orderId, new Decimal(0));
      if (start) this.queueFills({ orderId, start });
    }
  }

  private queueFills(work: FillWork): void {
    if (this.fillWork.has(work.orderId) && !this.fillWork.get(work.orderId)?.done) return;
    this.fillWork.set(work.orderId, work);
    this.fillQueue.push(work);
  }

  private pumpFills(out: SessionOutput, now: number): void {
    let running = [...this.inFlight.values()].filter((p) => p.kind === 'fills').length;
    while (running < MAX_PARALLEL_FILLS && this.fillQueue.length > 0) {
      const work = this.fillQueue.shift() as FillWork;
      this.ask(out, {
        ...ROXOM_REST.order(work.orderId),
        kind: 'fills',
        orderId: work.orderId,
        attempts: 0,
        issuedAt: now,
      });
      running++;
    }
  }

  private onFills(
    pending: Pending,
    read: RestRead<{ order: RestOrderState; fills: RestExecution[] }>,
    out: SessionOutput,
  ): void {
    const work = this.fillWork.get(pending.orderId ?? '');
    if (!work) return;
    const fills = this.ctx.fills;
    if (!read.ok) {
      const why = this.failed(pending, read);
      if (why === undefined) return;
      this.derive(work, out, `its fills could not be read (${why})`);
      return;
    }
    const { order, fills: executions } = read.value;
    const target: FillTarget = { orderId: work.orderId, symbol: order.symbol, side: order.side };
    fills.noteRest(target, restState(order, new Decimal(order.executedQty)));
    const exact = fills.fillsFromExecutions(target, work.start.from, executions);
    out.events.push(...exact.fills.map((fill) => ({ kind: 'fill' as const, fill })));
    this.exactFills += exact.fills.length;
    if (exact.duplicates > 0) withDiagnostics(out, { duplicates: exact.duplicates });
    if (exact.reached.gt(0))
      fills.noteRest(target, {
        executedQty: exact.reached,
        ...(exact.reachedAvgPx === undefined ? {} : { avgPx: exact.reachedAvgPx }),
        ...(exact.reachedFees === undefined ? {} : { filledFees: exact.reachedFees }),
        time: order.time,
      });
    if (read.skipped.length > 0) this.skippedProblem(`fills of order ${work.orderId}`, read.skipped);
    const memory = fills.memoryOf(work.orderId);
    if (memory && memory.executedQty.gt(exact.reached) && memory.executedQty.gt(work.start.from)) {
      // The executions do not reach what the order shows (a read older than the stream): derive the rest.
      const rest: Unresolved = { from: Decimal.max(exact.reached, work.start.from) };
      if (exact.reachedAvgPx !== undefined && exact.reached.gte(work.start.from)) rest.fromAvgPx = exact.reachedAvgPx;
      else if (work.start.fromAvgPx !== undefined) rest.fromAvgPx = work.start.fromAvgPx;
      if (exact.reachedFees !== undefined) rest.fromFees = exact.reachedFees;
      this.derive({ ...work, target, start: rest }, out, 'its fills did not reach its executed quantity');
      work.done = true;
      return;
    }
    fills.resolved(work.orderId);
    work.done = true;
  }

  /** One inferred fill from the average prices, for growth whose executions are not known. */
  private derive(work: FillWork, out: SessionOutput, why: string): void {
    const fills = this.ctx.fills;
    const memory = fills.memoryOf(work.orderId);
    fills.resolved(work.orderId);
    work.done = true;
    const tracked = this.fillWork.get(work.orderId);
    if (tracked) tracked.done = true;
    const target =
      work.target ??
      (memory?.symbol !== undefined && memory.side !== undefined
        ? { orderId: work.orderId, symbol: memory.symbol, side: memory.side }
        : undefined);
    if (!memory || !target) {
      this.problems.push(
        `order ${work.orderId}: ${why}, and nothing else tells what executed; its fills may be missing`,
      );
      return;
    }
    const to = { executedQty: memory.executedQty, time: memory.timestamp } as Parameters<
      RoxomFillDeriver['derivedFill']
    >[2];
    if (memory.avgPx !== undefined) to.avgPx = memory.avgPx;
    if (memory.filledFees !== undefined) to.filledFees = memory.filledFees;
    const derived = fills.derivedFill(target, work.start, to);
    if (derived.fill) {
      out.events.push({ kind: 'fill', fill: derived.fill });
      this.derivedFills++;
      this.problems.push(`order ${work.orderId}: ${why}; one fill was derived from its average prices`);
    } else if (derived.duplicate) {
      // The stream already derived a fill reaching the same quantity (it arrived after this read).
      withDiagnostics(out, { duplicates: 1 });
    } else if (derived.problem) {
      this.problems.push(`${derived.problem} (${why})`);
    }
  }

  // ---- positions and balances -------------------------------------------------------------------------

  /** REST positions replace the page's, except symbols the stream updated after the read was asked for. */
  private onPositions(pending: Pending, read: RestRead<CheckedPosition[]>, out: SessionOutput): void {
    if (!read.ok) {
      const why = this.failed(pending, read);
      if (why !== undefined)
        this.fail('positions', `positions could not be read (${why}): they may be stale until Roxom updates them`);
      return;
    }
    this.parts.set('positions', 'done');
    this.skippedProblem('positions', read.skipped);
    const stream = this.ctx.streamPositions();
    const bySymbol = new Map<string, Position>();
    // Oldest first, so the newest entry of a symbol (a close and a reopen) is the one kept.
    const entries = [...read.value].sort((a, b) =>
      a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0,
    );
    for (const p of entries) {
      this.ctx.venueTime(p.updatedAt);
      if ((stream.get(p.symbol)?.arrivedAt ?? -Infinity) >= pending.issuedAt) continue;
      if (isClosedPosition(p)) {
        const closed = normalizeClosedPosition(this.ctx.connectionId, p);
        if (this.ctx.offerPosition(p, closed)) out.events.push(closed);
        bySymbol.delete(p.symbol);
        continue;
      }
      const position = normalizePosition(this.ctx.connectionId, p);
      this.ctx.offerPosition(p, { kind: 'position', position });
      bySymbol.set(p.symbol, position);
    }
    for (const [symbol, latest] of stream) {
      if (latest.arrivedAt < pending.issuedAt) continue;
      if (latest.position) bySymbol.set(symbol, latest.position);
      else bySymbol.delete(symbol);
    }
    out.events.push({
      kind: 'account-snapshot',
      connectionId: this.ctx.connectionId,
      time: this.ctx.venueTime() ?? pending.issuedAt,
      scope: { orders: false, positions: true, balances: false },
      openOrders: [],
      positions: [...bySymbol.values()],
      balances: [],
    });
  }

  /** REST balances replace the page's, except assets the stream updated after the read was asked for. */
  private onBalance(
    pending: Pending,
    read: RestRead<{ rows: RestBalanceRow[]; lastUpdated?: bigint }>,
    out: SessionOutput,
    now: number,
  ): void {
    if (!read.ok) {
      const why = this.failed(pending, read);
      if (why !== undefined)
        this.fail('balance', `the balance could not be read (${why}): it may be stale until Roxom updates it`);
      return;
    }
    this.parts.set('balance', 'done');
    this.skippedProblem('balances', read.skipped);
    const stream = this.ctx.streamBalances();
    const newest = this.ctx.venueTime(read.value.lastUpdated) ?? now;
    const byAsset = new Map<string, Balance>();
    for (const row of read.value.rows) {
      if ((stream.get(row.asset)?.arrivedAt ?? -Infinity) >= pending.issuedAt) continue;
      const balance: Balance = {
        connectionId: this.ctx.connectionId,
        asset: row.asset,
        total: row.total,
        updatedAt: newest,
      };
      if (row.free !== undefined) balance.free = row.free;
      if (row.locked !== undefined) balance.locked = row.locked;
      byAsset.set(row.asset, balance);
    }
    for (const [asset, latest] of stream) if (latest.arrivedAt >= pending.issuedAt) byAsset.set(asset, latest.balance);
    out.events.push({
      kind: 'account-snapshot',
      connectionId: this.ctx.connectionId,
      time: newest,
      scope: { orders: false, positions: false, balances: true },
      openOrders: [],
      positions: [],
      balances: [...byAsset.values()],
    });
  }

  // ---- the end -------------------------------------------------------------------------------------

  private fail(part: Part, problem: string): void {
    this.parts.set(part, 'failed');
    this.failures.add(part);
    this.problems.push(problem);
  }

  private giveUp(out: SessionOutput, why: string, now: number): void {
    for (const [part, state] of this.parts) if (state === 'waiting') this.fail(part, `${part}: ${why}`);
    for (const work of [...this.fillQueue.splice(0), ...this.pendingFillWork()]) this.derive(work, out, why);
    this.inFlight.clear();
    this.retries.length = 0;
    this.givenUp = true;
    this.maybeFinish(out, now);
  }

  private pendingFillWork(): FillWork[] {
    const ids = new Set(
      [...this.inFlight.values(), ...this.retries].flatMap((p) => (p.kind === 'fills' && p.orderId ? [p.orderId] : [])),
    );
    return [...ids].flatMap((id) => {
      const work = this.fillWork.get(id);
      return work ? [work] : [];
    });
  }

  /** Reads the fills still owed, and ends the round once nothing is waiting. */
  private maybeFinish(out: SessionOutput, now: number): void {
    if (this.finished) return;
    const ordersSettled = !this.parts.has('orders') || this.ordersProcessed || this.failures.has('orders');
    if (ordersSettled && !this.givenUp) this.queueUnresolved();
    this.pumpFills(out, now);
    if ([...this.parts.values()].includes('waiting')) return;
    if (this.inFlight.size > 0 || this.retries.length > 0 || this.fillQueue.length > 0) return;
    if (!ordersSettled) return;
    this.ctx.fills.endRound();
    const attempted = this.parts.size;
    const recovered: RecoveryReport['recovered'] =
      this.problems.length === 0 ? 'full' : attempted > 0 && this.failures.size === attempted ? 'none' : 'partial';
    this.result = { recovered, detail: this.detail(recovered) };
    if (this.reportWanted) out.recovery = this.result;
  }

  private detail(recovered: RecoveryReport['recovered']): string {
    const read = [...this.parts.keys()].filter((p) => !this.failures.has(p));
    const what = read.length === 0 ? 'nothing' : read.join(', ');
    const fills = `${this.exactFills} fill${this.exactFills === 1 ? '' : 's'} from executions${
      this.derivedFills > 0 ? `, ${this.derivedFills} derived` : ''
    }`;
    if (recovered === 'full') return `reconciled from Roxom's REST: ${what}; ${fills}`;
    return clip(`${this.problems.join('; ')} (reconciled: ${what}; ${fills})`, 400);
  }
}

function readOf(part: Part): { path: string; query: Record<string, string> } {
  const spec = ROXOM_REST[part];
  return { path: spec.path, query: { ...spec.query } };
}

function restState(r: RestOrderState, executed: Decimal) {
  const state: { executedQty: Decimal; avgPx?: string; filledFees?: Decimal; time: bigint; status: string } = {
    executedQty: executed,
    time: r.time,
    status: r.status,
  };
  if (r.avgPx !== undefined && new Decimal(r.avgPx).gt(0)) state.avgPx = r.avgPx;
  if (r.filledFees !== undefined) state.filledFees = new Decimal(r.filledFees);
  return state;
}

/** A REST order in the stream's terms, so it normalizes exactly like an order update. */
function asChecked(r: RestOrderState): CheckedOrder {
  const o: CheckedOrder = {
    orderId: r.orderId,
    symbol: r.symbol,
    side: r.side,
    orderSize: r.quantity,
    status: r.status,
    executedQty: r.executedQty,
    timestamp: r.time,
  };
  if (r.type !== undefined) o.orderType = r.type;
  if (r.price !== undefined) o.limitPrice = r.price;
  if (r.clientOrderId !== undefined) o.clientOrderId = r.clientOrderId;
  if (r.avgPx !== undefined) o.avgPx = r.avgPx;
  return o;
}

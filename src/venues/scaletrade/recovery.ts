import { scrubVenueText, withDiagnostics } from '../shared/session-output';
import { emptyOutput, type GapWindow, type RecoveryReport, type RestResult, type SessionOutput } from '../types';
import type { AccountResult, ResyncFindings, ScaletradeAccount } from './account';
import { HISTORY_DOC, historyChunks, historyRequest, readHistoryAnswer } from './history';
import { lotsOf } from './normalize';

/**
 * Recovery after a gap (src/venues/shared/README.md "Gaps and recovery"; docs/venues/scaletrade.md
 * "Recovery after a gap"). ScaleTrade has no sequence numbers and replays nothing, so:
 *
 * 1. The account state after account.switch (the session asks for it again on a socket that stayed
 *    open through a stall) gives the positions, pending orders and balance exactly, and shows which
 *    tickets held open closed while away (account.ts `endResync`).
 * 2. Their close prices and profit, and tickets that opened and closed inside the gap, are only in the
 *    trade history over REST (history.ts), asked for the gap's window when the connection has a
 *    `restUrl`. Its rows go through the same ticket path as the stream, so nothing is derived twice.
 * 3. The report: `full` only when the account state was complete, the history answered for the whole
 *    window, every ticket gone while away was in it, and no ticket changed volume while away; else
 *    `partial`, naming what may be missing. A history that does not answer is asked again at the next
 *    heartbeats, at most `MAX_ATTEMPTS` times per request, then reported.
 */

/** Requests per chunk of the window before giving up. */
export const MAX_ATTEMPTS = 3;
/** A request with no answer this long counts as failed (the lifecycle answers within 15 s). */
export const REQUEST_TIMEOUT_MS = 30_000;

interface Running {
  window: GapWindow;
  stage: 'account-state' | 'history';
  findings: ResyncFindings | undefined;
  chunks: { from: number; to: number }[];
  chunk: number;
  attempts: number;
  /** The request in flight; undefined while waiting for the next heartbeat to retry. */
  requestId: string | undefined;
  askedAt: number;
  lastFailure: string;
  /** Gone tickets waiting for the history when it started. */
  gone: number[];
  /** Tickets the history closed that the page never saw open. */
  unseen: number;
  unreadable: number;
  /** The session's log of emitted events still covered the whole gap (emitted-log.ts). */
  replayComplete: boolean;
}

export interface RecoveryHost {
  readonly account: ScaletradeAccount;
  readonly login: number;
  /** A trade history to ask (the connection has a `restUrl`). */
  readonly hasHistory: boolean;
  /** Values never to put in a detail (the token). */
  readonly secrets: readonly string[];
  /** Arrival stamp for account events (session.ts). */
  stamp(now: number): number;
  /** Adds an account result's events and counters to an output (session.ts). */
  merge(out: SessionOutput, result: AccountResult): SessionOutput;
}

export class ScaletradeRecovery {
  private running: Running | undefined;
  private sequence = 0;

  constructor(private readonly host: RecoveryHost) {}

  get active(): boolean {
    return this.running !== undefined;
  }

  /** A new socket: whatever was asked on the old one is fenced off; the lifecycle calls `start` again. */
  reset(): void {
    this.running = undefined;
  }

  /**
   * The connection is live again. `findings` is the account state this socket received after the gap,
   * or undefined when it must be asked for again first (the caller sends account.switch and calls
   * `accountState` when it is in).
   */
  start(window: GapWindow, findings: ResyncFindings | undefined, now: number, replayComplete = true): SessionOutput {
    this.running = {
      window,
      stage: 'account-state',
      findings: undefined,
      chunks: [],
      chunk: 0,
      attempts: 0,
      requestId: undefined,
      askedAt: 0,
      lastFailure: '',
      gone: [],
      unseen: 0,
      unreadable: 0,
      replayComplete,
    };
    return findings ? this.accountState(findings, now) : emptyOutput();
  }

  /** The account state after account.switch is in (session.ts `finishInitialState`). */
  accountState(findings: ResyncFindings, now: number): SessionOutput {
    const r = this.running;
    if (!r || r.stage !== 'account-state') return emptyOutput();
    r.findings = findings;
    if (!this.host.hasHistory) return this.finish(r, now);
    r.stage = 'history';
    r.chunks = historyChunks(r.window);
    r.gone = this.host.account.awaitingTickets();
    return this.ask(r, now);
  }

  response(id: string, result: RestResult, now: number): SessionOutput {
    const r = this.running;
    if (!r || r.stage !== 'history' || id !== r.requestId) return emptyOutput();
    r.requestId = undefined;
    const answer = readHistoryAnswer(result, this.host.login);
    const out = emptyOutput();
    if (!answer.ok) {
      r.lastFailure = this.scrub(answer.reason);
      if (!answer.retry || r.attempts >= MAX_ATTEMPTS) return this.finish(r, now, r.lastFailure);
      return out; // asked again at the next heartbeat
    }
    const applied = this.host.account.applyHistory(answer.tickets, this.host.stamp(now), r.window.from);
    this.host.merge(out, applied);
    r.unseen += applied.applied.filter((order) => !r.gone.includes(order)).length;
    r.unreadable += answer.unreadable;
    if (answer.errors.length > 0) withError(out, `ScaleTrade trade history: ${answer.errors.slice(0, 3).join('; ')}`);
    r.chunk += 1;
    r.attempts = 0;
    if (r.chunk < r.chunks.length) return mergeOutputs(out, this.ask(r, now));
    return mergeOutputs(out, this.finish(r, now));
  }

  /** Retries a failed history request; gives up on held tickets when no recovery came for them. */
  heartbeat(now: number, awaitingStale: boolean): SessionOutput {
    const r = this.running;
    if (r?.stage === 'history' && r.requestId !== undefined && now - r.askedAt >= REQUEST_TIMEOUT_MS) {
      // Never hang on a lost answer: count it as failed.
      return this.response(r.requestId, { ok: false, error: 'no answer' }, now);
    }
    if (r?.stage === 'history' && r.requestId === undefined) return this.ask(r, now);
    if (!r && awaitingStale)
      return this.host.merge(emptyOutput(), this.host.account.resolveAwaiting(this.host.stamp(now)));
    return emptyOutput();
  }

  private ask(r: Running, now: number): SessionOutput {
    const chunk = r.chunks[r.chunk];
    const out = emptyOutput();
    if (!chunk) return out;
    r.attempts += 1;
    r.askedAt = now;
    this.sequence += 1;
    r.requestId = `history-${this.sequence}`;
    out.requests = [historyRequest(r.requestId, this.host.login, chunk)];
    return out;
  }

  /** Resolves what the history did not give, and reports. */
  private finish(r: Running, now: number, historyFailure?: string): SessionOutput {
    this.running = undefined;
    const unresolved = this.host.account.awaitingTickets();
    const out = emptyOutput();
    if (unresolved.length > 0) this.host.merge(out, this.host.account.resolveAwaiting(this.host.stamp(now)));
    out.recovery = report(r, unresolved, this.host.hasHistory, historyFailure);
    return out;
  }

  private scrub(text: string): string {
    return scrubVenueText(text, this.host.secrets, 120) || 'no reason given';
  }
}

/** The report for every pending gap, in words a trader understands. */
function report(r: Running, unresolved: number[], hasHistory: boolean, failure: string | undefined): RecoveryReport {
  const f = r.findings;
  const span = spanText(r.window);
  const problems: string[] = [];
  if (f && !f.certain) {
    const counted =
      f.expected === undefined ? 'no account.state marker came' : `${f.received} of ${f.expected} tickets`;
    problems.push(
      `ScaleTrade's account state after reconnecting was incomplete (${counted}); tickets it did not re-send are shown as they were`,
    );
  }
  for (const v of f?.volumeChanges ?? [])
    problems.push(
      `ticket ${v.order} changed from ${lotsOf(v.from)} to ${lotsOf(v.to)} lots while the connection was down; the fill of the difference is unknown`,
    );
  if (!r.replayComplete)
    problems.push(
      `events this page received between ${span} may be missing where its buffer refused them: too many to keep for sending again`,
    );
  const recovered = r.gone.filter((o) => !unresolved.includes(o));
  if (!hasHistory) {
    const gone = f?.gone ?? [];
    if (gone.length > 0) problems.push(closedUnknown(gone));
    problems.push(
      `fills of tickets that opened and closed between ${span} are not known (set the connection's restUrl to read them from ScaleTrade's trade history)`,
    );
  } else if (failure !== undefined) {
    if (unresolved.length > 0) problems.push(closedUnknown(unresolved));
    problems.push(`fills between ${span} may be missing: ScaleTrade's trade history did not answer (${failure})`);
  } else {
    if (unresolved.length > 0) problems.push(`${closedUnknown(unresolved)} (not in ScaleTrade's trade history)`);
    if (r.unreadable > 0)
      problems.push(`${r.unreadable} row(s) of ScaleTrade's trade history for ${span} could not be read`);
  }
  const state = 'positions, pending orders and the balance are as ScaleTrade reported them after reconnecting';
  if (problems.length > 0) return { recovered: 'partial', detail: `${problems.join('; ')}; ${state}` };
  const closed = recovered.length + r.unseen;
  const what =
    closed === 0
      ? `nothing closed between ${span}`
      : `${closed} ticket(s) closed between ${span}${recovered.length > 0 ? ` (${ids(recovered)} among them)` : ''}, with their close prices and profit`;
  return { recovered: 'full', detail: `${what}, from ScaleTrade's trade history (${HISTORY_DOC}); ${state}` };
}

function closedUnknown(orders: readonly number[]): string {
  return orders.length === 1
    ? `ticket ${orders[0]} closed while the connection was down; its close price is unknown`
    : `tickets ${ids(orders)} closed while the connection was down; their close prices are unknown`;
}

const ids = (orders: readonly number[]) => orders.join(', ');

/** "2026-04-06 13:10:00 and 13:12:41 UTC" (the date again when the gap crosses midnight). */
export function spanText(window: GapWindow): string {
  const from = new Date(window.from).toISOString();
  const to = new Date(window.to).toISOString();
  const toText = from.slice(0, 10) === to.slice(0, 10) ? to.slice(11, 19) : `${to.slice(0, 10)} ${to.slice(11, 19)}`;
  return `${from.slice(0, 10)} ${from.slice(11, 19)} and ${toText} UTC`;
}

function withError(out: SessionOutput, error: string): void {
  withDiagnostics(out, { error });
}

/** `b` appended to `a`: events and frames in order, requests, the report, diagnostics added up. */
export function mergeOutputs(a: SessionOutput, b: SessionOutput): SessionOutput {
  a.events.push(...b.events);
  a.send.push(...b.send);
  if (b.requests) a.requests = [...(a.requests ?? []), ...b.requests];
  if (b.recovery) a.recovery = b.recovery;
  if (b.diagnostics) withDiagnostics(a, b.diagnostics);
  return a;
}

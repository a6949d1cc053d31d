import { addText } from '../../domain/decimal';
import type { AccountSnapshotEvent, DomainEvent } from '../../domain/events';
import type { Balance, Position } from '../../domain/types';
import type { AccountBalance, BalancePatch, Ticket, TicketPatch } from './codec';
import {
  accountSummary,
  activatedOrder,
  aggregatePosition,
  closeFill,
  closeFillId,
  currencyBalance,
  isMarketCmd,
  isPendingCmd,
  marketCmdOf,
  openFill,
  openFillId,
  pendingOrder,
  realizedOf,
  NO_CLOSED_TICKETS,
  type ClosedTickets,
} from './normalize';
import { BoundedSet } from '../shared/bounded-set';
import { mergeBalance, mergeTicket, missingTicketFields } from './patches';
import { TRADE_STATE } from './wire';

/**
 * The account side of a ScaleTrade connection: `b` and `o` frames -> domain events. State outlives
 * sockets (the tickets, the fills already derived, each symbol's realized PnL), so a reconnect's initial
 * state derives nothing twice.
 *
 * Tickets (`o`, keyed by ticket, latest wins; docs/venues/scaletrade.md):
 * - an open market ticket (cmd 0/1, state 0) is part of its symbol's position; every symbol's open
 *   tickets are aggregated into one Position (normalize.ts `aggregatePosition`);
 * - an open pending ticket (cmd 2–5, state 0) is an Order; state 2 (DELETED) cancels it; state 3
 *   (ACTIVATED), or any market frame for it, fills it and makes it a market ticket;
 * - state 1 (CLOSED) closes a market ticket: fill `${order}:close` (its fee the commission), its
 *   gross profit is added to the position's realizedPnl and its storage stays in the position's
 *   fundingFee; when the symbol's last ticket closes, the position is sent once more with those totals
 *   and then `position-closed` carrying the final realized PnL (the store books it).
 * - The first frame showing a market ticket (whatever its state) derives fill `${order}:open`.
 * - A closed or deleted ticket is finished and never reopens: later frames for it (replays,
 *   stragglers, a PROFIT update, an account state listing it) are dropped as duplicates, so frames in
 *   any order give the same fills. `code` is not needed to tell updates apart: `state` decides, and a
 *   PROFIT update is an open frame with a new profit.
 * - A frame may carry only some fields (codec.ts `TicketPatch`): it is merged into the known ticket;
 *   a ticket's first frame is kept as a draft until every field it needs has arrived (patches.ts).
 * - After a reconnect, tickets held open and absent from the new account state closed while away:
 *   with a trade history to ask (`hold`), they wait in `awaiting` (out of the positions) for their
 *   close from it (`applyHistory`), else they are finished at once without a close fill.
 */

export interface AccountResult {
  events: DomainEvent[];
  duplicates: number;
  unknown: number;
  errors: string[];
}

interface ActiveTicket {
  kind: 'market' | 'pending';
  /** The latest frame; a market ticket's cmd is normalized to 0/1. */
  ticket: Ticket;
}

interface Resync {
  /** Tickets active when the initial state began. */
  known: Set<number>;
  /** Tickets any frame mentioned since. */
  seen: Set<number>;
  /** Tickets sent as open (state 0/3) since: what the server's `tickets` count counts. */
  seenOpen: Set<number>;
  /** Tickets first seen since (opened while away). */
  opened: number[];
  volumeChanges: VolumeChange[];
}

/** A market ticket whose volume changed while away: a part of it closed, and that fill is unknown. */
export interface VolumeChange {
  order: number;
  from: number;
  to: number;
}

/** What the account state after account.switch showed, against what the page held. */
export interface ResyncFindings {
  /** The marker came and the open tickets received cover its count: an absent ticket is surely gone. */
  certain: boolean;
  /** How many open tickets arrived, and how many the marker counted (undefined: no marker). */
  received: number;
  expected: number | undefined;
  /** Tickets held open and absent from the account state: closed or deleted while away. */
  gone: number[];
  /** Tickets first seen in the account state: opened while away (their open fills are exact). */
  opened: number[];
  volumeChanges: VolumeChange[];
}

/** Finished (closed/deleted) tickets remembered to drop stragglers. */
const FINISHED_TICKETS = 20_000;
/** Fill ids remembered so a replay never derives one twice. */
const FILL_IDS = 40_000;
/** First frames of tickets kept until their missing fields arrive. */
const TICKET_DRAFTS = 2_000;

export class ScaletradeAccount {
  private readonly active = new Map<number, ActiveTicket>();
  private readonly finished = new BoundedSet<number>(FINISHED_TICKETS);
  private readonly fills = new BoundedSet<string>(FILL_IDS);
  /** The commission each active market ticket's open fill was derived with (for the close fill's fee). */
  private readonly openCommission = new Map<number, string>();
  /** Gross realized PnL and storage of the tickets closed during the life of each symbol's current position. */
  private readonly closed = new Map<string, ClosedTickets>();
  /** The last Position sent per symbol (absent: none open). */
  private readonly shown = new Map<string, Position>();
  private lastBalance: { key: string; balance: Balance; record: AccountBalance } | undefined;
  /** The figures of partial `b` frames received before any complete one. */
  private balanceDraft: BalancePatch | undefined;
  /** First frames of tickets that lacked fields, by order (kept until the rest arrives). */
  private readonly drafts = new Map<number, TicketPatch>();
  /** Tickets gone from the account state, waiting for their close from the trade history. */
  private readonly awaiting = new Map<number, ActiveTicket>();
  private resync: Resync | undefined;

  constructor(
    private readonly connectionId: string,
    private readonly currency: string,
    private readonly login: number,
  ) {}

  // ---- initial state after account.switch -------------------------------------------------------

  /** The server is about to push the account's current state (after account.switch). */
  beginResync(): void {
    this.resync = {
      known: new Set(this.active.keys()),
      seen: new Set(),
      seenOpen: new Set(),
      opened: [],
      volumeChanges: [],
    };
  }

  get resyncing(): boolean {
    return this.resync !== undefined;
  }

  /**
   * The initial state is over. `expected` is the marker's ticket count (undefined: no marker came).
   * Tickets known before and not re-sent were closed or deleted while away. When the open tickets
   * received cover the count, that is certain: they leave the positions and open orders at once; with
   * `hold` they wait for their close from the trade history (`applyHistory`), else they are finished
   * without a close fill (pending orders shown as canceled). Otherwise they are kept as they were.
   */
  endResync(expected: number | undefined, ts: number, hold: boolean): AccountResult & { findings: ResyncFindings } {
    const out = result();
    const r = this.resync ?? { known: new Set(), seen: new Set(), seenOpen: new Set(), opened: [], volumeChanges: [] };
    this.resync = undefined;
    const certain = expected !== undefined && r.seenOpen.size >= expected;
    const absent = [...r.known].filter((order) => !r.seen.has(order) && this.active.has(order)).sort((a, b) => a - b);
    const findings: ResyncFindings = {
      certain,
      received: r.seenOpen.size,
      expected,
      gone: certain ? absent : [],
      opened: r.opened,
      volumeChanges: r.volumeChanges,
    };
    if (absent.length === 0) return { ...out, findings };
    const ids = absent.map((o) => `#${o}`).join(', ');
    if (!certain) {
      out.errors.push(
        `ScaleTrade initial state incomplete (${r.seenOpen.size} of ${expected ?? 'an unknown number of'} tickets): ${absent.length} ticket(s) not re-sent kept as they were (${ids})`,
      );
      return { ...out, findings };
    }
    const symbols = new Set<string>();
    for (const order of absent) {
      const gone = this.active.get(order);
      if (!gone) continue;
      this.active.delete(order);
      if (gone.kind === 'market') symbols.add(gone.ticket.symbol);
      if (hold) this.awaiting.set(order, gone);
      else this.finishUnseen(order, gone, ts, out);
    }
    for (const symbol of symbols) out.events.push(...this.recompute(symbol, ts));
    if (!hold) out.errors.push(goneMessage(absent));
    return { ...out, findings };
  }

  /** Tickets gone from the account state whose close the trade history has not given (yet). */
  awaitingTickets(): number[] {
    return [...this.awaiting.keys()].sort((a, b) => a - b);
  }

  /**
   * The trade history's closed and deleted tickets (recovery.ts), oldest close first, through the same
   * path as the stream's frames: fills derived once (a ticket already finished is skipped), realized
   * PnL booked, pending orders resolved. Tickets never seen (opened and closed while away) derive both
   * fills. One never seen that certainly closed before `knownUntil` (the gap's start) derives its fills
   * only: the page was live then, so it was there before (a page reloaded since has it in its journal,
   * realized PnL included); its fills dedupe, its PnL must not be booked twice. Returns the tickets
   * applied in full (those from before the gap not among them).
   */
  applyHistory(tickets: readonly Ticket[], ts: number, knownUntil: number): AccountResult & { applied: number[] } {
    const out = { ...result(), applied: [] as number[] };
    const sorted = [...tickets].sort((a, b) => (a.closeTime ?? 0) - (b.closeTime ?? 0) || a.order - b.order);
    for (const t of sorted) {
      if (this.finished.has(t.order)) continue;
      const unseen = !this.active.has(t.order) && !this.awaiting.has(t.order);
      if (unseen && t.closeTime !== undefined && t.closeTime + 1000 <= knownUntil) {
        this.fillsOnly(t, ts, out);
        continue;
      }
      out.applied.push(t.order);
      const one = this.onTicket(t, ts);
      out.events.push(...one.events);
      out.errors.push(...one.errors);
      out.unknown += one.unknown;
    }
    return out;
  }

  /**
   * A closed ticket from before the gap: its fills (deduplicated downstream), nothing booked. As for
   * any ticket first seen closed, its whole commission is the open fill's fee.
   */
  private fillsOnly(t: Ticket, ts: number, out: AccountResult): void {
    this.finished.add(t.order);
    if (!isMarketCmd(t.cmd)) return;
    this.deriveFill(openFillId(t.order), () => openFill(this.connectionId, t, this.currency, ts), out);
    this.deriveFill(closeFillId(t.order), () => closeFill(this.connectionId, t, this.currency, ts, t.commission), out);
  }

  /** The trade history cannot say (or did not): the awaiting tickets are finished without a close fill. */
  resolveAwaiting(ts: number): AccountResult {
    const out = result();
    const orders = this.awaitingTickets();
    for (const order of orders) {
      const gone = this.awaiting.get(order);
      this.awaiting.delete(order);
      if (gone) this.finishUnseen(order, gone, ts, out);
    }
    if (orders.length > 0) out.errors.push(goneMessage(orders));
    return out;
  }

  /** A ticket gone while away, its close unknown: finished; a pending order is shown as canceled (inferred). */
  private finishUnseen(order: number, gone: ActiveTicket, ts: number, out: AccountResult): void {
    this.finished.add(order);
    this.openCommission.delete(order);
    if (gone.kind === 'pending')
      out.events.push({ kind: 'order', order: pendingOrder(this.connectionId, gone.ticket, 'canceled', ts) });
  }

  /** Everything known now as one account snapshot (positions and open orders; the balance when `balances`). */
  snapshot(ts: number, balances: boolean): AccountSnapshotEvent {
    const openOrders = [...this.active.values()]
      .filter((a) => a.kind === 'pending')
      .map((a) => pendingOrder(this.connectionId, a.ticket, 'open', ts));
    return {
      kind: 'account-snapshot',
      connectionId: this.connectionId,
      time: ts,
      scope: { orders: true, positions: true, balances: balances && this.lastBalance !== undefined },
      openOrders,
      positions: [...this.shown.values()],
      balances: balances && this.lastBalance ? [this.lastBalance.balance] : [],
    };
  }

  // ---- b ----------------------------------------------------------------------------------------

  /**
   * `b` -> account-summary + the currency balance; an unchanged repeat is a duplicate. A `b` with only
   * some figures is merged into the last one (before any complete one, kept until the rest arrives).
   */
  onBalance(patch: BalancePatch, ts: number): AccountResult {
    const out = result();
    const known = this.lastBalance?.record;
    const draft = known ? patch : { ...this.balanceDraft, ...patch };
    const b = mergeBalance(known, draft);
    if (!b) {
      this.balanceDraft = draft;
      out.errors.push(
        'ScaleTrade sent a balance update with only some figures before a complete one; kept until the rest arrives',
      );
      return out;
    }
    this.balanceDraft = undefined;
    const key = JSON.stringify(b);
    if (this.lastBalance?.key === key) {
      if (!this.resync) out.duplicates = 1;
      return out;
    }
    const balance = currencyBalance(this.connectionId, b, this.currency, ts);
    this.lastBalance = { key, balance, record: b };
    out.events.push(
      { kind: 'account-summary', summary: accountSummary(this.connectionId, b, this.currency, ts) },
      { kind: 'balance', balance },
    );
    return out;
  }

  // ---- o ----------------------------------------------------------------------------------------

  onTicket(patch: TicketPatch, ts: number): AccountResult {
    const out = result();
    const order = patch.order;
    if (this.finished.has(order)) {
      // A closed ticket never reopens; an account state listing it still counts towards its marker.
      if (this.resync && isOpenState(patch.state)) this.resync.seenOpen.add(order);
      this.resync?.seen.add(order);
      out.duplicates = 1;
      return out;
    }
    const waiting = this.awaiting.get(order);
    const prev = this.active.get(order) ?? waiting;
    const t = this.merged(order, prev?.ticket, patch, out);
    if (!t) return out;
    if (waiting && isOpenState(t.state)) {
      // Gone from the account state: an open frame of it now is stale, whatever its order of arrival.
      this.resync?.seenOpen.add(order);
      out.duplicates = 1;
      return out;
    }
    if (!isMarketCmd(t.cmd) && !isPendingCmd(t.cmd)) {
      out.unknown = 1;
      out.errors.push(`ScaleTrade ticket #${order} has cmd ${t.cmd}, which is not a trade; skipped`);
      return out;
    }
    if (waiting) this.awaiting.delete(order);
    this.resync?.seen.add(order);
    if (this.resync && !prev) this.resync.opened.push(order);
    switch (t.state) {
      case TRADE_STATE.OPEN:
        if (isPendingCmd(t.cmd)) this.onPendingOpen(t, prev, ts, out);
        else this.onMarketOpen(t, prev, ts, out);
        break;
      case TRADE_STATE.ACTIVATED:
        this.onMarketOpen(t, prev, ts, out);
        break;
      case TRADE_STATE.CLOSED:
        this.onMarketClose(t, prev, ts, out, prev !== undefined && !('closePrice' in patch));
        break;
      case TRADE_STATE.DELETED:
        this.onDeleted(t, prev, ts, out);
        break;
      default:
        out.unknown = 1;
        out.errors.push(`ScaleTrade ticket #${order} has state ${t.state}, which is not documented; skipped`);
    }
    return out;
  }

  /** The ticket after this frame (codec.ts `TicketPatch`); undefined while a first frame lacks fields. */
  private merged(order: number, known: Ticket | undefined, patch: TicketPatch, out: AccountResult): Ticket | undefined {
    const draft = known ? patch : { ...this.drafts.get(order), ...patch };
    const t = mergeTicket(known, draft, this.login);
    if (t) {
      this.drafts.delete(order);
      return t;
    }
    this.drafts.delete(order);
    this.drafts.set(order, draft);
    if (this.drafts.size > TICKET_DRAFTS) {
      const oldest = this.drafts.keys().next();
      if (!oldest.done) this.drafts.delete(oldest.value);
    }
    out.errors.push(
      `ScaleTrade ticket #${order} arrived without ${missingTicketFields(draft).join(', ')}; kept until the rest arrives`,
    );
    return undefined;
  }

  /** An active pending order (new or modified). A pending frame for a ticket already at market is stale. */
  private onPendingOpen(t: Ticket, prev: ActiveTicket | undefined, ts: number, out: AccountResult): void {
    this.resync?.seenOpen.add(t.order);
    if (prev && (prev.kind === 'market' || sameTicket(prev.ticket, t))) {
      if (!this.resync) out.duplicates = 1;
      return;
    }
    this.active.set(t.order, { kind: 'pending', ticket: t });
    out.events.push({ kind: 'order', order: pendingOrder(this.connectionId, t, 'open', ts) });
  }

  /** An open market ticket: new, modified, a PROFIT update, or a pending order that activated. */
  private onMarketOpen(t: Ticket, prev: ActiveTicket | undefined, ts: number, out: AccountResult): void {
    this.resync?.seenOpen.add(t.order);
    const market: Ticket = { ...t, cmd: marketCmdOf(t.cmd) };
    if (prev?.kind === 'market' && sameTicket(prev.ticket, market)) {
      if (!this.resync) out.duplicates = 1;
      return;
    }
    if (prev?.kind === 'pending' || (!prev && (isPendingCmd(t.cmd) || t.state === TRADE_STATE.ACTIVATED))) {
      out.events.push({ kind: 'order', order: activatedOrder(this.connectionId, prev?.ticket, t, ts) });
    }
    if (prev?.kind === 'market' && prev.ticket.volume !== market.volume) {
      this.resync?.volumeChanges.push({ order: t.order, from: prev.ticket.volume, to: market.volume });
      out.errors.push(
        `ScaleTrade ticket #${t.order} changed volume from ${prev.ticket.volume} to ${market.volume}; no fill derived for the difference`,
      );
    }
    this.active.set(t.order, { kind: 'market', ticket: market });
    this.deriveOpenFill(market, ts, out);
    out.events.push(...this.recompute(market.symbol, ts));
    if (prev && prev.ticket.symbol !== market.symbol) out.events.push(...this.recompute(prev.ticket.symbol, ts));
  }

  /** A market ticket closed: its open fill (if never seen open), its close fill, realized PnL, the position. */
  /**
   * `priceInferred`: the close came as a partial update without a close price, so the fill is priced at
   * the last price ScaleTrade sent for the open ticket (its close_price while open is the current
   * price) and flagged `inferred`.
   */
  private onMarketClose(
    t: Ticket,
    prev: ActiveTicket | undefined,
    ts: number,
    out: AccountResult,
    priceInferred = false,
  ): void {
    const market: Ticket = { ...t, cmd: marketCmdOf(t.cmd) };
    this.active.delete(t.order);
    this.finished.add(t.order);
    if (prev?.kind === 'pending' || (!prev && isPendingCmd(t.cmd))) {
      out.events.push({ kind: 'order', order: activatedOrder(this.connectionId, prev?.ticket, t, ts) });
    }
    this.deriveOpenFill(market, ts, out);
    const openCommission = this.openCommission.get(t.order);
    this.openCommission.delete(t.order);
    this.deriveFill(
      closeFillId(t.order),
      () => {
        const fill = closeFill(this.connectionId, market, this.currency, ts, openCommission);
        if (fill && priceInferred) fill.inferred = true;
        return fill;
      },
      out,
    );
    if (priceInferred)
      out.errors.push(
        `ScaleTrade closed ticket #${t.order} without a close price; its close fill is priced at the last price sent for it (${market.closePrice})`,
      );
    const previous = this.closed.get(market.symbol) ?? NO_CLOSED_TICKETS;
    const closed = {
      realized: addText(previous.realized, realizedOf(market)),
      storage: addText(previous.storage, market.storage),
    };
    // The position just before the close (the closing ticket still open, its storage counted once),
    // with the realized total after it.
    const before = aggregatePosition(
      this.connectionId,
      market.symbol,
      [...this.marketTickets(market.symbol), market],
      previous,
      this.currency,
      ts,
    );
    if (before) before.realizedPnl = closed.realized;
    this.closed.set(market.symbol, closed);
    out.events.push(...this.recompute(market.symbol, ts, before));
  }

  /** state 2: a pending order cancelled. A market ticket "deleted" has no close to derive a fill from. */
  private onDeleted(t: Ticket, prev: ActiveTicket | undefined, ts: number, out: AccountResult): void {
    this.active.delete(t.order);
    this.finished.add(t.order);
    this.openCommission.delete(t.order);
    if (prev?.kind === 'market' || (!prev && isMarketCmd(t.cmd))) {
      out.errors.push(`ScaleTrade market ticket #${t.order} was deleted without a close; no fill derived`);
      out.events.push(...this.recompute(t.symbol, ts));
      return;
    }
    out.events.push({ kind: 'order', order: pendingOrder(this.connectionId, t, 'canceled', ts) });
  }

  private deriveOpenFill(market: Ticket, ts: number, out: AccountResult): void {
    if (!this.openCommission.has(market.order)) this.openCommission.set(market.order, market.commission);
    this.deriveFill(openFillId(market.order), () => openFill(this.connectionId, market, this.currency, ts), out);
  }

  private deriveFill(id: string, make: () => ReturnType<typeof openFill>, out: AccountResult): void {
    if (this.fills.has(id)) return;
    const fill = make();
    if (!fill) {
      out.errors.push(`ScaleTrade ticket ${id} has no price or volume; no fill derived`);
      return;
    }
    this.fills.add(id);
    out.events.push({ kind: 'fill', fill });
  }

  private marketTickets(symbol: string): Ticket[] {
    const tickets: Ticket[] = [];
    for (const a of this.active.values()) if (a.kind === 'market' && a.ticket.symbol === symbol) tickets.push(a.ticket);
    return tickets;
  }

  /**
   * The symbol's position from its open market tickets; sent only when it changed. When none is left
   * (or the tickets net to zero), the last position is sent once more with the final realized total
   * (`before`, the aggregate just before the close, when given), then `position-closed`.
   */
  private recompute(symbol: string, ts: number, before?: Position): DomainEvent[] {
    const closed = this.closed.get(symbol) ?? NO_CLOSED_TICKETS;
    const shown = this.shown.get(symbol);
    const position = aggregatePosition(
      this.connectionId,
      symbol,
      this.marketTickets(symbol),
      closed,
      this.currency,
      ts,
    );
    if (position) {
      if (shown && samePosition(shown, position)) return [];
      this.shown.set(symbol, position);
      return [{ kind: 'position', position }];
    }
    this.shown.delete(symbol);
    this.closed.delete(symbol);
    const last = before ?? (shown ? { ...shown, realizedPnl: closed.realized, updatedAt: ts } : undefined);
    if (!last) return [];
    const events: DomainEvent[] = [];
    if (!shown || !samePosition(shown, last)) events.push({ kind: 'position', position: last });
    events.push({
      kind: 'position-closed',
      connectionId: this.connectionId,
      symbol,
      time: ts,
      realizedPnl: closed.realized,
      settleAsset: this.currency,
    });
    return events;
  }
}

function result(): AccountResult {
  return { events: [], duplicates: 0, unknown: 0, errors: [] };
}

/** OPEN or ACTIVATED; a frame without a state is taken as an update of an open ticket. */
function isOpenState(state: number | undefined): boolean {
  return state === undefined || state === TRADE_STATE.OPEN || state === TRADE_STATE.ACTIVATED;
}

function goneMessage(orders: readonly number[]): string {
  const ids = orders.map((o) => `#${o}`).join(', ');
  return `ScaleTrade: ${orders.length} ticket(s) closed or deleted while disconnected (${ids}); closed market tickets have no close fill or realized PnL, pending orders are shown as canceled`;
}

function sameTicket(a: Ticket, b: Ticket): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function samePosition(a: Position, b: Position): boolean {
  return (
    a.quantity === b.quantity &&
    a.entryPrice === b.entryPrice &&
    a.unrealizedPnl === b.unrealizedPnl &&
    a.realizedPnl === b.realizedPnl &&
    a.fundingFee === b.fundingFee &&
    a.settleAsset === b.settleAsset
  );
}

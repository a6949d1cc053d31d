import { Decimal, decText } from '../../domain/decimal';
import type { DomainEvent, PositionClosedEvent } from '../../domain/events';
import type { AccountSummary, Balance, Fill, Position } from '../../domain/types';
import { GrowthBook, type Attribution, type HeldFill } from './attribution';
import { FillBuilder, type PendingTaker } from './fill-builder';
import { ZERO_POSITION, realizedAfterClose, type PositionPoint } from './fill-math';
import type { ZdexMarket } from './market';
import {
  canon,
  mergeBalanceUpdate,
  mergeFuturesAccount,
  mergePosition,
  normalizeBalance,
  normalizeFullState,
  normalizeNotification,
  normalizePosition,
  ZDEX_SETTLE_ASSET,
} from './normalize';
import { OrderTracker } from './orders';
import { DigestBuilder, type AccountDigest } from './recovery';
import type { ZdexAccountFrame, ZdexFullState, ZdexOrderStatus, ZdexPositionClosed, ZdexPositionUpdate } from './wire';

/**
 * The account channel's state across sockets: orders (with the cuid mapping), the last known position
 * and balance per symbol / asset, and the fills inferred from position changes. docs/venues/zdex.md,
 * "account (authenticated)". The session feeds it only after the socket's first full state.
 *
 * Fills are rebuilt from position changes at once (price, side, quantity), but held until the next
 * full state, whose open orders' cumulative `executedQty` decides which order each belongs to
 * (attribution.ts). The venue pushes a full state after every change, so a fill waits milliseconds;
 * if none comes within `HOLD_MS`, the fill is released with its guess.
 */

export interface AccountResult {
  events: DomainEvent[];
  /** Frames that were valid but could not be used (an order_update with no order to map it to). */
  unknown?: number;
  /** Frames older than what is already known (a replayed position_update). */
  duplicates?: number;
  error?: string;
}

interface Baseline {
  point: PositionPoint;
  /** `ts` of the frame that said so. */
  ts: number;
  /** Said by a full state (a later full state of the same millisecond supersedes it). */
  fromState?: boolean;
}

/** A fill (or order_update status) waits at most this long for the full state that settles it. */
export const HOLD_MS = 2_000;

export class ZdexAccount {
  private readonly orders: OrderTracker;
  private readonly positions = new Map<string, Baseline>();
  /** The last position reported per symbol, so an update carrying only some fields is merged over it. */
  private readonly reported = new Map<string, Position>();
  private readonly balances = new Map<string, Balance>();
  private summary: AccountSummary | undefined;
  private readonly pendingTaker = new Map<string, PendingTaker>();
  private readonly builder: FillBuilder;
  private held: HeldFill[] = [];
  /** Session clock at which something held is due for release. */
  private releaseAt: number | undefined;
  private baseline = false;

  constructor(
    private readonly connectionId: string,
    private readonly market: ZdexMarket,
  ) {
    this.orders = new OrderTracker(connectionId);
    this.builder = new FillBuilder(connectionId, market, this.orders);
  }

  /** A full state has been seen: position changes since are fills. */
  get hasBaseline(): boolean {
    return this.baseline;
  }

  onFrame(frame: ZdexAccountFrame, now: number): AccountResult {
    const { connectionId } = this;
    switch (frame.event) {
      case undefined:
        return this.fullState(frame.data, frame.ts, now);
      case 'order_new':
        return { events: [{ kind: 'order', order: this.orders.created(frame.data.order, frame.ts) }] };
      case 'order_canceled':
        return { events: [{ kind: 'order', order: this.orders.statusChanged(frame.data.order, frame.ts) }] };
      case 'order_update':
        return this.orderUpdate(frame.data, frame.ts, now);
      case 'position_update':
        return this.positionUpdate(frame.data, frame.ts, now);
      case 'balance_update': {
        const balance = mergeBalanceUpdate(connectionId, this.balances.get(frame.data.symbol), frame.data, frame.ts);
        if (!balance) return { events: [] };
        this.balances.set(balance.asset, balance);
        return { events: [{ kind: 'balance', balance }] };
      }
      case 'futures_account_update':
        this.summary = mergeFuturesAccount(connectionId, this.summary, frame.data, frame.ts);
        return { events: [{ kind: 'account-summary', summary: this.summary }] };
      case 'notification':
        return {
          events: [{ kind: 'notification', notification: normalizeNotification(connectionId, frame.data, frame.ts) }],
        };
    }
  }

  /** Releases, with their guesses, the fills and order_update statuses no full state settled in time. */
  release(now: number): AccountResult {
    if (this.releaseAt === undefined || now < this.releaseAt) return { events: [] };
    const due = this.held.filter((h) => now - h.heldAt >= HOLD_MS);
    this.held = this.held.filter((h) => now - h.heldAt < HOLD_MS);
    const events: DomainEvent[] = [];
    for (const h of due) {
      const orderId = h.takerOrderId ?? h.restingOrderId;
      events.push(...this.finish(orderId === undefined ? { held: h } : { held: h, orderId }, h.fill.time));
    }
    for (const order of this.orders.releaseHints(now - HOLD_MS)) events.push({ kind: 'order', order });
    this.scheduleRelease();
    return { events };
  }

  /** The state a recovery compares: positions, balances, open orders and their filled quantities. */
  digest(): AccountDigest {
    const d = new DigestBuilder();
    for (const [symbol, { point }] of this.positions)
      d.position(symbol, point.quantity, point.avgEntryPrice, point.realizedPnl);
    for (const [asset, balance] of this.balances) d.balance(asset, balance.total);
    const filled = new Map<string, Decimal>();
    for (const [orderId, f] of this.orders.openFills()) filled.set(orderId, new Decimal(f));
    // A held fill's guess counts: the full state that settles it will show that order grown.
    for (const h of this.held) {
      const orderId = h.takerOrderId ?? h.restingOrderId;
      const known = orderId === undefined ? undefined : filled.get(orderId);
      if (orderId !== undefined && known) filled.set(orderId, known.plus(h.fill.quantity));
    }
    for (const [orderId, f] of filled) d.order(orderId, decText(f));
    return d.build();
  }

  /**
   * "Full state update": pushed after auth, on changes, and every ~60 s. One account-snapshot, then the
   * fills implied by position changes since the last known state (activity during a gap, or a missed
   * event), every held fill settled against the open orders' `executedQty`, then explicit order events
   * for orders that vanished without a terminal event.
   */
  private fullState(state: ZdexFullState, ts: number, now: number): AccountResult {
    const events: DomainEvent[] = [normalizeFullState(this.connectionId, state, ts)];
    for (const o of state.openOrders) this.market.observe(o.symbol, [o.price]);
    for (const p of state.positions) this.market.notePositionMark(p.symbol, p.markPrice);
    this.rememberFullState(state, ts);
    const listed = new Map(state.positions.map((p) => [p.symbol, p]));
    const symbols = new Set([...this.positions.keys(), ...listed.keys()]);
    const errors: string[] = [];
    for (const symbol of symbols) {
      const base = this.positions.get(symbol);
      // A position_update as new as this state already said as much (the venue sends the full state
      // after the update, in the same millisecond: a reordered older state must not undo a newer update).
      // Two states of the same millisecond: the later one says more (a fill between them whose update
      // was stamped older than the first state was skipped, and only this state shows it).
      if (base && (base.ts > ts || (base.ts === ts && !base.fromState))) continue;
      const prev = base?.point ?? ZERO_POSITION;
      const wire = listed.get(symbol);
      const next: PositionPoint = { quantity: wire ? canon(wire.quantity) : '0' };
      // The full state names no position id. Keep the known one only while the quantity is unchanged:
      // after activity in a gap the position may have closed and reopened under a new id.
      if (prev.positionId !== undefined && next.quantity === prev.quantity) next.positionId = prev.positionId;
      if (wire && next.quantity !== '0') {
        next.avgEntryPrice = canon(wire.avgEntryPrice);
        next.realizedPnl = canon(wire.realizedPnl);
      }
      if (this.baseline) this.deriveFills(symbol, prev, next, ts, now, errors);
      this.positions.set(symbol, { point: next, ts, fromState: true });
    }
    const growth = new GrowthBook(this.orders.growth(state.openOrders, ts));
    const due = this.held.filter((h) => h.fill.time <= ts);
    this.held = this.held.filter((h) => h.fill.time > ts);
    for (const attribution of growth.attribute(due)) events.push(...this.finish(attribution, ts));
    events.push(...this.orders.sync(state.openOrders, ts).map((order): DomainEvent => ({ kind: 'order', order })));
    // The full state reflects every fill up to `ts`: an order_update older than that has had its fill.
    for (const [symbol, pending] of this.pendingTaker) if (pending.ts <= ts) this.pendingTaker.delete(symbol);
    this.baseline = true;
    this.scheduleRelease();
    return withError({ events }, errors);
  }

  /** Positions and balances of a full state replace what is known. */
  private rememberFullState(state: ZdexFullState, ts: number): void {
    for (const p of state.positions) {
      const position = normalizePosition(this.connectionId, p, ts);
      const last = this.reported.get(p.symbol);
      if (last && last.updatedAt >= ts) continue;
      if (position) this.reported.set(p.symbol, position);
      else this.reported.delete(p.symbol);
    }
    for (const symbol of [...this.reported.keys()])
      if (!state.positions.some((p) => p.symbol === symbol) && (this.reported.get(symbol)?.updatedAt ?? 0) <= ts)
        this.reported.delete(symbol);
    const assets = new Set(state.balances.map((b) => b.asset));
    for (const [asset, b] of this.balances) if (!assets.has(asset) && b.updatedAt <= ts) this.balances.delete(asset);
    for (const b of state.balances) {
      const known = this.balances.get(b.asset);
      if (!known || known.updatedAt <= ts) this.balances.set(b.asset, normalizeBalance(this.connectionId, b, ts));
    }
  }

  /** `order_update`: map the cuid to a numeric id; a fill status marks the next position change as taker. */
  private orderUpdate(
    d: { orderId: string; symbol: string; oldStatus: ZdexOrderStatus; newStatus: ZdexOrderStatus },
    ts: number,
    now: number,
  ): AccountResult {
    const orderId = this.orders.resolveCuid(d.orderId, d.symbol, d.oldStatus);
    if (d.newStatus === 'FILLED' || d.newStatus === 'PARTIALLY_FILLED') {
      const pending: PendingTaker = { ts };
      if (orderId !== undefined) pending.orderId = orderId;
      const side = orderId === undefined ? undefined : this.orders.get(orderId)?.side;
      if (side !== undefined) pending.side = side;
      this.pendingTaker.set(d.symbol, pending);
    }
    if (orderId === undefined) {
      return {
        events: [],
        unknown: 1,
        error: `order_update for ${d.symbol} (${d.oldStatus}->${d.newStatus}) matches no open order; ignored`,
      };
    }
    // The mapping is a guess: the status is reported once the next full state confirms it.
    this.orders.noteUpdate(orderId, d.newStatus, ts, now);
    this.releaseAt ??= now + HOLD_MS;
    return { events: [] };
  }

  /**
   * `position_update`: the position itself (or its close, with the final realized PnL), then the fills
   * its quantity change implies (held until the next full state). An update carrying only some fields
   * is merged over the last known state of the same position.
   */
  private positionUpdate(d: ZdexPositionUpdate | ZdexPositionClosed, ts: number, now: number): AccountResult {
    const base = this.positions.get(d.symbol);
    if (base && ts < base.ts) return { events: [], duplicates: 1 };
    const prev = base?.point ?? ZERO_POSITION;
    const next: PositionPoint = { positionId: d.positionId, quantity: canon(d.quantity) };
    const samePosition = prev.positionId === undefined || prev.positionId === d.positionId;
    const unchanged = samePosition && next.quantity === prev.quantity;
    let position: Position | undefined;
    if (!isClosed(d)) {
      this.market.notePositionMark(d.symbol, d.markPrice);
      const last = samePosition ? this.reported.get(d.symbol) : undefined;
      position = mergePosition(this.connectionId, last, d, ts);
      // A closed frame carries no PnL or average; a full frame with quantity "0" still has its PnL.
      const realized = d.realizedPnl ?? (unchanged ? prev.realizedPnl : undefined);
      if (realized !== undefined) next.realizedPnl = canon(realized);
      const avg = d.avgEntryPrice ?? (unchanged ? prev.avgEntryPrice : undefined);
      if (next.quantity !== '0' && avg !== undefined) next.avgEntryPrice = canon(avg);
    }
    const errors: string[] = [];
    const closePrice = this.baseline ? this.deriveFills(d.symbol, prev, next, ts, now, errors) : undefined;
    const events: DomainEvent[] = [];
    const lineageChanged =
      prev.positionId !== undefined && next.positionId !== undefined && prev.positionId !== next.positionId;
    if (!position) {
      events.push(this.closed(d.symbol, prev, next, closePrice, ts));
      this.reported.delete(d.symbol);
    }
    // A new position id while the old one is open in our state (its close frame was missed): the old
    // one closed first, with what its close fill implies.
    else if (lineageChanged && prev.quantity !== '0')
      events.push(this.closed(d.symbol, prev, { quantity: '0' }, closePrice, ts), { kind: 'position', position });
    else events.push({ kind: 'position', position });
    if (position) this.reported.set(d.symbol, position);
    this.positions.set(d.symbol, { point: next, ts });
    return withError({ events }, errors);
  }

  /**
   * `position-closed` with the position's final realized PnL (the closing fill's included): the
   * venue's own figure when the frame has it (a full frame with quantity "0"); else derived from the
   * last known state and the close fill's price, flagged `realizedInferred` since that price was not
   * in the venue's figures (a maker close takes its resting order's limit price, a taker close the
   * book's). No figure when the last state or the price is unknown: the store then books the last
   * realized PnL the position showed.
   */
  private closed(
    symbol: string,
    prev: PositionPoint,
    next: PositionPoint,
    closePrice: string | undefined,
    ts: number,
  ): PositionClosedEvent {
    const event: PositionClosedEvent = { kind: 'position-closed', connectionId: this.connectionId, symbol, time: ts };
    if (next.realizedPnl !== undefined)
      return { ...event, realizedPnl: next.realizedPnl, settleAsset: ZDEX_SETTLE_ASSET };
    const realized = closePrice === undefined ? undefined : realizedAfterClose(prev, closePrice);
    return realized === undefined
      ? event
      : { ...event, realizedPnl: realized, settleAsset: ZDEX_SETTLE_ASSET, realizedInferred: true };
  }

  /**
   * Fills for one position change (fill-builder.ts), held until the full state that settles their order.
   * Returns the price of the leg that closed all of `prev`, for the final realized PnL.
   */
  private deriveFills(
    symbol: string,
    prev: PositionPoint,
    next: PositionPoint,
    ts: number,
    now: number,
    errors: string[],
  ): string | undefined {
    const taker = this.pendingTaker.get(symbol);
    const built = this.builder.build(symbol, prev, next, ts, taker);
    if (!built) return undefined;
    this.pendingTaker.delete(symbol); // only the next position change is the taker's fill
    for (const held of built.held) {
      held.heldAt = now;
      this.held.push(held);
      this.releaseAt ??= now + HOLD_MS;
    }
    errors.push(...built.errors);
    return built.closePrice;
  }

  /** A settled fill: its order (if any) takes it, and it is reported. */
  private finish(attribution: Attribution, ts: number): DomainEvent[] {
    const { held, orderId } = attribution;
    const fill: Fill = { ...held.fill };
    delete fill.orderId;
    if (orderId === undefined) {
      if (held.ambiguousPrice !== undefined)
        this.orders.noteUnattributedFill(fill.symbol, fill.side, held.ambiguousPrice, fill.quantity);
      else if (held.takerOrderId === undefined) delete fill.liquidity;
      return [{ kind: 'fill', fill }];
    }
    fill.orderId = orderId;
    if (attribution.takerHintWrong && held.takerOrderId !== undefined) this.orders.moveCuid(held.takerOrderId, orderId);
    const order = this.orders.get(orderId);
    if (held.takerOrderId === undefined && order?.price !== undefined && new Decimal(order.price).eq(fill.price))
      fill.liquidity = 'maker';
    this.orders.applyFill(orderId, fill.quantity, fill.inferred === true, ts);
    return [{ kind: 'fill', fill }];
  }

  private scheduleRelease(): void {
    const times = this.held.map((h) => h.heldAt + HOLD_MS);
    const hint = this.orders.oldestHintAt();
    if (hint !== undefined) times.push(hint + HOLD_MS);
    this.releaseAt = times.length === 0 ? undefined : Math.min(...times);
  }
}

function isClosed(d: ZdexPositionUpdate | ZdexPositionClosed): d is ZdexPositionClosed {
  return (d as ZdexPositionClosed).closed === true;
}

function withError(result: AccountResult, errors: readonly string[]): AccountResult {
  if (errors.length > 0) result.error = errors.join('; ');
  return result;
}

import { TRADE_CODE, TRADE_STATE } from '../../src/venues/scaletrade/wire';
import type { AccountEvent } from '../core/events';
import type { FillRecord, FundingRecord, Liquidity, OrderRecord, Side } from '../core/records';
import { ZERO, num, text, type Num } from '../core/num';
import { cents, splitCents, venueMs } from './money';
import { lotsText, scaletradeSymbol, volumeOf } from './symbols';
import {
  isBuy,
  newMarketTicket,
  newPendingTicket,
  profitAt,
  sideOf,
  snapshot,
  type PendingTicket,
  type Ticket,
} from './ticket';

/** The account's money, MT4 style (USD cents). */
export interface AccountMoney {
  balance: Num;
  /** Profit of closed tickets. */
  realized: Num;
  /** Commission charged so far (positive). */
  fees: Num;
  /** Storage (funding) credited so far (signed). */
  funding: Num;
}

/** One execution of the core, as the ticket book needs it. */
interface Execution {
  coreSymbol: string;
  side: Side;
  volume: number;
  price: Num;
  liquidity: Liquidity;
  time: number;
}

/**
 * The ScaleTrade view of one core account: MT4-style tickets over the core's netting position, with
 * their own books in the account currency (USD, cents). README.md "Tickets" has the rules; in short:
 * - a fill that opens or increases the position opens a market ticket (cmd 0 BUY / 1 SELL);
 * - a fill that reduces it closes market tickets oldest first; the ticket a reduction reaches only in
 *   part closes whole at the fill price and its rest reopens as a new ticket at that price
 *   (comments `to #R` / `from #T`); a fill beyond the position closes all and opens the excess;
 * - a resting core limit order is a pending ticket (cmd 2 BUY_LIMIT / 3 SELL_LIMIT); a partial fill
 *   lowers its volume (MODIFIED) and books the filled part as above; its last fill activates it
 *   (state ACTIVATED: the ticket is now a market ticket, same number); if that fill reduces the
 *   position, the activated ticket is closed against the oldest tickets at once (an MT4 close-by);
 * - a cancel deletes the pending ticket (state DELETED);
 * - commission (the core's fee) and storage (the core's funding) go to the balance when they occur,
 *   a ticket's profit when it closes.
 * Every method returns the tickets whose `o` frames are due, as frozen snapshots, in sending order.
 */
export class TicketBook {
  readonly money: AccountMoney;
  /** Open market tickets per core symbol, oldest first (all one direction: the core nets). */
  private readonly open = new Map<string, Ticket[]>();
  /** Live pending tickets by core order id. */
  private readonly pending = new Map<string, PendingTicket>();
  /** Every pending ticket ever placed (the ledger's orders). */
  readonly pendingHistory: PendingTicket[] = [];
  readonly fills: FillRecord[] = [];
  /** Every ticket closed (market) or deleted (pending), as its last frame showed it, in closing order: the trade history (rest.ts). */
  readonly history: Ticket[] = [];
  readonly fundingPayments: FundingRecord[] = [];
  /** profit + storage + commission of the tickets closed since the symbol's position opened. */
  private readonly realizedSinceOpen = new Map<string, Num>();
  private readonly marks = new Map<string, Num>();
  /** The execution waiting for its orderUpdated (the core sends them back to back). */
  private waitingFill: FillRecord | null = null;

  constructor(
    readonly initialBalance: Num,
    private readonly nextTicket: () => number,
    initialMarks: Readonly<Record<string, string>>,
  ) {
    this.money = { balance: initialBalance, realized: ZERO, fees: ZERO, funding: ZERO };
    for (const [symbol, mark] of Object.entries(initialMarks)) this.marks.set(symbol, num(mark));
  }

  setMark(coreSymbol: string, mark: Num): void {
    this.marks.set(coreSymbol, mark);
  }

  mark(coreSymbol: string): Num | undefined {
    return this.marks.get(coreSymbol);
  }

  /** Open market tickets of every symbol (oldest first), then live pending tickets. */
  openTickets(): Ticket[] {
    return [...[...this.open.values()].flat(), ...this.pending.values()];
  }

  marketTickets(coreSymbol: string): readonly Ticket[] {
    return this.open.get(coreSymbol) ?? [];
  }

  realizedSince(coreSymbol: string): Num {
    return this.realizedSinceOpen.get(coreSymbol) ?? ZERO;
  }

  apply(event: AccountEvent): Ticket[] {
    switch (event.type) {
      case 'orderPlaced':
        return event.order.type === 'limit' ? [this.place(event.order, event.time)] : [];
      case 'execution':
        this.waitingFill = event.fill;
        return [];
      case 'orderUpdated': {
        const fill = this.waitingFill;
        this.waitingFill = null;
        return fill ? this.fill(fill, event.order) : [];
      }
      case 'orderCanceled':
        return this.cancel(event.order, event.time);
      case 'funding':
        return this.fund(event.payment);
      case 'positionChanged':
      case 'balanceChanged':
      case 'accountSettled':
        return [];
    }
  }

  /** Recalculate the floating profit of every open market ticket from the mark: the ones that changed. */
  refreshProfits(): Ticket[] {
    const changed: Ticket[] = [];
    for (const [symbol, tickets] of this.open) {
      const mark = this.marks.get(symbol);
      if (!mark) continue;
      for (const t of tickets) {
        const profit = profitAt(t, mark);
        if (profit.eq(t.profit) && mark.eq(t.closePrice)) continue;
        t.profit = profit;
        t.closePrice = mark;
        t.code = TRADE_CODE.PROFIT;
        changed.push(snapshot(t));
      }
    }
    return changed;
  }

  private place(order: OrderRecord, time: number): Ticket {
    const volume = volumeOf(order.symbol, num(order.quantity));
    const t = newPendingTicket(
      this.nextTicket(),
      order.orderId,
      order.symbol,
      order.side,
      volume,
      num(order.price ?? '0'),
      time,
    );
    this.pending.set(order.orderId, t);
    this.pendingHistory.push(t);
    return snapshot(t);
  }

  private cancel(order: OrderRecord, time: number): Ticket[] {
    const t = this.pending.get(order.orderId);
    if (!t) return [];
    this.pending.delete(order.orderId);
    t.status = 'canceled';
    t.updatedAt = time;
    t.state = TRADE_STATE.DELETED;
    t.code = TRADE_CODE.DELETED;
    t.closeTime = time;
    this.history.push(snapshot(t));
    return [snapshot(t)];
  }

  private fill(fill: FillRecord, order: OrderRecord): Ticket[] {
    const x: Execution = {
      coreSymbol: fill.symbol,
      side: fill.side,
      volume: volumeOf(fill.symbol, num(fill.quantity)),
      price: num(fill.price),
      liquidity: fill.liquidity,
      time: fill.time,
    };
    const commission = cents(num(fill.fee));
    const pending = this.pending.get(order.orderId);
    if (pending && order.status === 'filled') return this.activate(pending, x, commission);
    const frames: Ticket[] = [];
    if (pending) {
      // MT4 pending orders do not fill in part: the filled part leaves the ticket as market tickets.
      pending.volume -= x.volume;
      pending.updatedAt = x.time;
      pending.code = TRADE_CODE.MODIFIED;
      frames.push(snapshot(pending));
    }
    frames.push(...this.execute(x, commission, undefined));
    return frames;
  }

  /** The last fill of a pending order: the ticket becomes a market ticket under the same number. */
  private activate(p: PendingTicket, x: Execution, commission: Num): Ticket[] {
    this.pending.delete(p.coreOrderId);
    p.status = 'filled';
    p.updatedAt = x.time;
    p.volume = x.volume;
    p.filledVolume = x.volume;
    p.state = TRADE_STATE.ACTIVATED;
    p.code = TRADE_CODE.ACTIVATED;
    const queue = this.open.get(x.coreSymbol) ?? [];
    const market = this.marketTicket(p.ticket, x, x.volume, x.price, commission);
    // The ACTIVATED frame already shows the market ticket (open price, time, commission) under the pending cmd.
    const activated: Ticket = {
      ...snapshot(market),
      cmd: p.cmd,
      state: TRADE_STATE.ACTIVATED,
      code: TRADE_CODE.ACTIVATED,
    };
    const reduces = queue.length > 0 && isBuy(queue[0]?.cmd ?? 0) !== (x.side === 'buy');
    if (!reduces) {
      this.pushOpen(market);
      return [activated, snapshot(market)];
    }
    // Close-by: the activated ticket closes at once at its own price, and the opposite tickets close against it.
    const closedBy = this.closeTicket(market, x.price, ZERO, x, false);
    return [activated, ...closedBy, ...this.execute(x, ZERO, p.ticket)];
  }

  /**
   * Book one execution on the open tickets: close oldest first, reopen the rest of a ticket closed in
   * part, open a ticket with what is left. `commission` (cents) is shared by volume over the closed
   * parts and the opened ticket. `from` names the ticket an excess ticket comes from (close-by).
   */
  private execute(x: Execution, commission: Num, from: number | undefined): Ticket[] {
    const queue = this.open.get(x.coreSymbol) ?? [];
    const reduces = queue.length > 0 && isBuy(queue[0]?.cmd ?? 0) !== (x.side === 'buy');
    const parts: { ticket: Ticket; volume: number }[] = [];
    let left = x.volume;
    if (reduces) {
      for (const t of queue) {
        if (left === 0) break;
        const v = Math.min(t.volume, left);
        parts.push({ ticket: t, volume: v });
        left -= v;
      }
    }
    const shares = splitCents(commission, [...parts.map((p) => p.volume), ...(left > 0 ? [left] : [])]);
    const frames: Ticket[] = [];
    parts.forEach((p, i) => frames.push(...this.reduceTicket(p.ticket, p.volume, x, shares[i] ?? ZERO)));
    if (left > 0) {
      const t = this.marketTicket(this.nextTicket(), x, left, x.price, shares[parts.length] ?? ZERO);
      if (from !== undefined) t.comment = `from #${from}`;
      this.pushOpen(t);
      frames.push(snapshot(t));
    }
    return frames;
  }

  /** Close `volume` of the oldest ticket: all of it, or all of it and reopen the rest at the fill price. */
  private reduceTicket(t: Ticket, volume: number, x: Execution, commission: Num): Ticket[] {
    const queue = this.open.get(t.coreSymbol) ?? [];
    queue.shift();
    const rest = t.volume - volume;
    const frames: Ticket[] = [];
    if (rest > 0) {
      // Sent first, so the position never looks flat between the two frames.
      const remainder = this.marketTicket(this.nextTicket(), { ...x, side: sideOf(t.cmd) }, rest, x.price, ZERO);
      remainder.comment = `from #${t.ticket}`;
      t.comment = `to #${remainder.ticket}`;
      queue.unshift(remainder);
      frames.push(snapshot(remainder));
    }
    if (queue.length === 0) this.open.delete(t.coreSymbol);
    frames.push(...this.closeTicket(t, x.price, commission, x, true));
    return frames;
  }

  /** A new market ticket: books its commission and its open fill (not yet in the open list). */
  private marketTicket(number: number, x: Execution, volume: number, price: Num, commission: Num): Ticket {
    const t = newMarketTicket(
      number,
      x.coreSymbol,
      x.side,
      volume,
      price,
      x.time,
      this.marks.get(x.coreSymbol) ?? price,
    );
    t.commission = commission.neg();
    this.charge(commission);
    this.record(t, x.side, volume, price, commission, ZERO, 'open', x);
    return t;
  }

  private pushOpen(t: Ticket): void {
    const queue = this.open.get(t.coreSymbol);
    if (queue) queue.push(t);
    else {
      this.open.set(t.coreSymbol, [t]);
      this.realizedSinceOpen.set(t.coreSymbol, ZERO);
    }
  }

  /** Close a whole ticket at `price`: its profit goes to the balance. */
  private closeTicket(t: Ticket, price: Num, commission: Num, x: Execution, fromQueue: boolean): Ticket[] {
    const profit = profitAt(t, price);
    t.profit = profit;
    t.closePrice = price;
    t.closeTime = x.time;
    t.commission = t.commission.minus(commission);
    t.state = TRADE_STATE.CLOSED;
    t.code = TRADE_CODE.CLOSED;
    this.money.balance = this.money.balance.plus(profit);
    this.money.realized = this.money.realized.plus(profit);
    this.charge(commission);
    const net = profit.plus(t.storage).plus(t.commission);
    if (fromQueue && !this.open.has(t.coreSymbol)) this.realizedSinceOpen.delete(t.coreSymbol);
    else this.realizedSinceOpen.set(t.coreSymbol, this.realizedSince(t.coreSymbol).plus(net));
    this.record(t, sideOf(t.cmd) === 'buy' ? 'sell' : 'buy', t.volume, price, commission, profit, 'close', x);
    this.history.push(snapshot(t));
    return [snapshot(t)];
  }

  private fund(payment: FundingRecord): Ticket[] {
    const tickets = this.open.get(payment.symbol) ?? [];
    const total = cents(num(payment.amount));
    const shares = splitCents(
      total,
      tickets.map((t) => t.volume),
    );
    const signedVolume = tickets.reduce((sum, t) => sum + (isBuy(t.cmd) ? t.volume : -t.volume), 0);
    this.money.balance = this.money.balance.plus(total);
    this.money.funding = this.money.funding.plus(total);
    this.fundingPayments.push({
      ...payment,
      symbol: scaletradeSymbol(payment.symbol),
      positionQuantity: lotsText(signedVolume),
      amount: text(total),
    });
    if (total.isZero()) return [];
    return tickets.map((t, i) => {
      t.storage = t.storage.plus(shares[i] ?? ZERO);
      t.code = TRADE_CODE.MODIFIED;
      return snapshot(t);
    });
  }

  private charge(commission: Num): void {
    this.money.balance = this.money.balance.minus(commission);
    this.money.fees = this.money.fees.plus(commission);
  }

  private record(
    t: Ticket,
    side: Side,
    volume: number,
    price: Num,
    fee: Num,
    profit: Num,
    leg: 'open' | 'close',
    x: Execution,
  ): void {
    this.fills.push({
      fillId: `${t.ticket}:${leg}`,
      orderId: String(t.ticket),
      symbol: scaletradeSymbol(t.coreSymbol),
      side,
      price: text(price),
      quantity: lotsText(volume),
      fee: text(fee),
      feeAsset: 'USD', // the account currency: commission is charged in it
      liquidity: x.liquidity,
      realizedPnl: text(profit),
      time: venueMs(x.time),
    });
  }
}

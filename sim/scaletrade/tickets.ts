import { TRADE_CODE, TRADE_STATE } from '../../src/venues/scaletrade/wire';
import type { AccountEvent } from '../core/events';
import type { FillRecord, FundingRecord, OrderRecord } from '../core/records';
import type { Num} from '../core/num';
import { ZERO, num, text } from '../core/num';
import { cents, splitCents } from './money';
import { lotsText, scaletradeSymbol, volumeOf } from './symbols';
import { isBuy, newMarketTicket, newPendingTicket, profitAt, snapshot, type PendingTicket, type Ticket } from './ticket';

/** The account's money, MT4 style (cents). `profit` is the floating profit of the open tickets as last sent. */
export interface AccountMoney {
  balance: Num;
  realized: Num;
  /** Commission charged so far (positive). */
  fees: Num;
  /** Storage (funding) credited so far (signed). */
  funding: Num;
}

/**
 * The ScaleTrade view of one core account: MT4-style tickets on a netting position, with its own
 * books in the account currency (USD, cents).
 *
 * - A fill that opens or increases the position opens a market ticket (cmd 0 BUY / 1 SELL).
 * - A fill that reduces it closes market tickets first in, first out. A ticket closed in part is
 *   split the MT4 way: the ticket itself closes with the closed volume (comment `to #R`) and a new
 *   remainder ticket R opens with the rest, the same open price and time, comment `from #T`.
 *   A fill beyond the position (a flip) closes every ticket and opens one for the excess.
 * - A resting core limit order is a pending ticket (cmd 2 BUY_LIMIT / 3 SELL_LIMIT). A partial fill
 *   lowers its volume (code MODIFIED); its last fill activates it (state ACTIVATED) and the market
 *   ticket that fill opens, if any, keeps the pending ticket's number. A cancel deletes it.
 * - Commission (the core's fee, in cents) and storage (the core's funding, in cents) are booked to
 *   the balance at once; the tickets carry them as running totals. A ticket's profit goes to the
 *   balance when it closes.
 *
 * Every method returns the tickets whose frames are due, as frozen snapshots, in sending order.
 */
export class TicketBook {
  readonly money: AccountMoney;
  /** Open market tickets per core symbol, oldest first (all the same direction: the core nets). */
  private readonly open = new Map<string, Ticket[]>();
  /** Live pending tickets by core order id. */
  private readonly pending = new Map<string, PendingTicket>();
  /** Every pending ticket ever placed (the ledger's orders). */
  readonly pendingHistory: PendingTicket[] = [];
  readonly fills: FillRecord[] = [];
  readonly fundingPayments: FundingRecord[] = [];
  /** Realized profit per core symbol since its position last opened. */
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

  tracks(coreSymbol: string): boolean {
    return this.marks.has(coreSymbol);
  }

  /** Open market tickets of every symbol, then live pending tickets. */
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
        return fill ? this.fill(fill, event.order, event.time) : [];
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
    const t = newPendingTicket(this.nextTicket(), order.orderId, order.symbol, order.side, volume, num(order.price ?? '0'), time);
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
    return [snapshot(t)];
  }

  private fill(fill: FillRecord, order: OrderRecord, time: number): Ticket[] {
    const symbol = fill.symbol;
    const price = num(fill.price);
    const volume = volumeOf(symbol, num(fill.quantity));
    const frames: Ticket[] = [];
    let openAs: number | undefined;

    const pending = this.pending.get(order.orderId);
    if (pending) {
      pending.filledVolume += volume;
      pending.filledNotional = pending.filledNotional.plus(price.mul(num(fill.quantity)));
      pending.status = order.status;
      pending.updatedAt = time;
      if (order.status === 'filled') {
        this.pending.delete(order.orderId);
        pending.volume = volume;
        pending.state = TRADE_STATE.ACTIVATED;
        pending.code = TRADE_CODE.ACTIVATED;
        pending.closeTime = time;
        openAs = pending.ticket;
      } else {
        pending.volume -= volume;
        pending.code = TRADE_CODE.MODIFIED;
      }
      frames.push(snapshot(pending));
    }

    // Which tickets this fill closes (volume each), and how much it opens.
    const queue = this.open.get(symbol) ?? [];
    const closing: { ticket: Ticket; volume: number }[] = [];
    let left = volume;
    const reduces = queue.length > 0 && isBuy(queue[0]?.cmd ?? 0) !== (fill.side === 'buy');
    if (reduces) {
      for (const t of queue) {
        if (left === 0) break;
        const v = Math.min(t.volume, left);
        closing.push({ ticket: t, volume: v });
        left -= v;
      }
    }
    const weights = [...closing.map((c) => c.volume), ...(left > 0 ? [left] : [])];
    const shares = splitCents(cents(num(fill.fee)), weights);

    closing.forEach((c, i) => frames.push(...this.close(c.ticket, c.volume, price, shares[i] ?? ZERO, fill, time)));
    if (left > 0) frames.push(this.openTicket(openAs ?? this.nextTicket(), fill, left, price, shares[closing.length] ?? ZERO, time));
    return frames;
  }

  private openTicket(number: number, fill: FillRecord, volume: number, price: Num, commission: Num, time: number): Ticket {
    const symbol = fill.symbol;
    const queue = this.open.get(symbol) ?? [];
    if (queue.length === 0) this.realizedSinceOpen.set(symbol, ZERO);
    const t = newMarketTicket(number, symbol, fill.side, volume, price, time, this.marks.get(symbol) ?? price);
    t.commission = commission.neg();
    queue.push(t);
    this.open.set(symbol, queue);
    this.charge(commission);
    this.record(fill, t, volume, commission, ZERO, 'open', time);
    return snapshot(t);
  }

  /** Close `volume` of the oldest ticket `t` (all of it, or split off a remainder). */
  private close(t: Ticket, volume: number, price: Num, commission: Num, fill: FillRecord, time: number): Ticket[] {
    const queue = this.open.get(t.coreSymbol) ?? [];
    const frames: Ticket[] = [];
    let remainder: Ticket | null = null;
    if (volume < t.volume) {
      // MT4 partial close: the closed part keeps the number, the rest reopens as a new ticket.
      const [keptCommission, restCommission] = splitCents(t.commission, [volume, t.volume - volume]);
      const [keptStorage, restStorage] = splitCents(t.storage, [volume, t.volume - volume]);
      const mark = this.marks.get(t.coreSymbol) ?? price;
      remainder = { ...t, ticket: this.nextTicket(), volume: t.volume - volume, commission: restCommission ?? ZERO, storage: restStorage ?? ZERO, comment: `from #${t.ticket}`, code: TRADE_CODE.NEW, closePrice: mark };
      remainder.profit = profitAt(remainder, mark);
      t.comment = `to #${remainder.ticket}`;
      t.commission = keptCommission ?? ZERO;
      t.storage = keptStorage ?? ZERO;
      t.volume = volume;
      queue[0] = remainder;
    } else {
      queue.shift();
    }
    const profit = profitAt(t, price);
    t.profit = profit;
    t.closePrice = price;
    t.closeTime = time;
    t.commission = t.commission.minus(commission);
    t.state = TRADE_STATE.CLOSED;
    t.code = TRADE_CODE.CLOSED;
    this.money.balance = this.money.balance.plus(profit);
    this.money.realized = this.money.realized.plus(profit);
    this.realizedSinceOpen.set(t.coreSymbol, this.realizedSince(t.coreSymbol).plus(profit));
    this.charge(commission);
    this.record(fill, t, volume, commission, profit, 'close', time);
    frames.push(snapshot(t));
    if (remainder) frames.push(snapshot(remainder));
    if (queue.length === 0) this.open.delete(t.coreSymbol);
    return frames;
  }

  private fund(payment: FundingRecord): Ticket[] {
    const tickets = this.open.get(payment.symbol) ?? [];
    const total = cents(num(payment.amount));
    const shares = splitCents(total, tickets.map((t) => t.volume));
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

  private record(fill: FillRecord, t: Ticket, volume: number, fee: Num, profit: Num, leg: 'open' | 'close', time: number): void {
    this.fills.push({
      fillId: `${t.ticket}:${leg}`,
      orderId: String(t.ticket),
      symbol: scaletradeSymbol(fill.symbol),
      side: fill.side,
      price: fill.price,
      quantity: lotsText(volume),
      fee: text(fee),
      feeAsset: 'USDT',
      liquidity: fill.liquidity,
      realizedPnl: text(profit),
      time,
    });
  }
}

import type { VenueLedger } from '../shared/front-end';
import type { LedgerPosition } from '../core/ledger';
import type { OrderRecord, PositionView } from '../core/records';
import { Num, ZERO, text } from '../core/num';
import { cents, venueMs } from './money';
import { baseQuantity, lotsText, scaletradeSymbol } from './symbols';
import { isBuy, isMarket, profitAt, type PendingTicket } from './ticket';
import type { TicketBook } from './tickets';

/** The account figures of a `b` frame, computed from the tickets. */
export interface BalanceFigures {
  balance: Num;
  margin: Num;
  marginFree: Num;
  /** equity / margin x 100; 0 without margin in use. */
  marginLevel: Num;
  equity: Num;
  credit: Num;
  /** Floating profit of the open tickets. */
  profit: Num;
}

/**
 * `fresh`: recompute floating profit from the current marks (the ledger); otherwise use each
 * ticket's profit as last sent (the `b` frame, so it adds up with the `o` frames a client holds).
 */
export function balanceFigures(
  book: TicketBook,
  leverage: (coreSymbol: string) => number,
  fresh: boolean,
): BalanceFigures {
  let margin = ZERO;
  let profit = ZERO;
  for (const t of book.openTickets()) {
    if (!isMarket(t.cmd)) continue;
    margin = margin.plus(t.openPrice.mul(baseQuantity(t.coreSymbol, t.volume)).div(leverage(t.coreSymbol)));
    const mark = book.mark(t.coreSymbol);
    profit = profit.plus(fresh && mark ? profitAt(t, mark) : t.profit);
  }
  margin = cents(margin);
  const equity = book.money.balance.plus(profit);
  const marginLevel = margin.isZero() ? ZERO : cents(equity.div(margin).mul(100));
  return {
    balance: book.money.balance,
    margin,
    marginFree: equity.minus(margin),
    marginLevel,
    equity,
    credit: ZERO,
    profit,
  };
}

/**
 * A pending ticket as an order, in the venue's terms: MT4 pending orders do not fill in part, so the
 * quantity is the ticket's current volume and nothing is filled until it activates (in full).
 */
function orderRecord(t: PendingTicket): OrderRecord {
  const record: OrderRecord = {
    orderId: String(t.ticket),
    symbol: scaletradeSymbol(t.coreSymbol),
    side: t.side,
    type: 'limit',
    status: t.status,
    price: text(t.openPrice),
    quantity: lotsText(t.volume),
    filledQuantity: lotsText(t.filledVolume),
    createdAt: venueMs(t.createdAt),
    updatedAt: venueMs(t.updatedAt),
  };
  // A limit order fills at its limit price.
  if (t.filledVolume > 0) record.averagePrice = text(t.openPrice);
  return record;
}

function position(
  book: TicketBook,
  coreSymbol: string,
  leverage: number,
  core: PositionView | undefined,
): LedgerPosition | null {
  const tickets = book.marketTickets(coreSymbol);
  if (tickets.length === 0) return null;
  let volume = 0;
  let signed = 0;
  let weighted = ZERO;
  let pnl = ZERO;
  let storage = ZERO;
  const mark = book.mark(coreSymbol) ?? ZERO;
  for (const t of tickets) {
    volume += t.volume;
    signed += isBuy(t.cmd) ? t.volume : -t.volume;
    weighted = weighted.plus(t.openPrice.mul(t.volume));
    pnl = pnl.plus(profitAt(t, mark));
    storage = storage.plus(t.storage);
  }
  return {
    symbol: scaletradeSymbol(coreSymbol),
    positionId: scaletradeSymbol(coreSymbol),
    quantity: lotsText(signed),
    // The volume-weighted open price, to 10 decimals (half up).
    entryPrice: text(weighted.div(volume).toDecimalPlaces(10, Num.ROUND_HALF_UP)),
    markPrice: text(mark),
    unrealizedPnl: text(pnl),
    realizedPnl: text(book.realizedSince(coreSymbol)),
    fundingFee: text(storage),
    // ScaleTrade sends none; the core's isolated-margin estimate for the same net position.
    liquidationPrice: core?.liquidationPrice ?? '0',
    leverage,
    openedAt: venueMs(Math.min(...tickets.map((t) => t.openTime))),
  };
}

/** The ground truth in ScaleTrade terms (README.md, "Ledger"). */
export function scaletradeLedger(
  book: TicketBook,
  accountId: string,
  symbols: readonly { coreSymbol: string; leverage: number }[],
  corePositions: readonly PositionView[],
): VenueLedger {
  const leverageOf = new Map(symbols.map((s) => [s.coreSymbol, s.leverage]));
  const figures = balanceFigures(book, (s) => leverageOf.get(s) ?? 1, true);
  const positions: LedgerPosition[] = [];
  const marks: Record<string, string> = {};
  for (const { coreSymbol, leverage } of symbols) {
    const mark = book.mark(coreSymbol);
    if (mark) marks[scaletradeSymbol(coreSymbol)] = text(mark);
    const p = position(
      book,
      coreSymbol,
      leverage,
      corePositions.find((c) => c.symbol === coreSymbol),
    );
    if (p) positions.push(p);
  }
  const { money } = book;
  return {
    venue: 'scaletrade',
    accountId,
    orders: book.pendingHistory.map(orderRecord),
    fills: book.fills.map((f) => ({ ...f })),
    positions,
    balances: [
      { asset: 'USD', total: text(money.balance), free: text(figures.marginFree), locked: text(figures.margin) },
    ],
    marks,
    funding: book.fundingPayments.map((f) => ({ ...f })),
    totals: {
      initialBalance: text(book.initialBalance),
      realizedPnl: text(money.realized),
      fees: text(money.fees),
      funding: text(money.funding),
      wallet: text(money.balance),
    },
  };
}

import {
  TRADE_CMD,
  TRADE_CODE,
  TRADE_STATE,
  type ScaletradeTradeCmd,
  type ScaletradeTradeCode,
  type ScaletradeTradeState,
} from '../../src/venues/scaletrade/wire';
import type { OrderStatus, Side } from '../core/records';
import { ZERO, type Num } from '../core/num';
import { baseQuantity } from './symbols';
import { cents } from './money';

/** One MT4-style ticket: a market ticket (cmd 0/1, a slice of the position) or a pending order (cmd 2/3). */
export interface Ticket {
  readonly ticket: number;
  readonly coreSymbol: string;
  cmd: ScaletradeTradeCmd;
  /** Minimal lots (lots x 100). */
  volume: number;
  openPrice: Num;
  /** Market tickets: the mark while open, the fill price once closed. Pending tickets: 0. */
  closePrice: Num;
  /** Unix ms (seconds on the wire). */
  openTime: number;
  closeTime: number;
  state: ScaletradeTradeState;
  /** Funding credited (+) or charged (-) while open, cents. */
  storage: Num;
  /** Commission charged, as a negative amount in cents. */
  commission: Num;
  /** Floating profit while open (as last sent), realized profit once closed; cents. */
  profit: Num;
  comment: string;
  /** The code of the latest frame of this ticket. */
  code: ScaletradeTradeCode;
}

/** A pending ticket also remembers the core order behind it, for the ledger's orders. */
export interface PendingTicket extends Ticket {
  readonly coreOrderId: string;
  readonly side: Side;
  /** Volume filled by the activation (0 until then). */
  filledVolume: number;
  status: OrderStatus;
  readonly createdAt: number;
  updatedAt: number;
}

export function isBuy(cmd: ScaletradeTradeCmd): boolean {
  return cmd === TRADE_CMD.BUY || cmd === TRADE_CMD.BUY_LIMIT || cmd === TRADE_CMD.BUY_STOP;
}

export function sideOf(cmd: ScaletradeTradeCmd): Side {
  return isBuy(cmd) ? 'buy' : 'sell';
}

export function isMarket(cmd: ScaletradeTradeCmd): boolean {
  return cmd === TRADE_CMD.BUY || cmd === TRADE_CMD.SELL;
}

export function marketCmd(side: Side): ScaletradeTradeCmd {
  return side === 'buy' ? TRADE_CMD.BUY : TRADE_CMD.SELL;
}

/** Profit of `volume` minimal lots of a market ticket between its open price and `price`, in cents. */
export function profitAt(t: Ticket, price: Num, volume = t.volume): Num {
  const move = price.minus(t.openPrice).mul(baseQuantity(t.coreSymbol, volume));
  return cents(isBuy(t.cmd) ? move : move.neg());
}

export function newMarketTicket(
  ticket: number,
  coreSymbol: string,
  side: Side,
  volume: number,
  price: Num,
  time: number,
  mark: Num,
): Ticket {
  const t: Ticket = {
    ticket,
    coreSymbol,
    cmd: marketCmd(side),
    volume,
    openPrice: price,
    closePrice: mark,
    openTime: time,
    closeTime: 0,
    state: TRADE_STATE.OPEN,
    storage: ZERO,
    commission: ZERO,
    profit: ZERO,
    comment: '',
    code: TRADE_CODE.NEW,
  };
  t.profit = profitAt(t, mark);
  return t;
}

export function newPendingTicket(
  ticket: number,
  coreOrderId: string,
  coreSymbol: string,
  side: Side,
  volume: number,
  price: Num,
  time: number,
): PendingTicket {
  return {
    ticket,
    coreOrderId,
    coreSymbol,
    side,
    cmd: side === 'buy' ? TRADE_CMD.BUY_LIMIT : TRADE_CMD.SELL_LIMIT,
    volume,
    filledVolume: 0,
    status: 'open',
    openPrice: price,
    closePrice: ZERO,
    openTime: time,
    closeTime: 0,
    state: TRADE_STATE.OPEN,
    storage: ZERO,
    commission: ZERO,
    profit: ZERO,
    comment: '',
    code: TRADE_CODE.NEW,
    createdAt: time,
    updatedAt: time,
  };
}

/** A frozen copy: what one `o` frame carries (later changes to the ticket do not alter it). */
export function snapshot(t: Ticket): Ticket {
  return {
    ticket: t.ticket,
    coreSymbol: t.coreSymbol,
    cmd: t.cmd,
    volume: t.volume,
    openPrice: t.openPrice,
    closePrice: t.closePrice,
    openTime: t.openTime,
    closeTime: t.closeTime,
    state: t.state,
    storage: t.storage,
    commission: t.commission,
    profit: t.profit,
    comment: t.comment,
    code: t.code,
  };
}

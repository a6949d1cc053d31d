import { TRADE_STATE, VOLUME_PER_LOT } from '../../src/venues/scaletrade/wire';
import { Num, ZERO, text } from '../core/num';
import type { WireArray } from './test-support';

/** A ticket as a test reads it off an `o` frame. */
export interface WireTicket {
  order: number;
  symbol: string;
  cmd: number;
  volume: number;
  openPrice: string;
  closePrice: string;
  openTime: number;
  closeTime: number;
  state: number;
  storage: string;
  commission: string;
  profit: string;
  comment: string;
  code: number;
}

export interface ReadFill {
  fillId: string;
  side: 'buy' | 'sell';
  quantity: string;
  price: string;
  fee: string;
  time: number;
}

const str = (v: unknown): string => text(new Num(v as number));

export function ticketOf(a: WireArray): WireTicket {
  return {
    order: a[1] as number,
    symbol: a[3] as string,
    cmd: a[4] as number,
    volume: a[5] as number,
    openPrice: str(a[6]),
    closePrice: str(a[7]),
    openTime: a[8] as number,
    closeTime: a[9] as number,
    state: a[12] as number,
    storage: str(a[13]),
    commission: str(a[14]),
    profit: str(a[15]),
    comment: a[16] as string,
    code: a[17] as number,
  };
}

const isMarketCmd = (cmd: number) => cmd === 0 || cmd === 1;
const sideOf = (cmd: number): 'buy' | 'sell' => (cmd % 2 === 0 ? 'buy' : 'sell');
const lots = (volume: number) => text(new Num(volume).div(VOLUME_PER_LOT));

/**
 * Rebuilds the account from the wire alone, by the rules the docs and README.md give a client:
 * `o` keyed by ticket, latest wins; the first frame showing a market ticket (cmd 0/1, or state
 * ACTIVATED) is its open fill at open_price/open_time, fee = -commission; state CLOSED is its close
 * fill at close_price/close_time, fee = the commission added since; DELETED ends a pending ticket.
 * Written here from the docs, independently of the adapter.
 */
export class TicketReader {
  readonly fills = new Map<string, ReadFill>();
  readonly market = new Map<number, WireTicket>();
  readonly pending = new Map<number, WireTicket>();
  readonly finished = new Set<number>();
  balance: WireArray | undefined;
  private readonly openCommission = new Map<number, string>();

  feed(a: WireArray): void {
    if (a[0] === 'b') this.balance = a;
    if (a[0] !== 'o') return;
    const t = ticketOf(a);
    if (this.finished.has(t.order)) return;
    if (t.state === TRADE_STATE.DELETED) {
      this.pending.delete(t.order);
      this.finished.add(t.order);
      return;
    }
    if (isMarketCmd(t.cmd) || t.state === TRADE_STATE.ACTIVATED || t.state === TRADE_STATE.CLOSED) {
      this.pending.delete(t.order);
      const id = `${t.order}:open`;
      if (!this.fills.has(id)) {
        this.fills.set(id, {
          fillId: id,
          side: sideOf(t.cmd),
          quantity: lots(t.volume),
          price: t.openPrice,
          fee: text(new Num(t.commission).neg()),
          time: t.openTime * 1000,
        });
        this.openCommission.set(t.order, t.commission);
      }
      if (t.state === TRADE_STATE.CLOSED) {
        const fee = new Num(this.openCommission.get(t.order) ?? '0').minus(t.commission);
        this.fills.set(`${t.order}:close`, {
          fillId: `${t.order}:close`,
          side: sideOf(t.cmd) === 'buy' ? 'sell' : 'buy',
          quantity: lots(t.volume),
          price: t.closePrice,
          fee: text(fee),
          time: t.closeTime * 1000,
        });
        this.market.delete(t.order);
        this.finished.add(t.order);
      } else {
        this.market.set(t.order, { ...t, cmd: sideOf(t.cmd) === 'buy' ? 0 : 1 });
      }
      return;
    }
    this.pending.set(t.order, t);
  }

  /** Net lots and volume-weighted open price (10 decimals, half up) per symbol. */
  positions(): Map<string, { quantity: string; entryPrice: string }> {
    const out = new Map<string, { quantity: string; entryPrice: string }>();
    const bySymbol = new Map<string, WireTicket[]>();
    for (const t of this.market.values()) bySymbol.set(t.symbol, [...(bySymbol.get(t.symbol) ?? []), t]);
    for (const [symbol, tickets] of bySymbol) {
      let net = ZERO;
      let notional = ZERO;
      for (const t of tickets) {
        const signed = new Num(t.volume).div(VOLUME_PER_LOT).mul(t.cmd === 0 ? 1 : -1);
        net = net.plus(signed);
        notional = notional.plus(signed.mul(t.openPrice));
      }
      if (net.isZero()) continue;
      out.set(symbol, {
        quantity: text(net),
        entryPrice: text(notional.div(net).toDecimalPlaces(10, Num.ROUND_HALF_UP)),
      });
    }
    return out;
  }
}

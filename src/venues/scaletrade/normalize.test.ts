import { describe, expect, it } from 'vitest';
import {
  validateAccountSummary,
  validateBalance,
  validateFill,
  validateNotification,
  validateOrder,
  validatePosition,
  validatePriceMark,
} from '../../domain/conformance/validators';
import {
  decodeScaletradeFrame,
  type AccountBalance,
  type Notice,
  type PriceAlert,
  type Quote,
  type Ticket,
} from './codec';
import {
  accountSummary,
  activatedOrder,
  aggregatePosition,
  closeFill,
  currencyBalance,
  lotsOf,
  noticeLevel,
  noticeNotification,
  openFill,
  pendingOrder,
  quoteMark,
  realizedOf,
  NO_CLOSED_TICKETS,
  alertNotification,
} from './normalize';
import { CTM_S, fixtureText, trade, type TicketSpec } from './test-support';

const C = 'scaletrade-main';
const TS = CTM_S * 1000 + 5_000;

function decode<T>(text: string, pick: (d: Record<string, unknown>) => unknown): T {
  const result = decodeScaletradeFrame(text);
  if (!result.ok) throw new Error(result.error.message);
  return pick(result as unknown as Record<string, unknown>) as T;
}
const ticket = (spec: TicketSpec): Ticket => decode(JSON.stringify(trade(spec)), (d) => d.ticket);
const ticketFixture = (name: string): Ticket => decode(fixtureText(name), (d) => d.ticket);
const balance = (): AccountBalance => decode(fixtureText('balance.constructed'), (d) => d.balance);
const alert = (name: string): PriceAlert => decode(fixtureText(name), (d) => d.alert);
const notice = (name: string): Notice => decode(fixtureText(name), (d) => d.notice);

describe('quoteMark', () => {
  it('is a book mark at the mid, timed by ctm', () => {
    const quote: Quote = decode(fixtureText('quote-seconds.constructed'), (d) => d.quote);
    const mark = quoteMark(C, quote, TS);
    expect(mark).toEqual({
      connectionId: C,
      symbol: 'eurusd',
      kind: 'book',
      price: '1.085085',
      bid: '1.08505',
      ask: '1.08512',
      time: CTM_S * 1000,
    });
    expect(validatePriceMark(mark!)).toEqual([]);
  });

  it('uses the one positive side, the arrival time without ctm, and gives nothing without a price', () => {
    expect(quoteMark(C, { symbol: 'x', bid: '0', ask: '2', time: undefined }, TS)).toEqual({
      connectionId: C,
      symbol: 'x',
      kind: 'book',
      price: '2',
      ask: '2',
      time: TS,
    });
    expect(quoteMark(C, { symbol: 'x', bid: '0', ask: '0', time: undefined }, TS)).toBeUndefined();
  });
});

describe('balance', () => {
  it('maps `b` to an account summary in the configured currency; marginRatio = 100 / margin_level', () => {
    const summary = accountSummary(C, balance(), 'USD', TS);
    expect(summary).toEqual({
      connectionId: C,
      asset: 'USD',
      equity: '10020.5',
      balance: '10000',
      availableBalance: '9803.48',
      unrealizedPnl: '20.5',
      marginRatio: '0.02165754',
      updatedAt: TS,
    });
    expect(validateAccountSummary(summary)).toEqual([]);
  });

  it('marginRatio is 0 without margin in use, and omitted when the level is missing', () => {
    expect(accountSummary(C, { ...balance(), margin: '0', marginLevel: '0' }, 'USD', TS).marginRatio).toBe('0');
    expect(accountSummary(C, { ...balance(), marginLevel: '0' }, 'USD', TS)).not.toHaveProperty('marginRatio');
  });

  it('maps `b` to the currency balance: total = balance, free = margin_free, locked = margin', () => {
    const b = currencyBalance(C, balance(), 'EUR', TS);
    expect(b).toEqual({
      connectionId: C,
      asset: 'EUR',
      total: '10000',
      free: '9803.48',
      locked: '217.02',
      updatedAt: TS,
    });
    expect(validateBalance(b)).toEqual([]);
  });
});

describe('tickets', () => {
  it('volume is in minimal lots: / 100', () => {
    expect([lotsOf(1), lotsOf(10), lotsOf(100), lotsOf(250)]).toEqual(['0.01', '0.1', '1', '2.5']);
  });

  it('a pending ticket is an order: id, side, type, price, lots', () => {
    const order = pendingOrder(C, ticketFixture('trade-pending-new.constructed'), 'open', TS);
    expect(order).toEqual({
      connectionId: C,
      orderId: '5002',
      symbol: 'eurusd',
      side: 'buy',
      type: 'limit',
      status: 'open',
      price: '1.08',
      quantity: '0.1',
      filledQuantity: '0',
      createdAt: (CTM_S + 100) * 1000,
      updatedAt: TS,
    });
    expect(validateOrder(order)).toEqual([]);
    const stop = pendingOrder(C, ticketFixture('trade-pending-stop-new.constructed'), 'open', TS);
    expect(stop).toMatchObject({ side: 'sell', type: 'stop', quantity: '0.3' });
  });

  it('an activated pending order is filled at the market ticket open price', () => {
    const order = activatedOrder(
      C,
      ticketFixture('trade-pending-stop-new.constructed'),
      ticketFixture('trade-pending-activated.constructed'),
      TS,
    );
    expect(order).toEqual({
      connectionId: C,
      orderId: '5003',
      symbol: 'eurusd',
      side: 'sell',
      type: 'stop',
      status: 'filled',
      price: '1.079',
      quantity: '0.3',
      filledQuantity: '0.3',
      averagePrice: '1.079',
      createdAt: (CTM_S + 100) * 1000,
      updatedAt: TS,
    });
    expect(validateOrder(order)).toEqual([]);
  });

  it('an activation that filled more than the pending ticket last showed: the quantity is never below the filled one', () => {
    const pending = { ...ticketFixture('trade-pending-stop-new.constructed'), volume: 10 };
    const order = activatedOrder(C, pending, ticketFixture('trade-pending-activated.constructed'), TS);
    expect(order).toMatchObject({ quantity: '0.3', filledQuantity: '0.3' });
    expect(validateOrder(order)).toEqual([]);
  });

  it('open and close fills: deterministic ids, opposite side on close, commission as a positive fee', () => {
    const closed = ticketFixture('trade-market-closed.constructed');
    const open = openFill(C, closed, 'USD', TS);
    const close = closeFill(C, closed, 'USD', TS);
    expect(open).toEqual({
      connectionId: C,
      fillId: '5001:open',
      orderId: '5001',
      symbol: 'eurusd',
      side: 'buy',
      price: '1.0851',
      quantity: '0.2',
      fee: '0.7',
      feeAsset: 'USD',
      time: CTM_S * 1000,
    });
    expect(close).toEqual({
      connectionId: C,
      fillId: '5001:close',
      orderId: '5001',
      symbol: 'eurusd',
      side: 'sell',
      price: '1.0856',
      quantity: '0.2',
      time: (CTM_S + 600) * 1000,
    });
    expect([...validateFill(open!), ...validateFill(close!)]).toEqual([]);
    // Commission is cumulative: the close fill's fee is what the close added to it.
    expect(closeFill(C, { ...closed, commission: '-1.4' }, 'USD', TS, '-0.7')).toMatchObject({
      fee: '0.7',
      feeAsset: 'USD',
    });
    expect(closeFill(C, closed, 'USD', TS, '-0.7')).not.toHaveProperty('fee');
    expect(openFill(C, ticket({ order: 1 }), 'USD', TS)).not.toHaveProperty('fee');
    expect(openFill(C, ticket({ order: 1, cmd: 1 }), 'USD', TS)?.side).toBe('sell');
    expect(closeFill(C, ticket({ order: 1, cmd: 1, closePrice: 1.2 }), 'USD', TS)?.side).toBe('buy');
  });

  it('no fill without a price or volume', () => {
    expect(openFill(C, ticket({ order: 1, openPrice: 0 }), 'USD', TS)).toBeUndefined();
    expect(openFill(C, ticket({ order: 1, volume: 0 }), 'USD', TS)).toBeUndefined();
    expect(closeFill(C, ticket({ order: 1 }), 'USD', TS)).toBeUndefined();
  });

  it("a close realizes the gross profit: commission is the fills' fee and storage is funding, shown apart", () => {
    // The fixture's closed ticket: profit 10, storage -0.12, commission -0.7.
    const t = ticketFixture('trade-market-closed.constructed');
    expect([t.profit, t.storage, t.commission].map(String)).toEqual(['10', '-0.12', '-0.7']);
    expect(realizedOf(t)).toBe('10');
  });
});

describe('aggregatePosition', () => {
  it('sums tickets on one side: lots, volume-weighted entry, profit, storage', () => {
    const p = aggregatePosition(
      C,
      'eurusd',
      [
        ticket({ order: 1, volume: 10, openPrice: 1.08, profit: 2, storage: -0.05 }),
        ticket({ order: 2, volume: 30, openPrice: 1.09, profit: -1.5, storage: -0.15 }),
      ],
      NO_CLOSED_TICKETS,
      'USD',
      TS,
    );
    expect(p).toEqual({
      connectionId: C,
      symbol: 'eurusd',
      quantity: '0.4',
      entryPrice: '1.0875',
      unrealizedPnl: '0.5',
      realizedPnl: '0',
      fundingFee: '-0.2',
      settleAsset: 'USD',
      updatedAt: TS,
    });
    expect(validatePosition(p!)).toEqual([]);
  });

  it('nets buys against sells (hedged tickets) and gives nothing at zero', () => {
    const short = aggregatePosition(
      C,
      'eurusd',
      [ticket({ order: 1, volume: 10, openPrice: 1.1 }), ticket({ order: 2, cmd: 1, volume: 30, openPrice: 1.2 })],
      { realized: '3', storage: '-0.4' },
      'USD',
      TS,
    );
    // The closed tickets' storage stays in the position's funding, their gross profit is its realized PnL.
    expect(short).toMatchObject({ quantity: '-0.2', entryPrice: '1.25', realizedPnl: '3', fundingFee: '-0.4' });
    expect(
      aggregatePosition(
        C,
        'eurusd',
        [ticket({ order: 1 }), ticket({ order: 2, cmd: 1 })],
        NO_CLOSED_TICKETS,
        'USD',
        TS,
      ),
    ).toBeUndefined();
    expect(aggregatePosition(C, 'eurusd', [], NO_CLOSED_TICKETS, 'USD', TS)).toBeUndefined();
  });

  it('rounds a repeating entry to 10 decimals', () => {
    const p = aggregatePosition(
      C,
      'x',
      [ticket({ order: 1, volume: 10, openPrice: 1 }), ticket({ order: 2, volume: 20, openPrice: 2 })],
      NO_CLOSED_TICKETS,
      'USD',
      TS,
    );
    expect(p?.entryPrice).toBe('1.6666666667');
  });
});

describe('notifications', () => {
  it('a triggered alert is a warning keyed by (id, triggered_at)', () => {
    const n = alertNotification(C, alert('alert-triggered.constructed'), TS);
    expect(n).toEqual({
      connectionId: C,
      id: 'alert:77:1775481300000',
      level: 'warning',
      title: 'Price alert eurusd 1.085 (bid) triggered at 1.0851',
      message: 'EURUSD above 1.0850',
      time: 1775481300000,
    });
    expect(validateNotification(n)).toEqual([]);
  });

  it('other alert statuses are info and keep their status in the id', () => {
    const n = alertNotification(C, alert('alert-active.constructed'), TS);
    expect(n).toEqual({
      connectionId: C,
      id: 'alert:78:0:active',
      level: 'info',
      title: 'Price alert eurusd 1.08–1.09 (ask) active',
      message: 'RSI',
      time: TS,
    });
    expect(alertNotification(C, { ...alert('alert-active.constructed'), status: 3 }, TS)).toMatchObject({
      id: 'alert:78:0:cancelled',
      title: 'Price alert eurusd 1.08–1.09 (ask) cancelled',
    });
    expect(alertNotification(C, { ...alert('alert-active.constructed'), status: 9 }, TS).id).toBe(
      'alert:78:0:status-9',
    );
  });

  it('maps notification levels: >= 40 error, 30 warning, else info', () => {
    expect([10, 20, 29, 30, 39, 40, 50, 60].map(noticeLevel)).toEqual([
      'info',
      'info',
      'info',
      'warning',
      'warning',
      'error',
      'error',
      'info',
    ]);
  });

  it('a notification is keyed by its token; title = message, message = description', () => {
    const n = noticeNotification(C, notice('notification-with-data.constructed'), TS);
    expect(n).toEqual({
      connectionId: C,
      id: 'notice:ntf-9f2c',
      level: 'error',
      title: 'Margin call',
      message: 'Margin level below 100%',
      time: 1775481400000,
    });
    expect(validateNotification(n)).toEqual([]);
    const empty = noticeNotification(
      C,
      { ...notice('notification-without-data.constructed'), message: ' ', description: '', createTime: undefined },
      TS,
    );
    expect(empty).toEqual({
      connectionId: C,
      id: 'notice:ntf-a001',
      level: 'info',
      title: 'ScaleTrade notification',
      time: TS,
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { AccountEvent, CoreEvent } from './events';
import type { Ledger } from './ledger';
import { ManualScheduler } from './clock';
import { ExchangeCore, isAccountEvent } from './exchange';
import { ALL_INSTRUMENTS, TRADED_INSTRUMENTS, instrumentMap } from './instruments';
import { Num } from './num';

const ACCOUNT = 'acct-1';
const instruments = instrumentMap(ALL_INSTRUMENTS);

function run(
  seed: number,
  minutes: number,
  rateScale = 0.05,
): { core: ExchangeCore; events: CoreEvent[]; scheduler: ManualScheduler } {
  const scheduler = new ManualScheduler();
  // The traded symbols only: the 141 noise symbols would only slow the test down.
  const core = new ExchangeCore({
    seed,
    scheduler,
    activityMs: 500,
    fundingIntervalMs: 20_000,
    publicRateScale: rateScale,
    instruments: TRADED_INSTRUMENTS,
  });
  const events: CoreEvent[] = [];
  core.on((e) => events.push(e));
  core.addAccount(ACCOUNT);
  core.start();
  scheduler.advance(minutes * 60_000);
  return { core, events, scheduler };
}

const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Num(0));

describe('exchange core', () => {
  const { core, events } = run(11, 10);
  const ledger: Ledger = core.ledger(ACCOUNT);

  it('is deterministic: same seed, same ledger; another seed, another ledger', () => {
    expect(run(11, 10).core.ledger(ACCOUNT)).toEqual(ledger);
    expect(run(12, 10).core.ledger(ACCOUNT).fills).not.toEqual(ledger.fills);
  });

  it('does not let the public feed rate change the account activity', () => {
    expect(run(11, 10, 0.5).core.ledger(ACCOUNT)).toEqual(ledger);
  });

  it('produces every kind of activity', () => {
    const statuses = new Set<string>(ledger.orders.map((o) => o.status));
    expect(statuses.has('filled') && statuses.has('canceled')).toBe(true);
    for (const status of statuses) expect(['open', 'partially_filled', 'filled', 'canceled']).toContain(status);
    expect(ledger.fills.some((f) => f.liquidity === 'maker')).toBe(true);
    expect(ledger.fills.some((f) => f.liquidity === 'taker')).toBe(true);
    expect(ledger.funding.length).toBeGreaterThan(0);
    const kinds = new Set(events.filter(isAccountEvent).map((e) => e.type));
    expect(kinds).toEqual(
      new Set([
        'orderPlaced',
        'execution',
        'orderUpdated',
        'orderCanceled',
        'positionChanged',
        'funding',
        'balanceChanged',
        'accountSettled',
      ]),
    );
    // Partial maker fills happen (an order with a fill that is not its full quantity).
    const partly = ledger.orders.filter((o) => o.filledQuantity !== '0' && o.filledQuantity !== o.quantity);
    const multiFill = ledger.orders.filter((o) => ledger.fills.filter((f) => f.orderId === o.orderId).length > 1);
    expect(partly.length + multiFill.length).toBeGreaterThan(0);
  });

  it('keeps each position equal to the signed sum of its fills', () => {
    const bySymbol = new Map<string, Num>();
    for (const f of ledger.fills) {
      const signed = new Num(f.quantity).mul(f.side === 'buy' ? 1 : -1);
      bySymbol.set(f.symbol, (bySymbol.get(f.symbol) ?? new Num(0)).plus(signed));
    }
    for (const [symbol, total] of bySymbol) {
      const position = ledger.positions.find((p) => p.symbol === symbol);
      expect(position ? new Num(position.quantity).eq(total) : total.isZero(), symbol).toBe(true);
    }
  });

  it('keeps wallet = initial + realized - fees + funding, exactly', () => {
    const { totals } = ledger;
    expect(sum(ledger.fills.map((f) => f.fee)).eq(totals.fees)).toBe(true);
    expect(sum(ledger.fills.map((f) => f.realizedPnl)).eq(totals.realizedPnl)).toBe(true);
    expect(sum(ledger.funding.map((f) => f.amount)).eq(totals.funding)).toBe(true);
    const expected = new Num(totals.initialBalance).plus(totals.realizedPnl).minus(totals.fees).plus(totals.funding);
    expect(expected.eq(totals.wallet)).toBe(true);
    const balance = ledger.balances[0];
    expect(balance?.total).toBe(totals.wallet);
    expect(new Num(balance?.free ?? 'NaN').plus(balance?.locked ?? 'NaN').eq(totals.wallet)).toBe(true);
  });

  it('charges maker and taker fees on notional, rounded to 8 decimals', () => {
    for (const f of ledger.fills) {
      const rate = f.liquidity === 'maker' ? '0.0002' : '0.0005';
      const expected = new Num(f.price).mul(f.quantity).mul(rate).toDecimalPlaces(8, Num.ROUND_HALF_UP);
      expect(new Num(f.fee).eq(expected)).toBe(true);
    }
  });

  it('fills makers at their limit price and takers only for market orders, on the tick grid', () => {
    const orders = new Map(ledger.orders.map((o) => [o.orderId, o]));
    for (const f of ledger.fills) {
      const order = orders.get(f.orderId);
      expect(order?.side).toBe(f.side);
      if (f.liquidity === 'maker') {
        expect(order?.type).toBe('limit');
        expect(f.price).toBe(order?.price);
      } else {
        expect(order?.type).toBe('market');
      }
      const tick = instruments.get(f.symbol)?.tick ?? new Num(1);
      expect(new Num(f.price).mod(tick).isZero()).toBe(true);
    }
    for (const o of ledger.orders) {
      const filled = sum(ledger.fills.filter((f) => f.orderId === o.orderId).map((f) => f.quantity));
      expect(filled.eq(o.filledQuantity)).toBe(true);
      if (o.status === 'filled') expect(o.filledQuantity).toBe(o.quantity);
    }
  });

  it('emits each change in the documented order, closed by accountSettled', () => {
    const accountEvents = events.filter(isAccountEvent);
    const rank: Record<AccountEvent['type'], number> = {
      orderPlaced: 0,
      execution: 1,
      funding: 1,
      orderUpdated: 2,
      orderCanceled: 2,
      positionChanged: 3,
      balanceChanged: 4,
      accountSettled: 5,
    };
    let previous = -1;
    for (const e of accountEvents) {
      expect(rank[e.type], e.type).toBeGreaterThan(previous);
      previous = e.type === 'accountSettled' ? -1 : rank[e.type];
    }
    // One positionChanged per execution (funding adds its own).
    const count = (type: AccountEvent['type']) => accountEvents.filter((e) => e.type === type).length;
    expect(count('positionChanged')).toBe(count('execution') + count('funding'));
  });

  it('pause() stops account activity while prices keep moving', () => {
    const scheduler = new ManualScheduler();
    const paused = new ExchangeCore({
      seed: 3,
      scheduler,
      activityMs: 200,
      publicRateScale: 0,
      instruments: TRADED_INSTRUMENTS,
    });
    paused.addAccount(ACCOUNT);
    paused.start();
    scheduler.advance(30_000);
    paused.pause();
    const before = paused.ledger(ACCOUNT);
    scheduler.advance(120_000);
    const after = paused.ledger(ACCOUNT);
    expect(after.orders).toEqual(before.orders);
    expect(after.fills).toEqual(before.fills);
    expect(after.marks).not.toEqual(before.marks);
    paused.resume();
    scheduler.advance(30_000);
    expect(paused.ledger(ACCOUNT).orders.length).toBeGreaterThan(before.orders.length);
  });
});

describe('public feed', () => {
  it('pushes about 300-400 messages a second over ~144 symbols at rate scale 1', () => {
    const scheduler = new ManualScheduler();
    const core = new ExchangeCore({ seed: 5, scheduler, publicRateScale: 1 });
    const symbols = new Set<string>();
    const lastIds = new Map<string, number>();
    let pushed = 0;
    core.on((e) => {
      if (isAccountEvent(e) || e.type === 'mark') return;
      pushed += 1;
      symbols.add(e.symbol);
      if (e.type === 'orderbook') {
        expect(e.book.lastUpdateId).toBeGreaterThan(lastIds.get(e.symbol) ?? 0);
        lastIds.set(e.symbol, e.book.lastUpdateId);
        expect(e.book.bids).toHaveLength(50);
        expect(e.book.asks).toHaveLength(50);
        const bestBid = new Num(e.book.bids[0]?.[0] ?? 'NaN');
        expect(bestBid.lt(e.book.asks[0]?.[0] ?? 'NaN')).toBe(true);
      }
    });
    core.start();
    scheduler.advance(5_000); // warm-up: the first pushes are spread over one interval (kline: 5 s)
    pushed = 0;
    scheduler.advance(10_000);
    expect(symbols.size).toBe(144);
    expect(pushed / 10).toBeGreaterThanOrEqual(300);
    expect(pushed / 10).toBeLessThanOrEqual(400);
  });

  it('scales with the rate and keeps marks when the auto-push is off', () => {
    const scheduler = new ManualScheduler();
    const core = new ExchangeCore({ seed: 5, scheduler, publicRateScale: 0, instruments: TRADED_INSTRUMENTS });
    const types = new Set<string>();
    core.on((e) => types.add(e.type));
    core.start();
    scheduler.advance(5_000);
    expect(types).toEqual(new Set(['mark']));
  });
});

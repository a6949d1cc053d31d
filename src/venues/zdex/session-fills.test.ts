import { describe, expect, it } from 'vitest';
import { Harness, T0, fixtureText, sequence } from './test-support';
import { validateEvent } from '../../domain/conformance/validators';

/**
 * Fills inferred from position changes, driven through the whole session with the fixture sequences
 * (fixtures/sequence-*.json). A fill is rebuilt at once and reported with the next full state, whose
 * open orders' cumulative executedQty decides which order it belongs to. Every output is checked
 * against the domain validators by the harness.
 */

function loggedIn(): Harness {
  const h = new Harness();
  h.authenticate();
  return h;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are edited freely in tests */
/** The venue's next full state: `base` with these open orders and positions at `ts`. */
function fullState(base: any, ts: number, openOrders: any[], positions: any[] = base.data.positions) {
  return { ...base, ts, data: { ...base.data, openOrders, positions } };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('maker fill (no order event)', () => {
  it('is rebuilt from the position change, priced exactly, and settled by the next full state', () => {
    const h = loggedIn();
    const [state, ticker, update, after] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker]);
    const mark = h.outputs.length;
    // The position moves at once; the fill waits for the full state that says which order traded.
    expect(h.feed(update).events.map((e) => e.kind)).toEqual(['position']);
    const settled = h.feed(after);
    expect(settled.events.map((e) => e.kind)).toEqual(['account-snapshot', 'fill', 'order']);
    expect(h.fills(mark)).toEqual([
      {
        connectionId: 'zdex-main',
        fillId: 'pos:33600@1711756805000:0.063:0:70422.28888889',
        orderId: '12345',
        symbol: 'BTCUSDT',
        side: 'buy',
        price: '70123.4',
        quantity: '0.013',
        liquidity: 'maker',
        inferred: true,
        time: T0 + 5000,
      },
    ]);
    // Order 12345 is no longer listed and its fill covers it: filled.
    expect(h.orders(mark)).toEqual([
      expect.objectContaining({ orderId: '12345', status: 'filled', filledQuantity: '0.013' }),
    ]);
  });

  it('a partial maker fill: the full state shows the order partially executed; the rest fills later', () => {
    const h = loggedIn();
    const [state, ticker] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker]);
    const resting = state.data.openOrders[0];
    // 0.05 @ 70500 + buy 0.005 @ 70123.4 -> 0.055 @ 70465.76363636 (8 dp)
    const partial = positionUpdate('0.055', '70465.76363636', '0', T0 + 2000);
    h.feed(partial);
    const first = h.feed(
      fullState(state, T0 + 2001, [{ ...resting, status: 'PARTIALLY_FILLED', executedQty: '0.005' }], [partial.data]),
    );
    expect(first.events.find((e) => e.kind === 'fill')).toMatchObject({
      fill: { price: '70123.4', quantity: '0.005', orderId: '12345', liquidity: 'maker' },
    });
    // The order's progress is the venue's: the snapshot lists it partially filled.
    expect(first.events[0]).toMatchObject({
      kind: 'account-snapshot',
      openOrders: [{ orderId: '12345', status: 'partially_filled', filledQuantity: '0.005' }],
    });
    // The rest fills: 0.055 -> 0.063 (avg 70422.28888889), and the order is no longer listed.
    const rest = positionUpdate('0.063', '70422.28888889', '0', T0 + 3000);
    h.feed(rest);
    const second = h.feed(fullState(state, T0 + 3001, [], [rest.data]));
    expect(second.events.find((e) => e.kind === 'fill')).toMatchObject({
      fill: { price: '70123.4', quantity: '0.008', orderId: '12345' },
    });
    expect(second.events.find((e) => e.kind === 'order')).toMatchObject({
      order: { orderId: '12345', status: 'filled', filledQuantity: '0.013' },
    });
  });

  it('a position change that no order explains is still a fill, inferred and unattributed', () => {
    const h = loggedIn();
    const [state, ticker] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker]);
    const sold = positionUpdate('0.03', '70500', '20', T0 + 2000); // sold 0.02 @ 71500: no sell order rests
    h.feed(sold);
    h.feed(fullState(state, T0 + 2001, state.data.openOrders, [sold.data]));
    expect(h.fills()).toEqual([
      {
        connectionId: 'zdex-main',
        fillId: 'pos:33600@1711756802000:0.03:20:70500',
        symbol: 'BTCUSDT',
        side: 'sell',
        price: '71500',
        quantity: '0.02',
        time: T0 + 2000,
        inferred: true,
      },
    ]);
  });

  it('with no full state in time, the fill is released with its guess and no order status is claimed', () => {
    const h = loggedIn();
    const [state, ticker, update] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker, update]);
    expect(h.fills()).toEqual([]);
    const released = h.release();
    expect(released.events).toEqual([
      {
        kind: 'fill',
        fill: expect.objectContaining({ orderId: '12345', price: '70123.4', liquidity: 'maker', inferred: true }),
      },
    ]);
    // The order's status waits for the venue's word: the next full state.
    expect(h.orders()).toEqual([]);
  });
});

describe("the full state's executedQty decides which order filled", () => {
  it('two resting orders at one price: the one whose executedQty grew gets the fill', () => {
    const h = loggedIn();
    const [state, ticker, update] = sequence('sequence-maker-fill');
    const twin = { ...state.data.openOrders[0], orderId: 12399, time: T0 + 1 };
    h.feedAll([fullState(state, state.ts, [...state.data.openOrders, twin]), ticker, update]);
    const mark = h.outputs.length;
    // The venue lists order 12345 untouched and no longer lists the twin: the twin filled.
    h.feed(fullState(state, T0 + 9000, [state.data.openOrders[0]], [update.data]));
    expect(h.fills(mark)).toEqual([
      expect.objectContaining({ orderId: '12399', price: '70123.4', quantity: '0.013', liquidity: 'maker' }),
    ]);
    expect(h.orders(mark)).toEqual([expect.objectContaining({ orderId: '12399', status: 'filled' })]);
  });

  it('an inference the full state contradicts yields: the price-matched order stays open, never reported filled', () => {
    const h = loggedIn();
    const [state, ticker, update] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker]);
    // A market buy the venue announced, whose order_update was lost: the position change matches the
    // resting order's limit price, so the first guess is the resting order.
    h.feed({
      channel: 'account',
      event: 'order_new',
      data: { order: { orderId: 12400, symbol: 'BTCUSDT', status: 'NEW' } },
      ts: T0 + 4000,
    });
    h.feed(update);
    const settled = h.feed(fullState(state, T0 + 5001, state.data.openOrders, [update.data]));
    expect(h.fills()).toEqual([expect.objectContaining({ orderId: '12400', quantity: '0.013' })]);
    expect(settled.events.filter((e) => e.kind === 'order')).toEqual([
      {
        kind: 'order',
        order: expect.objectContaining({ orderId: '12400', status: 'filled', filledQuantity: '0.013' }),
      },
    ]);
    expect(settled.events[0]).toMatchObject({
      openOrders: [{ orderId: '12345', status: 'open', filledQuantity: '0' }],
    });
    expect(h.orders()).not.toContainEqual(expect.objectContaining({ orderId: '12345', status: 'filled' }));
  });

  it('a stale full state (older than a position update) neither settles its fill nor rewinds an order', () => {
    const h = loggedIn();
    const [state, ticker, update, after] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker, update]);
    // A reordered copy of the state from before the fill arrives after it: the fill waits.
    expect(h.feed({ ...state, ts: T0 + 4000 }).events.map((e) => e.kind)).toEqual(['account-snapshot']);
    h.feed(after);
    expect(h.fills()).toEqual([expect.objectContaining({ orderId: '12345', quantity: '0.013' })]);
  });
  it('a fill whose update is stamped older than the state before it comes from the next state of that millisecond', () => {
    const h = loggedIn();
    const [state, ticker, update] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker, update]);
    // The venue stamped the state after the first fill with its clock, a millisecond past both fills.
    h.feed(fullState(state, T0 + 5002, [], [update.data]));
    const second = { ...update, data: { ...update.data, quantity: '0.073', avgEntryPrice: '70501.42739726' } };
    expect(h.feed(second).diagnostics).toEqual({ duplicates: 1 });
    // The next state, in the same millisecond, shows the second fill: it is rebuilt from it.
    // Rebuilt and settled by that state itself, not left for a later one to net with what follows.
    h.feed(fullState(state, T0 + 5002, [], [second.data]));
    expect(h.fills().map((f) => `${f.side} ${f.quantity}`)).toEqual(['buy 0.013', 'buy 0.01']);
  });
});

describe('taker fill (order_update just before the position change)', () => {
  it('belongs to the order the order_update maps to, confirmed by the full state', () => {
    const h = loggedIn();
    const outs = h.feedAll(sequence('sequence-taker-fill'));
    expect(outs[2]?.events).toEqual([
      { kind: 'order', order: expect.objectContaining({ orderId: '12346', status: 'open' }) },
    ]);
    expect(outs[3]?.events).toEqual([]); // the mapping is a guess until the full state
    expect(outs[4]?.events.map((e) => e.kind)).toEqual(['position']);
    expect(outs[5]?.events.map((e) => e.kind)).toEqual(['account-snapshot', 'fill', 'order']);
    expect(h.fills()).toEqual([
      {
        connectionId: 'zdex-main',
        fillId: 'pos:33600@1711756802002:0.08:0:70700.4375',
        orderId: '12346',
        symbol: 'BTCUSDT',
        side: 'buy',
        price: '71034.5',
        quantity: '0.03',
        liquidity: 'taker',
        time: T0 + 2002,
      },
    ]);
    expect(outs[5]?.events[2]).toMatchObject({ order: { orderId: '12346', status: 'filled', filledQuantity: '0.03' } });
  });

  it('maps the order_update to the order just announced, not to a resting order with a later venue time', () => {
    const h = loggedIn();
    const [state, ticker, created, update, position, after] = sequence('sequence-taker-fill');
    // A resting buy on the same symbol whose `time` in the full state is later than everything here.
    const resting = {
      orderId: 12001,
      symbol: 'BTCUSDT',
      status: 'NEW',
      price: '69000',
      origQty: '0.5',
      executedQty: '0',
      type: 'LIMIT',
      side: 'BUY',
      positionSide: 'BOTH',
      time: T0 + 3_600_000,
    };
    h.feedAll([fullState(state, state.ts, [resting]), ticker, created, update, position]);
    h.feed(fullState(after, after.ts, [resting]));
    expect(h.fills()).toEqual([expect.objectContaining({ orderId: '12346', liquidity: 'taker' })]);
    expect(h.orders()).toContainEqual(expect.objectContaining({ orderId: '12346', status: 'filled' }));
    expect(h.orders()).not.toContainEqual(expect.objectContaining({ orderId: '12001', status: 'filled' }));
  });

  it('an order_update that arrived before its order_new (reordered) is moved to the order that grew', () => {
    const h = loggedIn();
    const [state, ticker, created, update, position, after] = sequence('sequence-taker-fill');
    const resting = {
      orderId: 12001,
      symbol: 'BTCUSDT',
      status: 'NEW',
      price: '69000',
      origQty: '0.5',
      executedQty: '0',
      type: 'LIMIT',
      side: 'BUY',
      positionSide: 'BOTH',
      time: T0,
    };
    // order_update first: the only NEW order on the symbol is the resting one, so the guess is wrong.
    h.feedAll([fullState(state, state.ts, [resting]), ticker, update, created, position]);
    const settled = h.feed(fullState(after, after.ts, [resting]));
    expect(h.fills()).toEqual([expect.objectContaining({ orderId: '12346', liquidity: 'taker', quantity: '0.03' })]);
    expect(settled.events.filter((e) => e.kind === 'order')).toEqual([
      { kind: 'order', order: expect.objectContaining({ orderId: '12346', status: 'filled' }) },
    ]);
    expect(h.orders()).not.toContainEqual(expect.objectContaining({ orderId: '12001', status: 'filled' }));
  });

  it('an order_update whose fill a later full state already reflects does not claim a later fill', () => {
    const h = loggedIn();
    const [state, ticker, created, update] = sequence('sequence-taker-fill');
    h.feedAll([state, ticker, created, update, { ...state, ts: T0 + 2500 }]); // the venue never sent the position_update
    const later = positionUpdate('0.04', '70500', '10', T0 + 9000);
    h.feed(later);
    h.feed(fullState(state, T0 + 9001, [], [later.data]));
    expect(h.fills()).toEqual([expect.objectContaining({ side: 'sell', price: '71500', inferred: true })]);
    expect(h.fills()[0]).not.toHaveProperty('orderId');
  });

  it('only the next position change is the taker fill; a later one is a maker fill again', () => {
    const h = loggedIn();
    const frames = sequence('sequence-taker-fill');
    h.feedAll(frames);
    const from = h.outputs.length;
    const later = positionUpdate('0.07', '70700.4375', '4', T0 + 9000); // sold 0.01 @ 71100.4375
    h.feed(later);
    h.feed(fullState(frames[5], T0 + 9001, [], [later.data]));
    expect(h.fills(from)).toEqual([expect.objectContaining({ side: 'sell', price: '71100.4', inferred: true })]);
    expect(h.fills(from)[0]).not.toHaveProperty('liquidity');
  });

  it('with no full state in time, the order_update status is reported as the venue said it', () => {
    const h = loggedIn();
    const [state, ticker, created, update, position] = sequence('sequence-taker-fill');
    h.feedAll([state, ticker, created, update, position]);
    const released = h.release();
    expect(released.events).toEqual([
      { kind: 'fill', fill: expect.objectContaining({ orderId: '12346', liquidity: 'taker' }) },
      { kind: 'order', order: expect.objectContaining({ orderId: '12346', status: 'filled' }) },
    ]);
  });
});

describe('short reduced by a maker fill, then closed by a market order', () => {
  it('prices the maker buy exactly; the unpriced close is attributed and priced at the best ask, flagged inferred', () => {
    const h = loggedIn();
    const frames = sequence('sequence-short-close');
    const outs = h.feedAll(frames);
    h.feed(fullState(frames[0], T0 + 4003, [], []));
    const fills = h.fills();
    expect(fills[0]).toMatchObject({
      symbol: 'ETHUSDT',
      side: 'buy',
      price: '3450.25',
      quantity: '0.04',
      orderId: '22001',
      liquidity: 'maker',
      inferred: true,
    });
    // The closed frame carries no PnL, so the market buy is priced where it would have traded: the best ask.
    expect(fills[1]).toMatchObject({
      symbol: 'ETHUSDT',
      side: 'buy',
      quantity: '0.06',
      orderId: '22002',
      liquidity: 'taker',
      inferred: true,
      price: '3450.5',
    });
    expect(fills[1]?.fillId).toBe('pos:41000@1711756804002:0:-:-');
    // The close's final realized PnL: 1.99 before it + (3450.5 − 3500) × −0.06 = 4.96 USDT, flagged inferred
    // because the 3450.5 is the book's price, not the venue's figure. It is reported with the close.
    expect(outs[5]?.events[0]).toEqual({
      kind: 'position-closed',
      connectionId: 'zdex-main',
      symbol: 'ETHUSDT',
      time: T0 + 4002,
      realizedPnl: '4.96',
      settleAsset: 'USDT',
      realizedInferred: true,
    });
    expect(validateEvent(outs[5]!.events[0]!)).toEqual([]);
  });

  it("a maker close takes its resting order's limit price, and the final realized PnL follows from it", () => {
    const h = loggedIn();
    const [state, book, reduce] = sequence('sequence-short-close');
    // A resting buy for the whole remaining short, at 3449 (within 0.5 % of the market); no order_update: a maker fill.
    const resting = {
      orderId: 22005,
      symbol: 'ETHUSDT',
      status: 'NEW',
      price: '3449',
      origQty: '0.06',
      executedQty: '0',
      type: 'LIMIT',
      side: 'BUY',
      positionSide: 'BOTH',
      time: T0,
    };
    h.feedAll([state, book, reduce, fullState(state, T0 + 3500, [resting], [reduce.data])]);
    const from = h.outputs.length;
    const out = h.feed({
      channel: 'account',
      event: 'position_update',
      data: { symbol: 'ETHUSDT', positionId: '41000', quantity: '0', closed: true },
      ts: T0 + 5000,
    });
    // 1.99 + (3449 − 3500) × −0.06 = 5.05
    expect(out.events[0]).toMatchObject({
      kind: 'position-closed',
      realizedPnl: '5.05',
      settleAsset: 'USDT',
      realizedInferred: true,
    });
    h.feed(fullState(state, T0 + 5001, [], []));
    expect(h.fills(from)).toEqual([expect.objectContaining({ orderId: '22005', price: '3449', liquidity: 'maker' })]);
  });

  it('a full frame with quantity "0" carries the venue\'s own final realized PnL (not inferred)', () => {
    const h = loggedIn();
    const [state, book, reduce] = sequence('sequence-short-close');
    h.feedAll([state, book, reduce]);
    const out = h.feed({ ...reduce, data: { ...reduce.data, quantity: '0', realizedPnl: '4.9' }, ts: T0 + 5000 });
    expect(out.events[0]).toEqual({
      kind: 'position-closed',
      connectionId: 'zdex-main',
      symbol: 'ETHUSDT',
      time: T0 + 5000,
      realizedPnl: '4.9',
      settleAsset: 'USDT',
    });
  });

  it('a new position id while the old one is open: the old one closes first, with its derived final realized PnL', () => {
    const h = loggedIn();
    const [state, book, reduce] = sequence('sequence-short-close');
    h.feedAll([state, book, reduce]);
    const from = h.outputs.length;
    const out = h.feed({
      ...reduce,
      data: { ...reduce.data, positionId: '41001', quantity: '0.02', avgEntryPrice: '3450.5', realizedPnl: '0' },
      ts: T0 + 5000,
    });
    expect(out.events.map((e) => e.kind)).toEqual(['position-closed', 'position']);
    // The old short's close is unpriced (a buy at the best ask, 3450.5): 1.99 + (3450.5 − 3500) × −0.06 = 4.96.
    expect(out.events[0]).toMatchObject({
      kind: 'position-closed',
      symbol: 'ETHUSDT',
      time: T0 + 5000,
      realizedPnl: '4.96',
      realizedInferred: true,
    });
    h.release();
    const atFlip = h.fills(from).filter((f) => f.time === T0 + 5000);
    expect(atFlip.map((f) => [f.side, f.quantity, f.fillId])).toEqual([
      ['buy', '0.06', 'pos:41001@1711756805000:0.02:0:3450.5:close'],
      ['buy', '0.02', 'pos:41001@1711756805000:0.02:0:3450.5:open'],
    ]);
  });

  it("with no market data seen, a close is priced at the position's last mark, flagged inferred", () => {
    const h = new Harness();
    h.authenticate();
    const [state] = sequence('sequence-short-close'); // ETHUSDT -0.1 @ 3500, mark 3460
    h.feed(state);
    const out = h.feed({
      channel: 'account',
      event: 'position_update',
      data: { symbol: 'ETHUSDT', positionId: '41000', quantity: '0', closed: true },
      ts: T0 + 5000,
    });
    // 0 + (3460 − 3500) × −0.1 = 4
    expect(out.events[0]).toMatchObject({ kind: 'position-closed', realizedPnl: '4', realizedInferred: true });
    h.release();
    expect(h.fills()).toEqual([
      expect.objectContaining({ side: 'buy', quantity: '0.1', price: '3460', inferred: true }),
    ]);
  });

  it('no final realized PnL when the close is unpriced: the close says nothing rather than invent one', () => {
    const h = new Harness();
    h.authenticate();
    const state = unmarked(sequence('sequence-short-close')[0]);
    h.feed(state);
    const out = h.feed({
      channel: 'account',
      event: 'position_update',
      data: { symbol: 'ETHUSDT', positionId: '41000', quantity: '0', closed: true },
      ts: T0 + 5000,
    });
    expect(out.events[0]).toEqual({
      kind: 'position-closed',
      connectionId: 'zdex-main',
      symbol: 'ETHUSDT',
      time: T0 + 5000,
    });
  });

  it('a close with no price source is reported, not invented', () => {
    const h = new Harness();
    h.authenticate();
    h.feed(unmarked(sequence('sequence-short-close')[0]));
    const out = h.feed({
      channel: 'account',
      event: 'position_update',
      data: { symbol: 'ETHUSDT', positionId: '41000', quantity: '0', closed: true },
      ts: T0 + 5000,
    });
    h.release();
    expect(h.fills()).toEqual([]);
    expect(out.diagnostics?.error).toContain('ETHUSDT: a buy of 0.1 happened but its price is unknown');
  });
});

describe('no fill is derived twice', () => {
  it('a duplicated position_update derives nothing the second time', () => {
    const h = loggedIn();
    const [state, ticker, update, after] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker, update]);
    const again = h.feed(update);
    expect(again).toEqual({ events: [], send: [], diagnostics: { duplicates: 1 } });
    h.feed(after);
    expect(h.fills()).toHaveLength(1);
  });

  it('a replayed older position_update is dropped as stale', () => {
    const h = loggedIn();
    const [state, ticker] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker]);
    const first = positionUpdate('0.055', '70465.76363636', '0', T0 + 2000);
    h.feed(first);
    h.feed(positionUpdate('0.063', '70422.28888889', '0', T0 + 3000));
    const replay = { ...first, data: { ...first.data, markPrice: '70000' } }; // not byte-identical, but older
    expect(h.feed(replay)).toEqual({ events: [], send: [], diagnostics: { duplicates: 1 } });
    h.release();
    expect(h.fills().map((f) => f.quantity)).toEqual(['0.005', '0.008']);
  });

  it('the ~60 s fallback full state, repeating what is known, derives nothing', () => {
    const h = loggedIn();
    const frames = sequence('sequence-maker-fill');
    h.feedAll(frames);
    const fallback = { ...frames[3], ts: frames[3].ts + 60_000 };
    expect(h.feed(fallback).events.map((e) => e.kind)).toEqual(['account-snapshot']);
    expect(h.fills()).toHaveLength(1);
  });
});

describe('reconnect', () => {
  it('resubscribes, ignores updates until the new full state, and derives one inferred fill for the gap', () => {
    const h = loggedIn();
    const [state, ticker] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker]);
    expect(h.closed(1006).fatal).toBeUndefined();

    const reopened = h.open();
    expect(reopened.status).toBeUndefined();
    expect(h.feed(positionUpdate('0.07', '70500', '0', T0 + 9000)).events).toEqual([]); // before the snapshot: ignored
    expect(h.feed(fixtureText('connected')).send).toEqual([expect.stringContaining('"action":"auth"')]);
    expect(h.feed(fixtureText('authenticated')).send).toContain('{"action":"subscribe","channel":"account"}');

    // During the gap the position went 0.05 -> 0.08 @ 70700.4375 (bought 0.03 @ 71034.5); order 12345 is gone.
    const gapState = fullState(
      state,
      T0 + 10_000,
      [],
      [{ ...state.data.positions[0], quantity: '0.08', avgEntryPrice: '70700.4375' }],
    );
    const resync = h.feed(gapState);
    expect(resync.status).toEqual({ status: 'live' });
    expect(resync.events.map((e) => e.kind)).toEqual(['account-snapshot', 'fill', 'order']);
    expect(h.fills()).toEqual([
      {
        connectionId: 'zdex-main',
        fillId: 'pos:BTCUSDT@1711756810000:0.08:0:70700.4375',
        symbol: 'BTCUSDT',
        side: 'buy',
        price: '71034.5',
        quantity: '0.03',
        time: T0 + 10_000,
        inferred: true,
      },
    ]);
    // The resting buy at 70123.4 (0.013) cannot account for a 0.03 fill: it vanished, so it was canceled.
    expect(resync.events[2]).toMatchObject({ order: { orderId: '12345', status: 'canceled' } });

    // A second reconnect replaying the same state derives nothing again.
    h.closed(1006);
    h.authenticate();
    expect(h.feed({ ...gapState, ts: T0 + 20_000 }).events.map((e) => e.kind)).toEqual(['account-snapshot']);
    expect(h.fills()).toHaveLength(1);
  });

  it('after a gap that changed the position, the next update is priced even under a new position id', () => {
    const h = loggedIn();
    const [state, ticker] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker, positionUpdate('0.05', '70500', '0', T0 + 2000)]); // position 33600 known
    h.closed(1006);
    h.authenticate();
    // During the gap 33600 closed and a new long opened: 0.02 @ 71000, its own realized PnL from 0.
    h.feed(
      fullState(
        state,
        T0 + 10_000,
        [],
        [{ ...state.data.positions[0], quantity: '0.02', avgEntryPrice: '71000', realizedPnl: '0' }],
      ),
    );
    const from = h.outputs.length;
    const update = positionUpdate('0.01', '71000', '5', T0 + 11_000);
    h.feed({ ...update, data: { ...update.data, positionId: '33601' } }); // sold 0.01 @ 71500
    h.release();
    expect(h.fills(from)).toEqual([
      {
        connectionId: 'zdex-main',
        fillId: 'pos:33601@1711756811000:0.01:5:71000',
        symbol: 'BTCUSDT',
        side: 'sell',
        price: '71500',
        quantity: '0.01',
        time: T0 + 11_000,
        inferred: true,
      },
    ]);
  });

  it('a gap close of a known position keeps the position id in the fill id', () => {
    const h = loggedIn();
    const [state, ticker] = sequence('sequence-maker-fill');
    h.feedAll([state, ticker, positionUpdate('0.03', '70500', '20', T0 + 2000)]);
    h.closed(1006);
    h.authenticate();
    h.feed(fullState(state, T0 + 10_000, [], []));
    const gapFill = h.fills().at(-1);
    expect(gapFill).toMatchObject({
      fillId: 'pos:33600@1711756810000:0:-:-',
      side: 'sell',
      quantity: '0.03',
      price: '71034.5',
      inferred: true,
    });
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are edited freely in tests */
/** A full state whose positions show no mark price: nothing prices a close. */
function unmarked(state: any) {
  return {
    ...state,
    data: { ...state.data, positions: state.data.positions.map((p: any) => ({ ...p, markPrice: '0' })) },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function positionUpdate(quantity: string, avgEntryPrice: string, realizedPnl: string, ts: number) {
  const [, , update] = sequence('sequence-maker-fill');
  return { ...update, data: { ...update.data, quantity, avgEntryPrice, realizedPnl }, ts };
}

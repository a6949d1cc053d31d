import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsTestClient } from '../testing/ws-test-client';
import { Num, num } from '../core/num';
import { ticketOf, type WireTicket } from './reader';
import {
  arrays,
  connect,
  eventOf,
  flush,
  lastCoreOrderId,
  markOf,
  next,
  startRig,
  switched,
  type ScaletradeRig,
  type WireArray,
} from './test-support';

let rig: ScaletradeRig;
let clients: WsTestClient[] = [];
/** Switched: receives account events. */
let watcher: WsTestClient;
/** Authorized but never switched: must receive none. */
let bystander: WsTestClient;
const LOGIN = 2000009;

beforeAll(async () => {
  rig = await startRig();
  watcher = (await switched(rig, clients)).client;
  bystander = await connect(rig, clients);
  bystander.send({ authorization: rig.server.credential('valid').token });
  await next(bystander, (f) => eventOf(f) === 'authorization');
});

afterAll(async () => {
  for (const c of clients) c.close();
  clients = [];
  await rig.stop();
});

const account = () => rig.server.accountId;
const market = (side: 'buy' | 'sell', quantity: string, symbol = 'BTCUSDT') =>
  rig.core.act(account(), { kind: 'market', symbol, side, quantity: num(quantity) });
const limit = (side: 'buy' | 'sell', price: Num, quantity: string, symbol = 'BTCUSDT') =>
  rig.core.act(account(), { kind: 'limit', symbol, side, price, quantity: num(quantity) });
const tickets = (from: number) => arrays(watcher, 'o', from).map(ticketOf);
const cents = (v: Num) => v.toDecimalPlaces(2, Num.ROUND_HALF_UP);
const n = (v: unknown) => new Num(v as number);

/** Runs `action`, waits until its frames arrived, returns the frames after it. */
async function change(action: () => void): Promise<WireArray[]> {
  const from = watcher.frames.length;
  action();
  await flush(watcher);
  return watcher.frames
    .slice(from)
    .filter((f) => Array.isArray(f.json))
    .map((f) => f.json as WireArray);
}

function expectTradeShape(a: WireArray): void {
  expect(a).toHaveLength(18);
  expect(a[0]).toBe('o');
  expect(a[2]).toBe(LOGIN);
  expect([a[10], a[11]]).toEqual([0, 0]);
  for (const i of [1, 4, 5, 8, 9, 12, 17]) expect(Number.isInteger(a[i]), `index ${i}`).toBe(true);
  for (const i of [6, 7, 13, 14, 15]) expect(typeof a[i], `index ${i}`).toBe('number');
  expect(typeof a[16]).toBe('string');
  const t = a[8] as number;
  expect(t).toBeGreaterThan(1.7e9);
  expect(t).toBeLessThan(1e11);
}

function expectBalanceShape(a: WireArray): void {
  expect(a).toHaveLength(11);
  expect(a[1]).toBe(LOGIN);
  for (const v of a.slice(2)) expect(typeof v).toBe('number');
  // equity = balance + profit; margin_free = equity - margin
  expect(n(a[6]).eq(n(a[2]).plus(n(a[9])))).toBe(true);
  expect(n(a[4]).eq(n(a[6]).minus(n(a[3])))).toBe(true);
}

describe('ScaleTrade tickets (o) and balance (b)', () => {
  let opened: WireTicket;
  let balanceAfterOpen: WireArray;

  it('a market buy opens a market ticket (NEW), then a b', async () => {
    const frames = await change(() => market('buy', '0.003'));
    expect(frames.map((a) => a[0])).toEqual(['o', 'b']);
    const [o, b] = frames as [WireArray, WireArray];
    expectTradeShape(o);
    expectBalanceShape(b);
    opened = ticketOf(o);
    expect(opened).toMatchObject({
      symbol: 'btcusd',
      cmd: 0,
      volume: 30,
      state: 0,
      code: 0,
      closeTime: 0,
      storage: '0',
      comment: '',
    });
    expect(n(opened.commission).isNegative()).toBe(true);
    const ledger = rig.server.ledger();
    const fill = ledger.fills.find((f) => f.fillId === `${opened.order}:open`);
    expect(fill).toMatchObject({
      orderId: String(opened.order),
      symbol: 'btcusd',
      side: 'buy',
      quantity: '0.3',
      price: opened.openPrice,
      liquidity: 'taker',
    });
    expect(fill?.time).toBe(opened.openTime * 1000);
    expect(n(fill?.fee).eq(n(opened.commission).neg())).toBe(true);
    expect(ledger.positions).toEqual([
      expect.objectContaining({ symbol: 'btcusd', quantity: '0.3', entryPrice: opened.openPrice }),
    ]);
    // The commission is booked to the balance at once.
    expect(n(b[2]).eq(n(50000).plus(n(opened.commission)))).toBe(true);
    expect(ledger.balances).toEqual([expect.objectContaining({ asset: 'USD', total: String(b[2]) })]);
    balanceAfterOpen = b;
  });

  it('sends PROFIT updates of the open ticket from the mark (about every profitIntervalMs), each followed by a b', async () => {
    const from = watcher.frames.length;
    await watcher.until(() => tickets(from).some((t) => t.order === opened.order && t.code === 3));
    await flush(watcher);
    const update = tickets(from).find((t) => t.order === opened.order && t.code === 3) as WireTicket;
    expect(update).toMatchObject({
      state: 0,
      volume: 30,
      openPrice: opened.openPrice,
      openTime: opened.openTime,
      commission: opened.commission,
    });
    // profit = (mark - open) x 0.003 BTC, in cents; close_price carries the mark.
    expect(n(update.profit).eq(cents(n(update.closePrice).minus(opened.openPrice).mul('0.003')))).toBe(true);
    const after = watcher.frames.slice(from);
    const i = after.findIndex(
      (f) => Array.isArray(f.json) && (f.json as WireArray)[3] === 'btcusd' && (f.json as WireArray)[17] === 3,
    );
    const b = after.slice(i).find((f) => Array.isArray(f.json) && (f.json as WireArray)[0] === 'b')?.json as WireArray;
    expectBalanceShape(b);
    expect(b[2]).toBe(balanceAfterOpen[2]);
  });

  it('a market sell closes it (CLOSED: close price, time, realized profit), then a b', async () => {
    const before = arrays(watcher, 'b').at(-1) as WireArray;
    const frames = await change(() => market('sell', '0.003'));
    expect(frames.map((a) => a[0])).toEqual(['o', 'b']);
    const closed = ticketOf(frames[0] as WireArray);
    expectTradeShape(frames[0] as WireArray);
    expect(closed).toMatchObject({
      order: opened.order,
      cmd: 0,
      volume: 30,
      state: 1,
      code: 2,
      openPrice: opened.openPrice,
      openTime: opened.openTime,
    });
    expect(closed.closeTime).toBeGreaterThanOrEqual(opened.openTime);
    expect(n(closed.profit).eq(cents(n(closed.closePrice).minus(opened.openPrice).mul('0.003')))).toBe(true);
    const b = frames[1] as WireArray;
    const closeCommission = n(closed.commission).minus(n(opened.commission));
    expect(n(b[2]).eq(n(before[2]).plus(n(closed.profit)).plus(closeCommission))).toBe(true);
    expect(b[3]).toBe(0); // no margin in use
    const ledger = rig.server.ledger();
    expect(ledger.positions).toEqual([]);
    expect(ledger.fills.find((f) => f.fillId === `${opened.order}:close`)).toMatchObject({
      side: 'sell',
      quantity: '0.3',
      price: closed.closePrice,
      realizedPnl: closed.profit,
    });
    expect(ledger.totals.wallet).toBe(String(b[2]));
  });

  it('a partial reduction closes the oldest ticket whole and reopens its rest at the fill price', async () => {
    const [open] = (await change(() => market('buy', '0.005'))).filter((a) => a[0] === 'o').map(ticketOf);
    expect(open?.volume).toBe(50);
    const frames = await change(() => market('sell', '0.002'));
    expect(frames.map((a) => a[0])).toEqual(['o', 'o', 'b']);
    const [rest, closed] = frames.slice(0, 2).map(ticketOf) as [WireTicket, WireTicket];
    expect(closed).toMatchObject({ order: open?.order, volume: 50, state: 1, code: 2, comment: `to #${rest.order}` });
    expect(rest).toMatchObject({
      cmd: 0,
      volume: 30,
      state: 0,
      code: 0,
      openPrice: closed.closePrice,
      openTime: closed.closeTime,
      commission: '0',
      comment: `from #${open?.order}`,
    });
    const ledger = rig.server.ledger();
    expect(ledger.fills.find((f) => f.fillId === `${closed.order}:close`)).toMatchObject({
      side: 'sell',
      quantity: '0.5',
    });
    expect(ledger.fills.find((f) => f.fillId === `${rest.order}:open`)).toMatchObject({
      side: 'buy',
      quantity: '0.3',
      fee: '0',
      price: closed.closePrice,
    });
    expect(ledger.positions).toEqual([
      expect.objectContaining({ symbol: 'btcusd', quantity: '0.3', entryPrice: closed.closePrice }),
    ]);
    await change(() => market('sell', '0.003'));
    expect(rig.server.ledger().positions).toEqual([]);
  });

  it('a resting limit order is a pending ticket (BUY_LIMIT); a cancel deletes it', async () => {
    const price = markOf(rig, 'btcusd').mul('0.9').toDecimalPlaces(1);
    const placed = await change(() => limit('buy', price, '0.002'));
    expect(placed.map((a) => a[0])).toEqual(['o', 'b']);
    expectTradeShape(placed[0] as WireArray);
    const pending = ticketOf(placed[0] as WireArray);
    expect(pending).toMatchObject({
      cmd: 2,
      volume: 20,
      openPrice: price.toFixed(),
      closePrice: '0',
      state: 0,
      code: 0,
      profit: '0',
      commission: '0',
    });
    expect(rig.server.ledger().orders.at(-1)).toMatchObject({
      orderId: String(pending.order),
      type: 'limit',
      side: 'buy',
      status: 'open',
      quantity: '0.2',
      filledQuantity: '0',
    });

    const deleted = await change(() => rig.core.act(account(), { kind: 'cancel', orderId: lastCoreOrderId(rig) }));
    expect(deleted.map((a) => a[0])).toEqual(['o', 'b']);
    expect(ticketOf(deleted[0] as WireArray)).toMatchObject({
      order: pending.order,
      cmd: 2,
      volume: 20,
      state: 2,
      code: 4,
    });
    expect(rig.server.ledger().orders.at(-1)).toMatchObject({ orderId: String(pending.order), status: 'canceled' });
  });

  it('a crossed limit order activates: ACTIVATED, then the market ticket under the same number', async () => {
    const from = watcher.frames.length;
    const price = markOf(rig, 'btcusd').plus(300);
    limit('buy', price, '0.004');
    await watcher.until(() => tickets(from).some((t) => t.state === 3));
    await flush(watcher);
    const seen = tickets(from);
    const pending = seen[0] as WireTicket;
    expect(pending).toMatchObject({ cmd: 2, volume: 40, state: 0, code: 0 });
    const a = seen.findIndex((t) => t.state === 3);
    const activated = seen[a] as WireTicket;
    const marketTicket = seen[a + 1] as WireTicket;
    expect(activated).toMatchObject({ order: pending.order, cmd: 2, state: 3, code: 5, openPrice: price.toFixed() });
    expect(marketTicket).toMatchObject({
      order: pending.order,
      cmd: 0,
      state: 0,
      code: 0,
      volume: activated.volume,
      openPrice: price.toFixed(),
      openTime: activated.openTime,
    });
    // Partial fills before the activation lowered the pending volume and opened market tickets of their own.
    const partials = seen.slice(1, a).filter((t) => t.order === pending.order);
    for (const p of partials) expect(p).toMatchObject({ cmd: 2, state: 0, code: 1 });
    const opened = seen.filter((t) => t.cmd === 0 && t.code === 0).reduce((sum, t) => sum + t.volume, 0);
    expect(opened).toBe(40);
    const ledger = rig.server.ledger();
    expect(ledger.orders.find((o) => o.orderId === String(pending.order))).toMatchObject({
      status: 'filled',
      quantity: String(activated.volume / 100),
      filledQuantity: String(activated.volume / 100),
      averagePrice: price.toFixed(),
    });
    expect(ledger.fills.find((f) => f.fillId === `${pending.order}:open`)).toMatchObject({
      liquidity: 'maker',
      price: price.toFixed(),
    });
    expect(ledger.positions).toEqual([expect.objectContaining({ symbol: 'btcusd', quantity: '0.4' })]);
  });

  it('an activation that reduces the position is closed against the oldest tickets at once (close-by)', async () => {
    const from = watcher.frames.length;
    const price = markOf(rig, 'btcusd').minus(300);
    limit('sell', price, '0.001'); // one step: fills in one go
    await watcher.until(() => tickets(from).some((t) => t.state === 3));
    await flush(watcher);
    const seen = tickets(from);
    const a = seen.findIndex((t) => t.state === 3);
    const activated = seen[a] as WireTicket;
    expect(activated).toMatchObject({ cmd: 3, state: 3, code: 5, volume: 10 });
    expect(seen[a + 1]).toMatchObject({
      order: activated.order,
      cmd: 1,
      state: 1,
      code: 2,
      volume: 10,
      profit: '0',
      openPrice: price.toFixed(),
      closePrice: price.toFixed(),
    });
    expect(rig.server.ledger().positions).toEqual([expect.objectContaining({ symbol: 'btcusd', quantity: '0.3' })]);
    const ids = rig.server.ledger().fills.map((f) => f.fillId);
    expect(ids).toContain(`${activated.order}:open`);
    expect(ids).toContain(`${activated.order}:close`);
  });

  it('sends nothing of the account to a client that never switched', async () => {
    await flush(bystander);
    expect(bystander.frames.filter((f) => Array.isArray(f.json))).toEqual([]);
    expect(bystander.frames.map((f) => f.text)).toEqual(['{"event":"authorization","success":true}', 'pong']);
  });

  it('a later switch pushes b, every open ticket as last sent, and the marker with their count', async () => {
    limit('sell', markOf(rig, 'ethusd').mul('1.2').toDecimalPlaces(2), '0.05', 'ETHUSDT');
    await flush(watcher);
    const { client, marker } = await switched(rig, clients);
    const sw = client.frames.find((f) => eventOf(f) === 'account.switch')?.seq ?? 0;
    const state = client.frames.slice(sw + 1, marker.seq).map((f) => f.json as WireArray);
    expect(state[0]?.[0]).toBe('b');
    const sent = state.slice(1).map(ticketOf);
    expect(marker.json).toEqual({ event: 'account.state', login: LOGIN, tickets: sent.length });
    // The watcher's latest frame of every ticket still open is exactly what the new client got.
    const latest = new Map<number, WireTicket>();
    for (const t of tickets(0)) latest.set(t.order, t);
    const open = [...latest.values()].filter((t) => t.state === 0);
    expect(new Set(sent.map((t) => t.order))).toEqual(new Set(open.map((t) => t.order)));
    for (const t of sent) expect(t).toEqual(latest.get(t.order));
    expect(sent.some((t) => t.cmd === 3 && t.symbol === 'ethusd')).toBe(true);
    expect(sent.filter((t) => t.cmd === 0).reduce((s, t) => s + t.volume, 0)).toBe(30);
  });
});

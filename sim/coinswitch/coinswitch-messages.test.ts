import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats.ws';
import type {
  CoinswitchExecution,
  CoinswitchOrder,
  CoinswitchOrderMessage,
  CoinswitchTickerMessage,
  CoinswitchTradeMessage,
} from '../../src/venues/coinswitch/wire';
import { num } from '../core/num';
import { SEED_ORDER_MESSAGE, SEED_TRADE_MESSAGE } from './seed-examples';
import { privateOrderSubject, privateTradeSubject } from './subjects';
import { Recorder, authText, requestAuth, startCoinswitch, type CoinswitchUnderTest } from './test-support';

let sim: CoinswitchUnderTest;
let nc: NatsConnection;
let orders: Recorder;
let trades: Recorder;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(async () => {
  sim = await startCoinswitch({ core: { publicRateScale: 1 } });
  sim.core.pause();
  nc = await sim.connect();
  expect(await requestAuth(nc, sim.cs.authSubject, authText(sim.cs.credential('valid').triple))).toEqual({
    success: true,
  });
});

/** Everything the simulator published so far has reached this client. */
async function settle(): Promise<void> {
  await sim.cs.flush();
  await nc.flush();
}

afterEach(async () => {
  sim.core.pause();
  await settle();
  orders?.sub.unsubscribe();
  trades?.sub.unsubscribe();
});

afterAll(async () => {
  await sim.stop();
});

async function record(): Promise<void> {
  orders = new Recorder(nc, privateOrderSubject(sim.cs.subAccountId));
  trades = new Recorder(nc, privateTradeSubject(sim.cs.subAccountId));
  await nc.flush();
}

const orderMessages = () => orders.messages.map((m) => m.json as CoinswitchOrderMessage);
const tradeMessages = () => trades.messages.map((m) => m.json as CoinswitchTradeMessage);
const executions = (): CoinswitchExecution[] => tradeMessages().flatMap((m) => m.o);
const typesOf = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v]));
const mark = (symbol: string) => num(sim.cs.ledger().marks[symbol] ?? '0');

describe('CoinSwitch private messages against seed 001', () => {
  it('order messages: the seed envelope and exactly its 26 order fields, same order, same types', async () => {
    await record();
    sim.core.act(sim.cs.accountId, { kind: 'market', symbol: 'SOLUSDT', side: 'buy', quantity: num('0.2') });
    await orders.waitFor((m) => m.length >= 2, 'New and Filled');
    for (const m of orderMessages()) {
      expect(Object.keys(m)).toEqual(Object.keys(SEED_ORDER_MESSAGE));
      expect(typesOf(m)).toEqual(typesOf(SEED_ORDER_MESSAGE));
      expect(Object.keys(m.o)).toEqual(Object.keys(SEED_ORDER_MESSAGE.o));
      expect(typesOf(m.o)).toEqual(typesOf(SEED_ORDER_MESSAGE.o));
      expect(m).toMatchObject({
        e: 'COINSWITCHX',
        event_type: 'order.linear',
        T: 0,
        user_id: sim.cs.subAccountId,
        sub_account_id: sim.cs.subAccountId,
      });
      expect(m.sub_account_id).toMatch(/^\d{9}$/);
      expect(m.o.orderId).toMatch(UUID_V4);
      expect(m.o.orderLinkId).toMatch(UUID_V4);
    }
    const [placed, filled] = orderMessages().map((m) => m.o) as [CoinswitchOrder, CoinswitchOrder];
    expect(placed).toMatchObject({
      orderStatus: 'New',
      orderType: 'Market',
      timeInForce: 'IOC',
      cumExecQty: '0',
      avgPrice: '0',
      leavesQty: '0.2',
    });
    expect(filled).toMatchObject({
      orderStatus: 'Filled',
      cumExecQty: '0.2',
      leavesQty: '0',
      leavesValue: '0',
      cancelType: 'UNKNOWN',
      rejectReason: 'EC_NoError',
    });
    // The market order filled at the last price: that is lastPriceOnCreated; price is the +5 % protection price.
    expect(filled.avgPrice).toBe(num(filled.lastPriceOnCreated).toFixed());
    expect(num(filled.price).toFixed()).toBe(num(filled.lastPriceOnCreated).mul('1.05').toDecimalPlaces(2).toFixed());
    expect(filled.cumExecValue).toBe(num(filled.avgPrice).mul('0.2').toFixed());
    expect(filled.cumExecFee).toBe(num(filled.cumExecValue).mul('0.0005').toFixed());
  });

  it('trade messages: the seed envelope; `o` an array of executions with exactly the seed 21 fields', async () => {
    await record();
    sim.core.act(sim.cs.accountId, { kind: 'market', symbol: 'BTCUSDT', side: 'sell', quantity: num('0.002') });
    await trades.waitFor((m) => m.length >= 1, 'a trade message');
    const m = tradeMessages()[0] as CoinswitchTradeMessage;
    expect(Object.keys(m)).toEqual(Object.keys(SEED_TRADE_MESSAGE));
    expect(typesOf(m)).toEqual(typesOf(SEED_TRADE_MESSAGE));
    expect(m).toMatchObject({
      e: 'COINSWITCHX',
      event_type: 'execution.linear',
      user_id: sim.cs.subAccountId,
      sub_account_id: sim.cs.subAccountId,
    });
    expect(Array.isArray(m.o)).toBe(true);
    const x = m.o[0] as CoinswitchExecution;
    expect(Object.keys(x)).toEqual(Object.keys(SEED_TRADE_MESSAGE.o[0] as object));
    expect(typesOf(x)).toEqual(typesOf(SEED_TRADE_MESSAGE.o[0] as object));
    expect(m.T).toBe(Number(x.execTime));
    expect(x).toMatchObject({
      side: 'Sell',
      orderType: 'Market',
      execType: 'Trade',
      isMaker: false,
      feeRate: '0.0005',
      execQty: '0.002',
      orderQty: '0.002',
      leavesQty: '0',
    });
    expect(x.execId).toMatch(UUID_V5);
    expect(x.execValue).toBe(num(x.execPrice).mul(x.execQty).toFixed());
    expect(x.execFee).toBe(num(x.execValue).mul(x.feeRate).toFixed());
  });

  it('closedSize: the part of a fill that reduces the opposite position', async () => {
    await record();
    const id = sim.cs.accountId;
    sim.core.act(id, { kind: 'market', symbol: 'ETHUSDT', side: 'buy', quantity: num('0.3') });
    sim.core.act(id, { kind: 'market', symbol: 'ETHUSDT', side: 'sell', quantity: num('0.5') });
    sim.core.act(id, { kind: 'market', symbol: 'ETHUSDT', side: 'buy', quantity: num('0.2') });
    await trades.waitFor(() => executions().length >= 3, 'three executions');
    expect(executions().map((x) => [x.side, x.execQty, x.closedSize])).toEqual([
      ['Buy', '0.3', '0'],
      ['Sell', '0.5', '0.3'],
      ['Buy', '0.2', '0.2'],
    ]);
  });

  it('executions of one instant share a trade message (o has several elements)', async () => {
    await record();
    const id = sim.cs.accountId;
    const above = mark('BTCUSDT').plus(1000);
    sim.core.act(id, { kind: 'limit', symbol: 'BTCUSDT', side: 'buy', price: above, quantity: num('0.001') });
    sim.core.act(id, { kind: 'limit', symbol: 'BTCUSDT', side: 'buy', price: above.plus(1), quantity: num('0.001') });
    sim.core.resume();
    // The two orders placed while paused are the first two order messages; once resumed, the account's
    // own activity may trade too, so their executions are looked up by order id, not by arrival.
    await orders.waitFor(() => new Set(orderMessages().map((m) => m.o.orderId)).size >= 2, 'both orders');
    const ours = [...new Set(orderMessages().map((m) => m.o.orderId))].slice(0, 2);
    await trades.waitFor(
      () => ours.every((orderId) => executions().some((x) => x.orderId === orderId)),
      'both executions',
    );
    sim.core.pause();
    const shared = tradeMessages().find((m) => m.o.some((x) => x.orderId === ours[0])) as CoinswitchTradeMessage;
    const mine = shared.o.filter((x) => ours.includes(x.orderId));
    expect(mine.map((x) => x.orderId).sort()).toEqual([...ours].sort());
    expect(mine.every((x) => x.isMaker && x.feeRate === '0.0002' && x.orderType === 'Limit')).toBe(true);
  });

  it('one execution per core execution: unique execIds, increasing seq, equal to the ledger fills', async () => {
    await record();
    const before = sim.cs.ledger().fills.length;
    sim.core.resume();
    await trades.waitFor(() => sim.cs.ledger().fills.length >= before + 25, '25 more fills', 20_000);
    sim.core.pause();
    await settle();
    const fills = sim.cs.ledger().fills.slice(before);
    const xs = executions();
    expect(xs.map((x) => x.execId)).toEqual(fills.map((f) => f.fillId));
    expect(new Set(xs.map((x) => x.execId)).size).toBe(xs.length);
    for (let i = 1; i < xs.length; i++)
      expect((xs[i] as CoinswitchExecution).seq).toBeGreaterThan((xs[i - 1] as CoinswitchExecution).seq);
    xs.forEach((x, i) => {
      const f = fills[i];
      expect([x.orderId, x.symbol, x.execPrice, x.execQty, x.execFee, x.isMaker, x.execTime]).toEqual([
        f?.orderId,
        f?.symbol,
        f?.price,
        f?.quantity,
        f?.fee,
        f?.liquidity === 'maker',
        String(f?.time),
      ]);
    });
  });

  it("every order's last message agrees with the ledger (status, quantities, average price)", async () => {
    await record();
    sim.core.resume();
    await orders.waitFor((m) => m.length >= 40, '40 order messages', 20_000);
    sim.core.pause();
    await settle();
    const ledger = sim.cs.ledger();
    const last = new Map<string, CoinswitchOrder>();
    for (const m of orderMessages()) last.set(m.o.orderId, m.o);
    const status = { open: 'New', partially_filled: 'PartiallyFilled', filled: 'Filled', canceled: 'Cancelled' };
    for (const [orderId, o] of last) {
      const l = ledger.orders.find((x) => x.orderId === orderId);
      expect(l, orderId).toBeDefined();
      expect([o.orderStatus, o.symbol, o.qty, o.cumExecQty, o.avgPrice, o.updatedTime]).toEqual([
        status[l!.status],
        l!.symbol,
        l!.quantity,
        l!.filledQuantity,
        l!.averagePrice ?? '0',
        String(l!.updatedAt),
      ]);
    }
  });
});

describe('CoinSwitch ledger and ticker', () => {
  it('ledger: the common shape; ids as the private payloads carry them', async () => {
    const ledger = sim.cs.ledger();
    expect(Object.keys(ledger).sort()).toEqual(
      ['accountId', 'balances', 'fills', 'funding', 'marks', 'orders', 'positions', 'totals', 'venue'].sort(),
    );
    expect(ledger.venue).toBe('coinswitch');
    expect(ledger.accountId).toBe(sim.cs.subAccountId);
    expect(ledger.fills.length).toBeGreaterThan(0);
    for (const f of ledger.fills) {
      expect(f.fillId).toMatch(UUID_V5);
      expect(f.orderId).toMatch(UUID_V4);
      expect(f.symbol).toMatch(/^[A-Z0-9]+USDT$/);
    }
    for (const o of ledger.orders) expect(o.orderId).toMatch(UUID_V4);
    expect(Object.keys(ledger.marks)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  it('ticker [guess]: v1.f.ex1.public.futures.ticker.BTC/USDT, Bybit V5 linear ticker in the envelope', async () => {
    const ticker = new Recorder(nc, 'v1.f.ex1.public.futures.ticker.>');
    await ticker.waitFor(
      (m) => m.some((x) => x.subject === 'v1.f.ex1.public.futures.ticker.BTC/USDT'),
      'a BTC/USDT ticker',
    );
    ticker.sub.unsubscribe();
    const m = ticker.messages.find((x) => x.subject.endsWith('BTC/USDT'))?.json as CoinswitchTickerMessage;
    expect(Object.keys(m)).toEqual(['t', 'e', 'event_type', 'E', 'T', 'o']);
    expect(m).toMatchObject({ e: 'COINSWITCHX', event_type: 'ticker.linear', o: { symbol: 'BTCUSDT' } });
    for (const key of [
      'lastPrice',
      'markPrice',
      'indexPrice',
      'highPrice24h',
      'lowPrice24h',
      'prevPrice24h',
      'price24hPcnt',
      'volume24h',
      'turnover24h',
    ]) {
      expect(typeof (m.o as unknown as Record<string, unknown>)[key], key).toBe('string');
    }
    expect(ticker.messages.every((x) => /^v1\.f\.ex1\.public\.futures\.ticker\.[A-Z0-9]+\/USDT$/.test(x.subject))).toBe(
      true,
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { VenueLedger } from '../shared/front-end';
import { ManualScheduler } from '../core/clock';
import { num, text } from '../core/num';
import {
  RoxomTestClient,
  deriveFills,
  isObject,
  loose,
  rawIntegers,
  startRoxom,
  type Frame,
  type RoxomUnderTest,
} from './test-support';

let sim: RoxomUnderTest | undefined;
const clients: RoxomTestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.stop();
  sim = undefined;
});

const TWO_POW_53 = 2n ** 53n;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Row = Record<string, unknown>;
const dataOf = (f: Frame): Row => (isObject(loose(f).data) ? (loose(f).data as Row) : {});
const positionsOf = (f: Frame): Row[] => (Array.isArray(loose(f).data) ? (loose(f).data as Row[]) : []);

/** A client connected before the core starts, so it sees every account event of the run. */
async function runUntil(
  condition: (ledger: VenueLedger) => boolean,
  count = 1,
): Promise<{ sim: RoxomUnderTest; clients: RoxomTestClient[] }> {
  sim = await startRoxom({ run: false });
  const s = sim;
  const credential = s.roxom.credential('valid');
  const mine: RoxomTestClient[] = [];
  for (let i = 0; i < count; i++) mine.push(await RoxomTestClient.signed(credential));
  clients.push(...mine);
  s.core.start();
  await mine[0]?.until(() => condition(s.roxom.ledger()), 20_000);
  s.core.pause();
  await Promise.all(mine.map((c) => c.flush()));
  return { sim: s, clients: mine };
}

const hasRefill = (l: VenueLedger): boolean => {
  const perOrder = new Map<string, number>();
  for (const f of l.fills) perOrder.set(f.orderId, (perOrder.get(f.orderId) ?? 0) + 1);
  return [...perOrder.values()].some((n) => n >= 2);
};
const busy = (l: VenueLedger): boolean =>
  l.fills.length >= 12 && hasRefill(l) && l.positions.length > 0 && l.orders.some((o) => o.status === 'canceled');

describe('Roxom account events', () => {
  it('reach every authenticated connection without any subscription, identically', async () => {
    const {
      clients: [a, b],
    } = await runUntil(busy, 2);
    if (!a || !b) throw new Error('two clients');
    for (const type of ['order', 'position', 'balance']) expect(a.of(type).length).toBeGreaterThan(0);
    expect(a.frames.some((f) => loose(f).event !== undefined)).toBe(false);
    expect(b.frames.map((f) => f.text)).toEqual(a.frames.map((f) => f.text));
  });

  it('write nanosecond timestamps as exact 19-digit integers above 2^53, strictly increasing', async () => {
    const {
      clients: [client],
    } = await runUntil(busy);
    if (!client) throw new Error('client');
    let previous = 0n;
    for (const f of client.frames) {
      const { type } = loose(f);
      const stamps = type === 'position' ? rawIntegers(f.text, 'updatedAt') : rawIntegers(f.text, 'timestamp');
      expect(stamps.length).toBeGreaterThan(0);
      for (const stamp of stamps) {
        expect(f.text).toMatch(new RegExp(`:${stamp}[,}]`));
        expect(String(stamp)).toMatch(/^\d{19}$/);
        expect(stamp > TWO_POW_53).toBe(true);
        // Odd, so no double holds it: plain JSON.parse visibly loses it.
        expect(BigInt(Number(stamp)) === stamp).toBe(false);
      }
      const first = stamps[0] ?? 0n;
      expect(first > previous).toBe(true);
      previous = first;
      if (type === 'position') {
        for (const created of rawIntegers(f.text, 'createdAt')) expect(String(created)).toMatch(/^\d{19}$/);
        for (const opened of rawIntegers(f.text, 'openDate')) expect(String(opened)).toMatch(/^\d{13}$/);
      }
    }
  });

  it('order frames: UUIDv7 ids, cumulative executedQty, and fills derived from them equal the ledger', async () => {
    const {
      sim: s,
      clients: [client],
    } = await runUntil(busy);
    if (!client) throw new Error('client');
    const ledger = s.roxom.ledger();
    const orders = client.of('order').map(dataOf);
    for (const o of orders) {
      expect(o.orderId).toMatch(UUID_V7);
      expect(o.accountId).toBe(s.roxom.accountId);
      expect(['US500-BTC', 'GOLD-BTC', 'OIL-BTC']).toContain(o.symbol);
      expect(text(num(o.orderSize as string).minus(o.executedQty as string))).toBe(o.remainingQty);
    }
    // executedQty and filledFees never shrink for an order.
    const last = new Map<string, Row>();
    for (const o of orders) {
      const before = last.get(o.orderId as string);
      if (before) {
        expect(num(o.executedQty as string).gte(before.executedQty as string)).toBe(true);
        expect(num(o.filledFees as string).gte(before.filledFees as string)).toBe(true);
      }
      last.set(o.orderId as string, o);
    }
    const derived = deriveFills(client.frames);
    expect(derived).toEqual(
      ledger.fills.map((f) => ({
        fillId: f.fillId,
        orderId: f.orderId,
        symbol: f.symbol,
        side: f.side,
        price: f.price,
        quantity: f.quantity,
        fee: f.fee,
      })),
    );
    expect(ledger.fills.every((f) => f.feeAsset === 'BTC')).toBe(true);
    // Each order's last frame is the ledger's final state.
    const status: Record<string, string[]> = {
      open: ['submitted'],
      partially_filled: ['partiallyfilled'],
      filled: ['filled'],
      canceled: ['cancelled', 'partiallyfilledcancelled'],
    };
    expect(last.size).toBe(ledger.orders.length);
    for (const o of ledger.orders) {
      const frame = last.get(o.orderId);
      expect(frame).toBeDefined();
      expect(status[o.status]).toContain(frame?.status);
      expect(frame?.executedQty).toBe(o.filledQuantity);
      expect(frame?.orderSize).toBe(o.quantity);
      expect(frame?.avgPx).toBe(o.averagePrice ?? '0');
      expect(frame?.limitPrice).toBe(o.price);
    }
  });

  it('position frames carry an array; the last state of each position matches the ledger', async () => {
    const {
      sim: s,
      clients: [client],
    } = await runUntil(busy);
    if (!client) throw new Error('client');
    const ledger = s.roxom.ledger();
    const latest = new Map<string, Row>();
    for (const f of client.of('position')) {
      expect(Array.isArray(loose(f).data)).toBe(true);
      for (const p of positionsOf(f)) latest.set(p.id as string, p);
    }
    for (const p of ledger.positions) {
      const frame = latest.get(p.positionId);
      expect(frame, p.symbol).toBeDefined();
      expect(frame).toMatchObject({
        id: expect.stringMatching(UUID_V7),
        symbol: p.symbol,
        accountId: s.roxom.accountId,
        status: 'open',
        side: num(p.quantity).isPositive() ? 'long' : 'short',
        size: text(num(p.quantity).abs()),
        avgEntry: p.entryPrice,
        realizedPnl: p.realizedPnl,
        openDate: p.openedAt,
        tradeMode: 'isolated',
      });
      expect(text(num(frame?.entryAmount as string).minus(frame?.exitAmount as string))).toBe(frame?.size);
    }
    const open = new Set(ledger.positions.map((p) => p.positionId));
    for (const [id, p] of latest) if (!open.has(id)) expect(p).toMatchObject({ status: 'closed', size: '0' });
  });

  it('balance frames chain from the initial 0.5 BTC to the ledger wallet', async () => {
    const {
      sim: s,
      clients: [client],
    } = await runUntil(busy);
    if (!client) throw new Error('client');
    const ledger = s.roxom.ledger();
    let wallet = '0.5';
    expect(ledger.totals.initialBalance).toBe(wallet);
    for (const f of client.of('balance')) {
      const b = dataOf(f);
      expect(b).toMatchObject({
        accountId: s.roxom.accountId,
        unit: 'btc',
        updateType: 'ordersettle',
        balanceBefore: wallet,
      });
      expect(text(num(b.balanceAfter as string).minus(b.balanceBefore as string))).toBe(b.amount);
      expect(b.amount).not.toBe('0');
      wallet = b.balanceAfter as string;
    }
    expect(wallet).toBe(ledger.totals.wallet);
    expect(ledger.balances).toEqual([
      { asset: 'BTC', total: ledger.totals.wallet, free: expect.any(String), locked: expect.any(String) },
    ]);
  });

  it('funding payments move the balance with updateType "funding" and count in the position', async () => {
    sim = await startRoxom({ run: false, core: { fundingIntervalMs: 150 } });
    const s = sim;
    const client = await RoxomTestClient.signed(s.roxom.credential('valid'));
    clients.push(client);
    s.core.start();
    await client.until(() => s.roxom.ledger().funding.length >= 3, 20_000);
    s.core.pause();
    await client.flush();
    const ledger = s.roxom.ledger();
    const funding = client
      .of('balance')
      .map(dataOf)
      .filter((b) => b.updateType === 'funding');
    expect(funding.length).toBe(ledger.funding.filter((f) => f.amount !== '0').length);
    expect(funding.map((b) => b.amount)).toEqual(ledger.funding.filter((f) => f.amount !== '0').map((f) => f.amount));
    const last = client.of('balance').map(dataOf).at(-1);
    expect(last?.balanceAfter).toBe(ledger.totals.wallet);
    for (const p of ledger.positions) {
      const paid = ledger.funding
        .filter((f) => f.symbol === p.symbol && f.time >= p.openedAt)
        .reduce((sum, f) => sum.plus(f.amount), num(0));
      expect(p.fundingFee).toBe(text(paid));
    }
  });

  it('a fill that flips a position closes the Roxom position and opens a new one', async () => {
    sim = await startRoxom({ run: false });
    const s = sim;
    const client = await RoxomTestClient.signed(s.roxom.credential('valid'));
    clients.push(client);
    s.core.act(s.roxom.accountId, { kind: 'market', symbol: 'BTCUSDT', side: 'buy', quantity: num('0.002') });
    s.core.act(s.roxom.accountId, { kind: 'market', symbol: 'BTCUSDT', side: 'sell', quantity: num('0.005') });
    await client.until(() => client.of('balance').length >= 2);
    const [opened, flipped] = client.of('position').map(positionsOf);
    const first = opened?.[0];
    expect(opened).toHaveLength(1);
    expect(first).toMatchObject({
      symbol: 'US500-BTC',
      side: 'long',
      size: '0.02',
      entryAmount: '0.02',
      exitAmount: '0',
      status: 'open',
      avgExit: '0',
    });
    expect(flipped).toHaveLength(2);
    const [closed, reopened] = flipped ?? [];
    expect(closed).toMatchObject({
      id: first?.id,
      side: 'long',
      size: '0',
      entryAmount: '0.02',
      exitAmount: '0.02',
      status: 'closed',
    });
    expect(closed?.closeDate).toEqual(expect.any(Number));
    expect(reopened).toMatchObject({
      side: 'short',
      size: '0.03',
      entryAmount: '0.03',
      exitAmount: '0',
      status: 'open',
      realizedPnl: '0',
      closeDate: null,
    });
    expect(reopened?.id).not.toBe(first?.id);
    const filled = client
      .of('order')
      .map(dataOf)
      .filter((o) => o.status === 'filled');
    expect(filled[0]).toMatchObject({ entryPositionId: first?.id });
    expect(filled[0]?.exitPositionId).toBeUndefined();
    expect(filled[1]).toMatchObject({ exitPositionId: first?.id, entryPositionId: reopened?.id, executedQty: '0.05' });
    const ledger = s.roxom.ledger();
    expect(ledger.positions).toEqual([
      expect.objectContaining({ symbol: 'US500-BTC', positionId: reopened?.id, quantity: '-0.03', realizedPnl: '0' }),
    ]);
    expect(closed?.realizedPnl).toBe(ledger.fills[1]?.realizedPnl);
  });

  it('a subscription sends the channel state: open orders, every open position, the balance', async () => {
    const {
      sim: s,
      clients: [client],
    } = await runUntil((l) => busy(l) && l.orders.some((o) => o.status === 'open'));
    if (!client) throw new Error('client');
    const ledger = s.roxom.ledger();
    const lastText = new Map<string, string>();
    for (const f of client.of('order')) lastText.set(dataOf(f).orderId as string, f.text);
    const from = client.frames.length;
    client.send({ op: 'subscribe', args: [{ channel: 'orders' }, { channel: 'positions' }, { channel: 'balance' }] });
    await client.waitFor((f) => f.type === 'balance', from);
    await client.flush();
    const after = client.frames.slice(from);
    expect(loose(after[0] ?? { seq: 0, text: '', json: null }).event).toBe('subscribe');
    const openOrders = ledger.orders.filter((o) => o.status === 'open' || o.status === 'partially_filled');
    const replayed = after.filter((f) => loose(f).type === 'order');
    expect(replayed.map((f) => f.text).sort()).toEqual(openOrders.map((o) => lastText.get(o.orderId)).sort());
    const positions = after.filter((f) => loose(f).type === 'position');
    expect(positions).toHaveLength(1);
    expect(
      positionsOf(positions[0] as Frame)
        .map((p) => p.id)
        .sort(),
    ).toEqual(ledger.positions.map((p) => p.positionId).sort());
    const balance = after.filter((f) => loose(f).type === 'balance').map(dataOf);
    expect(balance).toEqual([
      expect.objectContaining({
        balanceBefore: ledger.totals.wallet,
        balanceAfter: ledger.totals.wallet,
        amount: '0',
        updateType: 'snapshot',
      }),
    ]);
  });

  it('same seed and virtual time: the same ledger, ids included', async () => {
    const ledgers: VenueLedger[] = [];
    for (let run = 0; run < 2; run++) {
      const scheduler = new ManualScheduler();
      const s = await startRoxom({ scheduler });
      scheduler.advance(5_000);
      ledgers.push(s.roxom.ledger());
      await s.stop();
    }
    const [a, b] = ledgers;
    expect(a?.fills.length).toBeGreaterThan(10);
    expect(a?.orders.every((o) => UUID_V7.test(o.orderId))).toBe(true);
    expect(b).toEqual(a);
  });

  it('account notices go only to connections subscribed to `account`', async () => {
    sim = await startRoxom({ run: false, tuning: { noticeIntervalMs: 40 } });
    const credential = sim.roxom.credential('valid');
    const a = await RoxomTestClient.signed(credential);
    const b = await RoxomTestClient.signed(credential);
    clients.push(a, b);
    a.send({ op: 'subscribe', args: [{ channel: 'account' }] });
    await a.waitFor((f) => f.event === 'subscribe');
    sim.core.start();
    sim.core.pause();
    await a.until(() => a.of('account').length >= 2);
    expect(dataOf(a.of('account')[0] as Frame)).toMatchObject({
      accountId: sim.roxom.accountId,
      level: expect.any(String),
      message: expect.any(String),
    });
    await b.flush();
    expect(b.of('account')).toHaveLength(0);
  });
});

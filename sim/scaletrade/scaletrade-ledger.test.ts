import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VenueLedger } from '../shared/front-end';
import type { WsTestClient } from '../testing/ws-test-client';
import { Num, ZERO, text } from '../core/num';
import { waitUntil } from '../testing/wait';
import { TicketReader, ticketOf } from './reader';
import { CONTRACT_SIZES, scaletradeSymbol } from './symbols';
import { arrays, flush, startRig, switched, type ScaletradeRig, type WireArray } from './test-support';

/**
 * The random trader runs (market and limit orders, partial maker fills, cancels, reductions, flips,
 * funding) while one client watches from the first action on. Then the wire alone, read by the
 * documented rules, must give exactly the ledger.
 */
let rig: ScaletradeRig;
let client: WsTestClient;
let ledger: VenueLedger;
let reader: TicketReader;
let frames: WireArray[];
const clients: WsTestClient[] = [];
const d = (v: unknown) => text(new Num(v as string));

beforeAll(async () => {
  rig = await startRig({}, { activityMs: 15, fundingIntervalMs: 400 }, true);
  client = (await switched(rig, clients)).client;
  rig.core.resume();
  await waitUntil(
    () => {
      const l = rig.server.ledger();
      const seen = arrays(client, 'o').map(ticketOf);
      const closeBy = seen.some((t, i) => t.state === 3 && seen[i + 1]?.order === t.order && seen[i + 1]?.state === 1);
      const partialPending = seen.some((t) => t.cmd >= 2 && t.code === 1);
      return (
        closeBy &&
        partialPending &&
        l.fills.length >= 150 &&
        l.funding.filter((f) => f.amount !== '0').length >= 3 &&
        l.orders.filter((o) => o.status === 'filled').length >= 3 &&
        l.fills.some((f) => f.fee === '0' && f.fillId.endsWith(':open'))
      );
    },
    60_000,
    'enough varied activity',
  );
  rig.core.pause();
  await flush(client);
  ledger = rig.server.ledger();
  frames = client.frames.filter((f) => Array.isArray(f.json)).map((f) => f.json as WireArray);
  reader = new TicketReader();
  for (const a of frames) reader.feed(a);
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await rig.stop();
});

describe('ScaleTrade wire vs ledger under random activity', () => {
  it('every frame has its documented length', () => {
    const lengths: Record<string, number> = { o: 18, b: 11 };
    for (const a of frames) expect(a.length, String(a[0])).toBe(lengths[a[0] as string]);
  });

  it('the fills read off the o frames are exactly the ledger fills (ids, side, lots, price, fee, time)', () => {
    const fromWire = [...reader.fills.values()].map((f) => ({
      ...f,
      quantity: d(f.quantity),
      price: d(f.price),
      fee: d(f.fee),
    }));
    const fromLedger = ledger.fills.map((f) => ({
      fillId: f.fillId,
      side: f.side,
      quantity: d(f.quantity),
      price: d(f.price),
      fee: d(f.fee),
      time: f.time,
    }));
    const byId = (a: { fillId: string }, b: { fillId: string }) => a.fillId.localeCompare(b.fillId);
    expect(fromWire.sort(byId)).toEqual(fromLedger.sort(byId));
  });

  it('positions (net lots, weighted entry) and open orders match the ledger', () => {
    const positions = Object.fromEntries(
      ledger.positions.map((p) => [p.symbol, { quantity: d(p.quantity), entryPrice: d(p.entryPrice) }]),
    );
    expect(Object.fromEntries(reader.positions())).toEqual(positions);
    const open = ledger.orders
      .filter((o) => o.status === 'open')
      .map((o) => ({ id: o.orderId, quantity: d(o.quantity), price: d(o.price) }));
    const pending = [...reader.pending.values()].map((t) => ({
      id: String(t.order),
      quantity: d(String(t.volume / 100)),
      price: d(t.openPrice),
    }));
    expect(pending.sort((a, b) => a.id.localeCompare(b.id))).toEqual(open.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('the last b carries the ledger balance; the totals add up', () => {
    const b = reader.balance as WireArray;
    expect(d(String(b[2]))).toBe(d(ledger.balances[0]?.total));
    const t = ledger.totals;
    expect(new Num(t.initialBalance).plus(t.realizedPnl).minus(t.fees).plus(t.funding).eq(t.wallet)).toBe(true);
    const fees = ledger.fills.reduce((s, f) => s.plus(f.fee), ZERO);
    const realized = ledger.fills.reduce((s, f) => s.plus(f.realizedPnl), ZERO);
    expect(fees.eq(t.fees)).toBe(true);
    expect(realized.eq(t.realizedPnl)).toBe(true);
    expect(ledger.funding.reduce((s, f) => s.plus(f.amount), ZERO).eq(t.funding)).toBe(true);
  });

  it('storage shows funding on the open tickets, and every symbol nets to the core position', () => {
    expect(
      arrays(client, 'o')
        .map(ticketOf)
        .some((t) => t.code === 1 && t.storage !== '0' && t.cmd < 2),
    ).toBe(true);
    const core = rig.core.ledger(rig.server.accountId);
    for (const symbol of Object.keys(CONTRACT_SIZES)) {
      const mine = ledger.positions.find((p) => p.symbol === scaletradeSymbol(symbol));
      const theirs = core.positions.find((p) => p.symbol === symbol);
      const size = CONTRACT_SIZES[symbol] ?? new Num(1);
      expect(new Num(mine?.quantity ?? '0').mul(size).eq(theirs?.quantity ?? '0'), symbol).toBe(true);
    }
  });

  it('partial fills, activations and close-bys all happened and reconcile', () => {
    const all = arrays(client, 'o').map(ticketOf);
    expect(all.some((t) => t.code === 5)).toBe(true);
    expect(all.some((t) => t.cmd >= 2 && t.code === 1)).toBe(true);
    expect(all.some((t) => t.comment.startsWith('from #'))).toBe(true);
    expect(ledger.fills.some((f) => f.liquidity === 'maker')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import type { DomainEvent } from '../../domain/events';
import type { RestRequest, RestResult } from '../types';
import { MAX_ATTEMPTS } from './recovery';
import { Harness, fixtureText, orderFrame } from './test-support';
import { stringifyRoxomFrame } from './wire';

/**
 * Reconciliation after a gap (recovery.ts) driven like the lifecycle drives it: the stream goes live,
 * `recover()` is called in the same turn, and REST answers arrive afterwards (`answerAtOnce = false`,
 * `flushRest()`). The venue behind the relay is played by `FakeRest` from the constructed REST
 * fixtures (rest-wire.ts names the doc revisions).
 */

const ACK = fixtureText('subscribe-ack.constructed');
const O1 = '0198f642-0aa0-71b2-a9c3-d4e5f6071829';
const T_GAP = 1756478182500; // ms: the gap starts after the partial fill (…182389)

type Kind = 'orders' | 'fills' | 'positions' | 'balance';
type Json = Record<string, unknown>;

function kindOf(request: RestRequest): Kind {
  if (request.path === '/api/v1/orders') return 'orders';
  if (request.path.startsWith('/api/v1/orders/')) return 'fills';
  if (request.path === '/api/v1/positions') return 'positions';
  return 'balance';
}

const ok = (data: unknown): RestResult => ({
  ok: true,
  status: 200,
  body: stringifyRoxomFrame({ error: false, data }),
});

/** The venue's REST as the relay forwards it; `failing` answers that status (or a network error: 0) instead. */
class FakeRest {
  orders: Json[] = [];
  readonly executions = new Map<string, Json[]>();
  positions: Json[] = [];
  balances: Json[] = [];
  lastUpdated: bigint | undefined = 1756478183001000003n;
  readonly failing = new Map<Kind, number>();
  readonly asked: Kind[] = [];

  readonly answer = (request: RestRequest): RestResult => {
    const kind = kindOf(request);
    this.asked.push(kind);
    const failure = this.failing.get(kind);
    if (failure === 0) return { ok: false, error: 'relay not reachable' };
    if (failure !== undefined) return { ok: true, status: failure, body: '{"error":true,"message":"unavailable"}' };
    switch (kind) {
      case 'orders':
        return ok({ orders: this.orders });
      case 'fills': {
        const id = request.path.split('/').pop() ?? '';
        const order = this.orders.find((o) => o.id === id);
        if (!order) return { ok: true, status: 404, body: '{"error":true,"message":"order not found"}' };
        return ok({ order: { ...order, fills: this.executions.get(id) ?? [] } });
      }
      case 'positions':
        return ok({ positions: this.positions });
      case 'balance':
        return ok(
          this.lastUpdated === undefined
            ? { balances: this.balances }
            : { balances: this.balances, lastUpdated: this.lastUpdated },
        );
    }
  };

  /** O1 as in the fixtures, filled while away: 0.5 @ 0.0592 (seen live), 0.7 @ 0.0593, 0.8 @ 0.0593. */
  filledWhileAway(): this {
    const restOrder = JSON.parse(fixtureText('rest-order-fills.constructed')) as { data: { order: Json } };
    const { fills, ...order } = restOrder.data.order;
    this.orders = [{ ...order, avgPx: '0.059275', filledFees: '0.0000593', updatedAt: 1756478183001000001n }];
    // Times as exact bigints (the fixture's 19-digit values do not survive JSON.parse).
    const times = [1756478182389004001n, 1756478182900000001n, 1756478183001000001n];
    this.executions.set(
      O1,
      (fills as Json[]).map((f, i) => ({ ...f, createdAt: times[i] })),
    );
    return this;
  }
}

/** A live session that saw O1 placed and partially filled (0.5), then lost its socket. */
function seenThenDropped(rest = new FakeRest()): { h: Harness; rest: FakeRest } {
  const h = new Harness();
  h.rest = rest.answer;
  h.open();
  h.feed(ACK);
  h.feed(fixtureText('order-submitted.constructed'));
  h.feed(fixtureText('order-partially-filled.constructed'));
  expect(h.fills().map((f) => f.fillId)).toEqual([`${O1}:0.5`]);
  h.closed(1006);
  h.answerAtOnce = false;
  // The page's clock: the gap began at T_GAP, the next socket opens a little later.
  h.now = T_GAP + 2_000;
  return { h, rest };
}

/** The next socket: live, recover() in the same turn, then the REST answers. */
function reconnect(h: Harness, before?: () => void): void {
  h.open();
  h.feed(ACK);
  h.recover(T_GAP);
  before?.();
  h.flushRest();
}

const fills = (h: Harness, from = 0) => h.fills(from).map((f) => [f.fillId, f.quantity, f.price, f.fee, f.inferred]);
const total = (h: Harness) =>
  h
    .fills()
    .reduce((sum, f) => sum.plus(f.quantity), new Decimal(0))
    .toFixed();
const snapshots = (h: Harness, from = 0) =>
  h.events(from).filter((e): e is Extract<DomainEvent, { kind: 'account-snapshot' }> => e.kind === 'account-snapshot');

describe('Roxom recovery: fills missed while away', () => {
  it("reads the order's executions: exact fills with the stream's ids, nothing twice, full", () => {
    const { h } = seenThenDropped(new FakeRest().filledWhileAway());
    const mark = h.outputs.length;
    reconnect(h);
    expect(fills(h, mark)).toEqual([
      [`${O1}:1.2`, '0.7', '0.0593', '0.0000207', undefined],
      [`${O1}:2`, '0.8', '0.0593', '0.0000238', undefined],
    ]);
    expect(total(h)).toBe('2');
    expect(h.orders(mark).at(-1)).toMatchObject({ orderId: O1, status: 'filled', filledQuantity: '2' });
    expect(h.recoveries()).toEqual([
      { recovered: 'full', detail: expect.stringMatching(/orders, positions, balance; 2 fills from executions/) },
    ]);
    // The stream then replays the order's last state (the simulator does on subscribe): nothing new.
    const after = h.outputs.length;
    h.feed(fixtureText('order-filled.constructed'));
    expect(h.fills(after)).toEqual([]);
  });

  it('the stream shows the grown order before REST answers: the growth waits for the executions (no fill priced at the last one)', () => {
    const { h } = seenThenDropped(new FakeRest().filledWhileAway());
    const mark = h.outputs.length;
    h.open();
    h.feed(ACK);
    h.recover(T_GAP);
    h.feed(fixtureText('order-filled.constructed'));
    expect(h.fills(mark)).toEqual([]);
    expect(h.orders(mark).at(-1)).toMatchObject({ status: 'filled', filledQuantity: '2' });
    h.flushRest();
    expect(fills(h, mark).map((f) => f[0])).toEqual([`${O1}:1.2`, `${O1}:2`]);
    expect(total(h)).toBe('2');
    expect(h.recoveries().at(-1)?.recovered).toBe('full');
  });

  it(`the per-order read fails: retried at heartbeats (${MAX_ATTEMPTS} attempts), then one fill priced from the averages, inferred, partial`, () => {
    const rest = new FakeRest().filledWhileAway();
    rest.failing.set('fills', 503);
    const { h } = seenThenDropped(rest);
    const mark = h.outputs.length;
    reconnect(h);
    expect(h.fills(mark)).toEqual([]);
    expect(h.recoveries()).toEqual([]);
    h.heartbeat(h.now + 5_000);
    h.flushRest();
    h.heartbeat(h.now + 5_000);
    h.flushRest();
    expect(rest.asked.filter((k) => k === 'fills')).toHaveLength(MAX_ATTEMPTS);
    // (0.059275 × 2 − 0.0592 × 0.5) / 1.5 = 0.0593, exactly.
    expect(fills(h, mark)).toEqual([[`${O1}:2`, '1.5', '0.0593', '0.0000445', true]]);
    expect(total(h)).toBe('2');
    const report = h.recoveries().at(-1);
    expect(report?.recovered).toBe('partial');
    expect(report?.detail).toMatch(
      /order 0198f642-0aa0-71b2-a9c3-d4e5f6071829: its fills could not be read \(HTTP 503/,
    );
    expect(report?.detail).toMatch(/after 3 attempts\); one fill was derived from its average prices/);
  });

  it('a 404 is not retried; a network error is, and then it works', () => {
    const rest = new FakeRest().filledWhileAway();
    rest.failing.set('orders', 0);
    const { h } = seenThenDropped(rest);
    const mark = h.outputs.length;
    reconnect(h);
    expect(h.recoveries()).toEqual([]);
    rest.failing.delete('orders');
    h.heartbeat(h.now + 5_000);
    h.flushRest();
    expect(fills(h, mark).map((f) => f[0])).toEqual([`${O1}:1.2`, `${O1}:2`]);
    expect(h.recoveries().at(-1)?.recovered).toBe('full');

    const none = seenThenDropped(new FakeRest());
    none.rest.failing.set('orders', 404).set('positions', 404).set('balance', 404);
    reconnect(none.h);
    expect(none.rest.asked.filter((k) => k === 'orders')).toHaveLength(2); // the first socket's and this one
    const report = none.h.recoveries().at(-1);
    expect(report?.recovered).toBe('none');
    expect(report?.detail).toMatch(/orders could not be read \(HTTP 404 — "unavailable"\)/);
  });

  it('without any REST, growth the stream shows is still one fill (priced from the averages, inferred)', () => {
    const { h } = seenThenDropped(new FakeRest());
    h.rest = () => ({ ok: true, status: 404, body: '{}' });
    const mark = h.outputs.length;
    h.open();
    h.feed(ACK);
    h.recover(T_GAP);
    h.feed(fixtureText('order-filled.constructed'));
    h.flushRest();
    expect(fills(h, mark)).toEqual([[`${O1}:2`, '1.5', '0.0593', '0.0000445', true]]);
    expect(h.recoveries().at(-1)?.recovered).toBe('none');
  });

  it('an order placed and filled while away is read when created within the gap; older closed orders are history', () => {
    const rest = new FakeRest();
    const { h } = seenThenDropped(rest);
    const placed = '0198f642-2222-7abc-8def-0123456789ab';
    const old = '0198f642-3333-7abc-8def-0123456789ab';
    const order = (id: string, createdAt: bigint) => ({
      id,
      symbol: 'GOLD-BTC',
      side: 'sell',
      type: 'market',
      qty: '3',
      amountFilled: '3',
      status: 'filled',
      createdAt,
      avgPx: '0.035',
    });
    rest.orders = [order(placed, 1756478185000000001n), order(old, 1756478100000000001n)];
    rest.executions.set(placed, [
      { id: 'e1', qty: '1', px: '0.0349', fee: '0.00001', createdAt: 1756478185000000501n },
      { id: 'e2', qty: '2', px: '0.03505', fee: '0.00002', createdAt: 1756478185000000901n },
    ]);
    const mark = h.outputs.length;
    reconnect(h);
    expect(fills(h, mark)).toEqual([
      [`${placed}:1`, '1', '0.0349', '0.00001', undefined],
      [`${placed}:3`, '2', '0.03505', '0.00002', undefined],
    ]);
    expect(h.orders(mark).map((o) => o.orderId)).toEqual([placed]);
    expect(rest.asked.filter((k) => k === 'fills')).toHaveLength(1);
  });
});

describe('Roxom recovery: positions and balance', () => {
  it("REST positions replace the page's (a position closed while away is gone); the stream wins where it is newer than the read", () => {
    const rest = new FakeRest();
    const { h } = seenThenDropped(rest);
    h.answerAtOnce = true;
    // Before the drop the page showed US500 long 2 and TSLA short 10.
    h.open();
    h.feed(ACK);
    h.feed(fixtureText('position.constructed'));
    h.closed(1006);
    h.answerAtOnce = false;
    rest.positions = [
      (JSON.parse(fixtureText('rest-positions.constructed')) as { data: { positions: Json[] } }).data
        .positions[0] as Json,
    ];
    (rest.positions[0] as Json).updatedAt = 1756478190000000001n;
    const mark = h.outputs.length;
    reconnect(h);
    const [snapshot] = snapshots(h, mark);
    expect(snapshot?.scope).toEqual({ orders: false, positions: true, balances: false });
    expect(snapshot?.positions.map((p) => [p.symbol, p.quantity, p.entryPrice, p.liquidationPrice])).toEqual([
      ['US500-BTC', '2', '0.0592', '0.0565'],
    ]);
    // TSLA closed while away: absent, so the store closes it. The snapshot's time is the newest venue time seen.
    expect(snapshot?.time).toBe(1756478190000);

    // A position frame that arrives after the read was asked for, before its answer, wins.
    const { h: h2, rest: rest2 } = seenThenDropped(new FakeRest());
    rest2.positions = [];
    const mark2 = h2.outputs.length;
    reconnect(h2, () => h2.feed(fixtureText('position.constructed')));
    const [later] = snapshots(h2, mark2);
    expect(later?.positions.map((p) => [p.symbol, p.quantity])).toEqual([
      ['US500-BTC', '2'],
      ['TSLA-BTC', '-10'],
    ]);
  });

  it("the REST balance replaces the page's (total, free, locked); a stream balance after the read was asked for wins", () => {
    const rest = new FakeRest();
    rest.balances = [{ asset: 'BTC', assetClass: 'crypto', available: '1.1', current: '1.26', lockedInOrders: '0.16' }];
    const { h } = seenThenDropped(rest);
    const mark = h.outputs.length;
    reconnect(h);
    const balanceSnapshot = snapshots(h, mark).find((s) => s.scope.balances);
    expect(balanceSnapshot?.balances).toEqual([
      {
        connectionId: 'roxom-main',
        asset: 'BTC',
        total: '1.26',
        free: '1.1',
        locked: '0.16',
        updatedAt: 1756478183001,
      },
    ]);

    const { h: h2 } = seenThenDropped(rest);
    const mark2 = h2.outputs.length;
    reconnect(h2, () => h2.feed(fixtureText('balance.constructed')));
    expect(
      snapshots(h2, mark2)
        .find((s) => s.scope.balances)
        ?.balances.map((b) => b.total),
    ).toEqual(['1.2499407']);
  });

  it('a failed positions read is partial and says the positions may be stale', () => {
    const rest = new FakeRest();
    rest.failing.set('positions', 500);
    const { h } = seenThenDropped(rest);
    reconnect(h);
    h.heartbeat(h.now + 5_000);
    h.flushRest();
    h.heartbeat(h.now + 5_000);
    h.flushRest();
    const report = h.recoveries().at(-1);
    expect(report?.recovered).toBe('partial');
    expect(report?.detail).toMatch(
      /positions could not be read \(HTTP 500 — "unavailable" after 3 attempts\): they may be stale/,
    );
  });
});

describe('Roxom recovery: rounds', () => {
  it('every live socket reconciles; recover() joins the round that socket started (one set of reads)', () => {
    const rest = new FakeRest();
    const h = new Harness();
    h.rest = rest.answer;
    h.answerAtOnce = false;
    h.open();
    h.feed(ACK);
    expect(rest.asked).toEqual([]);
    h.flushRest();
    expect(rest.asked.sort()).toEqual(['balance', 'orders', 'positions']);
    expect(h.recoveries()).toEqual([]); // no gap, nothing to report
    h.closed(1006);
    rest.asked.length = 0;
    h.now = T_GAP + 2_000;
    reconnect(h);
    expect(rest.asked.sort()).toEqual(['balance', 'orders', 'positions']);
    expect(h.recoveries()).toEqual([{ recovered: 'full', detail: expect.any(String) }]);
  });

  it('a stalled stream (silent past the watchdog) reconciles before the next frame; its growth waits for the executions', () => {
    const rest = new FakeRest();
    const h = new Harness();
    h.rest = rest.answer;
    h.open();
    h.feed(ACK);
    h.feed(fixtureText('order-submitted.constructed'));
    h.feed(fixtureText('order-partially-filled.constructed'));
    h.answerAtOnce = false;
    rest.filledWhileAway();
    rest.asked.length = 0;
    h.now += 12_000;
    const mark = h.outputs.length;
    h.feed(fixtureText('order-filled.constructed'));
    expect(h.fills(mark)).toEqual([]);
    h.recover(T_GAP);
    h.flushRest();
    expect(fills(h, mark).map((f) => f[0])).toEqual([`${O1}:1.2`, `${O1}:2`]);
    expect(rest.asked.filter((k) => k === 'orders')).toHaveLength(1);
    expect(h.recoveries().at(-1)?.recovered).toBe('full');
  });

  it('a drop during a round: the next socket reads again, and growth the first one deferred is not lost', () => {
    const rest = new FakeRest().filledWhileAway();
    const { h } = seenThenDropped(rest);
    h.open();
    h.feed(ACK);
    h.recover(T_GAP);
    h.feed(fixtureText('order-filled.constructed'));
    h.closed(1006); // before any answer
    h.waiting.length = 0; // the lifecycle fences the old socket's answers
    const mark = h.outputs.length;
    reconnect(h);
    expect(fills(h, mark).map((f) => f[0])).toEqual([`${O1}:1.2`, `${O1}:2`]);
    expect(total(h)).toBe('2');
  });

  it('a drop after the order list was read but before the executions: the next socket still reads them, never full without them', () => {
    const rest = new FakeRest().filledWhileAway();
    const { h } = seenThenDropped(rest);
    h.open();
    h.feed(ACK);
    h.recover(T_GAP);
    // The order list (and positions, balance) answer; the per-order read it asks for does not yet.
    const firstReads = h.waiting.splice(0);
    for (const request of firstReads) h.answer(request, rest.answer(request));
    expect(h.waiting.map(kindOf)).toEqual(['fills']);
    h.closed(1006); // the socket drops with the executions still unread
    h.waiting.length = 0; // the lifecycle fences the old socket's answers
    const mark = h.outputs.length;
    reconnect(h);
    expect(fills(h, mark).map((f) => f[0])).toEqual([`${O1}:1.2`, `${O1}:2`]);
    expect(total(h)).toBe('2');
    expect(h.recoveries().at(-1)).toEqual({
      recovered: 'full',
      detail: expect.stringMatching(/2 fills from executions/),
    });
  });

  it('an answer for an older round is ignored', () => {
    const rest = new FakeRest().filledWhileAway();
    const { h } = seenThenDropped(rest);
    h.open();
    h.feed(ACK);
    const stale = [...h.waiting];
    h.closed(1006);
    h.waiting.length = 0;
    reconnect(h);
    const mark = h.outputs.length;
    for (const request of stale) expect(h.answer(request, rest.answer(request)).events).toEqual([]);
    expect(h.fills(mark)).toEqual([]);
  });
});

describe('Roxom: partial stream updates merge', () => {
  it('an order update with only id, status and time (a cancel) is merged; a size-only position keeps its side', () => {
    const h = new Harness();
    h.open();
    h.feed(ACK);
    h.feed(fixtureText('order-submitted.constructed'));
    const cancel = stringifyRoxomFrame({
      type: 'order',
      data: { orderId: O1, status: 'cancelled', timestamp: 1756478182500000001n },
    });
    const out = h.feed(cancel);
    expect(out.diagnostics).toBeUndefined();
    expect(out.events).toEqual([
      {
        kind: 'order',
        order: {
          connectionId: 'roxom-main',
          orderId: O1,
          status: 'canceled',
          updatedAt: 1756478182500,
          createdAt: expect.any(Number),
        },
      },
    ]);
    h.feed(fixtureText('position.constructed'));
    const sizeOnly = stringifyRoxomFrame({
      type: 'position',
      data: [{ symbol: 'TSLA-BTC', size: '4', updatedAt: 1756478186000000001n }],
    });
    const p = h.feed(sizeOnly).events[0];
    expect(p).toMatchObject({ kind: 'position', position: { symbol: 'TSLA-BTC', quantity: '-4' } });
    // A growth update without symbol and side still derives its fill from what is known.
    const growth = orderFrame({
      orderId: '0198f642-4444-7abc-8def-0123456789ab',
      symbol: 'OIL-BTC',
      status: 'submitted',
      executedQty: '0',
      timestamp: 1756478186000000001n,
    });
    h.feed(growth);
    const trimmed = stringifyRoxomFrame({
      type: 'order',
      data: {
        orderId: '0198f642-4444-7abc-8def-0123456789ab',
        status: 'partiallyfilled',
        executedQty: '0.4',
        fillPx: '0.0018',
        timestamp: 1756478186100000001n,
      },
    });
    expect(h.feed(trimmed).events.find((e) => e.kind === 'fill')).toMatchObject({
      fill: { symbol: 'OIL-BTC', side: 'buy', quantity: '0.4', price: '0.0018' },
    });
  });

  it('still refuses what is truly malformed: no id, no status, an executed quantity above the order size', () => {
    const h = new Harness();
    h.open();
    h.feed(ACK);
    h.feed(stringifyRoxomFrame({ type: 'order', data: { status: 'filled', timestamp: 1756478186000000001n } }));
    h.feed(stringifyRoxomFrame({ type: 'order', data: { orderId: O1, timestamp: 1756478186000000001n } }));
    h.feed(
      orderFrame({
        orderId: O1,
        status: 'filled',
        orderSize: '1',
        executedQty: '1.5',
        timestamp: 1756478186000000001n,
      }),
    );
    expect(h.count('malformed')).toBe(3);
    expect(h.errors().at(-1)).toMatch(/executedQty: more than the order's size/);
    expect(h.events().filter((e) => e.kind === 'order' || e.kind === 'fill')).toEqual([]);
  });
});

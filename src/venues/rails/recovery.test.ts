import { describe, expect, it } from 'vitest';
import type { RestRequest, SessionOutput } from '../types';
import { decodeRailsFrame } from './codec';
import { normalizeFill } from './normalize';
import { MAX_ATTEMPTS, MAX_PAGES } from './paged-read';
import { WINDOW_MARGIN_MS } from './recovery';
import { Harness, T0, TOKEN, config, fixture, makeJwt } from './test-support';

/** The session's recovery after a gap (recovery.ts), driven like the lifecycle drives it, with documented payloads. */

const GAP = { from: T0 - 20_000, to: T0 - 5_000 };
const EMPTY_FILLS = { status: 200, body: { completedOrders: [] } };
const EMPTY_ORDERS = { status: 200, body: { openOrders: [] } };

/** The account snapshot of a complete open-orders read that listed nothing. */
const NOTHING_OPEN_FIELDS = {
  kind: 'account-snapshot',
  scope: { orders: true, positions: false, balances: false },
  openOrders: [],
};
const NOTHING_OPEN = expect.objectContaining(NOTHING_OPEN_FIELDS);

function requests(out: SessionOutput): RestRequest[] {
  return out.requests ?? [];
}
function only(out: SessionOutput, path: string): RestRequest {
  const found = requests(out).filter((r) => r.path === path);
  expect(found).toHaveLength(1);
  return found[0]!;
}
const FILLS = '/api/v1/completed-orders';
const ORDERS = '/api/v1/open-orders';

/** A session that has been live once (its first-connect open-orders read answered: nothing open). */
function liveHarness(cfg = config()): Harness {
  const h = new Harness(cfg);
  const open = h.open();
  h.respond(only(open, ORDERS).id, EMPTY_ORDERS);
  return h;
}

/** A documented stream order update for an order resting on BTC-USDT. */
function restingOrder(orderId: string, quantity = '0.5', filled = '0'): unknown {
  return {
    resultType: 'orderUpdate',
    market: 'BTC-USDT',
    data: {
      statusCode: 200,
      order: {
        orderId,
        orderType: 'buy',
        tradeType: 'limit',
        price: '70000',
        quantity: String(Number(quantity) - Number(filled)),
        filledQuantity: filled,
        orderStatus: 'active',
        createdAt: T0 - 60_000,
        updatedAt: T0 - 60_000,
        postOnly: false,
      },
    },
  };
}

describe('recover: fills from REST completed-orders', () => {
  it('asks for the gap (with a margin) on every page, and emits each execution as the stream would have', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    const first = only(out, FILLS);
    expect(first.query).toEqual({
      startDate: String(GAP.from - WINDOW_MARGIN_MS),
      endDate: String(T0 + WINDOW_MARGIN_MS),
    });
    expect(only(out, ORDERS).query).toEqual({ market: 'BTC-USDT' });
    expect(out.recovery).toBeUndefined();

    const page = fixture('rest-completed-orders.documented');
    const answered = h.respond(first.id, { status: 200, body: page });
    // The documented page carries `last`: the next page starts there, same window.
    const second = only(answered, FILLS);
    expect(second.query).toEqual({ ...first.query, start: page.last });
    expect(h.fills()).toEqual([
      {
        connectionId: 'rails-btc',
        fillId: '01JP39KFBF8SHJAT3ERHPF3YSP:a59141f0-9c13-4ec8-bc37-beceb7fb284a',
        orderId: '01JP39KFBF8SHJAT3ERHPF3YSP',
        symbol: 'ETH-USD',
        side: 'buy',
        price: '1949',
        quantity: '273.78842139',
        fee: '533.61363328',
        feeAsset: 'USD',
        liquidity: 'maker',
        time: 1747426816421,
      },
      expect.objectContaining({
        fillId: '01JP390Z8WVR9EP6X1P187P722:6d6ca016-fd1d-415a-8a83-25a1f5fc02f4',
        side: 'sell',
        liquidity: 'taker',
      }),
    ]);

    h.respond(second.id, EMPTY_FILLS);
    const done = h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    expect(done.recovery).toEqual({
      recovered: 'full',
      detail: 'Rails REST: 2 fills read (2 new), 0 open orders',
    });
  });

  it('a REST execution is the very fill the stream carries (same id and fields), so each is emitted once', () => {
    const stream = fixture('completed-orders-delta.constructed');
    const h = liveHarness();
    h.feed(stream);
    const before = h.fills().length;
    const out = h.recover(GAP, T0);
    // The same executions as REST rows: no leverage nor orderCreatedAt, `filledAt` for the time.
    const rows = stream.data.map((t: Record<string, unknown>) => {
      const { leverage: _l, orderCreatedAt: _c, orderFilledAt, triggerCreatedAt: _t, ...rest } = t;
      return { ...rest, filledAt: orderFilledAt };
    });
    for (const row of rows) {
      const fromStream = decodeRailsFrame(JSON.stringify({ resultType: 'completedOrdersDelta', data: [row] }));
      if (!fromStream.ok || fromStream.family !== 'trades') throw new Error('REST row does not decode as a trade');
      expect(normalizeFill('rails-btc', fromStream.frame.data[0]!)).toEqual(
        h.fills().find((f) => f.fillId === `${String(row.orderId)}:${String(row.matchId)}`),
      );
    }
    h.respond(only(out, FILLS).id, { status: 200, body: { completedOrders: rows } });
    expect(h.fills()).toHaveLength(before);
    // And the other way round: a fill recovered from REST is a duplicate when the stream replays it.
    const h2 = liveHarness();
    const out2 = h2.recover(GAP, T0);
    h2.respond(only(out2, FILLS).id, { status: 200, body: { completedOrders: rows } });
    expect(h2.fills()).toHaveLength(2);
    h2.feed(stream);
    expect(h2.fills()).toHaveLength(2);
    expect(h2.count('duplicates')).toBe(2);
  });

  it('reads the older documented revision (txCreated instead of filledAt)', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.respond(only(out, FILLS).id, { status: 200, body: fixture('rest-completed-orders-txcreated.documented') });
    expect(h.fills().map((f) => f.time)).toEqual([1741720077742, 1741719371497]);
  });

  it('on market=ALL asks open-orders for every market and learns the markets recovered fills name', () => {
    const h = liveHarness(config({ options: { market: 'ALL' } }));
    const out = h.recover(GAP, T0);
    expect(only(out, ORDERS).query).toEqual({});
    const answered = h.respond(only(out, FILLS).id, {
      status: 200,
      body: { completedOrders: fixture('rest-completed-orders.documented').completedOrders },
    });
    const snapshots = answered.send.map((t) => JSON.parse(t) as { message: string; content: { market: string } });
    expect(snapshots.filter((f) => f.message === 'emitPublicOrderBook').map((f) => f.content.market)).toEqual([
      'ETH-USD',
      'BTC-USD',
    ]);
  });
});

describe('recover: open orders from REST open-orders', () => {
  it("takes each listed order's cumulative fill progress and status as the truth", () => {
    const h = liveHarness(config({ options: { market: 'ALL' } }));
    const out = h.recover(GAP, T0);
    h.respond(only(out, FILLS).id, EMPTY_FILLS);
    const page = fixture('rest-open-orders.documented');
    const answered = h.respond(only(out, ORDERS).id, { status: 200, body: page });
    const next = only(answered, ORDERS);
    expect(next.query).toEqual({ start: page.last });
    expect(h.orders()).toEqual([
      {
        connectionId: 'rails-btc',
        orderId: '01HZ36SYBP4Z80GRX30P49XHB6',
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        status: 'partially_filled',
        price: '65000',
        // quantity is the remaining quantity: 0.5 left + 0.5 filled.
        quantity: '1',
        filledQuantity: '0.5',
        averagePrice: '65000',
        createdAt: 1717020981622,
        updatedAt: 1717020982756,
      },
      expect.objectContaining({ orderId: '01HZ36SYBP4Z80GRX30P49XHB5', symbol: 'ETH-USD', quantity: '1.5' }),
    ]);
    expect(h.respond(next.id, EMPTY_ORDERS).recovery?.recovered).toBe('full');
  });

  it('an order held open that Rails no longer lists is filled when an execution completed it', () => {
    const h = liveHarness();
    h.feed(restingOrder('01K3V7Q9ZK4M2N8P6R0S1T3W5X', '0.1'));
    const out = h.recover(GAP, h.now + 1_000);
    const completing = {
      market: 'BTC-USDT',
      orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X',
      matchId: '9e5d4072-b16f-4cad-8d58-6f708192a3b4',
      orderType: 'buy',
      executionType: 'maker',
      fillType: 'complete',
      price: '70000',
      quantity: '0.1',
      tradeType: 'limit',
      fees: '0.7',
      filledAt: T0 - 10_000,
    };
    h.respond(only(out, FILLS).id, { status: 200, body: { completedOrders: [completing] } });
    const done = h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    expect(done.events).toEqual([
      {
        kind: 'order',
        order: {
          connectionId: 'rails-btc',
          orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5X',
          status: 'filled',
          symbol: 'BTC-USDT',
          filledQuantity: '0.1',
          updatedAt: T0 - 10_000,
        },
      },
      NOTHING_OPEN,
    ]);
    expect(done.recovery?.recovered).toBe('full');
  });

  it('an order Rails no longer lists and no execution filled is no longer open: the snapshot names it, the report too', () => {
    const h = liveHarness();
    h.feed(restingOrder('01K3V7Q9ZK4M2N8P6R0S1T3W5X', '0.5', '0.2'));
    const out = h.recover(GAP, h.now + 1_000);
    h.respond(only(out, FILLS).id, EMPTY_FILLS);
    const done = h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    // The list says nothing is open: the order this session held open is named unlisted (the store
    // removes it, as it removes a restored one after a reload); no status is invented for it.
    expect(done.events).toEqual([
      expect.objectContaining({ ...NOTHING_OPEN_FIELDS, unlistedOrders: ['01K3V7Q9ZK4M2N8P6R0S1T3W5X'] }),
    ]);
    expect(done.events.some((e) => e.kind === 'order')).toBe(false);
    expect(done.recovery).toEqual({
      recovered: 'full',
      detail:
        'Rails REST: 0 fills read (0 new), 0 open orders; Rails no longer lists an order as open ' +
        '(01K3V7Q9ZK4M2N8P6R0S1T3W5X BTC-USDT) and no execution filled it: cancelled or expired ' +
        '(Rails REST does not say which); no longer shown as open',
    });
    // It is no longer tracked: the next recovery neither names nor removes it again.
    const again = h.recover({ from: h.now, to: h.now + 1_000 }, h.now + 2_000);
    h.respond(only(again, FILLS).id, EMPTY_FILLS);
    const next = h.respond(only(again, ORDERS).id, EMPTY_ORDERS);
    expect(next.events).toEqual([NOTHING_OPEN]);
    expect(next.events[0]).not.toHaveProperty('unlistedOrders');
    expect(next.recovery).toEqual({ recovered: 'full', detail: 'Rails REST: 0 fills read (0 new), 0 open orders' });
  });

  it('an order that arrives after the open-orders request was sent is not judged by its answer', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.feed(restingOrder('01K3V7Q9ZK4M2N8P6R0S1T3W5Y'));
    h.respond(only(out, FILLS).id, EMPTY_FILLS);
    expect(h.respond(only(out, ORDERS).id, EMPTY_ORDERS).recovery?.recovered).toBe('full');
  });
});

describe('recover: failures are retried a bounded number of times, then reported', () => {
  it('503 is retried at the next heartbeats, then reported with the window and the reason', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    let request = only(out, FILLS);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const failed = h.respond(request.id, { status: 503, body: { error: 'service unavailable' } });
      expect(failed.requests).toBeUndefined();
      expect(failed.recovery).toBeUndefined();
      const retry = h.heartbeat(h.now + 15_000);
      request = only(retry, FILLS);
      expect(request.query).toEqual(only(out, FILLS).query);
    }
    const last = h.respond(request.id, { status: 503, body: { error: 'service unavailable' } });
    expect(last.recovery).toEqual({
      recovered: 'partial',
      detail:
        'fills between 14:36:00 UTC and 14:36:20 UTC may be missing: Rails REST answered 503: service unavailable ' +
        '(3 attempts) (Rails REST: 0 open orders)',
    });
  });

  it('nothing read at all is `none`; a network error is retried like a 5xx', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    const fail = { ok: false as const, error: 'fetch failed' };
    let pending = requests(out);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const outputs = pending.map((r) => h.respond(r.id, fail));
      const report = outputs.find((o) => o.recovery)?.recovery;
      if (attempt === MAX_ATTEMPTS - 1) {
        expect(report?.recovered).toBe('none');
        expect(report?.detail).toContain('Rails REST did not answer (fetch failed) (3 attempts)');
        expect(report?.detail).toContain("open orders' fill progress and status may be out of date");
      } else {
        expect(report).toBeUndefined();
        pending = requests(h.heartbeat(h.now + 15_000));
        expect(pending).toHaveLength(2);
      }
    }
  });

  it('401 with a pasted token that has expired says so, at once (no retry)', () => {
    const shortLived = makeJwt({ iss: 'staging.fungible.xyz', sub: 'x', exp: (T0 + 1_000) / 1000 });
    const h = liveHarness(config({ auth: { token: shortLived } }));
    const out = h.recover(GAP, T0 + 2_000);
    h.respond(only(out, ORDERS).id, { status: 401, body: { error: 'token expired' } });
    const done = h.respond(only(out, FILLS).id, { status: 401, body: { error: 'token expired' } });
    expect(done.recovery?.recovered).toBe('none');
    expect(done.recovery?.detail).toContain(
      'Rails REST refused the access token (401): it expired at 14:36:21 UTC — fetch a fresh one',
    );
    expect(JSON.stringify(done)).not.toContain(shortLived);
  });

  it('an unreadable answer stops the read; what was read still counts (partial)', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    const done = h.respond(only(out, FILLS).id, { status: 200, body: '<html>maintenance</html>' });
    expect(done.recovery?.recovered).toBe('partial');
    expect(done.recovery?.detail).toContain('Rails answered something unreadable (not JSON (24 chars))');
  });

  it('an answer never delivered counts as failed after 60 s, at a heartbeat', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    const later = h.heartbeat(T0 + 60_000);
    const retry = only(later, FILLS);
    expect(retry.id).not.toBe(only(out, FILLS).id);
  });

  it('stops after the page limit, with more left: partial', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    let request: RestRequest | undefined = only(out, FILLS);
    let report: SessionOutput['recovery'];
    for (let page = 0; request; page++) {
      const row = { ...fixture('rest-completed-orders.documented').completedOrders[0], matchId: `m-${page}` };
      const answered = h.respond(request.id, { status: 200, body: { completedOrders: [row], last: `k-${page}` } });
      request = answered.requests?.[0];
      report = answered.recovery;
    }
    expect(h.fills()).toHaveLength(MAX_PAGES);
    expect(report?.recovered).toBe('partial');
    expect(report?.detail).toContain(`more than ${MAX_PAGES} pages`);
  });
});

describe('recover: lifecycle edges', () => {
  it('a socket closed during the recovery fences its answers; the next recover starts over', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.closed(1006);
    expect(h.respond(only(out, FILLS).id, { status: 200, body: fixture('rest-completed-orders.documented') })).toEqual(
      expect.objectContaining({ events: [] }),
    );
    h.open();
    const again = h.recover({ from: GAP.from, to: T0 + 5_000 }, T0 + 5_000);
    expect(only(again, FILLS).id).not.toBe(only(out, FILLS).id);
  });

  it('without a known REST address (not a Rails host, no restUrl): none, saying what to set', () => {
    const h = new Harness(config({ url: 'ws://127.0.0.1:7101' }));
    expect(h.open().requests).toBeUndefined();
    const out = h.recover(GAP, T0);
    expect(out.requests).toBeUndefined();
    expect(out.recovery).toEqual({
      recovered: 'none',
      detail:
        'fills and order changes since 14:36:00 UTC may be missing: no Rails REST address is known for ' +
        '127.0.0.1:7101: set options.restUrl (e.g. "https://user-account.trade.rails.xyz")',
    });
    const configured = new Harness(
      config({ url: 'ws://127.0.0.1:7101', options: { market: 'BTC-USDT', restUrl: 'http://127.0.0.1:7101' } }),
    );
    configured.open();
    expect(requests(configured.recover(GAP, T0))).toHaveLength(2);
  });

  it('a keyring connection recovers through the relay, whatever its host', () => {
    const keyring = { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing' };
    const h = new Harness(config({ url: 'ws://127.0.0.1:7101', auth: { token: TOKEN, keyring } }));
    h.open();
    expect(requests(h.recover(GAP, T0))).toHaveLength(2);
  });

  it('a connection to public streams only has nothing to recover beyond its snapshots: full', () => {
    const h = new Harness(config({ options: { market: 'BTC-USDT', subscriptions: ['publicOrderBook'] } }));
    expect(h.open().requests).toBeUndefined();
    const out = h.recover(GAP, T0);
    expect(out.requests).toBeUndefined();
    expect(out.recovery?.recovered).toBe('full');
  });

  it('without the orders stream only fills are read; without trades only open orders', () => {
    const tradesOnly = new Harness(config({ options: { market: 'BTC-USDT', subscriptions: ['trades'] } }));
    tradesOnly.open();
    expect(requests(tradesOnly.recover(GAP, T0)).map((r) => r.path)).toEqual([FILLS]);
    const ordersOnly = new Harness(config({ options: { market: 'BTC-USDT', subscriptions: ['orders'] } }));
    ordersOnly.respond(only(ordersOnly.open(), ORDERS).id, EMPTY_ORDERS);
    expect(requests(ordersOnly.recover(GAP, T0)).map((r) => r.path)).toEqual([ORDERS]);
  });
});

describe('first connect: open orders from REST, no report', () => {
  it('reads the open orders at every connect (the WebSocket has no order snapshot), never with a report', () => {
    const h = new Harness();
    const open = h.open();
    const request = only(open, ORDERS);
    const page = fixture('rest-open-orders.documented');
    const answered = h.respond(request.id, { status: 200, body: { openOrders: page.openOrders } });
    expect(answered.recovery).toBeUndefined();
    expect(h.orders().map((o) => o.orderId)).toEqual(['01HZ36SYBP4Z80GRX30P49XHB6', '01HZ36SYBP4Z80GRX30P49XHB5']);
    h.closed(1006);
    const again = h.respond(only(h.open(), ORDERS).id, EMPTY_ORDERS);
    expect(again.recovery).toBeUndefined();
  });

  it('a standby member back after being down alone learns the orders placed meanwhile: a later gap judges them', () => {
    const h = liveHarness();
    h.closed(1006);
    // Its partner carried the stream; this member saw nothing of the order placed while it was down.
    const reopened = h.open();
    const placed = {
      openOrders: [
        {
          market: 'BTC-USDT',
          orderId: '01K3V7Q9ZK4M2N8P6R0S1T3W5Z',
          orderType: 'buy',
          tradeType: 'limit',
          price: '1000',
          quantity: '0.001',
          filledQuantity: '0',
          orderStatus: 'active',
          createdAt: T0 - 1_000,
          updatedAt: T0 - 1_000,
        },
      ],
    };
    h.respond(only(reopened, ORDERS).id, { status: 200, body: placed });
    // Both sockets drop; it is cancelled meanwhile; this member recovers the gap.
    const out = h.recover({ from: h.now, to: h.now + 1_000 }, h.now + 2_000);
    h.respond(only(out, FILLS).id, EMPTY_FILLS);
    const done = h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    expect(done.events).toEqual([expect.objectContaining({ unlistedOrders: ['01K3V7Q9ZK4M2N8P6R0S1T3W5Z'] })]);
  });

  it('a failed read is a diagnostic, not a gap', () => {
    const h = new Harness();
    const open = h.open();
    const out = h.respond(only(open, ORDERS).id, { status: 404, body: { error: 'not found' } });
    expect(out.recovery).toBeUndefined();
    expect(out.diagnostics?.error).toBe('Rails open orders could not be read: Rails REST answered 404: not found');
  });

  it('a read of every page is the whole list: one account snapshot with orders scope (the page drops what it held open that is not in it)', () => {
    const h = new Harness();
    const open = h.open();
    const page = fixture('rest-open-orders.documented');
    const first = h.respond(only(open, ORDERS).id, { status: 200, body: page });
    expect(first.events.filter((e) => e.kind === 'account-snapshot')).toEqual([]);
    const done = h.respond(only(first, ORDERS).id, EMPTY_ORDERS);
    const snapshots = done.events.filter((e) => e.kind === 'account-snapshot');
    expect(snapshots).toEqual([
      expect.objectContaining({
        connectionId: 'rails-btc',
        scope: { orders: true, positions: false, balances: false },
        positions: [],
        balances: [],
      }),
    ]);
    expect(snapshots[0]!.kind === 'account-snapshot' && snapshots[0]!.openOrders.map((o) => o.orderId)).toEqual([
      '01HZ36SYBP4Z80GRX30P49XHB6',
      '01HZ36SYBP4Z80GRX30P49XHB5',
    ]);
  });

  it('a read that did not reach its end lists nothing: no snapshot (failed, or stopped at the page limit)', () => {
    const failed = new Harness();
    const out = failed.respond(only(failed.open(), ORDERS).id, { status: 404, body: { error: 'not found' } });
    expect(out.events.filter((e) => e.kind === 'account-snapshot')).toEqual([]);

    const limited = new Harness();
    let request: RestRequest | undefined = only(limited.open(), ORDERS);
    const snapshots: unknown[] = [];
    for (let n = 0; request; n++) {
      const row = { ...fixture('rest-open-orders.documented').openOrders[0], orderId: `o-${n}` };
      const answered = limited.respond(request.id, { status: 200, body: { openOrders: [row], last: `k-${n}` } });
      snapshots.push(...answered.events.filter((e) => e.kind === 'account-snapshot'));
      request = answered.requests?.[0];
    }
    expect(limited.orders()).toHaveLength(MAX_PAGES);
    expect(snapshots).toEqual([]);
  });

  it('a recovery after a gap that reads every open-orders page also lists them as a snapshot', () => {
    const h = liveHarness();
    const out = h.recover(GAP, T0);
    h.respond(only(out, FILLS).id, EMPTY_FILLS);
    const done = h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    expect(done.recovery?.recovered).toBe('full');
    expect(done.events).toContainEqual(NOTHING_OPEN);
  });
});

describe('frames dropped on a socket that stayed up (a pong that never came)', () => {
  const pingIds = (out: SessionOutput) =>
    out.send
      .map((t) => JSON.parse(t) as { message: string; content: { clientRequestId: string } })
      .filter((f) => f.message === 'ping')
      .map((f) => f.content.clientRequestId);
  const pong = (id: string) => ({ resultType: 'pong', data: { clientRequestId: id, statusCode: 200 } });

  /** Live, first ping answered at `intact`, no REST read under way. */
  function answered() {
    const h = liveHarness();
    const first = pingIds(h.outputs[0]!)[0]!;
    h.feed(pong(first));
    return { h, intact: h.now };
  }

  it('a later pong before an earlier one: the gap between them is read again from REST, and said so', () => {
    const { h, intact } = answered();
    h.heartbeat(h.now + 5_000);
    const later = pingIds(h.heartbeat(h.now + 5_000))[0]!;
    const out = h.feed(pong(later));
    const fills = only(out, FILLS);
    expect(fills.query).toEqual({
      startDate: String(intact - WINDOW_MARGIN_MS),
      endDate: String(h.now + WINDOW_MARGIN_MS),
    });
    expect(out.recovery).toBeUndefined();
    h.respond(fills.id, { status: 200, body: fixture('rest-completed-orders.documented') });
    h.respond(only(h.outputs.at(-1)!, FILLS).id, EMPTY_FILLS);
    const done = h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    expect(h.fills()).toHaveLength(2);
    expect(done.recovery).toBeUndefined();
    expect(done.diagnostics?.error).toBe(
      'Rails dropped frames between 14:36:20 UTC and 14:36:30 UTC (the pong to a ping never came); ' +
        'recovered: Rails REST: 2 fills read (2 new), 0 open orders',
    );
  });

  it('a ping unanswered by the next heartbeat while other frames kept arriving: the same', () => {
    const { h } = answered();
    const pingAt = h.now + 5_000;
    h.heartbeat(pingAt);
    // A frame just after the ping, then silence: the socket went quiet (the watchdog's business).
    h.feed(fixture('public-order-book.constructed'));
    expect(h.heartbeat(pingAt + 5_000).requests).toBeUndefined();
    // Frames well after a ping whose pong never came: dropped.
    h.now = pingAt + 9_000;
    h.feed(fixture('public-order-book.constructed'));
    const out = h.heartbeat(pingAt + 10_000);
    expect(
      requests(out)
        .map((r) => r.path)
        .sort(),
    ).toEqual([FILLS, ORDERS]);
  });

  it('a silent socket is not a loss here (the lifecycle sees it as stale); an answered ping is no loss', () => {
    const { h } = answered();
    h.heartbeat(h.now + 5_000);
    expect(h.heartbeat(h.now + 5_000).requests).toBeUndefined();
    const fresh = answered().h;
    const id = pingIds(fresh.heartbeat(fresh.now + 5_000))[0]!;
    fresh.feed(fixture('public-order-book.constructed'));
    expect(fresh.feed(pong(id)).requests).toBeUndefined();
    expect(fresh.heartbeat(fresh.now + 5_000).requests).toBeUndefined();
  });

  it('a gap recovered meanwhile takes the loss in: one read, one report from the earlier start', () => {
    const { h, intact } = answered();
    h.heartbeat(h.now + 5_000);
    const later = pingIds(h.heartbeat(h.now + 5_000))[0]!;
    h.feed(pong(later));
    const out = h.recover({ from: intact + 3_000, to: h.now }, h.now);
    expect(only(out, FILLS).query?.startDate).toBe(String(intact - WINDOW_MARGIN_MS));
    h.respond(only(out, FILLS).id, EMPTY_FILLS);
    expect(h.respond(only(out, ORDERS).id, EMPTY_ORDERS).recovery?.recovered).toBe('full');
  });
});

describe('a loss already read is not read twice; one after the read began is', () => {
  it('covered: from the window start to when its first page was asked for', () => {
    const h = liveHarness();
    const first = h.outputs[0]!.send.map(
      (t) => JSON.parse(t) as { message: string; content: { clientRequestId: string } },
    ).find((f) => f.message === 'ping')!.content.clientRequestId;
    h.feed({ resultType: 'pong', data: { clientRequestId: first, statusCode: 200 } });
    // A gap recovered in full at `readAt`.
    const readAt = h.now + 1_000;
    const out = h.recover({ from: h.now - 500, to: readAt }, readAt);
    h.respond(only(out, FILLS).id, EMPTY_FILLS);
    h.respond(only(out, ORDERS).id, EMPTY_ORDERS);
    // Pongs skipped after the read began: lost frames the read cannot hold, so a catch-up reads again.
    const ids = (o: SessionOutput) =>
      o.send
        .map((t) => JSON.parse(t) as { message: string; content: { clientRequestId: string } })
        .filter((f) => f.message === 'ping')
        .map((f) => f.content.clientRequestId);
    h.heartbeat(readAt + 2_000);
    const later = ids(h.heartbeat(readAt + 4_000))[0]!;
    const caught = h.feed({ resultType: 'pong', data: { clientRequestId: later, statusCode: 200 } });
    expect(
      requests(caught)
        .map((r) => r.path)
        .sort(),
    ).toEqual([FILLS, ORDERS]);
  });
});

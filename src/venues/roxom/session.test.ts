import { describe, expect, it } from 'vitest';
import { ACK_GRACE_MS, PROBE_AFTER_MS } from './session';
import { Harness, T0, config, fixtureText, orderFrame } from './test-support';
import { stringifyRoxomFrame } from './wire';

const ACK = fixtureText('subscribe-ack.constructed');
const O1 = '0198f642-0aa0-71b2-a9c3-d4e5f6071829';
const AUTH_FATAL =
  "Roxom rejected the relay's API signature (600010 Authentication failed): check the key in the relay config";

function live(): Harness {
  const h = new Harness();
  h.open();
  h.feed(ACK);
  return h;
}

describe('open and subscribe', () => {
  it('sends exactly the documented subscribe frame for the configured channels, and waits (authenticating)', () => {
    const h = new Harness();
    const out = h.open();
    expect(out.send).toEqual([fixtureText('subscribe-request.constructed').trim()]);
    expect(out.send).toEqual([
      '{"op":"subscribe","args":[{"channel":"orders"},{"channel":"positions"},{"channel":"balance"},{"channel":"account"}]}',
    ]);
    expect(out.status).toEqual({ status: 'authenticating' });
    expect(out.fatal).toBeUndefined();
  });

  it('subscribes only to the configured channels', () => {
    const h = new Harness(config({ options: { channels: ['balance', 'orders'] } }));
    expect(h.open().send).toEqual(['{"op":"subscribe","args":[{"channel":"orders"},{"channel":"balance"}]}']);
  });

  it('the acknowledgement makes the stream live (once per socket)', () => {
    const h = new Harness();
    h.open();
    expect(h.feed(ACK).status).toEqual({ status: 'live' });
    expect(h.feed(ACK).status).toBeUndefined();
    expect(h.feed('{"event":"subscribed"}').status).toBeUndefined();
  });

  it('re-subscribes on every open, and waits for the ack again', () => {
    const h = live();
    const out = h.reconnect();
    expect(out.send).toHaveLength(1);
    expect(out.status).toEqual({ status: 'authenticating' });
    expect(h.feed(ACK).status).toEqual({ status: 'live' });
  });

  it('accepts account events before the ack (auto-delivered), and they prove the stream live', () => {
    const h = new Harness();
    h.open();
    const out = h.feed(fixtureText('balance.constructed'));
    expect(out.status).toEqual({ status: 'live' });
    expect(out.events).toEqual([
      {
        kind: 'balance',
        balance: { connectionId: 'roxom-main', asset: 'BTC', total: '1.2499407', updatedAt: 1756478183001 },
      },
    ]);
    expect(h.feed(ACK).status).toBeUndefined();
  });

  it(`without an ack or an error, the first heartbeat ${ACK_GRACE_MS / 1000} s after open calls the stream live and says why (once)`, () => {
    const h = new Harness();
    h.open();
    expect(h.heartbeat(T0 + 5_000)).toEqual({ events: [], send: [] });
    const out = h.heartbeat(T0 + ACK_GRACE_MS);
    expect(out.status).toEqual({ status: 'live' });
    expect(out.diagnostics?.error).toMatch(
      /no subscription acknowledgement within 10 s; account events arrive regardless/,
    );
    h.reconnect();
    const again = h.heartbeat(h.now + ACK_GRACE_MS);
    expect(again.status).toEqual({ status: 'live' });
    // The reconciliation's reads (here answered 404 by a relay without REST) say nothing of the ack.
    expect(again.diagnostics?.error ?? '').not.toMatch(/acknowledgement/);
  });

  it('a quiet stream is probed with the same subscription (its ack is a frame); a busy one is not', () => {
    const h = live();
    const subscribe = fixtureText('subscribe-request.constructed').trim();
    expect(h.heartbeat(h.now + 1_000).send).toEqual([]);
    expect(h.heartbeat(h.now + PROBE_AFTER_MS).send).toEqual([subscribe]);
    h.feed(ACK);
    expect(h.heartbeat(h.now + PROBE_AFTER_MS - 1).send).toEqual([]);
    h.feed(fixtureText('balance.constructed'));
    expect(h.heartbeat(h.now + 1).send).toEqual([]);
    // The probe's acknowledgement changes nothing: no status, no event.
    const ack = h.feed(ACK);
    expect(ack.status).toBeUndefined();
    expect(ack.events).toEqual([]);
  });
});

describe('errors', () => {
  it("the relay's report that Roxom refused its signed upgrade (HTTP 401/403) is fatal; other refusals retry", () => {
    const h = live();
    const out = h.closed(1011, "Roxom refused the relay's connection (HTTP 401: check apiKey and privateKeyFile)");
    expect(out.fatal).toBe(
      "Roxom refused the relay's API key (HTTP 401 at the WebSocket upgrade): check apiKey and privateKeyFile in the relay config",
    );
    h.open();
    expect(
      h.closed(1011, "Roxom refused the relay's connection (HTTP 403: check apiKey and privateKeyFile)").fatal,
    ).toMatch(/HTTP 403/);
    h.open();
    expect(h.closed(1011, "Roxom refused the relay's connection (HTTP 429)").fatal).toBeUndefined();
    h.open();
    expect(h.closed(1011, 'Roxom is not reachable (ECONNREFUSED)').fatal).toBeUndefined();
  });

  it('600010 is fatal with the relay-config reason', () => {
    const h = new Harness();
    h.open();
    const out = h.feed(fixtureText('error-auth.constructed'));
    expect(out.fatal).toBe(AUTH_FATAL);
    expect(out.events).toEqual([]);
  });

  it('600010 is fatal even after live; a numeric code too', () => {
    const h = live();
    expect(h.feed('{"event":"error","code":600010,"msg":"Authentication failed"}').fatal).toBe(AUTH_FATAL);
  });

  it('an error without a code whose message says authentication failed is fatal too', () => {
    const h = new Harness();
    h.open();
    expect(h.feed('{"event":"error","msg":"Authentication failed"}').fatal).toBe(AUTH_FATAL);
  });

  it.each([
    ['60014', 'Roxom does not know a channel this connection subscribed to (60014); remove it from options.channels'],
    ['60015', 'Roxom does not know a symbol in a subscription (60015)'],
    [
      '60016',
      'Roxom refused a subscription: the subscription limit is reached (60016); close other Roxom connections of this account',
    ],
    ['60017', 'Roxom could not read a frame sent to it as JSON (60017)'],
    ['60018', 'Roxom received a binary frame, which it does not support (60018); check the relay'],
    [
      '60019',
      'Roxom reported an internal error (60019); the stream goes on, but data may be missing until it recovers',
    ],
  ])('%s is a diagnostic with its meaning, not fatal', (code, meaning) => {
    const h = live();
    const out = h.feed(JSON.stringify({ event: 'error', code, msg: 'detail', connId: 'c1' }));
    expect(out.fatal).toBeUndefined();
    expect(out.diagnostics?.error).toBe(`${meaning} — Roxom said "detail"`);
  });

  it('the documented 60014 fixture, and an undocumented code', () => {
    const h = live();
    expect(h.feed(fixtureText('error-unknown-channel.constructed')).diagnostics?.error).toBe(
      'Roxom does not know a channel this connection subscribed to (60014); remove it from options.channels — Roxom said "unknown channel"',
    );
    expect(h.feed('{"event":"error","code":"70001","msg":"slow down"}').diagnostics?.error).toBe(
      'Roxom error 70001 (not a documented code) — Roxom said "slow down"',
    );
  });

  it('a close whose reason carries the auth failure is fatal; other closes are not', () => {
    const h = live();
    expect(h.closed(1006).fatal).toBeUndefined();
    expect(h.closed(1011, 'upstream: 600010 Authentication failed').fatal).toBe(AUTH_FATAL);
  });

  it('a refused handshake explains the relay (never the URL)', () => {
    const h = new Harness();
    const out = h.session.handshakeFailed();
    expect(out.fatal).toBeUndefined();
    expect(out.hint).toMatch(/^the keyring relay did not accept the connection/);
  });

  it('malformed and unknown frames are counted and explained, never thrown', () => {
    const h = live();
    expect(h.feed('{oops').diagnostics).toEqual({ malformed: 1, error: 'Roxom malformed frame: not JSON (5 chars)' });
    expect(h.feed('{"type":"order","data":{"orderId":"x"}}').diagnostics?.malformed).toBe(1);
    expect(h.feed('{"type":"liquidation","data":{}}').diagnostics).toEqual({
      unknown: 1,
      error: 'Roxom unknown frame: unknown type "liquidation"',
    });
    expect(h.count('malformed')).toBe(2);
    expect(h.count('unknown')).toBe(1);
  });
});

describe('orders and derived fills', () => {
  it('the fixture life of an order: submitted, partially filled, filled → two fills with exact quantities and fees', () => {
    const h = live();
    const [submitted, partial, filled] = h.feedAll([
      fixtureText('order-submitted.constructed'),
      fixtureText('order-partially-filled.constructed'),
      fixtureText('order-filled.constructed'),
    ]);
    expect(submitted?.events).toEqual([
      {
        kind: 'order',
        order: {
          connectionId: 'roxom-main',
          orderId: O1,
          clientOrderId: 'vb-7f3a-001',
          symbol: 'US500-BTC',
          side: 'buy',
          type: 'limit',
          status: 'open',
          price: '0.0593',
          quantity: '2',
          filledQuantity: '0',
          createdAt: 1756478180000,
          updatedAt: 1756478182146,
        },
      },
    ]);
    expect(partial?.events.map((e) => e.kind)).toEqual(['order', 'fill']);
    expect(h.fills()).toEqual([
      {
        connectionId: 'roxom-main',
        fillId: `${O1}:0.5`,
        orderId: O1,
        symbol: 'US500-BTC',
        side: 'buy',
        price: '0.0592',
        quantity: '0.5',
        fee: '0.0000148',
        feeAsset: 'BTC',
        time: 1756478182389,
      },
      {
        connectionId: 'roxom-main',
        fillId: `${O1}:2`,
        orderId: O1,
        symbol: 'US500-BTC',
        side: 'buy',
        price: '0.0593',
        quantity: '1.5',
        fee: '0.0000445',
        feeAsset: 'BTC',
        time: 1756478183001,
      },
    ]);
    expect(filled?.events[0]).toMatchObject({
      kind: 'order',
      order: { status: 'filled', filledQuantity: '2', averagePrice: '0.059275' },
    });
  });

  it('quantities and fees are exact decimals (no float drift over many small fills)', () => {
    const h = live();
    let executed = 0n; // in 1e-8 units
    const text = (units: bigint, scale: number) => {
      const unit = 10n ** BigInt(scale);
      return `${units / unit}.${(units % unit).toString().padStart(scale, '0')}`;
    };
    for (let i = 1; i <= 30; i++) {
      executed += 10_000_001n; // 0.10000001 each
      // Fees 0.03% of the quantity, cumulative: 3 units of 1e-12 per unit of 1e-8.
      h.feed(
        orderFrame({
          orderId: O1,
          orderSize: '10',
          status: 'partiallyfilled',
          executedQty: text(executed, 8),
          fillPx: '0.1',
          avgPx: '0.1',
          filledFees: text(executed * 3n, 12),
          timestamp: 1756478182146123456n + BigInt(i),
        }),
      );
    }
    const fills = h.fills();
    expect(fills).toHaveLength(30);
    expect(new Set(fills.map((f) => f.quantity))).toEqual(new Set(['0.10000001']));
    expect(new Set(fills.map((f) => f.fee))).toEqual(new Set(['0.000030000003']));
    expect(fills[29]?.fillId).toBe(`${O1}:3.0000003`);
  });

  it('a duplicated frame derives nothing twice and emits no second order event', () => {
    const h = live();
    const partial = fixtureText('order-partially-filled.constructed');
    h.feed(fixtureText('order-submitted.constructed'));
    h.feed(partial);
    const again = h.feed(partial);
    expect(again.events).toEqual([]);
    expect(again.diagnostics).toEqual({ duplicates: 1 });
    expect(h.fills()).toHaveLength(1);
  });

  it('a replay after a reconnect derives nothing twice: memory lives in the session, across sockets', () => {
    const h = live();
    const frames = ['order-submitted', 'order-partially-filled', 'order-filled'].map((n) =>
      fixtureText(`${n}.constructed`),
    );
    h.feedAll(frames);
    const before = h.fills().map((f) => f.fillId);
    h.reconnect();
    h.feed(ACK);
    const mark = h.outputs.length;
    h.feedAll(frames); // the whole history again, as an upstream replay would
    expect(h.events(mark)).toEqual([]);
    expect(h.count('duplicates')).toBe(3);
    expect(h.fills().map((f) => f.fillId)).toEqual(before);
  });

  it('growth seen only after a reconnect gap, without REST: one inferred fill for the whole growth, at the average price', () => {
    const h = live();
    h.feed(fixtureText('order-submitted.constructed'));
    h.reconnect();
    // The partial fill happened while disconnected; only the final state arrives, during the round
    // the new socket starts (its reads answered 404: no REST), so the growth is derived.
    h.rest = () => undefined;
    h.feed(ACK);
    h.feed(fixtureText('order-filled.constructed'));
    expect(h.fills()).toEqual([]);
    for (const request of h.asked.splice(0)) h.answer(request, { ok: true, status: 404, body: '{}' });
    for (const request of h.asked.splice(0)) h.answer(request, { ok: true, status: 404, body: '{}' });
    expect(h.fills()).toEqual([
      {
        connectionId: 'roxom-main',
        fillId: `${O1}:2`,
        orderId: O1,
        symbol: 'US500-BTC',
        side: 'buy',
        price: '0.059275',
        quantity: '2',
        fee: '0.0000593',
        feeAsset: 'BTC',
        time: 1756478183001,
        inferred: true,
      },
    ]);
  });

  it('an order first seen already executed: one inferred fill for the whole executedQty at avgPx, fee = filledFees', () => {
    const h = live();
    h.feed(fixtureText('order-market-filled.constructed'));
    expect(h.fills()).toEqual([
      {
        connectionId: 'roxom-main',
        fillId: '0198f642-107c-72c3-b8d4-e5f607182a3b:10',
        orderId: '0198f642-107c-72c3-b8d4-e5f607182a3b',
        symbol: 'TSLA-BTC',
        side: 'sell',
        price: '0.003151',
        quantity: '10',
        fee: '0.00001576',
        feeAsset: 'BTC',
        time: 1756478185250,
        inferred: true,
      },
    ]);
  });

  it('first sighting mid-life, then growth: inferred fill for what came before, a real one after', () => {
    const h = live();
    h.feed(fixtureText('order-partially-filled.constructed'));
    h.feed(fixtureText('order-filled.constructed'));
    expect(h.fills().map((f) => [f.fillId, f.quantity, f.price, f.fee, f.inferred])).toEqual([
      [`${O1}:0.5`, '0.5', '0.0592', '0.0000148', true],
      [`${O1}:2`, '1.5', '0.0593', '0.0000445', undefined],
    ]);
  });

  it('an out-of-order older frame is stale: no fill, no order event, no regression', () => {
    const h = live();
    h.feed(fixtureText('order-filled.constructed'));
    const out = h.feed(fixtureText('order-partially-filled.constructed'));
    expect(out.events).toEqual([]);
    expect(out.diagnostics).toEqual({ duplicates: 1 });
    expect(h.fills().map((f) => f.fillId)).toEqual([`${O1}:2`]);
  });

  it('a status change without growth emits the order only', () => {
    const h = live();
    h.feed(fixtureText('order-partially-filled.constructed'));
    const out = h.feed(
      orderFrame({
        orderId: O1,
        status: 'pendingcancel',
        executedQty: '0.5',
        avgPx: '0.0592',
        fillPx: '0.0592',
        filledFees: '0.0000148',
        timestamp: 1756478182500000001n,
      }),
    );
    expect(out.events).toEqual([
      expect.objectContaining({
        kind: 'order',
        order: expect.objectContaining({ status: 'partially_filled' }) as unknown,
      }),
    ]);
  });

  it('growth without fillPx is priced at avgPx and marked inferred; without any price no fill, and it says so', () => {
    const h = live();
    h.feed(orderFrame({ orderId: O1, status: 'submitted', executedQty: '0', timestamp: 1756478182146123456n }));
    h.feed(
      orderFrame({
        orderId: O1,
        status: 'partiallyfilled',
        executedQty: '1',
        avgPx: '0.06',
        fillPx: '0',
        filledFees: '0.00003',
        timestamp: 1756478182146123457n,
      }),
    );
    expect(h.fills()).toEqual([
      expect.objectContaining({ quantity: '1', price: '0.06', fee: '0.00003', inferred: true }),
    ]);
    const out = h.feed(
      orderFrame({
        orderId: O1,
        status: 'filled',
        executedQty: '2',
        avgPx: '0',
        fillPx: '0',
        timestamp: 1756478182146123458n,
      }),
    );
    expect(out.events.map((e) => e.kind)).toEqual(['order']);
    expect(out.diagnostics?.error).toBe(
      `Roxom order ${O1} executed 1 more but carries no fill or average price; no fill recorded`,
    );
  });

  it('an undocumented status is shown as a non-terminal guess, counted every time, explained once', () => {
    const h = live();
    const a = h.feed(
      orderFrame({ orderId: O1, status: 'triggered', executedQty: '0', timestamp: 1756478182146123456n }),
    );
    expect(a.events[0]).toMatchObject({ order: { status: 'open' } });
    expect(a.diagnostics).toEqual({
      unknown: 1,
      error: 'Roxom order status "triggered" is not documented; shown as open',
    });
    const b = h.feed(
      orderFrame({ orderId: 'o-2', status: 'TRIGGERED', executedQty: '0', timestamp: 1756478182146123457n }),
    );
    expect(b.diagnostics).toEqual({ unknown: 1 });
  });

  it('accepts Buy / BUY and Partially_Filled spellings', () => {
    const h = live();
    h.feed(
      orderFrame({
        orderId: O1,
        side: 'BUY',
        status: 'Partially_Filled',
        executedQty: '1',
        avgPx: '0.06',
        fillPx: '0.06',
        timestamp: 1756478182146123456n,
      }),
    );
    expect(h.orders()[0]).toMatchObject({ side: 'buy', status: 'partially_filled' });
    expect(h.count('unknown')).toBe(0);
  });
});

describe('positions', () => {
  it('an array of positions → one position event each, signed by side', () => {
    const h = live();
    const out = h.feed(fixtureText('position.constructed'));
    expect(
      out.events.map((e) =>
        e.kind === 'position' ? [e.position.symbol, e.position.quantity, e.position.updatedAt] : e.kind,
      ),
    ).toEqual([
      ['US500-BTC', '2', 1756478183001],
      ['TSLA-BTC', '-10', 1756478185250],
    ]);
  });

  it('a closed entry → position-closed; a replay of the older open state after it changes nothing', () => {
    const h = live();
    h.feed(fixtureText('position.constructed'));
    const closed = h.feed(fixtureText('position-closed.constructed'));
    // The closed entry's realizedPnl is the position's final one (the closing fill included): the store books it.
    expect(closed.events).toEqual([
      {
        kind: 'position-closed',
        connectionId: 'roxom-main',
        symbol: 'TSLA-BTC',
        time: 1756478190000,
        realizedPnl: '0.00009424',
        settleAsset: 'BTC',
      },
    ]);
    h.reconnect();
    const replay = h.feed(fixtureText('position.constructed'));
    expect(replay.events).toEqual([]);
    expect(replay.diagnostics).toEqual({ duplicates: 2 });
  });

  it('orders by the exact ns updatedAt: frames 1 ns apart in the same millisecond are told apart', () => {
    const h = live();
    const entry = (size: string, updatedAt: bigint) =>
      stringifyRoxomFrame({
        type: 'position',
        data: [{ id: 'p1', symbol: 'US500-BTC', side: 'long', size, status: 'open', updatedAt }],
      });
    h.feed(entry('3', 1756478182146123457n));
    const older = h.feed(entry('2', 1756478182146123456n));
    expect(older.events).toEqual([]);
    expect(h.events().flatMap((e) => (e.kind === 'position' ? [e.position.quantity] : []))).toEqual(['3']);
    // Through JSON.parse both times would be the same double, and the older frame could not be told apart.
    expect(Number('1756478182146123457')).toBe(Number('1756478182146123456'));
  });

  it('a new position on the same symbol after a close is shown; the old id closing late is ignored', () => {
    const h = live();
    const frame = (id: string, size: string, status: string, updatedAt: bigint) =>
      stringifyRoxomFrame({
        type: 'position',
        data: [{ id, symbol: 'US500-BTC', side: 'short', size, status, updatedAt }],
      });
    h.feed(frame('p-old', '1', 'open', 1756478182000000001n));
    h.feed(frame('p-new', '2', 'open', 1756478183000000001n));
    expect(h.feed(frame('p-old', '0', 'closed', 1756478182500000001n)).events).toEqual([]);
    expect(h.events().map((e) => (e.kind === 'position' ? e.position.quantity : e.kind))).toEqual(['-1', '-2']);
  });
});

describe('balances, notices, market data, filtering', () => {
  it('balance: newest timestamp wins; a duplicate is dropped', () => {
    const h = live();
    const balance = fixtureText('balance.constructed');
    expect(h.feed(balance).events).toHaveLength(1);
    expect(h.feed(balance).diagnostics).toEqual({ duplicates: 1 });
    const older = stringifyRoxomFrame({
      type: 'balance',
      data: { balanceAfter: '1.25', unit: 'btc', timestamp: 1756478183001000002n },
    });
    expect(h.feed(older).events).toEqual([]);
    const newer = stringifyRoxomFrame({
      type: 'balance',
      data: { balanceAfter: '1.3', unit: 'btc', updateType: 'deposit', timestamp: 1756478183001000004n },
    });
    expect(h.feed(newer).events).toEqual([
      {
        kind: 'balance',
        balance: { connectionId: 'roxom-main', asset: 'BTC', total: '1.3', updatedAt: 1756478183001 },
      },
    ]);
  });

  it('account notices become notifications, once', () => {
    const h = live();
    const text = fixtureText('account-notice.constructed');
    expect(h.feed(text).events).toEqual([
      {
        kind: 'notification',
        notification: expect.objectContaining({
          level: 'warning',
          title: 'Roxom account',
          message: 'Margin ratio above 80% on US500-BTC',
          time: 1756478186000,
        }) as unknown,
      },
    ]);
    expect(h.feed(text).diagnostics).toEqual({ duplicates: 1 });
  });

  it('event types of channels not configured are dropped as filtered (Roxom auto-delivers them)', () => {
    const h = new Harness(config({ options: { channels: ['orders'] } }));
    h.open();
    h.feed(ACK);
    expect(h.feed(fixtureText('position.constructed'))).toEqual({ events: [], send: [], diagnostics: { filtered: 1 } });
    expect(h.feed(fixtureText('balance.constructed')).diagnostics).toEqual({ filtered: 1 });
    expect(h.feed(fixtureText('order-submitted.constructed')).events).toHaveLength(1);
  });

  it('ticker / level1 frames become marks; other market frames are unknown', () => {
    const h = live();
    expect(h.feed(fixtureText('ticker.constructed')).events).toEqual([
      {
        kind: 'mark',
        mark: { connectionId: 'roxom-main', symbol: 'US500-BTC', kind: 'ticker', price: '0.0594', time: 1756478187000 },
      },
    ]);
    expect(h.feed(fixtureText('level1.constructed')).events).toHaveLength(1);
    expect(
      h.feed(
        '{"topic":"depth.US500-BTC","type":"snapshot","createdTime":1756478187000000001,"data":{"bids":[],"asks":[]}}',
      ).diagnostics,
    ).toEqual({ unknown: 1 });
  });

  it('nothing the session outputs ever contains the relay URL or its token (checked on every output by the harness)', () => {
    const h = new Harness();
    h.open();
    h.feed(fixtureText('error-auth.constructed'));
    h.closed(1011, 'Authentication failed');
    expect(h.outputs.map((o) => o.fatal).filter(Boolean)).toHaveLength(2);
  });
});

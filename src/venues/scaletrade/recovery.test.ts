import { describe, expect, it } from 'vitest';
import type { PositionClosedEvent } from '../../domain/events';
import type { RestResult } from '../types';
import { HISTORY_MARGIN_S, HISTORY_PATH } from './history';
import { MAX_ATTEMPTS } from './recovery';
import { AWAIT_RECOVERY_MS } from './session';
import { CTM_S, Harness, LOGIN, config, fixtureText, marker, trade, type TicketSpec } from './test-support';
import { TRADE_CMD, TRADE_STATE } from './wire';

/**
 * Recovery after a gap, driven like the lifecycle does (src/venues/shared/README.md "Gaps and
 * recovery"): the socket drops, a new one logs in and receives the account state, the connection is
 * live again, `recover(window)`, the trade history's answer through `response`.
 */

const REST = 'https://broker.example';
const withRest = () => new Harness(config({ options: { login: LOGIN, symbols: ['eurusd', 'btcusd'], restUrl: REST } }));

const COLUMNS = [
  'order',
  'login',
  'cmd',
  'state',
  'symbol',
  'reason',
  'volume',
  'open_time',
  'close_time',
  'open_price',
  'close_price',
  'sl',
  'tp',
  'profit',
  'commission',
  'storage',
  'comment',
  'digits',
  'expiration',
];

/** A trade-history answer (GET /trades/history/login) with these closed or deleted tickets. */
function history(rows: TicketSpec[]): RestResult {
  const row = (t: TicketSpec) => [
    t.order,
    t.login ?? LOGIN,
    t.cmd ?? TRADE_CMD.BUY,
    2,
    t.symbol ?? 'eurusd',
    0,
    t.volume ?? 10,
    t.openTime ?? CTM_S,
    t.closeTime ?? CTM_S + 90,
    Number(t.openPrice ?? 1.0851),
    Number(t.closePrice ?? 0),
    0,
    0,
    t.profit ?? 0,
    t.commission ?? 0,
    t.storage ?? 0,
    '',
    5,
    0,
  ];
  return { ok: true, status: 200, body: JSON.stringify({ structure: COLUMNS, rows: rows.map(row) }) };
}

const market = (order: number, spec: Partial<TicketSpec> = {}) =>
  trade({ order, volume: 20, openPrice: 1.08, ...spec });
const closedEvents = (h: Harness, from: number) =>
  h.events(from).filter((e): e is PositionClosedEvent => e.kind === 'position-closed');

/** Logged in with `before`, then the socket drops and comes back with `after`; returns the gap window. */
function dropAndReturn(h: Harness, before: unknown[], after: unknown[]): { from: number; to: number } {
  h.login(before);
  const from = h.now;
  h.now += 30_000;
  h.reconnect(after);
  return { from, to: h.now };
}

describe('ScaleTrade recovery with the trade history (restUrl set)', () => {
  it('recovers tickets closed while away, a pending order activated and closed, and one opened and closed inside the gap: full', () => {
    const h = withRest();
    h.login([market(101), trade({ order: 201, cmd: TRADE_CMD.BUY_LIMIT, symbol: 'btcusd', openPrice: 70000 })]);
    const gapFrom = h.now;
    h.now += 30_000;
    const mark = h.outputs.length;
    h.reconnect([market(102, { symbol: 'btcusd', openPrice: 70100, openTime: CTM_S + 20 })]);
    // The account state is shown at once: 101 has left the positions (eurusd is flat), 102 opened while away.
    expect(h.positions(mark).at(-1)).toMatchObject({ symbol: 'btcusd', quantity: '0.2' });
    expect(closedEvents(h, mark).map((e) => [e.symbol, e.realizedPnl])).toEqual([['eurusd', '0']]);
    expect(h.fills(mark).map((f) => f.fillId)).toEqual(['102:open']);
    // ... and nothing is said about 201 until the history tells what became of it.
    expect(h.orders(mark)).toEqual([]);

    const gap = { from: gapFrom, to: h.now };
    const asked = h.recover(gap);
    expect(asked.requests).toEqual([
      {
        id: expect.any(String),
        path: HISTORY_PATH,
        query: {
          login: String(LOGIN),
          from: String(Math.floor(gap.from / 1000) - HISTORY_MARGIN_S),
          to: String(Math.ceil(gap.to / 1000) + HISTORY_MARGIN_S),
        },
      },
    ]);
    expect(asked.recovery).toBeUndefined();

    const answered = h.outputs.length;
    h.respond(
      asked.requests![0]!.id,
      history([
        {
          order: 101,
          volume: 20,
          openPrice: 1.08,
          closePrice: 1.0856,
          profit: 11.2,
          commission: -1.4,
          closeTime: CTM_S + 70,
        },
        { order: 201, symbol: 'btcusd', openPrice: 70000, closePrice: 70050, profit: 5, closeTime: CTM_S + 80 },
        {
          order: 301,
          symbol: 'eurusd',
          openPrice: 1.09,
          closePrice: 1.091,
          profit: 1,
          openTime: CTM_S + 71,
          closeTime: CTM_S + 75,
        },
      ]),
    );
    expect(h.fills(answered).map((f) => [f.fillId, f.side, f.price, f.quantity])).toEqual([
      ['101:close', 'sell', '1.0856', '0.2'],
      ['301:open', 'buy', '1.09', '0.1'],
      ['301:close', 'sell', '1.091', '0.1'],
      ['201:open', 'buy', '70000', '0.1'],
      ['201:close', 'sell', '70050', '0.1'],
    ]);
    expect(h.fills(answered).every((f) => f.inferred === undefined)).toBe(true);
    expect(h.orders(answered)).toMatchObject([{ orderId: '201', status: 'filled', type: 'limit' }]);
    // Realized PnL is booked: eurusd's closes, and btcusd's closed ticket in the still open position.
    expect(closedEvents(h, answered).map((e) => [e.symbol, e.realizedPnl])).toEqual([
      ['eurusd', '11.2'],
      ['eurusd', '1'],
    ]);
    expect(h.positions(answered).at(-1)).toMatchObject({ symbol: 'btcusd', quantity: '0.2', realizedPnl: '5' });
    expect(h.recovery()).toEqual({
      recovered: 'full',
      detail: expect.stringMatching(
        /^3 ticket\(s\) closed between .* UTC \(101, 201 among them\), with their close prices and profit, from ScaleTrade's trade history \(scaletrade\.com\/client-api\/rest\/trade\/GetHistoryTrades\/\); positions, pending orders and the balance are as ScaleTrade reported them after reconnecting$/,
      ),
    });
  });

  it('a pending order deleted while away is canceled from the history; an empty history of a quiet gap is full', () => {
    const h = withRest();
    const gap = dropAndReturn(h, [trade({ order: 401, cmd: TRADE_CMD.SELL_LIMIT, openPrice: 1.1 })], []);
    const asked = h.recover(gap);
    const mark = h.outputs.length;
    h.respond(asked.requests![0]!.id, history([{ order: 401, cmd: TRADE_CMD.SELL_LIMIT, openPrice: 1.1 }]));
    expect(h.orders(mark)).toMatchObject([{ orderId: '401', status: 'canceled' }]);
    expect(h.fills(mark)).toEqual([]);
    expect(h.recovery()?.recovered).toBe('full');

    const quiet = withRest();
    const quietGap = dropAndReturn(quiet, [market(501)], [market(501)]);
    const q = quiet.recover(quietGap);
    quiet.respond(q.requests![0]!.id, history([]));
    expect(quiet.recovery()).toEqual({ recovered: 'full', detail: expect.stringMatching(/^nothing closed between /) });
  });

  it('a ticket gone from the account state but not in the history: partial, finished without a close fill', () => {
    const h = withRest();
    const gap = dropAndReturn(h, [market(601), trade({ order: 602, cmd: TRADE_CMD.BUY_STOP, openPrice: 1.2 })], []);
    const asked = h.recover(gap);
    const mark = h.outputs.length;
    h.respond(asked.requests![0]!.id, history([]));
    expect(h.fills(mark)).toEqual([]);
    expect(h.orders(mark)).toMatchObject([{ orderId: '602', status: 'canceled' }]);
    expect(h.recovery()).toEqual({
      recovered: 'partial',
      detail: expect.stringContaining(
        "tickets 601, 602 closed while the connection was down; their close prices are unknown (not in ScaleTrade's trade history)",
      ),
    });
    // Finished: a late frame of it changes nothing.
    expect(h.feed(market(601, { state: TRADE_STATE.CLOSED, closePrice: 1.09, profit: 2 })).events).toEqual([]);
  });

  it('asks again at the next heartbeats when the history does not answer, then reports partial with the reason', () => {
    const h = withRest();
    const gap = dropAndReturn(h, [market(701)], []);
    let id = h.recover(gap).requests![0]!.id;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(h.respond(id, { ok: false, error: 'timed out after 15 s' }).recovery).toBeUndefined();
      expect(h.respond(id, history([])).events).toEqual([]); // a stale answer is ignored
      const retried = h.heartbeat(h.now + 15_000).requests ?? [];
      expect(retried).toHaveLength(1);
      id = retried[0]!.id;
    }
    const mark = h.outputs.length;
    h.respond(id, { ok: true, status: 503, body: '{"error":"RET_SERVER_BUSY"}' });
    expect(h.recovery()).toEqual({
      recovered: 'partial',
      detail: expect.stringContaining(
        'ticket 701 closed while the connection was down; its close price is unknown; fills between ',
      ),
    });
    expect(h.recovery()?.detail).toContain("ScaleTrade's trade history did not answer (HTTP 503 RET_SERVER_BUSY)");
    expect(h.fills(mark)).toEqual([]);
    expect(h.heartbeat(h.now + 15_000).requests).toBeUndefined();
  });

  it('a refused token is not asked again; the error code is quoted, never the body or the token', () => {
    const h = withRest();
    const gap = dropAndReturn(h, [market(801)], []);
    const id = h.recover(gap).requests![0]!.id;
    h.respond(id, {
      ok: true,
      status: 401,
      body: fixtureText('rest-error').replace('INVALID_DATA', 'PERMISSION_DENIED'),
    });
    expect(h.recovery()?.recovered).toBe('partial');
    expect(h.recovery()?.detail).toContain('did not answer (HTTP 401 PERMISSION_DENIED)');
    expect(h.recovery()?.detail).not.toContain('Validation failed');
    expect(h.heartbeat(h.now + 15_000).requests).toBeUndefined();
  });

  it('an answer that cannot be read is partial; a row that cannot be read is counted and named', () => {
    const h = withRest();
    const gap = dropAndReturn(h, [], []);
    h.respond(h.recover(gap).requests![0]!.id, { ok: true, status: 200, body: '<html>' });
    expect(h.recovery()?.detail).toContain('did not answer (the answer could not be read (not JSON))');

    const rows = withRest();
    const rowsGap = dropAndReturn(rows, [], []);
    const body = JSON.parse((history([{ order: 1, closePrice: 1.1 }]) as { body: string }).body);
    body.rows.push([2, LOGIN, 0, 2, 'eurusd', 0, 'ten']);
    rows.respond(rows.recover(rowsGap).requests![0]!.id, { ok: true, status: 200, body: JSON.stringify(body) });
    expect(rows.fills().map((f) => f.fillId)).toEqual(['1:open', '1:close']);
    expect(rows.errors().join()).toContain('history.rows[1].volume: expected an integer');
    expect(rows.recovery()).toEqual({
      recovered: 'partial',
      detail: expect.stringContaining("1 row(s) of ScaleTrade's trade history for "),
    });
  });

  it('reads the documented example answer (another login, upper-case symbol) by its column names', () => {
    const h = new Harness(config({ options: { login: 1001, symbols: [], restUrl: REST } }));
    const login = (balance: number) => {
      h.open();
      h.feed(fixtureText('authorization-success'));
      h.feed({ event: 'account.switch', success: true, active_login: 1001 });
      h.feed(['b', 1001, balance, 0, balance, 0, balance, 0, 0, 0, 0]);
      h.feed(marker(0, 1001));
    };
    login(10000);
    h.closed(1006);
    h.now = 1713500000 * 1000 + 5_000;
    login(10030);
    const asked = h.recover({ from: 1713499990 * 1000, to: h.now });
    h.respond(asked.requests![0]!.id, { ok: true, status: 200, body: fixtureText('trades-history') });
    expect(h.fills().map((f) => [f.fillId, f.symbol, f.side, f.price, f.quantity, f.fee, f.time])).toEqual([
      ['1001234:open', 'EURUSD', 'buy', '1.101', '1', '1.2', 1713400000000],
      ['1001234:close', 'EURUSD', 'sell', '1.104', '1', undefined, 1713500000000],
    ]);
    expect(h.recovery()?.recovered).toBe('full');
  });

  it('after a reload, a ticket closed before the gap derives its fills only (its PnL was booked before); one inside is booked', () => {
    const h = withRest();
    h.login([]);
    const gap = { from: (CTM_S + 50) * 1000, to: h.now }; // the journal's last live time
    const asked = h.recover(gap);
    const mark = h.outputs.length;
    h.respond(
      asked.requests![0]!.id,
      history([
        { order: 1201, closePrice: 1.09, profit: 4, closeTime: CTM_S + 49 },
        { order: 1202, closePrice: 1.09, profit: 6, closeTime: CTM_S + 50 },
      ]),
    );
    expect(h.fills(mark).map((f) => f.fillId)).toEqual(['1201:open', '1201:close', '1202:open', '1202:close']);
    expect(closedEvents(h, mark).map((e) => [e.symbol, e.realizedPnl])).toEqual([['eurusd', '6']]);
    expect(h.recovery()).toEqual({
      recovered: 'full',
      detail: expect.stringMatching(/^1 ticket\(s\) closed between /),
    });
  });

  it('a request with no answer at all counts as failed at a heartbeat, and is asked again', () => {
    const h = withRest();
    const gap = dropAndReturn(h, [], []);
    h.recover(gap);
    expect(h.heartbeat(h.now + 29_000).requests).toBeUndefined();
    expect(h.heartbeat(h.now + 31_000).requests).toBeUndefined(); // failed now, retried at the next one
    expect(h.heartbeat(h.now + 36_000).requests).toHaveLength(1);
  });

  it('asks for a long window (a page closed for a day) in chunks, one after the other', () => {
    const h = withRest();
    h.login([]);
    const gap = { from: h.now - 13 * 3_600_000, to: h.now };
    const first = h.recover(gap).requests!;
    expect(first).toHaveLength(1);
    const second = h.respond(first[0]!.id, history([])).requests!;
    const third = h.respond(second[0]!.id, history([])).requests!;
    expect(h.respond(third[0]!.id, history([])).recovery?.recovered).toBe('full');
    const bounds = [first, second, third].map((r) => [Number(r[0]!.query!.from), Number(r[0]!.query!.to)]);
    expect(bounds[0]![0]).toBe(Math.floor(gap.from / 1000) - HISTORY_MARGIN_S);
    expect(bounds[1]![0]).toBe(bounds[0]![1]! + 1);
    expect(bounds[2]![0]).toBe(bounds[1]![1]! + 1);
    expect(bounds[2]![1]).toBe(Math.ceil(gap.to / 1000) + HISTORY_MARGIN_S);
  });

  it('after a stall on the same socket, asks for the account state again before the history', () => {
    const h = withRest();
    h.login([market(901)]);
    h.now += 40_000; // stalled: nothing came, the socket stayed open
    const gap = { from: h.now - 30_000, to: h.now };
    const asked = h.recover(gap);
    expect(asked.send).toEqual(['{"event":"account.switch","active_login":2000009}']);
    expect(asked.requests).toBeUndefined();
    h.feed(fixtureText('account-switch-reply.constructed'));
    h.feed(market(902, { openTime: CTM_S + 10 }));
    const mark = h.outputs.length;
    const live = h.feed(marker(1));
    expect(live.send).toEqual([]); // no second subscribe
    expect(live.requests).toEqual([expect.objectContaining({ path: HISTORY_PATH })]);
    h.respond(
      live.requests![0]!.id,
      history([{ order: 901, volume: 20, openPrice: 1.08, closePrice: 1.081, profit: 2 }]),
    );
    expect(h.fills(mark).map((f) => f.fillId)).toEqual(['901:close']);
    expect(h.recovery()?.recovered).toBe('full');
  });

  it('a gap the page made (its buffer refused events while the socket streamed on): fills and orders are emitted again, closes are not', () => {
    const h = withRest();
    h.login([market(1301)]);
    const gapFrom = h.now;
    h.feed(market(1302, { openTime: CTM_S + 5 }));
    h.feed(trade({ order: 1303, cmd: TRADE_CMD.BUY_LIMIT, openPrice: 1.07 }));
    h.feed(market(1301, { state: TRADE_STATE.CLOSED, closePrice: 1.09, profit: 2, closeTime: CTM_S + 6 }));
    const out = h.recover({ from: gapFrom, to: h.now });
    expect(out.send).toEqual(['{"event":"account.switch","active_login":2000009}']);
    expect(
      out.events.map((e) => (e.kind === 'fill' ? e.fill.fillId : e.kind === 'order' ? e.order.orderId : e.kind)),
    ).toEqual(['1302:open', '1303', '1301:close']);
  });

  it('asks for the account switch again when its answer is lost too', () => {
    const h = withRest();
    h.login([]);
    h.now += 40_000;
    h.recover({ from: h.now - 30_000, to: h.now });
    expect(h.heartbeat(h.now + 5_000).send).toEqual(['ping']);
    expect(h.heartbeat(h.now + 10_000).send).toEqual(['{"event":"account.switch","active_login":2000009}', 'ping']);
  });

  it('a new socket during the recovery fences the old request off; the next recover covers both', () => {
    const h = withRest();
    const gap = dropAndReturn(h, [market(1001)], []);
    const old = h.recover(gap).requests![0]!.id;
    h.reconnect([]);
    expect(h.respond(old, history([{ order: 1001, closePrice: 1.09 }])).events).toEqual([]);
    const fresh = h.recover({ from: gap.from, to: h.now }).requests![0]!.id;
    h.respond(fresh, history([{ order: 1001, volume: 20, openPrice: 1.08, closePrice: 1.09, profit: 2 }]));
    expect(h.fills().map((f) => f.fillId)).toContain('1001:close');
    expect(h.recovery()?.recovered).toBe('full');
  });

  it('tickets held for the history are finished at a heartbeat when no recovery comes for them', () => {
    const h = withRest();
    h.login([market(1101), trade({ order: 1102, cmd: TRADE_CMD.BUY_LIMIT, openPrice: 1.07 })]);
    h.reconnect([]);
    expect(h.heartbeat(h.now + AWAIT_RECOVERY_MS - 1).events).toEqual([]);
    const out = h.heartbeat(h.now + AWAIT_RECOVERY_MS + 1);
    expect(out.events).toMatchObject([{ kind: 'order', order: { orderId: '1102', status: 'canceled' } }]);
    expect(out.diagnostics?.error).toContain('2 ticket(s) closed or deleted while disconnected (#1101, #1102)');
  });
});

describe('ScaleTrade recovery without a trade history (no restUrl)', () => {
  it('shows the account state at once and reports partial, naming the tickets closed while away', () => {
    const h = new Harness();
    const gap = dropAndReturn(
      h,
      [market(2001), market(2002, { symbol: 'btcusd', openPrice: 70000 })],
      [market(2002, { symbol: 'btcusd', openPrice: 70000 })],
    );
    const out = h.recover(gap);
    expect(out.requests).toBeUndefined();
    expect(out.recovery).toEqual({
      recovered: 'partial',
      detail: expect.stringMatching(
        /^ticket 2001 closed while the connection was down; its close price is unknown; fills of tickets that opened and closed between .* UTC are not known \(set the connection's restUrl to read them from ScaleTrade's trade history\); positions, pending orders and the balance are as ScaleTrade reported them after reconnecting$/,
      ),
    });
  });

  it('a quiet gap is still partial: tickets may have opened and closed inside it', () => {
    const h = new Harness();
    const gap = dropAndReturn(h, [market(2101)], [market(2101)]);
    expect(h.recover(gap).recovery).toEqual({
      recovered: 'partial',
      detail: expect.stringMatching(/^fills of tickets that opened and closed between /),
    });
  });

  it('says when the account state was incomplete or a ticket changed volume while away', () => {
    const h = new Harness();
    h.login([market(2201), market(2202)]);
    const from = h.now;
    h.closed(1006);
    h.authenticate();
    h.feed(market(2202, { volume: 10 }));
    h.feed(marker(2)); // counted 2, sent 1: 2201 is kept as it was
    const report = h.recover({ from, to: h.now }).recovery;
    expect(report?.recovered).toBe('partial');
    expect(report?.detail).toContain(
      "ScaleTrade's account state after reconnecting was incomplete (1 of 2 tickets); tickets it did not re-send are shown as they were",
    );
    expect(report?.detail).toContain(
      'ticket 2202 changed from 0.2 to 0.1 lots while the connection was down; the fill of the difference is unknown',
    );
    expect(h.positions().at(-1)).toMatchObject({ quantity: '0.3' });
  });
});

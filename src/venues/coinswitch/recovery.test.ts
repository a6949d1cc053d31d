import { describe, expect, it } from 'vitest';
import type { RestRequest, RestResult } from '../types';
import {
  ANSWER_TIMEOUT_MS,
  CLOCK_SKEW_MARGIN_MS,
  EXECUTION_WINDOW_MS,
  MAX_ATTEMPTS,
  MAX_EXECUTION_WINDOWS,
} from './recovery';
import { API_KEY, Harness, KEYRING, SIGNATURE, T0, config, credential, fixture, fixtureText } from './test-support';

/** Recovery after a gap: REST through the keyring relay, answered with the docs' payloads in the Bybit envelope. */

const GAP = { from: T0 + 10_000, to: T0 + 20_000 };
const LIVE_AGAIN = T0 + 20_100;
const SEED_EXEC_ID = 'a1076552-0c0f-5a56-a064-5a653f9172c6';

const ok = (body: unknown): RestResult => ({
  ok: true,
  status: 200,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A page of the execution list (or the order list) with these items. */
function page(items: unknown[], nextPageCursor = ''): unknown {
  return { retCode: 0, retMsg: 'OK', result: { category: 'linear', list: items, nextPageCursor }, retExtInfo: {} };
}

function execution(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...fixture('trade.documented').o[0], ...overrides };
}

function keyringHarness(): Harness {
  const h = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }));
  h.openAndAuth();
  return h;
}

function byPath(requests: readonly RestRequest[], path: string): RestRequest {
  const found = requests.filter((r) => r.path === path);
  const last = found[found.length - 1];
  if (!last) throw new Error(`no request for ${path}`);
  return last;
}

const executionsOf = (requests: readonly RestRequest[]) => byPath(requests, '/v5/execution/list');
const ordersOf = (requests: readonly RestRequest[]) => byPath(requests, '/v5/order/realtime');

describe('recovery after a gap, keyring connection (REST through the relay)', () => {
  it('asks for the executions of the gap (minus a clock-skew margin, to now) and the open and recent orders', () => {
    const h = keyringHarness();
    const out = h.recover(GAP, LIVE_AGAIN);
    expect(out.recovery).toBeUndefined();
    expect(out.requests).toEqual([
      {
        id: expect.any(String),
        path: '/v5/execution/list',
        query: {
          category: 'linear',
          startTime: String(GAP.from - CLOCK_SKEW_MARGIN_MS),
          endTime: String(LIVE_AGAIN + CLOCK_SKEW_MARGIN_MS),
          limit: '100',
        },
      },
      { id: expect.any(String), path: '/v5/order/realtime', query: { category: 'linear', openOnly: '0', limit: '50' } },
    ]);
    // The query keys go in the order the venue signs them.
    expect(Object.keys(out.requests![0]!.query!)).toEqual(['category', 'startTime', 'endTime', 'limit']);
  });

  it('the documented execution and order become a fill and an order; both lists read to the end: full', () => {
    const h = keyringHarness();
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    const fills = h.respond(executionsOf(requests).id, ok(fixtureText('execution-list.constructed')));
    expect(fills.recovery).toBeUndefined();
    expect(fills.events).toEqual([
      {
        kind: 'fill',
        fill: {
          connectionId: 'cs-main',
          fillId: SEED_EXEC_ID,
          orderId: '316ea49e-59b3-42c5-9d71-edaf2504b0f8',
          symbol: 'BTCUSDT',
          side: 'sell',
          price: '108476.4',
          quantity: '0.002',
          fee: '0.07593348',
          feeAsset: 'USDT',
          liquidity: 'taker',
          time: 1756478116611,
        },
      },
    ]);
    const orders = h.respond(ordersOf(requests).id, ok(fixtureText('order-realtime.constructed')));
    expect(orders.events).toMatchObject([
      { kind: 'order', order: { orderId: '68a4579e-c396-4427-b055-7a8bcafbd48d', status: 'filled' } },
    ]);
    expect(orders.recovery).toEqual({
      recovered: 'full',
      detail: "recovered from CoinSwitch's REST between 14:36:30 and 14:36:40 UTC: 1 new fill(s), 1 order update(s)",
    });
  });

  it('an execution the stream already delivered is not a second fill (execId), and an order it delivered is a duplicate', () => {
    const h = keyringHarness();
    expect(h.trades(fixtureText('trade.documented')).events).toHaveLength(1);
    expect(h.order(fixtureText('order-filled.documented')).events).toHaveLength(1);
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    const fills = h.respond(executionsOf(requests).id, ok(fixtureText('execution-list.constructed')));
    expect(fills.events).toEqual([]);
    expect(fills.diagnostics).toEqual({ duplicates: 1 });
    const orders = h.respond(ordersOf(requests).id, ok(fixtureText('order-realtime.constructed')));
    expect(orders.events).toEqual([]);
    expect(orders.recovery?.recovered).toBe('full');
    expect(h.fills().map((f) => f.fillId)).toEqual([SEED_EXEC_ID]);
  });

  it('pages with nextPageCursor until it is empty, keeping the window; a trimmed order merges', () => {
    const h = keyringHarness();
    const first = executionsOf(h.recover(GAP, LIVE_AGAIN).requests!);
    const orders = ordersOf(h.requests());
    const next = h.respond(first.id, ok(page([execution({ execId: 'e-1' })], 'page-2')));
    const second = executionsOf(next.requests!);
    expect(second.query).toEqual({ ...first.query, cursor: 'page-2' });
    const last = h.respond(second.id, ok(page([execution({ execId: 'e-2' })], '')));
    expect(last.requests).toBeUndefined();
    const orderPage2 = h.respond(
      orders.id,
      ok(page([{ orderId: 'o-1', orderStatus: 'Cancelled', updatedTime: String(T0 + 15_000) }], 'o-cursor')),
    );
    expect(orderPage2.events).toEqual([
      { kind: 'order', order: { connectionId: 'cs-main', orderId: 'o-1', status: 'canceled', updatedAt: T0 + 15_000 } },
    ]);
    const done = h.respond(ordersOf(orderPage2.requests!).id, ok(page([])));
    expect(ordersOf(orderPage2.requests!).query).toMatchObject({ cursor: 'o-cursor' });
    expect(done.recovery?.recovered).toBe('full');
    expect(h.fills().map((f) => f.fillId)).toEqual(['e-1', 'e-2']);
  });

  it('a gap longer than 7 days is read in 7-day windows, newest first', () => {
    const h = keyringHarness();
    const from = LIVE_AGAIN - 10 * 86_400_000;
    const first = executionsOf(h.recover({ from, to: LIVE_AGAIN - 1 }, LIVE_AGAIN).requests!);
    const end = LIVE_AGAIN + CLOCK_SKEW_MARGIN_MS;
    expect(first.query).toMatchObject({ startTime: String(end - EXECUTION_WINDOW_MS), endTime: String(end) });
    const second = executionsOf(h.respond(first.id, ok(page([]))).requests!);
    expect(second.query).toMatchObject({
      startTime: String(from - CLOCK_SKEW_MARGIN_MS),
      endTime: String(end - EXECUTION_WINDOW_MS),
    });
    expect(second.query?.cursor).toBeUndefined();
    h.respond(second.id, ok(page([])));
    // The order list covers 7 days of closed orders [guess]: an order closed 10 days ago may be stale.
    const report = h.respond(ordersOf(h.requests()).id, ok(page([]))).recovery;
    expect(report?.recovered).toBe('partial');
    expect(report?.detail).toMatch(/^order states between .* may be out of date \(orders closed before/);
  });

  it(`a gap older than ${MAX_EXECUTION_WINDOWS} windows is read that far back and says what was not fetched`, () => {
    const h = keyringHarness();
    h.recover({ from: LIVE_AGAIN - 200 * 86_400_000, to: LIVE_AGAIN - 1 }, LIVE_AGAIN);
    let windows = 0;
    for (;;) {
      const pending = h.outputs[h.outputs.length - 1]!.requests ?? [];
      const exec = pending.find((r) => r.path === '/v5/execution/list');
      if (!exec) break;
      windows++;
      h.respond(exec.id, ok(page([])));
    }
    expect(windows).toBe(MAX_EXECUTION_WINDOWS);
    const report = h.respond(ordersOf(h.requests()).id, ok(page([]))).recovery;
    expect(report?.recovered).toBe('partial');
    expect(report?.detail).toContain('were not fetched (at most 91 days back)');
  });
});

describe('the first time live (keyring): orders resting from before are read once', () => {
  it('asks the order list once with the live status, applies it, reports nothing (there is no gap); not again on a later socket', () => {
    const h = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }));
    const live = h.openAndAuth();
    expect(live.status).toEqual({ status: 'live' });
    const [request] = live.requests!;
    expect(request).toMatchObject({
      path: '/v5/order/realtime',
      query: { category: 'linear', openOnly: '0', limit: '50' },
    });
    const resting = { ...fixture('order-filled.documented').o, orderStatus: 'New', cumExecQty: '0', avgPrice: '' };
    const out = h.respond(request!.id, ok(page([resting])));
    expect(out.events).toMatchObject([{ kind: 'order', order: { status: 'open' } }]);
    expect(out.recovery).toBeUndefined();
    h.closed(1006);
    expect(h.openAndAuth().requests).toBeUndefined();
    // A pasted triple has no REST: nothing is asked.
    expect(new Harness().openAndAuth().requests).toBeUndefined();
  });

  it('a recovery that starts meanwhile supersedes it', () => {
    const h = new Harness(config({ auth: { keyring: KEYRING, ...credential() } }));
    const initial = h.openAndAuth().requests![0]!;
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    expect(h.respond(initial.id, ok(page([fixture('order-filled.documented').o]))).events).toEqual([]);
    h.respond(executionsOf(requests).id, ok(page([])));
    expect(h.respond(ordersOf(requests).id, ok(page([]))).recovery?.recovered).toBe('full');
  });
});

describe('recovery failures: bounded retries, then an honest report', () => {
  it('retCode != 0 is a failure with retMsg, asked again at a heartbeat 5 s later, then given up: partial', () => {
    const h = keyringHarness();
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    h.respond(ordersOf(requests).id, ok(page([])));
    let exec = executionsOf(requests);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const failed = h.respond(exec.id, ok(fixtureText('rest-error.constructed')));
      expect(failed.diagnostics?.error).toContain(
        'CoinSwitch execution list failed: retCode 10002: invalid request, please check your server timestamp',
      );
      if (attempt < MAX_ATTEMPTS) {
        expect(failed.recovery).toBeUndefined();
        expect(failed.requests).toBeUndefined();
        expect(h.heartbeat(h.now + 2_000).requests).toBeUndefined();
        const retry = h.heartbeat(h.now + 3_000);
        const again = executionsOf(retry.requests!);
        expect(again.id).not.toBe(exec.id);
        expect(again.query).toEqual(exec.query);
        exec = again;
      } else {
        expect(failed.recovery?.recovered).toBe('partial');
        expect(failed.recovery?.detail).toMatch(
          /^fills between 14:36:30 and 14:36:40 UTC may be missing \(the execution list failed: retCode 10002: .* \(3 attempts\)\); recovered: 0 new fill\(s\), 0 order update\(s\)$/,
        );
      }
    }
    // Nothing more is asked once it is over.
    expect(h.heartbeat(h.now + 10_000).requests).toBeUndefined();
  });

  it('both lists unreachable: none, with the reason; an HTTP error names what the relay said', () => {
    const h = keyringHarness();
    h.recover(GAP, LIVE_AGAIN);
    let last;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const pending = h.outputs.flatMap((o) => o.requests ?? []).slice(-2);
      h.respond(executionsOf(pending).id, { ok: false, error: 'keyring relay not reachable' });
      last = h.respond(ordersOf(pending).id, {
        ok: true,
        status: 502,
        body: '{"error":"CoinSwitch REST API did not answer"}',
      });
      if (attempt < MAX_ATTEMPTS) h.heartbeat(h.now + 10_000);
    }
    expect(last?.recovery).toEqual({
      recovered: 'none',
      detail:
        'fills and order changes between 14:36:30 and 14:36:40 UTC may be missing: the execution list failed: keyring relay not reachable (3 attempts); the order list failed: HTTP 502: CoinSwitch REST API did not answer (3 attempts)',
    });
  });

  it('a request never answered counts as failed after a while, and is asked again', () => {
    const h = keyringHarness();
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    h.respond(ordersOf(requests).id, ok(page([])));
    expect(h.heartbeat(LIVE_AGAIN + 10_000).requests).toBeUndefined();
    const late = h.heartbeat(LIVE_AGAIN + ANSWER_TIMEOUT_MS);
    expect(late.diagnostics?.error).toContain('no answer within 60 s; asking again in 5 s');
    expect(late.requests).toBeUndefined();
    expect(h.heartbeat(LIVE_AGAIN + ANSWER_TIMEOUT_MS + 2_000).requests).toBeUndefined();
    const again = executionsOf(h.heartbeat(LIVE_AGAIN + ANSWER_TIMEOUT_MS + 5_000).requests!);
    // The first request's answer, should it come now, is not the current one's.
    expect(h.respond(executionsOf(requests).id, ok(page([execution()]))).events).toEqual([]);
    expect(h.respond(again.id, ok(page([]))).recovery?.recovered).toBe('full');
  });

  it('an unreadable execution is counted and skipped, the rest of the page is used, and the gap is partial', () => {
    const h = keyringHarness();
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    const out = h.respond(
      executionsOf(requests).id,
      ok(page([execution({ execId: 'e-1' }), execution({ execId: 'e-2', execPrice: 108476.4 })])),
    );
    expect(h.fills(h.outputs.length - 1).map((f) => f.fillId)).toEqual(['e-1']);
    expect(out.diagnostics).toMatchObject({ malformed: 1 });
    const report = h.respond(ordersOf(requests).id, ok(page([]))).recovery;
    expect(report?.recovered).toBe('partial');
    expect(report?.detail).toContain('1 execution(s) in its answer could not be read');
  });

  it('a cursor that does not move ends the paging instead of looping', () => {
    const h = keyringHarness();
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    h.respond(ordersOf(requests).id, ok(page([])));
    const second = executionsOf(h.respond(executionsOf(requests).id, ok(page([], 'same'))).requests!);
    const out = h.respond(second.id, ok(page([], 'same')));
    expect(out.requests).toBeUndefined();
    expect(out.recovery?.recovered).toBe('partial');
    expect(out.recovery?.detail).toContain('CoinSwitch answered the same page cursor again');
  });

  it('a venue answer that echoes the credential never shows it', () => {
    const h = keyringHarness();
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    const echo = { retCode: 10003, retMsg: `api key ${API_KEY} with signature ${SIGNATURE} is invalid`, result: {} };
    const out = h.respond(executionsOf(requests).id, ok(echo));
    expect(out.diagnostics?.error).toContain('retCode 10003: api key [token] with signature [token] is invalid');
    // The harness checks every output for the key and the signature (outside the auth request); once more here.
    const shown = JSON.stringify(h.outputs.map(({ nats: _nats, ...rest }) => rest));
    expect(shown).not.toContain(API_KEY);
    expect(shown).not.toContain(SIGNATURE);
  });

  it('a new socket abandons the recovery its predecessor asked for; the lifecycle asks again once live', () => {
    const h = keyringHarness();
    const requests = h.recover(GAP, LIVE_AGAIN).requests!;
    h.closed(1006);
    h.openAndAuth(LIVE_AGAIN + 5_000);
    const stale = h.respond(executionsOf(requests).id, ok(page([execution()])));
    expect(stale).toEqual({ events: [], send: [] });
    const again = h.recover({ from: GAP.from, to: LIVE_AGAIN + 5_100 }, LIVE_AGAIN + 5_100).requests!;
    expect(executionsOf(again).query?.startTime).toBe(String(GAP.from - CLOCK_SKEW_MARGIN_MS));
  });
});

describe('recovery after a gap, pasted triple (no keyring)', () => {
  it('has no REST the browser can sign: the gap is none, saying why and what recovers it', () => {
    const h = new Harness();
    h.openAndAuth();
    const out = h.recover(GAP, LIVE_AGAIN);
    expect(out.requests).toBeUndefined();
    expect(out.recovery).toEqual({
      recovered: 'none',
      detail:
        'fills and order changes between 14:36:30 and 14:36:40 UTC may be missing: a pasted socket credential gives the browser no CoinSwitch REST access (the Ed25519 API secret stays with the keyring relay); a keyring connection recovers them',
    });
  });
});

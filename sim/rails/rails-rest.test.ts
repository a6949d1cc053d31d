import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  RailsCompletedOrdersPage,
  RailsOpenOrdersPage,
  RailsPositionsAnswer,
} from '../../src/venues/rails/rest-wire';
import { ManualScheduler } from '../core/clock';
import { num } from '../core/num';
import { RailsTestClient, startRails, type RailsUnderTest } from './test-support';

/** The account REST (rest.ts) against the ledger: real HTTP, virtual time, pages of 3. */

let sim: RailsUnderTest;
let clock: ManualScheduler;
const PAGE = 3;

beforeEach(async () => {
  clock = new ManualScheduler();
  sim = await startRails({ scheduler: clock, tuning: { restPageSize: PAGE } });
  // About 130 account actions (30 ms apart on average): fills on every market, open orders, positions.
  clock.advance(4_000);
  sim.core.pause();
});

afterEach(async () => {
  await sim.stop();
});

const base = () => sim.rails.restUrl!;

/** The keys of the first entry of a documented answer (src/venues/rails/fixtures, copied from docs.rails.xyz). */
function documentedKeys(name: string, list: string): string[] {
  const url = new URL(`../../src/venues/rails/fixtures/${name}.json`, import.meta.url);
  const answer = JSON.parse(readFileSync(url, 'utf8')) as Record<string, Record<string, unknown>[]>;
  return Object.keys(answer[list]![0]!).sort();
}

describe('the answers have the documented shapes', () => {
  it('completed-orders rows, open orders and positions carry the documented fields', async () => {
    const fills = await get<RailsCompletedOrdersPage>('/api/v1/completed-orders');
    // The latest revision; the simulator's rows have no transactionHash (no chain behind it).
    const documented = documentedKeys('rest-completed-orders.documented', 'completedOrders').filter(
      (k) => k !== 'transactionHash',
    );
    for (const row of fills.completedOrders) expect(Object.keys(row).sort()).toEqual(documented);
    const open = await get<RailsOpenOrdersPage>('/api/v1/open-orders');
    const orderKeys = documentedKeys('rest-open-orders.documented', 'openOrders');
    // clientRequestId: the simulator takes no orders, so none has one; avgFillPrice: only once filled [guess].
    for (const o of open.openOrders) for (const key of Object.keys(o)) expect(orderKeys).toContain(key);
    const positions = await get<RailsPositionsAnswer>('/api/v1/positions');
    for (const p of positions.positions)
      expect(Object.keys(p).sort()).toEqual(documentedKeys('rest-positions.documented', 'positions'));
  });
});
const bearer = (token = sim.rails.credential('valid').token) => ({ Authorization: `Bearer ${token}` });

async function get<T>(path: string, query: Record<string, string> = {}, headers = bearer()): Promise<T> {
  const response = await fetch(`${base()}${path}?${new URLSearchParams(query).toString()}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Every page, following `last`; checks the page size on the way. */
async function allPages<T extends { last?: string }>(
  path: string,
  items: (page: T) => unknown[],
  query: Record<string, string> = {},
): Promise<{ rows: unknown[]; pages: number }> {
  const rows: unknown[] = [];
  let pages = 0;
  let start: string | undefined;
  for (;;) {
    const page = await get<T>(path, start === undefined ? query : { ...query, start });
    pages++;
    const got = items(page);
    expect(got.length).toBeLessThanOrEqual(PAGE);
    // A full page carries the key of its last row; a short page ends the read.
    expect(page.last !== undefined).toBe(got.length === PAGE);
    rows.push(...got);
    if (page.last === undefined) return { rows, pages };
    start = page.last;
  }
}

describe('GET /api/v1/completed-orders', () => {
  it('pages through every fill of the account, all markets, newest first, with the stream ids', async () => {
    const ledger = sim.rails.ledger();
    expect(ledger.fills.length).toBeGreaterThan(2 * PAGE);
    expect(new Set(ledger.fills.map((f) => f.symbol)).size).toBeGreaterThan(1);
    const { rows, pages } = await allPages<RailsCompletedOrdersPage>(
      '/api/v1/completed-orders',
      (p) => p.completedOrders,
    );
    expect(pages).toBeGreaterThan(2);
    const got = rows as RailsCompletedOrdersPage['completedOrders'];
    expect(got.map((r) => `${r.orderId}:${r.matchId}`).sort()).toEqual(ledger.fills.map((f) => f.fillId).sort());
    const times = got.map((r) => Number(r.filledAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const orders = new Map(ledger.orders.map((o) => [o.orderId, o]));
    for (const row of got) {
      const truth = ledger.fills.find((f) => f.fillId === `${row.orderId}:${row.matchId}`)!;
      expect(row).toMatchObject({
        market: truth.symbol,
        orderType: truth.side,
        executionType: truth.liquidity,
        price: truth.price,
        quantity: truth.quantity,
        fees: truth.fee,
        tradeType: orders.get(row.orderId)?.type,
        filledAt: truth.time,
      });
      expect(Object.keys(row)).not.toContain('leverage');
    }
    // "complete" exactly for the execution that filled its order.
    const completing = got.filter((r) => r.fillType === 'complete').map((r) => r.orderId);
    expect(completing.sort()).toEqual(
      ledger.orders
        .filter((o) => o.status === 'filled')
        .map((o) => o.orderId)
        .sort(),
    );
  });

  it('keeps to startDate and endDate (inclusive, ms)', async () => {
    const ledger = sim.rails.ledger();
    const times = ledger.fills.map((f) => f.time).sort((a, b) => a - b);
    const from = times[Math.floor(times.length / 3)]!;
    const to = times[Math.floor((2 * times.length) / 3)]!;
    const { rows } = await allPages<RailsCompletedOrdersPage>('/api/v1/completed-orders', (p) => p.completedOrders, {
      startDate: String(from),
      endDate: String(to),
    });
    const expected = ledger.fills.filter((f) => f.time >= from && f.time <= to).map((f) => f.fillId);
    expect(
      (rows as RailsCompletedOrdersPage['completedOrders']).map((r) => `${r.orderId}:${r.matchId}`).sort(),
    ).toEqual(expected.sort());
  });

  it('a page key stays valid while the account keeps trading: later fills never shift the pages', async () => {
    const first = await get<RailsCompletedOrdersPage>('/api/v1/completed-orders');
    sim.core.resume();
    clock.advance(2_000);
    sim.core.pause();
    const second = await get<RailsCompletedOrdersPage>('/api/v1/completed-orders', { start: first.last! });
    const firstIds = new Set(first.completedOrders.map((r) => r.matchId));
    expect(second.completedOrders.some((r) => firstIds.has(r.matchId))).toBe(false);
    const lastTime = Number(first.completedOrders.at(-1)!.filledAt);
    for (const row of second.completedOrders) expect(Number(row.filledAt)).toBeLessThanOrEqual(lastTime);
  });
});

describe('GET /api/v1/open-orders', () => {
  it('pages through the open orders of one market, as the orders stream shows them', async () => {
    const ledger = sim.rails.ledger();
    const open = ledger.orders.filter((o) => o.status === 'open' || o.status === 'partially_filled');
    expect(open.length).toBeGreaterThan(0);
    for (const market of ['BTC-USDT', 'ETH-USDT', 'SOL-USDT']) {
      const { rows } = await allPages<RailsOpenOrdersPage>('/api/v1/open-orders', (p) => p.openOrders, { market });
      const got = rows as RailsOpenOrdersPage['openOrders'];
      const truth = open.filter((o) => o.symbol === market);
      expect(got.map((o) => o.orderId).sort()).toEqual(truth.map((o) => o.orderId).sort());
      for (const o of got) {
        const t = truth.find((x) => x.orderId === o.orderId)!;
        expect(o.market).toBe(market);
        expect(o.orderType).toBe(t.side);
        expect(o.filledQuantity).toBe(t.filledQuantity);
        // quantity is the REMAINING quantity.
        expect(num(o.quantity!).plus(o.filledQuantity!).eq(t.quantity)).toBe(true);
        expect(o.orderStatus).toBe(t.status === 'open' ? 'active' : 'partiallyFilled');
        expect(o.leverage).toMatch(/^\d+$/);
      }
    }
  });

  it('without a market: every market', async () => {
    const { rows } = await allPages<RailsOpenOrdersPage>('/api/v1/open-orders', (p) => p.openOrders);
    const open = sim.rails.ledger().orders.filter((o) => o.status === 'open' || o.status === 'partially_filled');
    expect((rows as RailsOpenOrdersPage['openOrders']).map((o) => o.orderId).sort()).toEqual(
      open.map((o) => o.orderId).sort(),
    );
  });
});

describe('GET /api/v1/positions', () => {
  it('answers the ledger positions, quantity unsigned with LONG or SHORT', async () => {
    const ledger = sim.rails.ledger();
    expect(ledger.positions.length).toBeGreaterThan(0);
    const all = await get<RailsPositionsAnswer>('/api/v1/positions');
    expect(all.positions.map((p) => p.market).sort()).toEqual(ledger.positions.map((p) => p.symbol).sort());
    for (const p of all.positions) {
      const t = ledger.positions.find((x) => x.symbol === p.market)!;
      const signed = p.type === 'SHORT' ? num(p.quantity).neg() : num(p.quantity);
      expect(signed.eq(t.quantity)).toBe(true);
      expect(p).toMatchObject({
        realizedPnl: t.realizedPnl,
        unrealizedPnl: t.unrealizedPnl,
        funding: t.fundingFee,
        liquidationPrice: t.liquidationPrice,
      });
    }
    const one = ledger.positions[0]!.symbol;
    expect(
      (await get<RailsPositionsAnswer>('/api/v1/positions', { market: one })).positions.map((p) => p.market),
    ).toEqual([one]);
  });
});

describe('the account REST checks the bearer JWT like the WebSocket', () => {
  const paths = ['/api/v1/completed-orders', '/api/v1/open-orders', '/api/v1/positions'];

  it.each(paths)('%s: no token, a forged token and an expired one are refused with 401', async (path) => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'invalid token'],
      [{ Authorization: 'Basic abc' }, 'invalid token'],
      [bearer(sim.rails.credential('invalid').token), 'invalid token'],
      [bearer(sim.rails.credential('expired').token), 'token expired'],
    ];
    for (const [headers, error] of cases) {
      const response = await fetch(`${base()}${path}`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error });
    }
  });

  it('the token that opens the WebSocket reads the REST; CORS lets a page send the header', async () => {
    const token = sim.rails.credential('valid').token;
    const client = await RailsTestClient.connect(sim.wsUrl('BTC-USDT'), token);
    client.close();
    expect((await get<RailsPositionsAnswer>('/api/v1/positions', {}, bearer(token))).positions).toBeDefined();
    const preflight = await fetch(`${base()}/api/v1/open-orders`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('refuses bad parameters (400) and other methods (405)', async () => {
    const ask = (query: string, method = 'GET') =>
      fetch(`${base()}/api/v1/completed-orders?${query}`, { method, headers: bearer() });
    expect((await ask('startDate=yesterday')).status).toBe(400);
    expect((await ask('start=nonsense')).status).toBe(400);
    expect((await ask('', 'POST')).status).toBe(405);
    const market = await fetch(`${base()}/api/v1/open-orders?market=DOGE-USDT`, { headers: bearer() });
    expect(market.status).toBe(400);
    expect(await market.json()).toEqual({ error: 'unknown market: DOGE-USDT' });
  });
});

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VenueLedger } from '../shared/front-end';
import type { WsTestClient } from '../testing/ws-test-client';
import { Num, text } from '../core/num';
import { waitUntil } from '../testing/wait';
import { TRADE_STATE } from '../../src/venues/scaletrade/wire';
import { HISTORY_PATH, HISTORY_STRUCTURE } from './rest';
import { SCALETRADE_DEMO_PASSWORD } from './server';
import { arrays, flush, startRig, switched, type ScaletradeRig } from './test-support';

/**
 * The trade history the front end serves (rest.ts), against the ledger: the random trader runs with
 * nobody connected (the account keeps trading while a client is away), then the history must list
 * exactly the ledger's closed tickets and deleted pending orders, and the account state after
 * account.switch exactly the open ones.
 */
let rig: ScaletradeRig;
let ledger: VenueLedger;
let token: string;
const clients: WsTestClient[] = [];
const d = (v: unknown) => text(new Num(v as string));
type History = { structure: string[]; rows: (string | number)[][] };

function historyUrl(params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `${rig.server.restUrl}${HISTORY_PATH}?${query}`;
}

async function getHistory(params: Record<string, string | number>, authorization = token) {
  const res = await fetch(historyUrl(params), { headers: { Authorization: authorization } });
  return { status: res.status, body: (await res.json()) as History & { error?: string; message?: string } };
}

/** A GET with a JSON body, as the docs list the parameters (fetch cannot send one). */
function getWithBody(body: unknown): Promise<{ status: number; body: History }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${rig.server.restUrl}${HISTORY_PATH}`, {
      method: 'GET',
      headers: { Authorization: token, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as History }),
      );
    });
    req.on('error', reject);
    req.end(text);
  });
}

const column = (h: History, name: string) => h.structure.indexOf(name);
const cell = (h: History, row: (string | number)[], name: string) => row[column(h, name)];

beforeAll(async () => {
  rig = await startRig({}, { activityMs: 15 }, true);
  token = rig.server.credential('valid').token;
  rig.core.resume();
  await waitUntil(
    () => {
      const l = rig.server.ledger();
      return (
        l.fills.filter((f) => f.fillId.endsWith(':close')).length >= 40 &&
        l.orders.filter((o) => o.status === 'canceled').length >= 3 &&
        l.orders.filter((o) => o.status === 'filled').length >= 2
      );
    },
    60_000,
    'closes, cancels and activations with nobody connected',
  );
  rig.core.pause();
  ledger = rig.server.ledger();
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await rig.stop();
});

describe('GET /trades/history/login (the Client REST trade history) vs the ledger', () => {
  it('lists every closed ticket and deleted pending order, in the documented structure', async () => {
    const { status, body } = await getHistory({ login: 2000009, from: 0, to: 4_000_000_000 });
    expect(status).toBe(200);
    expect(body.structure).toEqual([...HISTORY_STRUCTURE]);
    for (const row of body.rows) expect(row).toHaveLength(HISTORY_STRUCTURE.length);

    const closes = ledger.fills.filter((f) => f.fillId.endsWith(':close'));
    const closedRows = body.rows.filter((r) => Number(cell(body, r, 'cmd')) < 2);
    const fromRows = closedRows.map((r) => ({
      order: String(cell(body, r, 'order')),
      side: Number(cell(body, r, 'cmd')) === 0 ? 'sell' : 'buy', // the close is the opposite side
      quantity: d(String(Number(cell(body, r, 'volume')) / 100)),
      price: d(String(cell(body, r, 'close_price'))),
      profit: d(String(cell(body, r, 'profit'))),
      time: Number(cell(body, r, 'close_time')) * 1000,
      state: cell(body, r, 'state'),
    }));
    const fromLedger = closes.map((f) => ({
      order: f.orderId,
      side: f.side,
      quantity: d(f.quantity),
      price: d(f.price),
      profit: d(f.realizedPnl),
      time: f.time,
      state: TRADE_STATE.CLOSED,
    }));
    expect(fromRows).toEqual(fromLedger);

    const deleted = body.rows
      .filter((r) => Number(cell(body, r, 'cmd')) >= 2)
      .map((r) => String(cell(body, r, 'order')));
    expect(deleted.sort()).toEqual(
      ledger.orders
        .filter((o) => o.status === 'canceled')
        .map((o) => o.orderId)
        .sort(),
    );
    // An activated pending order is never a deleted row: once closed, it is the market ticket it became.
    for (const o of ledger.orders.filter((x) => x.status === 'filled')) expect(deleted).not.toContain(o.orderId);
  });

  it('keeps to the window (whole seconds, both ends inclusive), and reads the parameters from a JSON body too', async () => {
    const all = (await getHistory({ login: 2000009, from: 0, to: 4_000_000_000 })).body;
    const times = all.rows.map((r) => Number(cell(all, r, 'close_time')));
    const middle = times[Math.floor(times.length / 2)]!;
    const { body } = await getHistory({ login: 2000009, from: middle, to: middle });
    expect(body.rows).toEqual(all.rows.filter((r) => Number(cell(all, r, 'close_time')) === middle));
    const after = (await getHistory({ login: 2000009, from: middle + 1, to: 4_000_000_000 })).body;
    expect(after.rows).toEqual(all.rows.filter((r) => Number(cell(all, r, 'close_time')) > middle));
    const viaBody = await getWithBody({ login: 2000009, from: middle, to: middle });
    expect(viaBody).toEqual({ status: 200, body });
  });

  it('checks the token exactly as documented (Authorization: <JWT>) and the parameters', async () => {
    const params = { login: 2000009, from: 0, to: 4_000_000_000 };
    const noAuth = await fetch(historyUrl(params));
    expect([noAuth.status, await noAuth.json()]).toEqual([401, { error: 'PERMISSION_DENIED' }]);
    expect((await getHistory(params, `Bearer ${token}`)).status).toBe(401);
    expect((await getHistory(params, rig.server.credential('expired').token)).status).toBe(401);
    expect((await getHistory(params, rig.server.credential('invalid').token)).status).toBe(401);
    expect((await getHistory(params, rig.server.unsupportedSessionToken())).status).toBe(401);
    expect(await getHistory({ ...params, login: 2000010 })).toEqual({
      status: 400,
      body: { error: 'INVALID_DATA', message: "login is not this session's" },
    });
    expect((await getHistory({ login: 2000009, from: 'x', to: 1 })).body.error).toBe('INVALID_DATA');
    expect((await getHistory({ login: 2000009, from: 10, to: 9 })).body).toEqual({
      error: 'INVALID_DATA',
      message: 'from is after to',
    });
    const preflight = await fetch(historyUrl(params), { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(historyUrl(params), { method: 'POST' })).status).toBe(405);
  });

  it('the documented sign-in gives a token the history accepts', async () => {
    const signIn = (body: unknown) =>
      fetch(`${rig.server.restUrl}/sign/in`, { method: 'POST', body: JSON.stringify(body) });
    const ok = await signIn({ login: 2000009, password: SCALETRADE_DEMO_PASSWORD });
    const profile = (await ok.json()) as { login: number; currency: string; __token: string };
    expect([ok.status, profile.login, profile.currency]).toEqual([200, 2000009, 'USD']);
    expect((await getHistory({ login: 2000009, from: 0, to: 1 }, profile.__token)).status).toBe(200);
    expect((await signIn({ login: 2000009, password: 'wrong-password' })).status).toBe(403);
    expect((await signIn({ login: '2000009', password: 'short' })).status).toBe(400);
  });

  it('the account state after account.switch lists exactly the tickets open now', async () => {
    const { client, marker } = await switched(rig, clients);
    await flush(client);
    const open = arrays(client, 'o').filter((a) => Number(a[12]) === TRADE_STATE.OPEN);
    expect((marker.json as { tickets: number }).tickets).toBe(open.length);
    const netLots = new Map<string, Num>();
    for (const a of open.filter((x) => Number(x[4]) < 2)) {
      const signed = new Num(Number(a[5]) / 100).mul(Number(a[4]) === 0 ? 1 : -1);
      netLots.set(String(a[3]), (netLots.get(String(a[3])) ?? new Num(0)).plus(signed));
    }
    expect(Object.fromEntries([...netLots].filter(([, q]) => !q.isZero()).map(([s, q]) => [s, text(q)]))).toEqual(
      Object.fromEntries(ledger.positions.map((p) => [p.symbol, d(p.quantity)])),
    );
    const pending = open.filter((x) => Number(x[4]) >= 2).map((x) => String(x[1]));
    expect(pending.sort()).toEqual(
      ledger.orders
        .filter((o) => o.status === 'open')
        .map((o) => o.orderId)
        .sort(),
    );
  });
});

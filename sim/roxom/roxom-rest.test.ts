import { sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { VenueLedger } from '../shared/front-end';
import { num, text } from '../core/num';
import type { RoxomCredential } from './server';
import { RoxomTestClient, loose, startRoxom, type RoxomUnderTest } from './test-support';

/**
 * The Roxom front end's account REST (rest.ts) against its own ledger, over real HTTP: what the keyring
 * relay forwards for the dashboard's reconciliation. Requests are signed here exactly as the relay signs
 * them: base64 RSA PKCS#1 v1.5 SHA-256 of `GET:<path>?<query>`.
 */

let sim: RoxomUnderTest;
let credential: RoxomCredential;
let base: string;
let ledger: VenueLedger;

beforeAll(async () => {
  sim = await startRoxom({ run: false });
  credential = sim.roxom.credential('valid');
  base = sim.roxom.restUrl ?? '';
  sim.core.start();
  const deadline = Date.now() + 20_000;
  const busy = (l: VenueLedger) =>
    l.fills.length >= 10 &&
    l.positions.length > 0 &&
    l.orders.some((o) => o.status === 'canceled') &&
    l.orders.some((o) => o.status === 'open' || o.status === 'partially_filled');
  while (!busy(sim.roxom.ledger()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  sim.core.pause();
  ledger = sim.roxom.ledger();
}, 30_000);
afterAll(async () => {
  await sim.stop();
});

function signature(target: string, pem = credential.privateKeyPem): string {
  return sign('sha256', Buffer.from(`GET:${target}`, 'utf8'), pem).toString('base64');
}

/** GET with the relay's headers; `target` is the path with its query, exactly as signed. */
async function get(
  target: string,
  headers: Record<string, string> = { 'X-API-Key': credential.apiKey, 'X-API-Signature': signature(target) },
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${target}`, { headers });
  const body = await response.text();
  return { status: response.status, text: body, json: JSON.parse(body) as Record<string, unknown> };
}

type Row = Record<string, unknown>;
const data = (r: { json: Row }): Row => r.json.data as Row;

describe('Roxom REST: orders', () => {
  it('lists every order with includeClosed=true, the ledger exactly (ids, quantities, executed, average, fees)', async () => {
    const answer = await get('/api/v1/orders?instType=perpetual&includeClosed=true');
    expect(answer.status).toBe(200);
    expect(answer.json.error).toBe(false);
    const orders = data(answer).orders as Row[];
    expect(orders.map((o) => o.id).sort()).toEqual(ledger.orders.map((o) => o.orderId).sort());
    for (const l of ledger.orders) {
      const o = orders.find((x) => x.id === l.orderId) as Row;
      expect(o.symbol).toBe(l.symbol);
      expect(o.side).toBe(l.side);
      expect(o.qty).toBe(l.quantity);
      expect(o.amountFilled).toBe(l.filledQuantity);
      expect(o.avgPx).toBe(l.averagePrice ?? '0');
      const fees = ledger.fills.filter((f) => f.orderId === l.orderId).reduce((s, f) => s.plus(f.fee), num(0));
      expect(o.filledFees).toBe(text(fees));
      const status = {
        open: 'submitted',
        partially_filled: 'partiallyfilled',
        filled: 'filled',
        canceled: num(l.filledQuantity).gt(0) ? 'partiallyfilledcancelled' : 'cancelled',
      }[l.status];
      expect(o.status).toBe(status);
    }
    // ns times are bare integers beyond 2^53 (never through a JS number).
    expect(answer.text).toMatch(/"createdAt":\d{19}[,}]/);
  });

  it('without includeClosed, only open orders; symbol filters', async () => {
    const open = data(await get('/api/v1/orders?instType=perpetual')).orders as Row[];
    const ledgerOpen = ledger.orders.filter((o) => o.status === 'open' || o.status === 'partially_filled');
    expect(open.map((o) => o.id).sort()).toEqual(ledgerOpen.map((o) => o.orderId).sort());
    const symbol = ledger.orders[0]?.symbol ?? '';
    const one = data(await get(`/api/v1/orders?instType=perpetual&includeClosed=true&symbol=${symbol}`))
      .orders as Row[];
    expect(one.length).toBe(ledger.orders.filter((o) => o.symbol === symbol).length);
    expect(one.every((o) => o.symbol === symbol)).toBe(true);
  });

  it('one order with its executions: one entry per ledger fill, summing to amountFilled, exact prices and fees', async () => {
    const filled = ledger.orders.filter((o) => ledger.fills.some((f) => f.orderId === o.orderId));
    expect(filled.length).toBeGreaterThan(0);
    for (const l of filled.slice(0, 8)) {
      const order = data(await get(`/api/v1/orders/${l.orderId}?unit=btc`)).order as Row;
      const fills = order.fills as Row[];
      const mine = ledger.fills.filter((f) => f.orderId === l.orderId);
      expect(fills.map((f) => [f.qty, f.px, f.fee])).toEqual(mine.map((f) => [f.quantity, f.price, f.fee]));
      expect(text(fills.reduce((s, f) => s.plus(f.qty as string), num(0)))).toBe(l.filledQuantity);
      // The cumulative quantity after each execution names the ledger's fill (the adapter's fill id).
      let cumulative = num(0);
      fills.forEach((f, i) => {
        cumulative = cumulative.plus(f.qty as string);
        expect(`${l.orderId}:${text(cumulative)}`).toBe(mine[i]?.fillId);
      });
      expect(new Set(fills.map((f) => f.id)).size).toBe(fills.length);
    }
    expect((await get('/api/v1/orders/0198f642-0aa0-71b2-a9c3-000000000000')).status).toBe(404);
  });

  it('unit=sats moves prices and BTC amounts by 10^8, quantities unchanged', async () => {
    const l = ledger.orders.find((o) => o.averagePrice !== undefined);
    if (!l) throw new Error('no executed order');
    const sats = data(await get(`/api/v1/orders/${l.orderId}?unit=sats`)).order as Row;
    expect(sats.avgPx).toBe(text(num(l.averagePrice as string).mul(100_000_000)));
    expect(sats.qty).toBe(l.quantity);
  });
});

describe('Roxom REST: positions and balance', () => {
  it('positions: the ledger positions (signed by side), entry price and realized PnL; sats by default, as documented', async () => {
    const btc = data(await get('/api/v1/positions?instType=perpetual&unit=btc')).positions as Row[];
    expect(btc.map((p) => p.symbol).sort()).toEqual(ledger.positions.map((p) => p.symbol).sort());
    for (const l of ledger.positions) {
      const p = btc.find((x) => x.symbol === l.symbol) as Row;
      const signed = p.side === 'short' ? num(p.size as string).negated() : num(p.size as string);
      expect(text(signed)).toBe(text(num(l.quantity)));
      expect(p.avgEntry).toBe(l.entryPrice);
      expect(p.realizedPnl).toBe(l.realizedPnl);
      expect(p.id).toBe(l.positionId);
    }
    const sats = data(await get('/api/v1/positions?instType=perpetual')).positions as Row[];
    expect(sats[0]?.avgEntry).toBe(text(num(btc[0]?.avgEntry as string).mul(100_000_000)));
  });

  it('balance: current = the wallet, available = free, lockedInOrders = locked (BTC)', async () => {
    const balance = data(await get('/api/v1/accounts/balance?unit=btc'));
    const row = (balance.balances as Row[])[0] as Row;
    const l = ledger.balances[0];
    expect(row).toMatchObject({ asset: 'BTC', current: l?.total, available: l?.free, lockedInOrders: l?.locked });
    expect(typeof balance.lastUpdated).toBe('number');
  });
});

describe('Roxom REST: authentication and refusals', () => {
  const target = '/api/v1/orders?instType=perpetual&includeClosed=true';

  it('refuses a missing, foreign, path-only or WebSocket signature (401), and unknown keys', async () => {
    expect((await get(target, {})).status).toBe(401);
    const foreign = sim.roxom.credential('invalid').privateKeyPem;
    expect(
      (await get(target, { 'X-API-Key': credential.apiKey, 'X-API-Signature': signature(target, foreign) })).status,
    ).toBe(401);
    // The query is part of what is signed.
    expect(
      (await get(target, { 'X-API-Key': credential.apiKey, 'X-API-Signature': signature('/api/v1/orders') })).status,
    ).toBe(401);
    expect((await get(target, { 'X-API-Key': credential.apiKey, 'X-API-Signature': signature('/ws') })).status).toBe(
      401,
    );
    expect((await get(target, { 'X-API-Key': 'rx-someone-else', 'X-API-Signature': signature(target) })).status).toBe(
      401,
    );
    const refused = await get(target, {});
    expect(refused.json).toMatchObject({ error: true, code: '600010' });
  });

  it('answers 400 without instType or with an unknown unit, 404 elsewhere, 405 to anything but GET', async () => {
    expect((await get('/api/v1/orders')).status).toBe(400);
    expect((await get('/api/v1/accounts/balance?unit=usd')).status).toBe(400);
    expect((await get('/api/v1/fills')).status).toBe(404);
    const post = await fetch(`${base}/api/v1/orders`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});

describe('Roxom front end: repeated subscriptions and refusals at the upgrade', () => {
  it('a repeated subscription is acknowledged again without re-sending the channels state', async () => {
    const client = await RoxomTestClient.signed(credential);
    const subscribe = '{"op":"subscribe","args":[{"channel":"orders"},{"channel":"positions"},{"channel":"balance"}]}';
    client.socket.send(subscribe);
    await client.waitFor((f) => f.event === 'subscribe');
    await client.flush();
    const after = client.frames.length;
    expect(client.frames.some((f) => loose(f).type === 'balance')).toBe(true);
    client.socket.send(subscribe);
    await client.waitFor((f) => f.event === 'subscribe', after);
    await client.flush();
    expect(client.frames.slice(after).map((f) => loose(f).event ?? loose(f).type)).toEqual(['subscribe']);
    client.close();
  });

  it('authRejection "http": a refused credential is answered 401 at the upgrade', async () => {
    const strict = await startRoxom({ run: false, tuning: { authRejection: 'http' } });
    try {
      const bad = strict.roxom.credential('invalid');
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(bad.url, {
          headers: {
            'X-API-Key': bad.apiKey,
            'X-API-Signature': sign('sha256', Buffer.from('GET:/ws'), bad.privateKeyPem).toString('base64'),
          },
        });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => reject(new Error('opened')));
        socket.on('error', () => undefined);
      });
      expect(status).toBe(401);
      strict.roxom.fault({ venue: 'roxom', fault: 'reject-auth' });
      const good = await RoxomTestClient.signed(strict.roxom.credential('valid')).catch((e: Error) => e);
      expect(good).toBeInstanceOf(Error);
    } finally {
      await strict.stop();
    }
  });
});

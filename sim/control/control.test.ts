import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../index';
import { startTestSimulator } from '../testing/sim-for-tests';
import { WsTestClient } from '../testing/ws-test-client';
import { waitUntil } from '../testing/wait';

let sim: Simulator;

async function call(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${sim.control}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

const post = (path: string, body?: unknown) =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  sim = await startTestSimulator();
  await waitUntil(() => sim.ledger('zdex').fills.length > 3, 10_000, 'some fills');
});

afterAll(async () => {
  await sim.stop();
});

describe('control API', () => {
  it('GET /control/health answers with CORS open', async () => {
    const res = await call('/control/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, venues: ['coinswitch', 'rails', 'roxom', 'scaletrade', 'zdex'] });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(sim.urls.control).toBe(sim.control);
    expect(sim.urls.zdex).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
  });

  it('answers CORS preflight', async () => {
    const res = await call('/control/fault', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('GET /control/ledger returns the ground truth with decimals as strings', async () => {
    const res = await call('/control/ledger?venue=zdex');
    expect(res.status).toBe(200);
    const ledger = res.body as unknown as ReturnType<Simulator['ledger']>;
    expect(ledger.venue).toBe('zdex');
    expect(ledger.accountId).toMatch(/^clx/);
    expect(ledger.fills.length).toBeGreaterThan(0);
    for (const f of ledger.fills) {
      expect(f).toMatchObject({
        fillId: expect.any(String),
        orderId: expect.stringMatching(/^\d+$/),
        side: expect.stringMatching(/^(buy|sell)$/),
      });
      expect(typeof f.price).toBe('string');
      expect(typeof f.quantity).toBe('string');
      expect(typeof f.fee).toBe('string');
      expect(['maker', 'taker']).toContain(f.liquidity);
      expect(typeof f.time).toBe('number');
    }
    for (const o of ledger.orders) {
      expect(['open', 'partially_filled', 'filled', 'canceled']).toContain(o.status);
      expect(['limit', 'market']).toContain(o.type);
      expect(typeof o.quantity).toBe('string');
      expect(typeof o.filledQuantity).toBe('string');
    }
    expect(ledger.balances[0]).toMatchObject({
      asset: 'USDT',
      total: expect.any(String),
      free: expect.any(String),
      locked: expect.any(String),
    });
    expect(Object.keys(ledger.marks).sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  it('GET /control/tokens hands out valid, expired and badly signed JWTs', async () => {
    const tokens = {
      valid: (await call('/control/tokens?venue=zdex')).body.token,
      expired: (await call('/control/tokens?venue=zdex&expired=1')).body.token,
      invalid: (await call('/control/tokens?venue=zdex&invalid=1')).body.token,
    };
    const outcomes: Record<string, string> = {};
    for (const [variant, token] of Object.entries(tokens)) {
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const client = await WsTestClient.connect(sim.urls.zdex);
      client.send({ action: 'auth', token });
      const reply = await client.waitFor((f) => f.event === 'authenticated' || f.event === 'error');
      outcomes[variant] = String((reply.json as { event: string; message?: string }).message ?? 'authenticated');
      client.close();
    }
    expect(outcomes).toEqual({
      valid: 'authenticated',
      expired: 'Authentication failed: token expired',
      invalid: 'Authentication failed: invalid token',
    });
    const claims = JSON.parse(Buffer.from(String(tokens.valid).split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
      exp: number;
    };
    expect(claims.sub).toBe(sim.ledger('zdex').accountId);
    expect(claims.exp * 1000 - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
  });

  it('POST /control/pause and /control/resume stop and restart account activity', async () => {
    expect((await post('/control/pause')).body).toEqual({ ok: true, paused: true });
    expect((await call('/control/health')).body.paused).toBe(true);
    const frozen = sim.ledger('zdex');
    // Several activity periods (30 ms) and price ticks (20 ms) pass: waiting on the server's marks moving.
    const client = await WsTestClient.connect(sim.urls.zdex);
    client.send({ action: 'subscribe', channel: 'markprice', symbol: 'BTCUSDT' });
    await client.until(
      () =>
        client.frames.filter(
          (f) =>
            (f.json as { channel?: string; event?: string }).channel === 'markprice' &&
            !(f.json as { event?: string }).event,
        ).length >= 2,
    );
    client.close();
    const still = sim.ledger('zdex');
    expect(still.orders).toEqual(frozen.orders);
    expect(still.fills).toEqual(frozen.fills);
    expect((await post('/control/resume')).body).toEqual({ ok: true, paused: false });
    await waitUntil(() => sim.ledger('zdex').orders.length > frozen.orders.length, 10_000, 'new orders after resume');
  });

  it('POST /control/fault applies a fault and validates its input', async () => {
    const ok = await post('/control/fault', { venue: 'zdex', fault: 'duplicate', count: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, venue: 'zdex', fault: 'duplicate', count: 1 });
    expect((await post('/control/fault', { venue: 'zdex', fault: 'explode' })).status).toBe(400);
    expect((await post('/control/fault', { venue: 'zdex', fault: 'stall', durationMs: -5 })).status).toBe(400);
    expect((await call('/control/fault', { method: 'POST', body: '{oops' })).status).toBe(400);
    const unknown = await post('/control/fault', { venue: 'nowhere', fault: 'drop' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('unknown venue');
  });

  it('POST /control/restart restarts a venue server (CoinSwitch: nats-server; ZDEX: its WebSocket server on the same port)', async () => {
    const ok = await post('/control/restart?venue=coinswitch');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, venue: 'coinswitch', restarted: true });
    // A client sees the restart as a close (1012 service restart), and connects again to the same URL.
    const client = await WsTestClient.connect(sim.urls.zdex);
    const fillsBefore = sim.ledger('zdex').fills.length;
    const zdex = await post('/control/restart?venue=zdex');
    expect(zdex.body).toEqual({ ok: true, venue: 'zdex', restarted: true });
    await waitUntil(() => client.closed !== null, 5_000, 'the close');
    expect(client.closed?.code).toBe(1012);
    const again = await WsTestClient.connect(sim.urls.zdex);
    again.socket.close();
    // The account traded on meanwhile (activity is not the front end's).
    await waitUntil(() => sim.ledger('zdex').fills.length > fillsBefore, 10_000, 'fills after the restart');
    expect((await post('/control/restart?venue=nowhere')).status).toBe(404);
  });

  it('answers 404 for unknown venues and routes', async () => {
    expect((await call('/control/ledger?venue=nowhere')).status).toBe(404);
    expect((await call('/control/tokens?venue=nowhere')).status).toBe(404);
    expect((await call('/control/nothing')).status).toBe(404);
    expect((await call('/control/pause')).status).toBe(404); // GET: only POST pauses
  });
});

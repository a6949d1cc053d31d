import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WsTestClient } from '../testing/ws-test-client';
import {
  arrays,
  connect,
  eventOf,
  flush,
  markerOf,
  next,
  startRig,
  switched,
  type ScaletradeRig,
} from './test-support';

let rig: ScaletradeRig;
let clients: WsTestClient[] = [];

beforeAll(async () => {
  rig = await startRig();
});

afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
});

afterAll(async () => {
  await rig.stop();
});

function signIn(body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(rig.server.signInUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

async function authorized(token = rig.server.credential('valid').token): Promise<WsTestClient> {
  const client = await connect(rig, clients);
  client.send({ authorization: token });
  await next(client, (f) => eventOf(f) === 'authorization');
  return client;
}

describe('ScaleTrade sign-in (HTTP, same port)', () => {
  it('issues a one-day JWT for the demo login, which the WebSocket accepts', async () => {
    expect(rig.server.signInUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client-api\/auth\/sign-in$/);
    const res = await signIn({ login: 2000009, password: 'demo-2000009' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { token: string };
    expect(Object.keys(body)).toEqual(['token']);
    const claims = JSON.parse(Buffer.from(body.token.split('.')[1] ?? '', 'base64url').toString()) as {
      iat: number;
      exp: number;
      sub: string;
    };
    expect(claims.exp - claims.iat).toBe(24 * 3600);
    expect(claims.sub).toBe('2000009');
    const client = await authorized(body.token);
    expect(client.frames[0]?.json).toEqual({ event: 'authorization', success: true });
  });

  it('accepts the login as text too', async () => {
    expect((await signIn({ login: '2000009', password: 'demo-2000009' })).status).toBe(200);
  });

  it.each([
    [{ login: 2000009, password: 'wrong' }],
    [{ login: 2000010, password: 'demo-2000009' }],
    [{ login: 2000009 }],
  ])('answers 401 to %j', async (body) => {
    const res = await signIn(body);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'INVALID_CREDENTIALS' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 400 to a body that is not a JSON object, 404 elsewhere, and the CORS preflight', async () => {
    const bad = await fetch(rig.server.signInUrl, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'INVALID_REQUEST' });
    const other = await fetch(rig.server.signInUrl.replace('sign-in', 'refresh'), { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    const preflight = await fetch(rig.server.signInUrl, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect((await fetch(rig.server.signInUrl)).status).toBe(405);
  });
});

describe('ScaleTrade WebSocket authorization', () => {
  it('answers a valid token with success and sends nothing else on its own', async () => {
    const client = await authorized();
    await flush(client);
    expect(client.frames.map((f) => f.text)).toEqual(['{"event":"authorization","success":true}', 'pong']);
  });

  it.each(['invalid', 'expired'] as const)(
    'refuses an %s token with INVALID_TOKEN, then closes with 4401',
    async (variant) => {
      const client = await connect(rig, clients);
      client.send({ authorization: rig.server.credential(variant).token });
      expect(await client.waitForClose()).toEqual({ code: 4401, reason: 'INVALID_TOKEN' });
      expect(client.frames.map((f) => f.json)).toEqual([
        { event: 'authorization', success: false, error: 'INVALID_TOKEN' },
      ]);
    },
  );

  it.each([{ authorization: 'abc.def.ghi' }, { authorization: 42 }, { authorization: null }])(
    'refuses %j the same way',
    async (frame) => {
      const client = await connect(rig, clients);
      client.send(frame);
      expect(await client.waitForClose()).toEqual({ code: 4401, reason: 'INVALID_TOKEN' });
    },
  );

  it('refuses a valid token of another session type with UNSUPPORTED_SESSION', async () => {
    const client = await connect(rig, clients);
    client.send({ authorization: rig.server.unsupportedSessionToken() });
    expect(await client.waitForClose()).toEqual({ code: 4401, reason: 'UNSUPPORTED_SESSION' });
    expect(client.frames[0]?.json).toEqual({ event: 'authorization', success: false, error: 'UNSUPPORTED_SESSION' });
  });

  it('refuses account.switch and subscribe before authorization, keeping the socket open', async () => {
    const client = await connect(rig, clients);
    client.send({ event: 'account.switch', active_login: 2000009 });
    client.send({ event: 'subscribe', data: ['btcusd'] });
    await flush(client);
    expect(client.frames.slice(0, 2).map((f) => f.json)).toEqual([
      { event: 'account.switch', success: false, error: 'UNAUTHORIZED' },
      { event: 'subscribe', success: false, error: 'UNAUTHORIZED' },
    ]);
    expect(client.closed).toBeNull();
  });

  it('answers unknown events and bad JSON with an error frame', async () => {
    const client = await authorized();
    client.send({ event: 'dance' });
    client.socket.send('{not json');
    client.send({ event: 'subscribe', data: 'btcusd' });
    await flush(client);
    expect(client.frames.slice(1, 4).map((f) => f.json)).toEqual([
      { event: 'error', success: false, error: 'UNKNOWN_EVENT' },
      { event: 'error', success: false, error: 'INVALID_JSON' },
      { event: 'subscribe', success: false, error: 'INVALID_DATA' },
    ]);
  });
});

describe('ScaleTrade account.switch', () => {
  it('replies, then pushes one b, one o per open ticket and the account.state marker', async () => {
    const { client, marker } = await switched(rig, clients);
    const sw = client.frames.find((f) => eventOf(f) === 'account.switch');
    expect(sw?.json).toEqual({ event: 'account.switch', success: true, active_login: 2000009 });
    const between = client.frames.slice((sw?.seq ?? 0) + 1, marker.seq);
    expect(between.map(markerOf)[0]).toBe('b');
    expect(marker.json).toEqual({ event: 'account.state', login: 2000009, tickets: between.length - 1 });
  });

  it.each([
    { event: 'account.switch', login: 2000009 },
    { event: 'account.switch', data: { active_login: 2000009 } },
    { event: 'account.switch', active_login: '2000009' },
    { event: 'account.switch' },
  ])('accepts %j', async (frame) => {
    const client = await authorized();
    client.send(frame);
    await next(client, (f) => eventOf(f) === 'account.state');
    expect(client.frames.find((f) => eventOf(f) === 'account.switch')?.json).toEqual({
      event: 'account.switch',
      success: true,
      active_login: 2000009,
    });
  });

  it('refuses a login the token does not name with LOGIN_NOT_ALLOWED', async () => {
    const client = await authorized();
    client.send({ event: 'account.switch', active_login: 2000010 });
    client.send({ event: 'account.switch', active_login: 'abc' });
    await flush(client);
    const replies = client.frames.filter((f) => eventOf(f) === 'account.switch').map((f) => f.json);
    expect(replies).toEqual([
      { event: 'account.switch', success: false, error: 'LOGIN_NOT_ALLOWED' },
      { event: 'account.switch', success: false, error: 'LOGIN_NOT_ALLOWED' },
    ]);
    expect(client.frames.some((f) => markerOf(f) === 'b' || eventOf(f) === 'account.state')).toBe(false);
  });
});

describe('ScaleTrade quotes and heartbeat', () => {
  it('answers text ping with text pong, before and after authorization', async () => {
    const client = await connect(rig, clients);
    client.socket.send('ping');
    await next(client, (f) => f.text === 'pong');
    client.send({ authorization: rig.server.credential('valid').token });
    client.socket.send('ping');
    await client.until(() => client.frames.filter((f) => f.text === 'pong').length === 2);
    expect(client.frames.map((f) => f.text)).toEqual(['pong', '{"event":"authorization","success":true}', 'pong']);
  });

  it('streams t frames for subscribed symbols only, ctm in seconds; unsubscribe stops them', async () => {
    const client = await authorized();
    client.send({ event: 'subscribe', data: ['btcusd', 'ethusd'] });
    const ack = await next(client, (f) => eventOf(f) === 'subscribe');
    expect(ack.json).toEqual({ event: 'subscribe', success: true, data: ['btcusd', 'ethusd'] });
    await client.until(() =>
      ['btcusd', 'ethusd'].every((s) => arrays(client, 't').filter((t) => t[1] === s).length >= 3),
    );
    for (const t of arrays(client, 't')) {
      expect(t).toHaveLength(5);
      expect(['btcusd', 'ethusd']).toContain(t[1]);
      const [, , bid, ask, ctm] = t as [string, string, number, number, number];
      expect(typeof bid).toBe('number');
      expect(ask).toBeGreaterThan(bid);
      expect(Number.isInteger(ctm)).toBe(true);
      expect(ctm).toBeLessThan(1e11);
      expect(Math.abs(ctm - Date.now() / 1000)).toBeLessThan(60);
    }
    const btc = arrays(client, 't').find((t) => t[1] === 'btcusd') as [string, string, number, number, number];
    expect(btc[2]).toBeGreaterThan(50_000);

    client.send({ event: 'unsubscribe', data: ['btcusd'] });
    const unack = await next(client, (f) => eventOf(f) === 'unsubscribe');
    expect(unack.json).toEqual({ event: 'unsubscribe', success: true, data: ['btcusd'] });
    // Both symbols quote at the same pace: three more ethusd quotes and not one btcusd.
    await client.until(() => arrays(client, 't', unack.seq).length >= 3);
    expect(arrays(client, 't', unack.seq).every((t) => t[1] === 'ethusd')).toBe(true);
  });

  it('accepts any channel name; unknown names simply never quote', async () => {
    const client = await authorized();
    client.send({ event: 'subscribe', data: ['eurusd', 'solusd'] });
    const ack = await next(client, (f) => eventOf(f) === 'subscribe');
    expect(ack.json).toEqual({ event: 'subscribe', success: true, data: ['eurusd', 'solusd'] });
    await client.until(() => arrays(client, 't').length >= 3);
    expect(arrays(client, 't').every((t) => t[1] === 'solusd')).toBe(true);
  });

  it('sends ctm in milliseconds when tuned so', async () => {
    const msRig = await startRig({ ctmUnit: 'ms' });
    try {
      const client = await connect(msRig, clients);
      client.send({ authorization: msRig.server.credential('valid').token });
      client.send({ event: 'subscribe', data: ['solusd'] });
      await client.until(() => arrays(client, 't').length >= 2);
      for (const t of arrays(client, 't')) {
        const ctm = t[4] as number;
        expect(ctm).toBeGreaterThanOrEqual(1e11);
        expect(Math.abs(ctm - Date.now())).toBeLessThan(60_000);
      }
    } finally {
      await msRig.stop();
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { waitUntil } from '../testing/wait';
import { privateOrderSubject } from './subjects';
import {
  Recorder,
  authText,
  callSignature,
  placeAndCancel,
  requestAuth,
  startCoinswitch,
  type CoinswitchUnderTest,
} from './test-support';

let sim: CoinswitchUnderTest;

beforeAll(async () => {
  sim = await startCoinswitch({ core: { publicRateScale: 0 } });
  sim.core.pause();
});

afterEach(async () => {
  await sim.closeClients();
});

afterAll(async () => {
  await sim.stop();
});

const valid = () => authText(sim.cs.credential('valid').triple);
const errorCode = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('CoinSwitch auth, authMode request (a NATS request on v1.f.ex1.private.auth)', () => {
  it('answers {"success":true} for a minted, unexpired triple', async () => {
    const nc = await sim.connect();
    expect(sim.cs.authSubject).toBe('v1.f.ex1.private.auth');
    expect(await requestAuth(nc, sim.cs.authSubject, valid())).toEqual({ success: true });
  });

  it('"invalid signature", "expired", "unknown api key", "invalid auth message"', async () => {
    const nc = await sim.connect();
    const subject = sim.cs.authSubject;
    expect(await requestAuth(nc, subject, authText(sim.cs.credential('invalid').triple))).toEqual({
      success: false,
      error: 'invalid signature',
    });
    expect(await requestAuth(nc, subject, authText(sim.cs.credential('expired').triple))).toEqual({
      success: false,
      error: 'expired',
    });
    const t = sim.cs.credential('valid').triple;
    expect(await requestAuth(nc, subject, authText({ ...t, apiKey: 'not-a-key' }))).toEqual({
      success: false,
      error: 'unknown api key',
    });
    // The signature binds `expires`: moving it forward breaks the signature.
    expect(await requestAuth(nc, subject, authText({ ...t, expires: t.expires + 1 }))).toEqual({
      success: false,
      error: 'invalid signature',
    });
    const asText = JSON.stringify({ op: 'auth', args: [t.apiKey, String(t.expires), t.signature] });
    expect(await requestAuth(nc, subject, asText)).toEqual({ success: false, error: 'invalid auth message' });
    expect(await requestAuth(nc, subject, 'not json')).toEqual({ success: false, error: 'invalid auth message' });
  });

  it('a triple that expires within a second counts as expired ("or close to it")', async () => {
    const nc = await sim.connect();
    const minted = await callSignature(sim.cs.credential('valid'), {
      path: '/dma/api/v1/socket/signature?expires_in_seconds=1',
    });
    const t = minted.body as { api_key: string; expires: number; signature: string };
    await waitUntil(() => Date.now() > t.expires - 1000, 1000, 'less than a second left');
    expect(
      await requestAuth(
        nc,
        sim.cs.authSubject,
        authText({ apiKey: t.api_key, expires: t.expires, signature: t.signature }),
      ),
    ).toEqual({ success: false, error: 'expired' });
  });

  it('reject-auth: the next N auth requests fail with "invalid signature", then auth works again', async () => {
    const nc = await sim.connect();
    expect(sim.cs.fault({ venue: 'coinswitch', fault: 'reject-auth', count: 2 })).toMatchObject({
      fault: 'reject-auth',
      count: 2,
      clients: 1,
    });
    expect(await requestAuth(nc, sim.cs.authSubject, valid())).toEqual({ success: false, error: 'invalid signature' });
    expect(await requestAuth(nc, sim.cs.authSubject, valid())).toEqual({ success: false, error: 'invalid signature' });
    expect(await requestAuth(nc, sim.cs.authSubject, valid())).toEqual({ success: true });
  });

  it('a connection without credentials is let in, as authMode request needs', async () => {
    const nc = await sim.connect();
    expect(nc.info?.auth_required).toBe(true);
    await nc.flush();
    expect(nc.isClosed()).toBe(false);
  });
});

describe('CoinSwitch auth, authMode connect (the auth text as the CONNECT token)', () => {
  it('a valid triple connects and receives the private messages', async () => {
    const nc = await sim.connect({ token: valid() });
    const orders = new Recorder(nc, privateOrderSubject(sim.cs.subAccountId));
    await nc.flush();
    placeAndCancel(sim.core, sim.cs.accountId);
    await orders.waitFor((m) => m.length >= 2, 'New and Cancelled');
  });

  it('several triples minted one after another all stay valid (no config reload, no kick)', async () => {
    const first = await sim.connect({ token: valid() });
    const secondToken = valid();
    const second = await sim.connect({ token: secondToken });
    const third = await sim.connect({ token: valid() });
    await Promise.all([first.flush(), second.flush(), third.flush()]);
    expect([first, second, third].map((c) => c.isClosed())).toEqual([false, false, false]);
  });

  it('an invalid, expired or foreign token gets the NATS Authorization Violation', async () => {
    expect(await errorCode(sim.connect({ token: authText(sim.cs.credential('invalid').triple) }))).toBe(
      'AUTHORIZATION_VIOLATION',
    );
    expect(await errorCode(sim.connect({ token: authText(sim.cs.credential('expired').triple) }))).toBe(
      'AUTHORIZATION_VIOLATION',
    );
    expect(await errorCode(sim.connect({ token: 'not json' }))).toBe('AUTHORIZATION_VIOLATION');
  });

  it('on the wire: INFO from nats-server, then its own -ERR and close code 1008 (the gate passes them on)', async () => {
    const socket = new WebSocket(sim.cs.url);
    const received: string[] = [];
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      const text = String(data);
      received.push(text);
      if (text.startsWith('INFO '))
        socket.send(`CONNECT ${JSON.stringify({ verbose: false, pedantic: false, auth_token: 'nope' })}\r\nPING\r\n`);
    });
    expect(await closed).toBe(1008);
    expect(received[0]).toMatch(/^INFO \{.*"auth_required":true/);
    expect(received.join('')).toContain("-ERR 'Authorization Violation'");
  });

  it("a client cannot log in as the simulator's own user", async () => {
    expect(await errorCode(sim.connect({ user: 'venueboard-sim', pass: 'guess' }))).toBe('AUTHORIZATION_VIOLATION');
  });

  it('reject-auth also refuses the next CONNECT token', async () => {
    sim.cs.fault({ venue: 'coinswitch', fault: 'reject-auth' });
    expect(await errorCode(sim.connect({ token: valid() }))).toBe('AUTHORIZATION_VIOLATION');
    const nc = await sim.connect({ token: valid() });
    await nc.flush();
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats.ws';
import type { CoinswitchOrderMessage } from '../../src/venues/coinswitch/wire';
import { privateOrderSubject, privateTradeSubject } from './subjects';
import {
  Recorder,
  authText,
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

async function authed(options: Parameters<CoinswitchUnderTest['connect']>[0] = {}): Promise<NatsConnection> {
  const nc = await sim.connect(options);
  expect(await requestAuth(nc, sim.cs.authSubject, authText(sim.cs.credential('valid').triple))).toEqual({
    success: true,
  });
  return nc;
}

async function orderRecorder(nc: NatsConnection): Promise<Recorder> {
  const r = new Recorder(nc, privateOrderSubject(sim.cs.subAccountId));
  await nc.flush();
  return r;
}

const statuses = (r: Recorder) => r.messages.map((m) => (m.json as CoinswitchOrderMessage).o.orderStatus);

/** Resolves when the connection reports `type` (disconnect, reconnect). */
async function nextStatus(nc: NatsConnection, type: string): Promise<void> {
  for await (const s of nc.status()) if (s.type === type) return;
}

describe('CoinSwitch fault switches', () => {
  it('drop: every client socket is cut; a reconnecting client comes back and authenticates again', async () => {
    const plain = await authed();
    const reconnecting = await authed({ reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    const disconnected = nextStatus(reconnecting, 'disconnect');
    const reconnected = nextStatus(reconnecting, 'reconnect');
    expect(sim.cs.fault({ venue: 'coinswitch', fault: 'drop' })).toMatchObject({ fault: 'drop', clients: 2 });
    await plain.closed();
    await disconnected;
    await reconnected;
    expect(await requestAuth(reconnecting, sim.cs.authSubject, authText(sim.cs.credential('valid').triple))).toEqual({
      success: true,
    });
  });

  it('restart(): nats-server is restarted on the same ports; clients see a close and can reconnect', async () => {
    const before = sim.cs.natsPid;
    const plain = await authed();
    const reconnecting = await authed({ reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    const reconnected = nextStatus(reconnecting, 'reconnect');
    const orders = await orderRecorder(reconnecting);
    await sim.cs.restart();
    expect(sim.cs.natsPid).not.toBe(before);
    await plain.closed();
    await reconnected;
    // The simulator's own connection is back: auth answers, private messages flow.
    expect(await requestAuth(reconnecting, sim.cs.authSubject, authText(sim.cs.credential('valid').triple))).toEqual({
      success: true,
    });
    await reconnecting.flush();
    placeAndCancel(sim.core, sim.cs.accountId);
    await orders.waitFor((m) => m.length >= 2, 'New and Cancelled after the restart');
  });

  it('stall: nats-server is stopped (no answers at all) for durationMs; messages due meanwhile are dropped', async () => {
    const nc = await authed();
    const orders = await orderRecorder(nc);
    const outcome = sim.cs.fault({ venue: 'coinswitch', fault: 'stall', durationMs: 600 });
    expect(outcome).toMatchObject({ fault: 'stall', durationMs: 600 });
    placeAndCancel(sim.core, sim.cs.accountId);
    const during = await nc.request(sim.cs.authSubject, new TextEncoder().encode('{}'), { timeout: 200 }).then(
      () => 'answered',
      (error: { code?: string }) => error.code,
    );
    expect(during).toBe('TIMEOUT');
    await expect.poll(() => Date.now() >= (outcome.until ?? 0), { timeout: 5_000 }).toBe(true);
    expect(await requestAuth(nc, sim.cs.authSubject, authText(sim.cs.credential('valid').triple))).toEqual({
      success: true,
    });
    placeAndCancel(sim.core, sim.cs.accountId);
    await orders.waitFor((m) => m.length >= 2, 'messages after the stall');
    await sim.cs.flush();
    await nc.flush();
    expect(statuses(orders)).toEqual(['New', 'Cancelled']);
  });

  it('duplicate: the next private message is published twice', async () => {
    const nc = await authed();
    const orders = await orderRecorder(nc);
    expect(sim.cs.fault({ venue: 'coinswitch', fault: 'duplicate' })).toMatchObject({ count: 1 });
    placeAndCancel(sim.core, sim.cs.accountId);
    await orders.waitFor((m) => m.length >= 3, 'three order messages');
    expect(statuses(orders)).toEqual(['New', 'New', 'Cancelled']);
    expect(orders.messages[0]?.text).toBe(orders.messages[1]?.text);
  });

  it('reorder: each of the next pairs of private messages is swapped', async () => {
    const nc = await authed();
    const orders = await orderRecorder(nc);
    sim.cs.fault({ venue: 'coinswitch', fault: 'reorder' });
    placeAndCancel(sim.core, sim.cs.accountId);
    await orders.waitFor((m) => m.length >= 2, 'two order messages');
    expect(statuses(orders)).toEqual(['Cancelled', 'New']);
  });

  it('malformed: truncated JSON, a JSON array, a trade whose o is not an array, an unknown event_type', async () => {
    const nc = await authed();
    const orders = await orderRecorder(nc);
    const trades = new Recorder(nc, privateTradeSubject(sim.cs.subAccountId));
    await nc.flush();
    expect(sim.cs.fault({ venue: 'coinswitch', fault: 'malformed', count: 4 })).toMatchObject({ count: 4, clients: 1 });
    await orders.waitFor((m) => m.length >= 2, 'two malformed order messages');
    await trades.waitFor((m) => m.length >= 2, 'two malformed trade messages');
    expect(orders.messages[0]?.json).toBeUndefined();
    expect(orders.messages[1]?.json).toEqual([1, 2, 3]);
    expect((trades.messages[0]?.json as { o: unknown }).o).not.toBeInstanceOf(Array);
    expect((trades.messages[1]?.json as { event_type: string }).event_type).toBe('bogus.linear');
  });
});

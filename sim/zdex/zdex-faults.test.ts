import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../index';
import { startTestSimulator } from '../testing/sim-for-tests';
import { WsTestClient, type ReceivedFrame } from '../testing/ws-test-client';
import { ACCOUNT_FRAME_RANK, accountKind, isAccountFrame } from '../testing/zdex-frames';

let sim: Simulator;
let clients: WsTestClient[] = [];

async function authenticatedClient(): Promise<WsTestClient> {
  const client = await WsTestClient.connect(sim.urls.zdex);
  clients.push(client);
  client.send({ action: 'auth', token: sim.tokens('zdex').token });
  await client.waitFor((f) => f.channel === 'account' && f.event === undefined);
  return client;
}

/** The first `n` account frames after `from`, once activity resumes. */
async function nextAccountFrames(client: WsTestClient, from: number, n: number): Promise<ReceivedFrame[]> {
  const after = () => client.frames.slice(from).filter(isAccountFrame);
  await client.until(() => after().length >= n);
  return after().slice(0, n);
}

beforeAll(async () => {
  sim = await startTestSimulator({ rateScale: 0.3 });
});

afterEach(() => {
  sim.pause();
  for (const c of clients) c.close();
  clients = [];
});

afterAll(async () => {
  await sim.stop();
});

describe('ZDEX fault switches', () => {
  it('drop: terminates every socket without a close frame; reconnecting works', async () => {
    sim.resume();
    const a = await authenticatedClient();
    const b = await WsTestClient.connect(sim.urls.zdex);
    clients.push(b);
    expect(sim.fault({ venue: 'zdex', fault: 'drop' })).toMatchObject({ fault: 'drop', clients: 2 });
    expect((await a.waitForClose()).code).toBe(1006);
    expect((await b.waitForClose()).code).toBe(1006);
    const again = await authenticatedClient();
    expect(again.closed).toBeNull();
  });

  it('stall: sends nothing, pongs included, for the duration; then resumes', async () => {
    sim.resume();
    const client = await authenticatedClient();
    await client.flush();
    const outcome = sim.fault({ venue: 'zdex', fault: 'stall', durationMs: 1500 });
    expect(outcome).toMatchObject({ fault: 'stall', durationMs: 1500 });
    const from = client.frames.length;
    client.send({ action: 'ping' }); // sent inside the stall: never answered
    await client.waitFor((f) => f.channel === 'orderbook', from);
    await client.flush();
    const after = client.frames.slice(from).map((f) => f.json as { ts?: number; event?: string });
    // No frame from inside the stall. At its edges a few milliseconds are ambiguous: frames stamped in
    // the millisecond it began were written before it, and the stall ends on a real timer while
    // `until` is on the core's clock.
    const stallStart = (outcome.until ?? 0) - 1500;
    const edge = 50;
    expect(after.filter((f) => (f.ts ?? 0) > stallStart + edge && (f.ts ?? 0) < (outcome.until ?? 0) - edge)).toEqual(
      [],
    );
    expect(after.some((f) => (f.ts ?? 0) >= (outcome.until ?? Infinity))).toBe(true);
    // ... and the only pong is the one for the ping sent after it.
    expect(after.filter((f) => f.event === 'pong')).toHaveLength(1);
    expect(client.closed).toBeNull();
  });

  it('duplicate: sends each of the next `count` account frames twice', async () => {
    const client = await authenticatedClient();
    const from = client.frames.length;
    expect(sim.fault({ venue: 'zdex', fault: 'duplicate', count: 2 })).toMatchObject({ count: 2 });
    sim.resume();
    const [a1, a2, b1, b2, c] = (await nextAccountFrames(client, from, 5)).map((f) => f.text);
    expect(a2).toBe(a1);
    expect(b2).toBe(b1);
    expect(b1).not.toBe(a1);
    expect(c).not.toBe(b2);
  });

  it('reorder: swaps the next pair of account frames', async () => {
    const client = await authenticatedClient();
    const from = client.frames.length;
    sim.fault({ venue: 'zdex', fault: 'reorder' });
    sim.resume();
    const frames = await nextAccountFrames(client, from, 4);
    const ranks = frames.map((f) => ACCOUNT_FRAME_RANK[accountKind(f)] ?? -1);
    // The first change's first frame arrives second: out of the documented order.
    expect(ranks[0]).toBeGreaterThan(ranks[1] ?? -1);
    expect(ranks[2]).toBeGreaterThan(ranks[0] ?? -1);
  });

  it('malformed: sends truncated JSON, a JSON array and an unknown event to each client', async () => {
    const a = await authenticatedClient();
    const b = await WsTestClient.connect(sim.urls.zdex);
    clients.push(b);
    await b.waitFor((f) => f.event === 'connected');
    const fromA = a.frames.length;
    const fromB = b.frames.length;
    expect(sim.fault({ venue: 'zdex', fault: 'malformed', count: 3 })).toMatchObject({ count: 3, clients: 2 });
    for (const [client, from] of [
      [a, fromA],
      [b, fromB],
    ] as const) {
      // Frames already in flight may arrive first; the three malformed ones are sent back to back.
      const start = () => client.frames.findIndex((f, i) => i >= from && f.json === undefined);
      await client.until(() => start() >= 0 && client.frames.length >= start() + 3);
      const [truncated, array, unknown] = client.frames.slice(start(), start() + 3);
      expect(truncated?.text.startsWith('{"channel":"account"')).toBe(true);
      expect(Array.isArray(array?.json)).toBe(true);
      expect(unknown?.json).toMatchObject({ channel: 'account', event: 'margin_call_v2' });
      expect(client.closed).toBeNull();
    }
  });

  it('reject-auth: rejects the next `count` auth attempts like an invalid token, then accepts again', async () => {
    sim.fault({ venue: 'zdex', fault: 'reject-auth', count: 1 });
    const rejected = await WsTestClient.connect(sim.urls.zdex);
    clients.push(rejected);
    rejected.send({ action: 'auth', token: sim.tokens('zdex').token });
    expect((await rejected.waitFor((f) => f.event === 'error')).json).toEqual({
      event: 'error',
      message: 'Authentication failed: invalid token',
    });
    expect(await rejected.waitForClose()).toEqual({ code: 4401, reason: 'Authentication failed: invalid token' });
    const accepted = await authenticatedClient();
    expect(
      accepted.frames.some((f) => f.json !== undefined && (f.json as { event?: string }).event === 'authenticated'),
    ).toBe(true);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WsTestClient } from '../testing/ws-test-client';
import { num } from '../core/num';
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
  type WireArray,
} from './test-support';

let rig: ScaletradeRig;
let clients: WsTestClient[] = [];

beforeAll(async () => {
  // No periodic PROFIT frames: the account frames a test sees come only from the changes it makes.
  rig = await startRig({ profitIntervalMs: 1_000_000_000, ctmUnit: 'ms' });
});

afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
});

afterAll(async () => {
  await rig.stop();
});

const trade = (side: 'buy' | 'sell') =>
  rig.core.act(rig.server.accountId, { kind: 'market', symbol: 'ETHUSDT', side, quantity: num('0.02') });
const accountFrames = (client: WsTestClient, from: number) =>
  client.frames.slice(from).filter((f) => markerOf(f) === 'o' || markerOf(f) === 'b');

describe('ScaleTrade fault switches', () => {
  it('drop: terminates every socket without a close frame; reconnecting works', async () => {
    const { client: a } = await switched(rig, clients);
    const b = await connect(rig, clients);
    expect(rig.server.fault({ venue: 'scaletrade', fault: 'drop' })).toMatchObject({ fault: 'drop', clients: 2 });
    expect((await a.waitForClose()).code).toBe(1006);
    expect((await b.waitForClose()).code).toBe(1006);
    const { client: again } = await switched(rig, clients);
    expect(again.closed).toBeNull();
  });

  it('stall: sends nothing, pongs included, for the duration; then resumes', async () => {
    const { client } = await switched(rig, clients);
    client.send({ event: 'subscribe', data: ['btcusd'] });
    await next(client, (f) => markerOf(f) === 't');
    await flush(client);
    const outcome = rig.server.fault({ venue: 'scaletrade', fault: 'stall', durationMs: 1000 });
    expect(outcome).toMatchObject({ fault: 'stall', durationMs: 1000 });
    const until = outcome.until ?? 0;
    const from = client.frames.length;
    client.socket.send('ping'); // inside the stall: never answered
    await next(client, (f) => markerOf(f) === 't' && ((f.json as WireArray)[4] as number) >= until, from);
    await flush(client);
    const after = client.frames.slice(from);
    const quoteTimes = arrays(client, 't', from).map((t) => t[4] as number);
    // A quote stamped in the very millisecond the stall began may have left just before it.
    expect(quoteTimes.filter((ctm) => ctm > until - 1000 && ctm < until)).toEqual([]);
    expect(after.filter((f) => f.text === 'pong')).toHaveLength(1);
    expect(client.closed).toBeNull();
  });

  it('duplicate: sends each of the next `count` account frames twice', async () => {
    const { client } = await switched(rig, clients);
    const from = client.frames.length;
    expect(rig.server.fault({ venue: 'scaletrade', fault: 'duplicate', count: 2 })).toMatchObject({ count: 2 });
    trade('buy');
    trade('sell');
    await flush(client);
    const texts = accountFrames(client, from).map((f) => f.text);
    expect(texts.map((t) => (JSON.parse(t) as WireArray)[0])).toEqual(['o', 'o', 'b', 'b', 'o', 'b']);
    expect(texts[1]).toBe(texts[0]);
    expect(texts[3]).toBe(texts[2]);
  });

  it('reorder: swaps the next pair of account frames', async () => {
    const { client } = await switched(rig, clients);
    const from = client.frames.length;
    rig.server.fault({ venue: 'scaletrade', fault: 'reorder' });
    trade('buy');
    trade('sell');
    await flush(client);
    expect(accountFrames(client, from).map(markerOf)).toEqual(['b', 'o', 'o', 'b']);
  });

  it('malformed: sends truncated JSON, an unknown marker and a short b to every client', async () => {
    const { client: a } = await switched(rig, clients);
    const b = await connect(rig, clients);
    const fromA = a.frames.length;
    const fromB = b.frames.length;
    expect(rig.server.fault({ venue: 'scaletrade', fault: 'malformed', count: 3 })).toMatchObject({
      count: 3,
      clients: 2,
    });
    for (const [client, from] of [
      [a, fromA],
      [b, fromB],
    ] as const) {
      await flush(client);
      const start = client.frames.findIndex((f, i) => i >= from && f.json === undefined && f.text !== 'pong');
      const [truncated, unknown, short] = client.frames.slice(start, start + 3);
      expect(truncated?.text.startsWith('["o",')).toBe(true);
      expect((unknown?.json as WireArray)[0]).toBe('x');
      expect(short?.json).toEqual(['b', 2000009, 'not-a-balance']);
      expect(client.closed).toBeNull();
    }
  });

  it('reject-auth: refuses the next `count` authorizations like an invalid token, then accepts again', async () => {
    rig.server.fault({ venue: 'scaletrade', fault: 'reject-auth', count: 1 });
    const rejected = await connect(rig, clients);
    rejected.send({ authorization: rig.server.credential('valid').token });
    expect(await rejected.waitForClose()).toEqual({ code: 4401, reason: 'INVALID_TOKEN' });
    expect(rejected.frames[0]?.json).toEqual({ event: 'authorization', success: false, error: 'INVALID_TOKEN' });
    const accepted = await connect(rig, clients);
    accepted.send({ authorization: rig.server.credential('valid').token });
    expect((await next(accepted, (f) => eventOf(f) === 'authorization')).json).toEqual({
      event: 'authorization',
      success: true,
    });
  });
});

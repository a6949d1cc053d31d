import { afterEach, describe, expect, it } from 'vitest';
import { num } from '../core/num';
import { ROXOM_AUTH_CLOSE_CODE } from './server';
import { RoxomTestClient, loose, startRoxom, type RoxomUnderTest } from './test-support';

let sim: RoxomUnderTest | undefined;
const clients: RoxomTestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.stop();
  sim = undefined;
});

async function setUp(run = false): Promise<{ s: RoxomUnderTest; client: RoxomTestClient }> {
  sim = await startRoxom({ run });
  const client = await RoxomTestClient.signed(sim.roxom.credential('valid'));
  clients.push(client);
  return { s: sim, client };
}

/** A market order: order (submitted), order (filled), position, balance. */
function trade(s: RoxomUnderTest): void {
  s.core.act(s.roxom.accountId, { kind: 'market', symbol: 'ETHUSDT', side: 'buy', quantity: num('0.05') });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kind = (f: { json: unknown }) => {
  const l = loose({ seq: 0, text: '', json: f.json });
  const status = (l.data as { status?: string } | undefined)?.status;
  return status ? `${l.type}:${status}` : String(l.type);
};

describe('Roxom fault switches', () => {
  it('drop: every socket is terminated (1006, no close frame)', async () => {
    const { s, client } = await setUp();
    const outcome = s.roxom.fault({ venue: 'roxom', fault: 'drop' });
    expect(outcome).toMatchObject({ venue: 'roxom', fault: 'drop', clients: 1 });
    expect((await client.waitForClose()).code).toBe(1006);
  });

  it('stall: nothing goes out, pongs included, until it ends; frames due meanwhile are dropped', async () => {
    const { s, client } = await setUp();
    const outcome = s.roxom.fault({ venue: 'roxom', fault: 'stall', durationMs: 600 });
    expect(outcome).toMatchObject({ fault: 'stall', durationMs: 600, clients: 1 });
    let ponged = false;
    client.socket.once('pong', () => (ponged = true));
    client.socket.ping();
    trade(s);
    // The absence of frames is the point here: a bounded wait inside the stall.
    await sleep(300);
    expect(ponged).toBe(false);
    expect(client.frames).toHaveLength(0);
    // Real timers: the stall ends at outcome.until on the wall clock.
    await sleep(Math.max(0, (outcome.until ?? 0) - Date.now() + 20));
    await client.flush();
    trade(s);
    await client.until(() => client.of('balance').length === 1);
    expect(client.frames.map(kind)).toEqual(['order:submitted', 'order:filled', 'position', 'balance']);
  });

  it('duplicate: the next account frame is sent twice', async () => {
    const { s, client } = await setUp();
    s.roxom.fault({ venue: 'roxom', fault: 'duplicate', count: 1 });
    trade(s);
    await client.until(() => client.of('balance').length === 1);
    await client.flush();
    expect(client.frames.map(kind)).toEqual([
      'order:submitted',
      'order:submitted',
      'order:filled',
      'position',
      'balance',
    ]);
    expect(client.frames[0]?.text).toBe(client.frames[1]?.text);
  });

  it('reorder: the next pair of account frames is swapped', async () => {
    const { s, client } = await setUp();
    s.roxom.fault({ venue: 'roxom', fault: 'reorder', count: 1 });
    trade(s);
    await client.until(() => client.of('balance').length === 1);
    await client.flush();
    expect(client.frames.map(kind)).toEqual(['order:filled', 'order:submitted', 'position', 'balance']);
  });

  it('malformed: truncated JSON, a JSON array, a frame of an unknown type', async () => {
    const { s, client } = await setUp();
    expect(s.roxom.fault({ venue: 'roxom', fault: 'malformed' })).toMatchObject({ count: 3 });
    await client.until(() => client.frames.length === 3);
    const [truncated, array, unknown] = client.frames;
    expect(truncated?.json).toBeUndefined();
    expect(Array.isArray(array?.json)).toBe(true);
    expect(loose(unknown ?? { seq: 0, text: '', json: null }).type).toBe('margincall');
    expect(unknown?.text).toMatch(/"timestamp":\d{19}\}/);
    await client.flush();
    expect(client.closed).toBeNull();
  });

  it('reject-auth: the next upgrade fails with 600010 whatever its signature; the one after succeeds', async () => {
    const { s } = await setUp();
    s.roxom.fault({ venue: 'roxom', fault: 'reject-auth', count: 1 });
    const credential = s.roxom.credential('valid');
    const rejected = await RoxomTestClient.signed(credential);
    clients.push(rejected);
    expect((await rejected.waitForClose()).code).toBe(ROXOM_AUTH_CLOSE_CODE);
    expect(loose(rejected.frames[0] ?? { seq: 0, text: '', json: null })).toMatchObject({
      event: 'error',
      code: '600010',
    });
    const accepted = await RoxomTestClient.signed(credential);
    clients.push(accepted);
    accepted.send({ op: 'subscribe', args: [{ channel: 'orders' }] });
    await accepted.waitFor((f) => f.event === 'subscribe');
    expect(accepted.closed).toBeNull();
  });
});

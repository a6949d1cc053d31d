import Decimal from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ZdexFullState } from '../../src/venues/zdex/wire';
import type { Simulator } from '../index';
import { startTestSimulator } from '../testing/sim-for-tests';
import { waitUntil } from '../testing/wait';
import { WsTestClient, type ReceivedFrame } from '../testing/ws-test-client';

/**
 * What the adapter's recovery rests on (docs/venues/zdex.md, "Recovery after a gap"): the account
 * keeps trading while no client listens, the full state follows every authentication (a repeated one
 * on the same socket too), and a fallback full state comes every `fullStateIntervalMs`.
 */

let sim: Simulator;
const clients: WsTestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.stop();
});

async function authenticated(): Promise<WsTestClient> {
  const client = await WsTestClient.connect(sim.urls.zdex);
  clients.push(client);
  client.send({ action: 'auth', token: sim.tokens('zdex').token });
  await client.waitFor((_, f) => isFullState(f));
  return client;
}

function isFullState(f: ReceivedFrame): boolean {
  const json = f.json as { channel?: string; event?: string } | undefined;
  return json?.channel === 'account' && json.event === undefined;
}

function stateOf(frame: ReceivedFrame): ZdexFullState {
  return (frame.json as { data: ZdexFullState }).data;
}

const d = (v: string) => new Decimal(v).toFixed();

/** The full state's positions, balance and open orders against the ledger's. */
function expectLedger(state: ZdexFullState): void {
  const ledger = sim.ledger('zdex');
  const bySymbol = (rows: { symbol: string; quantity: string }[]) =>
    Object.fromEntries(rows.map((p) => [p.symbol, d(p.quantity)]));
  expect(bySymbol(state.positions)).toEqual(bySymbol(ledger.positions));
  expect(state.balances.map((b) => d(b.walletBalance))).toEqual(ledger.balances.map((b) => d(b.total)));
  const open = ledger.orders.filter((o) => o.status === 'open' || o.status === 'partially_filled');
  expect(Object.fromEntries(state.openOrders.map((o) => [String(o.orderId), d(o.executedQty)]))).toEqual(
    Object.fromEntries(open.map((o) => [o.orderId, d(o.filledQuantity)])),
  );
}

describe('ZDEX simulator: what recovery after a gap relies on', () => {
  it('the account trades on while no client is connected; the next auth brings the state it reached', async () => {
    sim = await startTestSimulator({ activityMs: 20 });
    const first = await authenticated();
    first.close();
    await first.waitForClose();
    const before = sim.ledger('zdex').fills.length;
    await waitUntil(() => sim.ledger('zdex').fills.length >= before + 5);
    // Activity stops only for the comparison, after the fault.
    sim.pause();
    const again = await authenticated();
    expectLedger(stateOf(again.frames.find(isFullState)!));
  });

  it('a repeated auth on the same socket is answered with authenticated and a full state again', async () => {
    sim = await startTestSimulator({ activityMs: 20 });
    const client = await authenticated();
    sim.fault({ venue: 'zdex', fault: 'stall', durationMs: 400 });
    const fills = sim.ledger('zdex').fills.length;
    await waitUntil(() => sim.ledger('zdex').fills.length > fills); // trading goes on during the stall
    await client.waitFor((f) => f.channel === 'orderbook', client.frames.length); // the stall is over
    sim.pause();
    const from = client.frames.length;
    client.send({ action: 'auth', token: sim.tokens('zdex').token });
    const authed = await client.waitFor((json) => json.event === 'authenticated', from);
    const state = await client.waitFor((_, f) => isFullState(f), authed.seq);
    expectLedger(stateOf(state));
    expect(client.closed).toBeNull();
  });

  it('the fallback full state comes every fullStateIntervalMs to every authenticated client', async () => {
    sim = await startTestSimulator({ tuning: { zdex: { fullStateIntervalMs: 150 } } });
    sim.pause(); // no account activity: every full state below is the periodic one
    const a = await authenticated();
    const b = await authenticated();
    const fromA = a.frames.length;
    const fromB = b.frames.length;
    await a.until(() => a.frames.slice(fromA).filter(isFullState).length >= 3);
    await b.until(() => b.frames.slice(fromB).filter(isFullState).length >= 3);
    expectLedger(stateOf(a.frames.filter(isFullState).at(-1)!));
  });
});

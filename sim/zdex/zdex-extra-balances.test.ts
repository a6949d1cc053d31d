import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../index';
import { startTestSimulator } from '../testing/sim-for-tests';
import { WsTestClient } from '../testing/ws-test-client';

const TOKEN_WALLET = {
  asset: '=HYPERLINK("http://evil.example","x")',
  walletBalance: '12.5',
  unrealizedProfit: '0',
  marginBalance: '12.5',
  availableBalance: '12.5',
};

let sim: Simulator;
let client: WsTestClient;

beforeAll(async () => {
  sim = await startTestSimulator({ tuning: { zdex: { extraBalances: [TOKEN_WALLET] } } });
  sim.pause();
  client = await WsTestClient.connect(sim.urls.zdex);
});
afterAll(async () => {
  client.close();
  await sim.stop();
});

describe('ZDEX extra wallets (tuning.extraBalances)', () => {
  it('sends them as they are after the USDT wallet in every full state', async () => {
    client.send({ action: 'auth', token: sim.tokens('zdex').token });
    const state = await client.waitFor((f) => f.channel === 'account' && f.event === undefined);
    const balances = (state.json as { data: { balances: { asset: string }[] } }).data.balances;
    expect(balances.map((b) => b.asset)).toEqual(['USDT', TOKEN_WALLET.asset]);
    expect(balances[1]).toEqual(TOKEN_WALLET);
  });
});

/**
 * Roxom through the keyring relay and CoinSwitch over a real nats-server, end to end in Node: the
 * simulators, the relay, the registry's adapters inside IngestCore on real sockets, the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../../e2e/support/compare';
import { startRelay, type RunningRelay } from '../../relay/index';
import { writeDemoKeyring } from '../../scripts/demo-keyring';
import { demoProfile } from '../../scripts/demo-profile';
import { startSimulator, type Simulator } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import { buildSnapshot } from '../store/snapshot';
import { Pipeline, settle, sleep, until } from './testing/pipeline';

let sim: Simulator | undefined;
let relay: RunningRelay | undefined;
let pipeline: Pipeline | undefined;

async function setUp(keyringOptions: { coinswitchExpiresInSeconds?: number } = {}) {
  sim = await startSimulator({ seed: 13, freePorts: true, activityMs: 150, rateScale: 0.2 });
  sim.pause();
  const keyring = writeDemoKeyring(sim, '127.0.0.1:0', ['http://127.0.0.1:4173'], keyringOptions);
  relay = await startRelay(keyring.configPath, { logger: () => undefined });
  pipeline = new Pipeline();
  const profile = demoProfile(sim, relay.url, keyring.pairingToken);
  const byId = (id: string) => profile.connections.find((c) => c.id === id) as ConnectionConfig;
  return { sim, relay, pipeline, roxom: byId('roxom-main'), coinswitch: byId('coinswitch-main') };
}
afterEach(async () => {
  pipeline?.stop();
  await relay?.stop();
  await sim?.stop();
});

describe('Roxom via the relay and CoinSwitch over NATS, in Node', () => {
  it('match their ledgers through drops, a nats-server restart and renewed CoinSwitch credentials', async () => {
    const { sim, pipeline, roxom, coinswitch } = await setUp({ coinswitchExpiresInSeconds: 6 });
    const since = Date.now();
    pipeline.connect(roxom);
    pipeline.connect(coinswitch);
    await until(
      'both live',
      () => pipeline.status('roxom-main') === 'live' && pipeline.status('coinswitch-main') === 'live',
      20_000,
    );
    expect(pipeline.diagnostics('coinswitch-main')?.credentialRenews).toBe(true);
    const firstExpiry = pipeline.diagnostics('coinswitch-main')?.credentialExpiresAt ?? 0;
    sim.resume();
    await sleep(1_500);

    for (const venue of ['roxom', 'coinswitch'] as const) {
      const id = `${venue}-main`;
      sim.pause();
      sim.fault({ venue, fault: 'drop' });
      await until(`${id} reconnecting`, () => pipeline.status(id) !== 'live');
      await until(`${id} live again`, () => pipeline.status(id) === 'live', 20_000);
      sim.resume();
      await sleep(1_000);
    }
    sim.pause();
    await sim.restart('coinswitch');
    await until(
      'coinswitch live after the nats-server restart',
      () => pipeline.status('coinswitch-main') === 'live',
      20_000,
    );
    sim.resume();
    // The 6-second socket credential has been renewed through the relay by now.
    await until(
      'a renewed credential',
      () => (pipeline.diagnostics('coinswitch-main')?.credentialExpiresAt ?? 0) > firstExpiry,
      15_000,
    );
    await sleep(1_500);
    sim.pause();

    const problems = await settle(() => {
      const snapshot = buildSnapshot(pipeline.state, Date.now());
      return [
        ...diffAgainstLedger(snapshot, sim.ledger('roxom'), 'roxom-main', since).map((p) => `roxom: ${p}`),
        ...diffAgainstLedger(snapshot, sim.ledger('coinswitch'), 'coinswitch-main', since, {
          positions: false,
          balances: false,
        }).map((p) => `coinswitch: ${p}`),
      ];
    }, 20_000);
    expect(problems).toEqual([]);
    for (const id of ['roxom-main', 'coinswitch-main']) {
      expect([...pipeline.state.fills.values()].filter((f) => f.connectionId === id).length, id).toBeGreaterThan(0);
      expect(pipeline.status(id)).toBe('live');
    }
  });

  it('a pasted CoinSwitch credential that has expired, and a wrong relay pairing token, each say so on their own connection', async () => {
    const { sim, pipeline, roxom, coinswitch } = await setUp();
    const expired = sim.tokens('coinswitch', 'expired').triple;
    pipeline.connect({ ...coinswitch, id: 'cs-pasted', auth: { ...expired } });
    pipeline.connect({
      ...roxom,
      id: 'roxom-wrong',
      auth: { keyring: { ...(roxom.auth.keyring as Record<string, string>), token: 'not-the-pairing-token' } },
    });
    pipeline.connect(coinswitch);
    await until('cs-pasted error', () => pipeline.status('cs-pasted') === 'error');
    expect(pipeline.diagnostics('cs-pasted')?.reason).toMatch(
      /CoinSwitch socket credential expired at .* mint a new signature/,
    );
    expect(pipeline.diagnostics('cs-pasted')?.reason).not.toContain(expired.signature);
    await until(
      'roxom-wrong explained',
      () => pipeline.status('roxom-wrong') !== 'connecting' && pipeline.status('roxom-wrong') !== 'live',
      15_000,
    );
    expect(pipeline.status('roxom-wrong')).not.toBe('live');
    await until('the refusal explained', () =>
      /keyring relay did not accept the connection/.test(pipeline.diagnostics('roxom-wrong')?.reason ?? ''),
    );
    expect(pipeline.diagnostics('roxom-wrong')?.reason).toContain('pairing token');
    expect(JSON.stringify(pipeline.diagnostics('roxom-wrong'))).not.toContain('not-the-pairing-token');
    await until('the keyring CoinSwitch connection live', () => pipeline.status('coinswitch-main') === 'live', 20_000);
  });
});

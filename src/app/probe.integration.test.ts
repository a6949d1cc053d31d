import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/index';
import type { ConnectionConfig } from '../domain/connection-config';
import { IngestCore } from '../ingest/ingest-core';
import type { IngestProbeResult } from '../ingest/protocol';
import { getAdapter } from '../venues/registry';
import { realClock } from '../venues/shared/clock';
import { nodeSocketFactory } from '../venues/shared/testing/node-socket-factory';
import { until } from './testing/pipeline';

/** "Test connection" against the ZDEX simulator: what each kind of answer looks like, and that it leaves nothing behind. */
describe('test connection (probe) through the ingest core', () => {
  let sim: Simulator;
  let core: IngestCore;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, freePorts: true, activityMs: 300 });
    core = new IngestCore({ getAdapter, socketFactory: nodeSocketFactory, clock: realClock });
  });
  afterAll(async () => {
    core.dispose();
    await sim.stop();
  });

  const zdex = (overrides: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
    id: 'zdex-main',
    label: 'ZDEX',
    venue: 'zdex',
    url: sim.urls.zdex,
    auth: { token: sim.tokens('zdex').token },
    options: { symbols: ['BTCUSDT'] },
    ...overrides,
  });

  async function probe(probeId: string, config: ConnectionConfig): Promise<IngestProbeResult> {
    core.handle({ type: 'probe', probeId, config });
    let answer: IngestProbeResult | undefined;
    await until(
      `the answer to ${probeId}`,
      () => (answer ??= core.takeProbeResults().find((r) => r.probeId === probeId)) !== undefined,
      14_000,
    );
    return answer!;
  }

  it('reports connected and authenticated, and no row, event or batch comes of it', async () => {
    const answer = await probe('p1', zdex());
    expect(answer).toMatchObject({ outcome: 'ok', message: expect.stringContaining('connected and authenticated') });
    expect(core.connectionIds()).toEqual([]);
    // Whatever the session saw while signing in stays in the worker.
    expect(core.flush()).toBeNull();
    // And its socket is closed: the simulator has no client left to drop.
    await until('the test socket to close', () => sim.fault({ venue: 'zdex', fault: 'drop' }).clients === 0, 3_000);
  });

  it("reports a refused token with the venue's reason, never the token", async () => {
    const token = sim.tokens('zdex', 'invalid').token;
    const answer = await probe('p2', zdex({ auth: { token } }));
    expect(answer.outcome).toBe('refused');
    expect(answer.message).toMatch(
      /^ZDEX refused the connection: ZDEX rejected the token: .+ paste a fresh session JWT/,
    );
    expect(answer.message).not.toContain(token);
  });

  it('reports an address where nothing answers', async () => {
    const answer = await probe('p3', zdex({ url: 'ws://127.0.0.1:9/ws' }));
    expect(answer).toMatchObject({
      outcome: 'unreachable',
      message: expect.stringContaining('Nothing answered at 127.0.0.1:9'),
    });
  });

  it('reports a keyring relay that is not there as the relay', async () => {
    const config: ConnectionConfig = {
      id: 'rails-btc',
      label: 'Rails',
      venue: 'rails',
      url: sim.urls.rails,
      auth: { keyring: { url: 'http://127.0.0.1:9', id: 'rails-btc', token: 'pairing-secret' } },
      options: { market: 'BTC-USDT' },
    };
    const answer = await probe('p4', config);
    expect(answer.outcome).toBe('relay');
    expect(answer.message).toContain('keyring relay');
    expect(answer.message).not.toContain('pairing-secret');
  });

  it('refuses settings the venue cannot use, in its own words', async () => {
    const answer = await probe('p5', zdex({ options: { symbols: 'BTCUSDT' } }));
    expect(answer).toMatchObject({
      outcome: 'invalid',
      message: expect.stringContaining('options.symbols must be a list'),
    });
  });

  it('a cancelled test gives no answer', async () => {
    core.handle({ type: 'probe', probeId: 'p6', config: zdex() });
    core.handle({ type: 'probe-cancel', probeId: 'p6' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(core.takeProbeResults()).toEqual([]);
  });
});

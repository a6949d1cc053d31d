/**
 * The dashboard's side of the relay, end to end in Node: IngestCore with the real Rails adapter, a
 * connection configured by keyring reference, the real relay minting tokens from the real Rails
 * simulator. It goes live, and with 4-second tokens it renews and stays connected well past the first
 * token's expiry (the simulator closes a socket whose token expires with 4001).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/index';
import type { ConnectionConfig } from '../src/domain/connection-config';
import type { ConnectionDiagnostics } from '../src/domain/types';
import { IngestCore } from '../src/ingest/ingest-core';
import { getAdapter } from '../src/venues/registry';
import { realClock } from '../src/venues/shared/clock';
import type { FetchFn } from '../src/venues/shared/keyring';
import { nodeSocketFactory } from '../src/venues/shared/testing/node-socket-factory';
import { startRelay, type RunningRelay } from './index';
import { ORIGIN, captureLog, makeTestKeys, testConfig } from './test-support';

const keys = makeTestKeys();
let sim: Simulator | undefined;
let relay: RunningRelay | undefined;
let dashboard: Dashboard | undefined;

afterEach(async () => {
  dashboard?.stop();
  await relay?.stop();
  await sim?.stop();
  dashboard = undefined;
  relay = undefined;
  sim = undefined;
});

/** IngestCore as the worker runs it; the fetch sends the page's Origin like a browser would. */
class Dashboard {
  readonly core: IngestCore;
  /** Every diagnostics snapshot, in order, with the time it was taken. */
  readonly history: { at: number; d: ConnectionDiagnostics }[] = [];
  private readonly timer = setInterval(() => this.pump(), 20);

  constructor(origin = ORIGIN) {
    const fetchWithOrigin: FetchFn = (url, init) =>
      fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: origin } });
    this.core = new IngestCore({
      getAdapter,
      socketFactory: nodeSocketFactory,
      clock: realClock,
      fetch: fetchWithOrigin,
    });
  }

  connect(config: ConnectionConfig): void {
    this.core.handle({ type: 'connect', config });
  }

  pump(): void {
    const batch = this.core.flush();
    for (const d of batch?.connections ?? []) this.history.push({ at: Date.now(), d });
  }

  last(): ConnectionDiagnostics | undefined {
    return this.history.at(-1)?.d;
  }

  stop(): void {
    clearInterval(this.timer);
    this.core.dispose();
  }
}

async function until(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function railsByKeyring(url: string, token: string, id = 'rails-btc'): ConnectionConfig {
  return {
    id: 'rails-btc',
    label: 'Rails via keyring',
    venue: 'rails',
    url: sim?.urls.rails ?? '',
    auth: { keyring: { url, id, token } },
    options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'] },
  };
}

async function setUp(tokenLifetimeS: number) {
  sim = await startSimulator({
    seed: 3,
    freePorts: true,
    rateScale: 0.05,
    activityMs: 300,
    tuning: { rails: { tokenLifetimeS } },
  });
  const rails = sim.tokens('rails');
  const log = captureLog();
  const config = testConfig(keys, {
    'rails-btc': {
      venue: 'rails',
      wsUrl: sim.urls.rails,
      tokenUrl: rails.tokenUrl,
      apiKey: rails.apiKey,
      apiSecret: rails.apiSecret,
    },
  });
  relay = await startRelay(config, { baseDir: keys.dir, logger: log.logger });
  dashboard = new Dashboard();
  return { sim, relay, dashboard, config, log, rails };
}

describe('keyring relay + Rails simulator + IngestCore', () => {
  it('goes live from a keyring reference, with no secret in what the dashboard shows', async () => {
    const { relay, dashboard, config, rails } = await setUp(1800);
    dashboard.connect(railsByKeyring(relay.url, config.token));
    await until('live', () => dashboard.last()?.status === 'live');
    const d = dashboard.last();
    expect(d?.credentialExpiresAt).toBeGreaterThan(Date.now() + 29 * 60_000);
    const shown = JSON.stringify(dashboard.history);
    expect(shown).not.toContain(config.token);
    expect(shown).not.toContain(rails.apiSecret);
  });

  it("renews 4-second tokens and stays connected past the first token's expiry", async () => {
    const { relay, dashboard, config, log } = await setUp(4);
    dashboard.connect(railsByKeyring(relay.url, config.token));
    await until('live', () => dashboard.last()?.status === 'live');
    const liveAt = dashboard.history.at(-1)?.at ?? Date.now();
    const firstExpiry = dashboard.last()?.credentialExpiresAt ?? 0;
    expect(firstExpiry).toBeGreaterThan(Date.now());
    expect(firstExpiry).toBeLessThanOrEqual(Date.now() + 4_000);

    // Three token lifetimes and more.
    await new Promise((r) => setTimeout(r, 11_000));
    await until('live after the last renewal', () => dashboard.last()?.status === 'live', 3_000);
    const last = dashboard.last();
    expect(last?.credentialExpiresAt).toBeGreaterThan(firstExpiry + 6_000);
    // Each renewal replaced the socket once; no token ran out on an open socket (the simulator's 4001).
    expect(last?.reconnects).toBeGreaterThanOrEqual(2);
    const errors = dashboard.history.flatMap((h) => h.d.errors.map((e) => e.message));
    expect(errors.filter((e) => /token expired|4001/i.test(e))).toEqual([]);
    expect(dashboard.history.some((h) => h.d.status === 'error')).toBe(false);
    // Statuses: only live, and the brief "renewing the credential" between sockets (often too brief to be
    // seen by a 20 ms flush).
    const notLiveStatuses = dashboard.history.filter((h) => h.d.status !== 'live' && h.at > liveAt);
    expect(
      notLiveStatuses
        .map((h) => `${h.d.status}: ${h.d.reason ?? ''}`)
        .filter((s) => s !== 'reconnecting: renewing the credential'),
    ).toEqual([]);
    const notLive = timeNotLive(dashboard.history, liveAt, Date.now());
    expect(notLive).toBeLessThan(1_500);
    expect(log.lines.filter((l) => l.includes('rails credential minted')).length).toBeGreaterThanOrEqual(3);
  });

  it('a wrong pairing token is an error saying so; a stopped relay is a retry saying to start it', async () => {
    const { relay, dashboard, config } = await setUp(1800);
    dashboard.connect(railsByKeyring(relay.url, `${config.token}-wrong`));
    await until('error', () => dashboard.last()?.status === 'error');
    expect(dashboard.last()?.reason).toMatch(/^the relay refused the pairing token/);

    const url = relay.url;
    await relay.stop();
    dashboard.connect(railsByKeyring(url, config.token));
    await until('reconnecting', () => dashboard.last()?.status === 'reconnecting');
    expect(dashboard.last()?.reason).toMatch(
      new RegExp(`^keyring relay at ${url.replace(/[.]/g, '\\.')} is not reachable: is \`npm run relay\` running\\?`),
    );
    expect(JSON.stringify(dashboard.history)).not.toContain(config.token);
  });

  it('an origin the relay does not list is an error that names it', async () => {
    const { relay, config } = await setUp(1800);
    dashboard?.stop();
    dashboard = new Dashboard('http://evil.example');
    dashboard.connect(railsByKeyring(relay.url, config.token));
    await until('error', () => dashboard?.last()?.status === 'error');
    expect(dashboard.last()?.reason).toMatch(
      /^the relay does not allow this page's origin.*: add it to allowedOrigins/,
    );
  });
});

/** Milliseconds in [from, to] during which the connection was not live. */
function timeNotLive(history: { at: number; d: ConnectionDiagnostics }[], from: number, to: number): number {
  let total = 0;
  for (let i = 0; i < history.length; i++) {
    const entry = history[i];
    if (!entry || entry.d.status === 'live') continue;
    const start = Math.max(entry.at, from);
    const end = Math.min(history[i + 1]?.at ?? to, to);
    if (end > start) total += end - start;
  }
  return total;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim/index';
import type { ConnectionConfig, ConnectionProfile } from '../../src/domain/connection-config';

/** A simulator on free ports, account activity paused until the test says go. */
export async function startPausedSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({
    seed: 7,
    freePorts: true,
    activityMs: 300,
    ...options,
  });
  sim.pause();
  return sim;
}

export function zdexConnection(sim: Simulator, overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'zdex-main',
    label: 'ZDEX perps',
    venue: 'zdex',
    url: sim.urls.zdex,
    auth: { token: sim.tokens('zdex').token },
    options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
    ...overrides,
  };
}

/** Write a profile file for the file input; returns its path. */
export function writeProfile(connections: ConnectionConfig[]): string {
  const profile: ConnectionProfile = { format: 'venueboard.connections/v1', connections };
  const dir = mkdtempSync(join(tmpdir(), 'venueboard-e2e-'));
  const path = join(dir, 'profile.json');
  writeFileSync(path, JSON.stringify(profile));
  return path;
}

export function railsConnection(sim: Simulator, overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'rails-btc',
    label: 'Rails BTC-USDT',
    venue: 'rails',
    url: sim.urls.rails,
    auth: { token: sim.tokens('rails').token },
    options: {
      market: 'BTC-USDT',
      subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'],
      // Rails' account REST recovers what a gap hid (src/venues/rails/README.md); the simulator's host
      // is not one the adapter can derive it from.
      restUrl: sim.urls.railsRest,
    },
    ...overrides,
  };
}

export function scaletradeConnection(sim: Simulator, overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'scaletrade-cfd',
    label: 'ScaleTrade CFDs',
    venue: 'scaletrade',
    url: sim.urls.scaletrade,
    auth: { token: sim.tokens('scaletrade').token },
    options: {
      login: sim.tokens('scaletrade').login,
      symbols: ['btcusd', 'ethusd', 'solusd'],
      currency: 'USD',
      // The trade history recovers what a gap hid (src/venues/scaletrade/README.md).
      restUrl: sim.urls.scaletradeRest,
    },
    ...overrides,
  };
}

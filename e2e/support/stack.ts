import { startRelay, type RunningRelay } from '../../relay/index';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim/index';
import { writeDemoKeyring } from '../../scripts/demo-keyring';
import { demoProfile } from '../../scripts/demo-profile';
import type { ConnectionProfile } from '../../src/domain/connection-config';

/** The page's origin in the browser suite (playwright.config.ts baseURL). */
/** The app under test (playwright.config.ts: E2E_PORT, default 4173). */
export const APP_ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;

export interface DemoStack {
  sim: Simulator;
  relay: RunningRelay;
  profile: ConnectionProfile;
  stop(): Promise<void>;
}

/** All five simulators and the keyring relay on free ports, with the demo profile pointing at them. */
export async function startDemoStack(
  options: SimulatorOptions = {},
  keyringOptions: { coinswitchExpiresInSeconds?: number } = {},
): Promise<DemoStack> {
  const sim = await startSimulator({ seed: 7, freePorts: true, ...options });
  try {
    const keyring = writeDemoKeyring(sim, '127.0.0.1:0', [APP_ORIGIN], keyringOptions);
    const relay = await startRelay(keyring.configPath, { logger: () => undefined });
    return {
      sim,
      relay,
      profile: demoProfile(sim, relay.url, keyring.pairingToken),
      stop: async () => {
        await relay.stop();
        await sim.stop();
      },
    };
  } catch (error) {
    await sim.stop();
    throw error;
  }
}

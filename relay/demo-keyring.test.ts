/**
 * scripts/demo-keyring.ts (used by `npm start`, the e2e stack and integration tests) writes a config the
 * relay accepts: its files are owner-only (0600), credentials are pinned to the simulators' WebSocket
 * URLs, and restUrl is the HTTP base the Roxom, Rails and CoinSwitch simulators serve (Roxom's recovery
 * after a gap reads it through the relay: without it every Roxom gap was `none`).
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoKeyring } from '../scripts/demo-keyring';
import { startSimulator, type Simulator } from '../sim/index';
import { startRelay, type RunningRelay } from './index';

const ORIGIN = 'http://127.0.0.1:4173';
let sim: Simulator;
let relay: RunningRelay;
let keyring: ReturnType<typeof writeDemoKeyring>;

beforeAll(async () => {
  sim = await startSimulator({ freePorts: true, rateScale: 0 });
  sim.pause();
  keyring = writeDemoKeyring(sim, '127.0.0.1:0', [ORIGIN]);
  relay = await startRelay(keyring.configPath, { logger: () => undefined });
});
afterAll(async () => {
  await relay?.stop();
  await sim.stop();
});

const get = (path: string) =>
  fetch(`${relay.url}${path}`, { headers: { Authorization: `Bearer ${keyring.pairingToken}`, Origin: ORIGIN } });

describe('demo keyring', () => {
  it('writes the config and the key file owner-only (0600)', () => {
    expect(statSync(keyring.configPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dirname(keyring.configPath), 'roxom.pem')).mode & 0o777).toBe(0o600);
  });

  it('pins each credential to the simulator endpoint it is for', async () => {
    const rails = (await (await get('/credentials/rails-btc')).json()) as { url: string };
    expect(rails.url).toBe(sim.urls.rails);
    const cs = (await (await get('/credentials/coinswitch-main')).json()) as { url: string };
    expect(cs.url).toBe(sim.urls.coinswitch);
  });

  it("points restUrl at the simulators' HTTP base, Roxom's included: a signed read answers", async () => {
    expect(keyring.config.venues['rails-btc']).toMatchObject({ restUrl: new URL(sim.tokens('rails').tokenUrl).origin });
    expect(keyring.config.venues['coinswitch-main']).toMatchObject({
      restUrl: new URL(sim.tokens('coinswitch').signatureUrl).origin,
    });
    expect(keyring.config.venues['roxom-main']).toMatchObject({ restUrl: sim.urls.roxomRest });
    const roxom = await get('/rest/roxom-main/api/v1/accounts/balance?unit=btc');
    expect(roxom.status).toBe(200);
    expect(await roxom.json()).toBeTypeOf('object');
  });
});

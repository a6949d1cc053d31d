import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RelayConfigInput } from '../relay/index';
import type { Simulator } from '../sim/index';

/**
 * The demo keyring: a relay config holding the simulators' long-lived demo keys (the Roxom RSA key,
 * the Rails API secret, the CoinSwitch Ed25519 secret), written to a private temp folder, with a
 * fresh random pairing token. The browser never sees these keys: only the relay's short-lived
 * credentials and the Roxom bridge.
 */
export interface DemoKeyring {
  configPath: string;
  config: RelayConfigInput;
  pairingToken: string;
}

export function writeDemoKeyring(
  sim: Simulator,
  listen: string,
  allowedOrigins: string[],
  options: { coinswitchExpiresInSeconds?: number } = {},
): DemoKeyring {
  const dir = mkdtempSync(join(tmpdir(), 'venueboard-keyring-'));
  const roxom = sim.tokens('roxom');
  writeFileSync(join(dir, 'roxom.pem'), roxom.privateKeyPem, { mode: 0o600 });
  const rails = sim.tokens('rails');
  const coinswitch = sim.tokens('coinswitch');
  const pairingToken = randomBytes(24).toString('base64url');
  const config: RelayConfigInput = {
    listen,
    token: pairingToken,
    allowedOrigins,
    venues: {
      'roxom-main': { venue: 'roxom', url: roxom.url, apiKey: roxom.apiKey, privateKeyFile: 'roxom.pem' },
      'rails-btc': { venue: 'rails', tokenUrl: rails.tokenUrl, apiKey: rails.apiKey, apiSecret: rails.apiSecret },
      'coinswitch-main': {
        venue: 'coinswitch',
        signatureUrl: coinswitch.signatureUrl,
        apiKey: coinswitch.apiKey,
        secretKeyHex: coinswitch.secretKeyHex,
        ...(options.coinswitchExpiresInSeconds !== undefined
          ? { expiresInSeconds: options.coinswitchExpiresInSeconds }
          : {}),
      },
    },
  };
  const configPath = join(dir, 'relay.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  return { configPath, config, pairingToken };
}

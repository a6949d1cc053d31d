import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RelayConfigInput } from '../relay/index';
import type { Simulator } from '../sim/index';

/**
 * The demo keyring: a relay config holding the simulators' long-lived demo keys (the Roxom RSA key,
 * the Rails API secret, the CoinSwitch Ed25519 secret), written to a private temp folder, with a
 * fresh random pairing token. The browser never sees these keys: only the relay's short-lived
 * credentials and the Roxom bridge.
 *
 * Credentials are pinned to the simulators' WebSocket URLs (`wsUrl`). `restUrl` is the HTTP base each
 * simulator serves on its WebSocket port (Rails and CoinSwitch: the origin of the token and signature
 * endpoints; Roxom: its account REST, which the session reconciles from after every gap).
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
  writePrivate(join(dir, 'roxom.pem'), roxom.privateKeyPem);
  const rails = sim.tokens('rails');
  const coinswitch = sim.tokens('coinswitch');
  const pairingToken = randomBytes(24).toString('base64url');
  const config: RelayConfigInput = {
    listen,
    token: pairingToken,
    allowedOrigins,
    venues: {
      'roxom-main': {
        venue: 'roxom',
        url: roxom.url,
        restUrl: sim.urls.roxomRest,
        apiKey: roxom.apiKey,
        privateKeyFile: 'roxom.pem',
      },
      'rails-btc': {
        venue: 'rails',
        wsUrl: sim.urls.rails,
        tokenUrl: rails.tokenUrl,
        restUrl: new URL(rails.tokenUrl).origin,
        apiKey: rails.apiKey,
        apiSecret: rails.apiSecret,
      },
      'coinswitch-main': {
        venue: 'coinswitch',
        wsUrl: sim.urls.coinswitch,
        signatureUrl: coinswitch.signatureUrl,
        restUrl: new URL(coinswitch.signatureUrl).origin,
        apiKey: coinswitch.apiKey,
        secretKeyHex: coinswitch.secretKeyHex,
        ...(options.coinswitchExpiresInSeconds !== undefined
          ? { expiresInSeconds: options.coinswitchExpiresInSeconds }
          : {}),
      },
    },
  };
  const configPath = join(dir, 'relay.config.json');
  writePrivate(configPath, JSON.stringify(config, null, 2));
  return { configPath, config, pairingToken };
}

/** Owner-only (0600): the relay refuses a config or key file that group or others can read. */
function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  // `mode` applies only when the file is created, and through the umask: set it outright.
  chmodSync(path, 0o600);
}

import { resolve } from 'node:path';
import { loadRelayConfig, parseRelayConfig, type RelayConfig, type RelayConfigInput } from './config';
import { startRelayServer, type RelayServerOptions, type RunningRelay } from './server';

/**
 * The keyring relay (docs/contract.md section 4), programmatically:
 *
 *   const relay = await startRelay('relay.config.json');          // or a config object
 *   relay.url;  // 'http://127.0.0.1:8787' (listen "127.0.0.1:0" picks a free port: tests)
 *   await relay.stop();
 *
 * A config object's relative `privateKeyFile` paths resolve against `options.baseDir` (default: the
 * working directory); a file's against the file's folder. Bad settings throw a `RelayConfigError`
 * listing every problem, without quoting any secret.
 */

export interface StartRelayOptions extends RelayServerOptions {
  /** Where a config object's relative paths start. */
  baseDir?: string;
}

export type { RelayConfig, RelayConfigInput, RelayVenueInput } from './config';
export { RelayConfigError, loadRelayConfig, parseRelayConfig } from './config';
export type { RelayLogger } from './log';
export type { RunningRelay } from './server';
export { roxomSignature, ROXOM_SIGNED_PAYLOAD } from './roxom-bridge';
export { PAIRING_PROTOCOL_PREFIX } from './server';
export { REST_ALLOWLIST } from './rest-allowlist';
export type { PairingLimits } from './pairing-limit';

export async function startRelay(
  config: RelayConfigInput | string,
  options: StartRelayOptions = {},
): Promise<RunningRelay> {
  const checked: RelayConfig =
    typeof config === 'string'
      ? loadRelayConfig(config)
      : parseRelayConfig(config, resolve(options.baseDir ?? process.cwd()));
  return startRelayServer(checked, options);
}

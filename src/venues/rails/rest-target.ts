import type { ConnectionConfig } from '../../domain/connection-config';
import type { RestTarget } from '../types';
import { parseRailsAuth, type RailsOptions } from './options';

/**
 * Where a connection with a pasted token sends its REST reads: `options.restUrl`, else the account host
 * next to the WebSocket's (`ws.trade.rails.xyz` -> `https://user-account.trade.rails.xyz`,
 * `ws.sandbox.rails.xyz` -> `https://user-account.sandbox.rails.xyz` [guess: the docs name both REST
 * hosts but not the sandbox WebSocket]), with `Authorization: Bearer <JWT>` (the WebSocket's access
 * token). A keyring connection has none: its REST goes through the relay, which signs it.
 */
export function railsRestTarget(config: ConnectionConfig, options: RailsOptions): RestTarget | undefined {
  if (config.auth.keyring !== undefined) return undefined;
  const auth = parseRailsAuth(config.auth);
  const baseUrl = railsRestBase(config, options);
  if (!auth.ok || baseUrl === undefined) return undefined;
  return { baseUrl, headers: { Authorization: `Bearer ${auth.auth.token}` } };
}

/** The REST base URL of a connection (keyring or not), or undefined when none is known. */
export function railsRestBase(config: ConnectionConfig, options: RailsOptions): string | undefined {
  return options.restUrl ?? defaultRestUrl(config.url);
}

/** `wss://ws.<env>.rails.xyz` -> `https://user-account.<env>.rails.xyz`; undefined for any other host. */
export function defaultRestUrl(wsUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(wsUrl);
  } catch {
    return undefined;
  }
  const match = /^ws\.((?:[a-z0-9-]+\.)*rails\.xyz)$/i.exec(url.hostname);
  return match ? `https://user-account.${match[1]!.toLowerCase()}` : undefined;
}

/** Why a connection without a keyring reference has no REST to recover from (undefined when it has one). */
export function missingRest(wsUrl: string, options: RailsOptions): string | undefined {
  if ((options.restUrl ?? defaultRestUrl(wsUrl)) !== undefined) return undefined;
  return (
    `no Rails REST address is known for ${hostOf(wsUrl)}: ` +
    'set options.restUrl (e.g. "https://user-account.trade.rails.xyz")'
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'this URL';
  }
}

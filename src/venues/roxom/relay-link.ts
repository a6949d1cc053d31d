import type { ConnectionConfig } from '../../domain/connection-config';
import { parseKeyringRef } from '../shared/keyring';
import type { RestTarget, WebSocketEndpoint } from '../types';
import { bridgeId } from './options';

/**
 * Where a Roxom connection reaches the keyring relay (docs/contract.md section 4): the bridge it opens
 * and the relay's REST proxy (`GET /rest/<id>/<path>`, signed by the relay as Roxom requires). Pure:
 * both come from the profile entry, which `parseRoxomConfig` has checked.
 *
 * - Keyring form (`auth.keyring`): the URL carries no token; the pairing token is presented as the
 *   WebSocket subprotocol `venueboard.pairing.<token>` (the relay echoes it), so it never appears in a
 *   URL. REST goes to `<keyring.url>/rest/<keyring.id>` with the token as bearer.
 * - Older form (`auth: {}`, `?token=` in the URL): the URL exactly as given; REST goes to the same
 *   relay (`ws` → `http`, `wss` → `https`, same host and port) at `/rest/<id>` with the URL's token as
 *   bearer.
 */

/** The subprotocol prefix that carries the pairing token (docs/contract.md section 4). */
export const PAIRING_PROTOCOL_PREFIX = 'venueboard.pairing.';

export function roxomEndpoint(config: ConnectionConfig): WebSocketEndpoint {
  const ref = parseKeyringRef(config.auth);
  if (!ref.ok) return { url: config.url };
  return { url: config.url, protocols: [`${PAIRING_PROTOCOL_PREFIX}${ref.ref.token}`] };
}

/** The relay's REST proxy for this connection, or undefined when the profile names none (not a bridge URL). */
export function roxomRestTarget(config: ConnectionConfig): RestTarget | undefined {
  const ref = parseKeyringRef(config.auth);
  if (ref.ok) {
    const base = ref.ref.url.replace(/[?#].*$/, '').replace(/\/+$/, '');
    return { baseUrl: `${base}/rest/${ref.ref.id}`, headers: { Authorization: `Bearer ${ref.ref.token}` } };
  }
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return undefined;
  }
  const id = bridgeId(url);
  const token = url.searchParams.get('token') ?? '';
  if (id === undefined || token.length === 0) return undefined;
  const scheme = url.protocol === 'wss:' ? 'https:' : 'http:';
  return { baseUrl: `${scheme}//${url.host}/rest/${id}`, headers: { Authorization: `Bearer ${token}` } };
}

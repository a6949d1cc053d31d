import type { ConnectionConfig } from '../../domain/connection-config';
import { parseKeyringRef } from '../shared/keyring';
import type { RestTarget, WebSocketEndpoint } from '../types';

/**
 * Where a Roxom connection reaches the keyring relay (docs/contract.md section 4): the bridge it opens
 * and the relay's REST proxy (`GET /rest/<id>/<path>`, signed by the relay as Roxom requires). Pure:
 * both come from the profile entry, which `parseRoxomConfig` has checked.
 *
 * - Keyring form (`auth.keyring`): the URL carries no token; the pairing token is presented as the
 *   WebSocket subprotocol `venueboard.pairing.<token>` (the relay echoes it), so it never appears in a
 *   URL. REST goes to `<keyring.url>/rest/<keyring.id>` with the token as bearer.
 * The older form (`?token=` in the URL) is refused by `parseRoxomConfig` and gets no REST target.
 */

/** The subprotocol prefix that carries the pairing token (docs/contract.md section 4). */
export const PAIRING_PROTOCOL_PREFIX = 'venueboard.pairing.';

export function roxomEndpoint(config: ConnectionConfig): WebSocketEndpoint {
  const ref = parseKeyringRef(config.auth);
  if (!ref.ok) return { url: config.url };
  return { url: config.url, protocols: [`${PAIRING_PROTOCOL_PREFIX}${ref.ref.token}`] };
}

/** The relay's REST proxy for this connection, or undefined without a keyring reference. */
export function roxomRestTarget(config: ConnectionConfig): RestTarget | undefined {
  const ref = parseKeyringRef(config.auth);
  if (ref.ok) {
    const base = ref.ref.url.replace(/[?#].*$/, '').replace(/\/+$/, '');
    return { baseUrl: `${base}/rest/${ref.ref.id}`, headers: { Authorization: `Bearer ${ref.ref.token}` } };
  }
  // Without a keyring reference there is no relay to reach (parseRoxomConfig refuses the connection).
  return undefined;
}

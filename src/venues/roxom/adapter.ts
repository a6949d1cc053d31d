import { venueCapabilities } from '../shared/capabilities';
import type { VenueAdapter } from '../types';
import { parseRoxomConfig, type RoxomOptions } from './options';
import { describeRoxomSymbol } from './instruments';
import { roxomEndpoint, roxomRestTarget } from './relay-link';
import { createRoxomSession, ROXOM_HEARTBEAT_MS, ROXOM_SILENCE_MS } from './session';
import { ENDPOINTS } from './endpoints';

/**
 * Roxom (roxom.com), through the keyring relay: Roxom authenticates the WebSocket upgrade with signed
 * headers a browser cannot send, so the browser opens the relay's bridge `ws://127.0.0.1:8787/ws/<id>`
 * (the pairing token as the subprotocol `venueboard.pairing.<token>`; a `?token=` URL is refused)
 * and the relay bridges to wss://ws.roxom.com/ws; the relay also signs the REST reads the session
 * reconciles from (docs/contract.md section 4). See README.md in this folder.
 */
export const roxomAdapter: VenueAdapter<RoxomOptions> = {
  venue: 'roxom',
  displayName: 'Roxom',
  // No fills channel: fills are derived from the growth of each order's cumulative executedQty, and
  // read from the order's executions (REST) after a gap. No marks: the relay bridges private channels
  // only (ticker / level1 frames are mapped if they ever arrive). Notifications: the `account` channel
  // ("account-level alerts"), schema undocumented.
  capabilities: venueCapabilities('derived', 'orders', 'positions', 'balances', 'notifications'),
  endpoints: ENDPOINTS,
  parseOptions: parseRoxomConfig,
  // The bridge URL and the pairing subprotocol.
  endpoint: (config) => roxomEndpoint(config),
  // The relay's REST proxy (a keyring connection's REST goes there through the lifecycle anyway).
  rest: (config) => roxomRestTarget(config),
  // The keyring reference names the bridge; there is no short-lived credential to fetch for Roxom.
  keyringCredential: false,
  createSession: createRoxomSession,
  // <ASSET>-BTC perpetuals quoted and settled in BTC (instruments.ts).
  describeSymbol: (symbol) => describeRoxomSymbol(symbol),
  // The heartbeat probes a quiet stream (the subscription again; its ack is a frame), ends the wait
  // for an ack that may never be recognised, and retries failed REST reads.
  heartbeatIntervalMs: ROXOM_HEARTBEAT_MS,
  // A probe every heartbeat keeps a healthy quiet stream under this: silence means a stalled stream
  // (stale after 10 s, a new socket after 30 s).
  silenceTimeoutMs: ROXOM_SILENCE_MS,
};

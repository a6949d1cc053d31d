import type { VenueAdapter } from '../types';
import { parseRoxomConfig, type RoxomOptions } from './options';
import { describeRoxomSymbol } from './instruments';
import { createRoxomSession } from './session';

/**
 * Roxom (roxom.com), through the keyring relay: Roxom authenticates the WebSocket upgrade with signed
 * headers a browser cannot send, so the browser opens the relay's `ws://127.0.0.1:8787/ws/<id>?token=…`
 * and the relay bridges to wss://ws.roxom.com/ws (docs/contract.md section 4). `auth` is `{}`.
 * See README.md in this folder for capabilities, quirks and doc links.
 */
export const roxomAdapter: VenueAdapter<RoxomOptions> = {
  venue: 'roxom',
  displayName: 'Roxom',
  capabilities: {
    // No fills channel: fills are derived from the growth of each order's cumulative executedQty.
    fills: 'derived',
    orders: true,
    positions: true,
    balances: true,
    // The relay bridges private channels only; ticker / level1 frames are mapped if they ever arrive.
    marks: false,
    // The `account` channel ("account-level alerts"), schema undocumented.
    notifications: true,
  },
  parseOptions: parseRoxomConfig,
  // The relay URL exactly as given (its ?token= is the relay's pairing token; Roxom defines no parameters).
  endpoint: (config) => ({ url: config.url }),
  createSession: createRoxomSession,
  // <ASSET>-BTC perpetuals quoted and settled in BTC (instruments.ts).
  describeSymbol: (symbol) => describeRoxomSymbol(symbol),
  // Nothing is sent to keep the socket alive (no documented ping; the relay pings upstream with control
  // frames). The heartbeat only ends the wait for a subscription ack that may never be recognised.
  heartbeatIntervalMs: 5_000,
  // 0 = no watchdog. A quiet account sends nothing for hours, and nothing can be asked of Roxom to prove
  // the stream alive (no documented ping; browsers hide control-frame pongs). A dead upstream is seen by
  // the relay, which closes the browser socket; the lifecycle then reconnects.
  silenceTimeoutMs: 0,
};

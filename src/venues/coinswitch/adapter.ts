import type { ConnectionConfig } from '../../domain/connection-config';
import { venueCapabilities } from '../shared/capabilities';
import type { VenueAdapter, WebSocketEndpoint } from '../types';
import { parseCoinswitchAuth, parseCoinswitchConfig, type CoinswitchOptions } from './options';
import { describeCoinswitchSymbol } from './instruments';
import { createCoinswitchSession } from './session';
import { coinswitchAuthText } from './wire';
import { ENDPOINTS } from './endpoints';

/**
 * CoinSwitch PRO HFT ("DMA"). Browser-direct over NATS-over-WebSocket (`transport: 'nats'`): the
 * short-lived socket credential {apiKey, expires, signature} authenticates as a NATS request on the
 * auth subject (default) or as the CONNECT token (docs/contract.md section 2).
 * See README.md in this folder for capabilities, quirks, guesses and doc links.
 */
export const coinswitchAdapter: VenueAdapter<CoinswitchOptions> = {
  venue: 'coinswitch',
  displayName: 'CoinSwitch PRO',
  // Fills: the trade subject sends every execution with its own execId. The private subjects carry
  // orders and executions only (no position or balance stream); marks from the public ticker subjects
  // (options.tickerSymbols).
  capabilities: venueCapabilities('native', 'orders', 'marks'),
  endpoints: ENDPOINTS,
  transport: 'nats',
  parseOptions: parseCoinswitchConfig,
  endpoint: coinswitchEndpoint,
  createSession: createCoinswitchSession,
  // Linear perpetuals settled in the quote (instruments.ts).
  describeSymbol: (symbol) => describeCoinswitchSymbol(symbol),
  // A NATS PING each 2 s: its PONG is a frame, so a quiet account still shows signs of life, and a
  // stall shows within seconds. NATS replays nothing, so a stall that drops messages must become a gap
  // (recovered from REST): one shorter than the silence window would lose them unseen.
  heartbeatIntervalMs: 2_000,
  // 2.5 heartbeats without even a PONG: stale (a gap); three windows (15 s): the lifecycle reconnects.
  silenceTimeoutMs: 5_000,
};

/**
 * The profile URL exactly as given (`wss://pc-nats-prod.coinswitch.co`). In `authMode: "connect"`
 * the auth JSON text `{"op":"auth","args":[apiKey,expires,signature]}` is the NATS CONNECT token,
 * read from `config.auth` for every new socket (a renewed credential is used on the next reconnect).
 */
export function coinswitchEndpoint(config: ConnectionConfig, options: CoinswitchOptions): WebSocketEndpoint {
  if (options.authMode !== 'connect') return { url: config.url };
  const auth = parseCoinswitchAuth(config.auth);
  const credential = auth.ok ? auth.auth.credential : undefined;
  if (!credential) return { url: config.url };
  return {
    url: config.url,
    natsToken: coinswitchAuthText(credential.apiKey, credential.expires, credential.signature),
  };
}

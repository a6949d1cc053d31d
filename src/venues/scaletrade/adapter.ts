import { venueCapabilities } from '../shared/capabilities';
import type { VenueAdapter } from '../types';
import { parseScaletradeAuth, parseScaletradeConfig, type ScaletradeOptions } from './options';
import { describeScaletradeSymbol } from './instruments';
import { createScaletradeSession } from './session';
import { ENDPOINTS } from './endpoints';

/**
 * ScaleTrade (scaletrade.com) Client API WebSocket, a white-label broker platform. Browser-direct: the
 * Client REST sign-in JWT goes in the first message. See README.md in this folder for capabilities,
 * quirks, doc links and every guess.
 */
export const scaletradeAdapter: VenueAdapter<ScaletradeOptions> = {
  venue: 'scaletrade',
  displayName: 'ScaleTrade',
  // No execution payload: fills are derived from ticket state (a ticket opening, a ticket closing).
  capabilities: venueCapabilities('derived', 'orders', 'positions', 'balances', 'marks', 'notifications'),
  endpoints: ENDPOINTS,
  parseOptions: parseScaletradeConfig,
  // wss://{broker_domain}:{ws_port} as given by the profile; ScaleTrade defines no query parameters or subprotocols.
  endpoint: (config) => ({ url: config.url }),
  createSession: createScaletradeSession,
  // The trade history after a gap (history.ts): the Client REST with the session JWT as the documented
  // `Authorization: <JWT_TOKEN>` (no scheme), when the connection names its base URL.
  rest: (config, options) => {
    const auth = parseScaletradeAuth(config.auth);
    if (options.restUrl === undefined || !auth.ok) return undefined;
    return { baseUrl: options.restUrl, headers: { Authorization: auth.auth.token } };
  },
  // CFDs settled in the account currency (instruments.ts).
  describeSymbol: describeScaletradeSymbol,
  // Plain text `ping` every 2 s (the docs give no interval). Short on purpose: the `pong` is the only
  // frame an account without quote symbols is sure to get, and a stall is only a recorded gap (and
  // recovered) once it outlasts the silence window below.
  heartbeatIntervalMs: 2_000,
  // Quotes can pause (FX weekends, quiet symbols, no symbols configured), so the only frame guaranteed
  // is the `pong` to each 2 s ping: 5 s of nothing means the stream stalled.
  silenceTimeoutMs: 5_000,
};

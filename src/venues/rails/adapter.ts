import type { ConnectionConfig } from '../../domain/connection-config';
import { venueCapabilities } from '../shared/capabilities';
import type { VenueAdapter, WebSocketEndpoint } from '../types';
import { parseRailsAuth, parseRailsConfig, type RailsOptions } from './options';
import { describeRailsMarket } from './instruments';
import { railsRestTarget } from './rest-target';
import { createRailsSession } from './session';
import { RAILS_AUTH_SUBPROTOCOL_PREFIX } from './wire';
import { ENDPOINTS } from './endpoints';

/**
 * Rails (rails.xyz). Browser-direct: the access token rides in the WebSocket subprotocol
 * (`authorization#<JWT>`), the market and the streams in the URL's query.
 * See README.md in this folder for capabilities, quirks and doc links.
 */
export const railsAdapter: VenueAdapter<RailsOptions> = {
  venue: 'rails',
  displayName: 'Rails',
  // Fills: the trades stream sends every execution with its own matchId. Rails has no position or
  // balance stream.
  capabilities: venueCapabilities('native', 'orders', 'marks'),
  endpoints: ENDPOINTS,
  parseOptions: parseRailsConfig,
  endpoint: railsEndpoint,
  createSession: createRailsSession,
  // BASE-QUOTE perpetuals settled in the quote (instruments.ts).
  describeSymbol: (symbol) => describeRailsMarket(symbol),
  // The docs give no ping interval. Every 5 s: a quiet account's socket stays visibly alive, and a pong
  // that never comes shows frames dropped on a socket that stayed up (pong-watch.ts) within seconds.
  heartbeatIntervalMs: 5_000,
  // A quiet account (orders and trades only) may send nothing but the pong to each ping, so silence
  // means 2.5 heartbeats without even a pong.
  silenceTimeoutMs: 12_500,
  // Recovery after a gap reads Rails' account REST (README "Recovery after a gap"); a pasted token's
  // connection calls it directly, a keyring connection through the relay.
  rest: railsRestTarget,
  // Identical connections get identical event sequences ("hot standby", docs/venues/rails.md): a second
  // socket takes the market's second connection slot (Rails allows 2), so a single drop opens no gap.
  standby: true,
  // `options.standby: false` gives the second place back to another client (a bot on the same account).
  standbyFor: (options) => options.standby !== false,
};

/**
 * The profile URL exactly as given, plus `market` and `subscriptions` (comma-separated, commas not
 * escaped, as in the docs' `?market=BTC-USDT&subscriptions=orders,trades,publicTrades,publicOrderBook`),
 * and the token as the subprotocol `authorization#<JWT>` (the server echoes it).
 */
export function railsEndpoint(config: ConnectionConfig, options: RailsOptions): WebSocketEndpoint {
  const separator = config.url.includes('?') ? (/[?&]$/.test(config.url) ? '' : '&') : '?';
  const query = `market=${encodeURIComponent(options.market)}&subscriptions=${options.subscriptions.join(',')}`;
  const auth = parseRailsAuth(config.auth);
  const token = auth.ok ? auth.auth.token : '';
  return { url: `${config.url}${separator}${query}`, protocols: [`${RAILS_AUTH_SUBPROTOCOL_PREFIX}${token}`] };
}

import type { ConnectionConfig } from '../../domain/connection-config';
import { parseKeyringRef } from '../shared/keyring';
import type { OptionsResult } from '../types';
import { RAILS_ALL_MARKETS, RAILS_SUBSCRIPTIONS, type RailsSubscription } from './wire';
import { withAuthChecked } from '../shared/options-result';
import { describeOptionValue as describe, parsePastedToken, unknownOptionProblems } from '../shared/option-checks';

/**
 * A Rails connection's profile entry (docs/contract.md section 2):
 *   "auth":    { "token": "<JWT>" }      the access token from POST /api/v1/token (30 minutes)
 *   "options": { "market": "BTC-USDT" | "ALL", "subscriptions": ["orders","trades","publicTrades","publicOrderBook"],
 *                "restUrl": "https://user-account.trade.rails.xyz" (optional; see rest-target.ts),
 *                "standby": false (optional; default true: a hot standby socket, README "Hot standby") }
 * or a keyring reference `{ "keyring": { "url", "id", "token" } }`: the shared lifecycle fetches the
 * token from the relay before each socket and renews it (src/venues/shared/README.md). Problems never
 * quote the token. Docs: docs.rails.xyz/latest/websocket-api/overview (query parameters).
 */
export interface RailsOptions {
  /** A market name ("BTC-USDT") or "ALL". */
  market: string;
  /** Subscriptions for the URL, without duplicates, in the documented order. */
  subscriptions: readonly RailsSubscription[];
  /**
   * Base URL of Rails' account REST (recovery after a gap) for a connection with a pasted token; absent:
   * derived from the WebSocket host (rest-target.ts). A keyring connection's REST goes through the relay.
   */
  restUrl?: string;
  /**
   * Present and false: one socket, no hot standby, so the market's second connection place (Rails: 2
   * per market) stays free for another client on the account (a trading bot, another dashboard).
   */
  standby?: false;
}

export interface RailsAuth {
  token: string;
}

export type AuthResult = { ok: true; auth: RailsAuth } | { ok: false; problems: string[] };

/** All four streams: a dashboard wants orders, own trades and the market around them. */
export const DEFAULT_SUBSCRIPTIONS: readonly RailsSubscription[] = RAILS_SUBSCRIPTIONS;

const KNOWN_OPTIONS = ['market', 'subscriptions', 'restUrl', 'standby'];
/** "BTC-USDT", "ETH-USD", "1000PEPE-USDT": letters and digits joined by dashes (safe in a URL and a request). */
export const MARKET_NAME = /^[A-Z0-9]{1,20}(?:-[A-Z0-9]{1,20}){1,3}$/;
/** A JWT is three base64url parts; these are also the only characters a subprotocol token may hold here. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Validates `options` and the shape of `auth`; all problems at once. */
export function parseRailsConfig(config: ConnectionConfig): OptionsResult<RailsOptions> {
  const options = parseRailsOptions(config.options);
  // A keyring reference: the token is fetched later; only the reference's shape can be checked now.
  const auth =
    config.auth.keyring !== undefined && config.auth.token === undefined
      ? parseKeyringRef(config.auth)
      : parseRailsAuth(config.auth);
  return withAuthChecked(options, auth);
}

export function parseRailsOptions(options: Record<string, unknown>): OptionsResult<RailsOptions> {
  const problems: string[] = [];
  problems.push(...unknownOptionProblems('Rails', options, KNOWN_OPTIONS));
  const market = parseMarket(options.market, problems);
  const subscriptions = parseSubscriptions(options.subscriptions, problems);
  const restUrl = parseRestUrl(options.restUrl, problems);
  if (options.standby !== undefined && typeof options.standby !== 'boolean')
    problems.push('options.standby must be true or false');
  if (problems.length > 0 || market === undefined) return { ok: false, problems };
  return {
    ok: true,
    options: {
      market,
      subscriptions,
      ...(restUrl === undefined ? {} : { restUrl }),
      ...(options.standby === false ? { standby: false as const } : {}),
    },
  };
}

/** An http(s) base URL without credentials, query or fragment; a trailing slash is dropped. */
function parseRestUrl(raw: unknown, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  const problem =
    'options.restUrl must be the http(s) address of Rails\' account REST, e.g. "https://user-account.trade.rails.xyz"';
  if (typeof raw !== 'string') {
    problems.push(problem);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    problems.push(problem);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(problem);
  else if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    problems.push('options.restUrl must not carry credentials, a query or a fragment');
  else return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return undefined;
}

function parseMarket(raw: unknown, problems: string[]): string | undefined {
  const market = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (market === RAILS_ALL_MARKETS || MARKET_NAME.test(market)) return market;
  problems.push(
    raw === undefined
      ? 'options.market is required: a Rails market such as "BTC-USDT", or "ALL" for every market'
      : `options.market must be a Rails market such as "BTC-USDT", or "ALL", got ${describe(raw)}`,
  );
  return undefined;
}

function parseSubscriptions(raw: unknown, problems: string[]): RailsSubscription[] {
  if (raw === undefined) return [...DEFAULT_SUBSCRIPTIONS];
  const allowed = RAILS_SUBSCRIPTIONS.join(', ');
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`options.subscriptions must be a non-empty list of ${allowed} (leave it out for all four)`);
    return [];
  }
  const chosen = new Set<RailsSubscription>();
  raw.forEach((entry: unknown, i) => {
    const match = RAILS_SUBSCRIPTIONS.find(
      (s) => typeof entry === 'string' && s.toLowerCase() === entry.trim().toLowerCase(),
    );
    if (match === undefined)
      problems.push(`options.subscriptions[${i}] must be one of ${allowed}, got ${describe(entry)}`);
    else chosen.add(match);
  });
  return RAILS_SUBSCRIPTIONS.filter((s) => chosen.has(s));
}

/**
 * `{ token }`. Surrounding whitespace, a pasted "Bearer " prefix and a pasted "authorization#" prefix
 * are removed. With a keyring reference the session sees `{ token, keyring }` once the lifecycle has
 * fetched the token; before that there is no token yet.
 */
export function parseRailsAuth(auth: Record<string, unknown>): AuthResult {
  if (auth.keyring !== undefined && auth.token === undefined) {
    return { ok: false, problems: ['the Rails token has not been fetched from the keyring relay yet'] };
  }
  const pasted = parsePastedToken(
    auth.token,
    'auth.token is required: paste the access token from POST /api/v1/token (a JWT, valid 30 minutes)',
    [/^authorization#/i],
  );
  if (!pasted.ok) return pasted;
  const token = pasted.token;
  if (!JWT_SHAPE.test(token)) {
    return {
      ok: false,
      problems: [
        'auth.token does not look like a Rails access token (a JWT: three parts of letters, digits, "-" and "_" joined by dots)',
      ],
    };
  }
  return { ok: true, auth: { token } };
}

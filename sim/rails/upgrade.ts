import type { IncomingMessage } from 'node:http';
import type { RailsSubscription } from '../../src/venues/rails/wire';
import { RAILS_ALL, RAILS_AUTH_PREFIX, isSubscription } from './protocol';
import { symbolOf } from './markets';

export interface UpgradeRequest {
  /** A Rails market ("BTC-USDT") or "ALL". */
  market: string;
  subscriptions: RailsSubscription[];
  /** The JWT from `Sec-WebSocket-Protocol: authorization#<JWT>`, when one was offered. */
  token: string | undefined;
  /** The offered subprotocol carrying it, echoed in the 101 answer. */
  protocol: string | undefined;
}

export type ParsedUpgrade = { ok: true; request: UpgradeRequest } | { ok: false; status: number; body: string };

/** The default when `subscriptions` is absent (overview: "Defaults to orders if omitted"). */
const DEFAULT_SUBSCRIPTIONS: RailsSubscription[] = ['orders'];

/** Path, query (`market`, `subscriptions`) and the authorization subprotocol of an upgrade request. */
export function parseUpgrade(req: IncomingMessage): ParsedUpgrade {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/' && url.pathname !== '/ws') return { ok: false, status: 404, body: 'not found' };

  const market = url.searchParams.get('market');
  if (market === null || market === '') return { ok: false, status: 400, body: 'market is required' };
  if (market !== RAILS_ALL && symbolOf(market) === undefined)
    return { ok: false, status: 400, body: `unknown market: ${market}` };

  let subscriptions = DEFAULT_SUBSCRIPTIONS;
  const list = url.searchParams.get('subscriptions');
  if (list !== null && list !== '') {
    const names = list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const unknown = names.find((s) => !isSubscription(s));
    if (unknown !== undefined) return { ok: false, status: 400, body: `unknown subscription: ${unknown}` };
    subscriptions = [...new Set(names as RailsSubscription[])];
  }

  const offered = headerList(req.headers['sec-websocket-protocol']);
  const protocol = offered.find((p) => p.startsWith(RAILS_AUTH_PREFIX));
  const token = protocol?.slice(RAILS_AUTH_PREFIX.length);
  return { ok: true, request: { market, subscriptions, token: token === '' ? undefined : token, protocol } };
}

function headerList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(',') : value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

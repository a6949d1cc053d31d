import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VenueLedger } from '../shared/front-end';
import type { RoxomRestEnvelope } from '../../src/venues/roxom/rest-wire';
import type { RoxomPosition } from '../../src/venues/roxom/wire';
import type { RoxomAuth } from './auth';
import { requestHeader, sendJsonText } from '../shared/http';
import { toJson } from './json';
import {
  feesOf,
  isOpenOrder,
  restBalances,
  restOrder,
  restOrderWithFills,
  restPosition,
  type RoxomUnit,
} from './rest-data';

/**
 * Roxom's account REST on the front end's HTTP port (docs/venues/roxom.md "Recovery after a gap";
 * docs.roxom.com/reference/api-reference/{orders/list, orders/status, positions/list} and
 * docs.roxom.com/api-reference/accounts/get-account-balance), answered from the account ledger:
 *
 *   GET /api/v1/orders?instType=perpetual[&includeClosed=true][&symbol=S][&unit=btc|sats]
 *   GET /api/v1/orders/<orderId>[?unit=…]                      the order with `fills[]`
 *   GET /api/v1/positions?instType=perpetual[&symbol=S][&unit=…] (unit defaults to sats, as documented)
 *   GET /api/v1/accounts/balance[?unit=…]
 *
 * Every request must carry `X-API-Key` and `X-API-Signature` = base64 RSA PKCS#1 v1.5 SHA-256 of
 * `GET:<path>?<query>`, the request target exactly as sent (the query included when present [guess]),
 * verified with the account's key. Answers: `{"error":false,"data":…}`; a refusal `{"error":true,
 * "code":…,"message":…}` [guess: the error envelope's fields]. No paging: the docs describe none.
 */

export interface RoxomRestSource {
  auth: RoxomAuth;
  accountId: string;
  /** The ground truth in Roxom terms (ids, symbols, quantities, BTC amounts). */
  ledger(): VenueLedger;
  /** Open positions as the stream shows them, freshly stamped. */
  positions(): (RoxomPosition & { accountId: string; entryFees?: string })[];
  /** The venue's clock now, in ns. */
  stamp(): bigint;
}

export const REST_PREFIX = '/api/v1/';

/** True when this front end answers the path (everything under /api/v1/). */
export function isRestPath(path: string): boolean {
  return path.startsWith(REST_PREFIX);
}

export function handleRest(req: IncomingMessage, res: ServerResponse, source: RoxomRestSource): void {
  req.resume();
  const target = req.url ?? '/';
  const url = new URL(target, 'http://roxom.invalid');
  if (req.method !== 'GET') return refuse(res, 405, '405', 'method not allowed', { Allow: 'GET' });
  const auth = source.auth.checkRest(
    requestHeader(req, 'x-api-key'),
    requestHeader(req, 'x-api-signature'),
    'GET',
    target,
  );
  if (!auth.ok) return refuse(res, 401, '600010', 'Authentication failed');
  const unitParam = url.searchParams.get('unit');
  if (unitParam !== null && unitParam !== 'btc' && unitParam !== 'sats')
    return refuse(res, 400, '400', 'unit must be sats or btc');
  const unit = (fallback: RoxomUnit): RoxomUnit => (unitParam as RoxomUnit | null) ?? fallback;
  const path = url.pathname;

  if (path === '/api/v1/orders') {
    const instType = url.searchParams.get('instType');
    if (instType === null) return refuse(res, 400, '400', 'instType is required');
    const includeClosed = url.searchParams.get('includeClosed') === 'true';
    const symbol = url.searchParams.get('symbol');
    const ledger = source.ledger();
    const orders =
      instType !== 'perpetual'
        ? []
        : ledger.orders
            .filter((o) => (includeClosed || isOpenOrder(o)) && (symbol === null || o.symbol === symbol))
            .map((o) => restOrder(o, feesOf(ledger, o.orderId), source.accountId, unit('btc')));
    return ok(res, { orders });
  }

  const single = /^\/api\/v1\/orders\/([A-Za-z0-9-]{1,128})$/.exec(path);
  if (single) {
    const ledger = source.ledger();
    const order = ledger.orders.find((o) => o.orderId === single[1]);
    if (!order) return refuse(res, 404, '404', 'order not found');
    return ok(res, { order: restOrderWithFills(order, ledger, source.accountId, unit('btc')) });
  }

  if (path === '/api/v1/positions') {
    const instType = url.searchParams.get('instType');
    if (instType === null) return refuse(res, 400, '400', 'instType is required');
    const symbol = url.searchParams.get('symbol');
    const positions =
      instType !== 'perpetual'
        ? []
        : source
            .positions()
            .filter((p) => symbol === null || p.symbol === symbol)
            .map((p) => restPosition(p, unit('sats')));
    return ok(res, { positions });
  }

  if (path === '/api/v1/accounts/balance') return ok(res, restBalances(source.ledger(), source.stamp(), unit('btc')));

  refuse(res, 404, '404', 'not found');
}

function ok(res: ServerResponse, data: unknown): void {
  const envelope: RoxomRestEnvelope<unknown> = { error: false, data };
  sendJsonText(res, 200, toJson(envelope));
}

function refuse(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify({ error: true, code, message }), headers);
}

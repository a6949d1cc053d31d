import type { RailsCompletedOrder, RailsOrder } from '../../src/venues/rails/wire';
import type {
  RailsCompletedOrdersPage,
  RailsOpenOrdersPage,
  RailsPosition,
  RailsPositionsAnswer,
} from '../../src/venues/rails/rest-wire';
import type { VenueLedger } from '../shared/front-end';
import type { RailsAuth } from './auth';
import { railsOrder } from './frames';
import { symbolOf } from './markets';
import { num, text, type Num } from '../core/num';

/**
 * The account REST the adapter's recovery reads (docs/venues/rails.md, "Recovery after a gap"; paths as
 * the venue's, docs.rails.xyz/latest/rest-api/get-account-*), answered from the account ledger, with
 * `Authorization: Bearer <JWT>` checked exactly like the WebSocket's subprotocol token:
 *
 * - `GET /api/v1/completed-orders?startDate&endDate&start`: the account's executions of every market,
 *   newest first, `pageSize` a page (the venue: 100), `last` on a full page [guess: DynamoDB-style key];
 * - `GET /api/v1/open-orders?market&start`: open orders (every market without `market`), by market then id;
 * - `GET /api/v1/positions?market`: positions, `quantity` unsigned with `type` LONG | SHORT.
 */

export const REST_PATHS = ['/api/v1/completed-orders', '/api/v1/open-orders', '/api/v1/positions'] as const;
export type RestPath = (typeof REST_PATHS)[number];

export interface RestDeps {
  auth: RailsAuth;
  /** The account's ledger in Rails terms (ids and markets as the streams carry them). */
  ledger: () => VenueLedger;
  leverageOf: (market: string) => number;
  pageSize: number;
}

export interface RestAnswer {
  status: number;
  body: unknown;
}

export function isRestPath(path: string): path is RestPath {
  return (REST_PATHS as readonly string[]).includes(path);
}

export function answerRest(
  path: RestPath,
  query: URLSearchParams,
  authorization: string | undefined,
  deps: RestDeps,
): RestAnswer {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (token === undefined) return { status: 401, body: { error: 'invalid token' } };
  const check = deps.auth.check(token);
  if (!check.ok) return { status: 401, body: { error: check.reason } };
  try {
    switch (path) {
      case '/api/v1/completed-orders':
        return { status: 200, body: completedOrders(query, deps) };
      case '/api/v1/open-orders':
        return { status: 200, body: openOrders(query, deps) };
      case '/api/v1/positions':
        return { status: 200, body: positions(query, deps) };
    }
  } catch (e) {
    if (e instanceof BadRequest) return { status: 400, body: { error: e.message } };
    throw e;
  }
}

class BadRequest extends Error {}

// ---- completed-orders --------------------------------------------------------------------------------

interface Execution {
  row: RailsCompletedOrder;
  time: number;
}

/** Newest first; ties by matchId, descending. `start` names the last row of the previous page. */
function completedOrders(query: URLSearchParams, deps: RestDeps): RailsCompletedOrdersPage {
  const startDate = millis(query, 'startDate');
  const endDate = millis(query, 'endDate');
  const after = completedCursor(query.get('start'));
  const rows = executions(deps.ledger())
    .filter((e) => (startDate === undefined || e.time >= startDate) && (endDate === undefined || e.time <= endDate))
    .filter(
      (e) => after === undefined || e.time < after.time || (e.time === after.time && e.row.matchId < after.matchId),
    )
    .sort((a, b) => b.time - a.time || (a.row.matchId < b.row.matchId ? 1 : a.row.matchId > b.row.matchId ? -1 : 0));
  const page = rows.slice(0, deps.pageSize);
  const answer: RailsCompletedOrdersPage = { completedOrders: page.map((e) => e.row) };
  const tail = page.at(-1);
  if (tail && page.length === deps.pageSize)
    answer.last = `${tail.row.market}#${tail.row.orderId}#${tail.row.matchId}@${tail.time}`;
  return answer;
}

/**
 * Every fill of the ledger (in execution order) as the REST row of the latest doc revision (`filledAt`;
 * no leverage nor orderCreatedAt), `fillType` "complete" for the one that filled its order, as on the stream.
 */
function executions(ledger: VenueLedger): Execution[] {
  const orders = new Map(ledger.orders.map((o) => [o.orderId, o]));
  const filled = new Map<string, Num>();
  const out: Execution[] = [];
  for (const fill of ledger.fills) {
    const order = orders.get(fill.orderId);
    const total = (filled.get(fill.orderId) ?? num(0)).plus(fill.quantity);
    filled.set(fill.orderId, total);
    const matchId = fill.fillId.slice(fill.fillId.indexOf(':') + 1);
    const row: RailsCompletedOrder = {
      market: fill.symbol,
      matchId,
      orderId: fill.orderId,
      orderType: fill.side,
      executionType: fill.liquidity,
      fillType: order !== undefined && total.gte(order.quantity) ? 'complete' : 'partial',
      price: fill.price,
      quantity: fill.quantity,
      ...(order === undefined ? {} : { tradeType: order.type }),
      fees: fill.fee,
      triggerType: 'none',
      triggerPrice: '0',
      filledAt: fill.time,
    };
    out.push({ row, time: fill.time });
  }
  return out;
}

function completedCursor(raw: string | null): { time: number; matchId: string } | undefined {
  if (raw === null) return undefined;
  const match = /^[^#]+#[^#]+#([^#@]+)@(\d+)$/.exec(raw);
  if (!match) throw new BadRequest('invalid start');
  return { matchId: match[1]!, time: Number(match[2]) };
}

// ---- open-orders -------------------------------------------------------------------------------------

/** By market, then order id (ULIDs sort by creation time). `start` is `<market>#<orderId>` of the last row. */
function openOrders(query: URLSearchParams, deps: RestDeps): RailsOpenOrdersPage {
  const market = marketFilter(query);
  const start = query.get('start');
  if (start !== null && !/^[^#]+#[^#]+$/.test(start)) throw new BadRequest('invalid start');
  const key = (m: string, id: string) => `${m}#${id}`;
  const rows: RailsOrder[] = deps
    .ledger()
    .orders.filter(
      (o) => (o.status === 'open' || o.status === 'partially_filled') && (market === undefined || o.symbol === market),
    )
    .filter((o) => start === null || key(o.symbol, o.orderId) > start)
    .sort((a, b) => (key(a.symbol, a.orderId) < key(b.symbol, b.orderId) ? -1 : 1))
    .map((o) => ({
      market: o.symbol,
      ...railsOrder(o, o.orderId, false),
      leverage: String(deps.leverageOf(o.symbol)),
    }));
  const page = rows.slice(0, deps.pageSize);
  const answer: RailsOpenOrdersPage = { openOrders: page };
  const tail = page.at(-1);
  if (tail && page.length === deps.pageSize) answer.last = key(tail.market!, tail.orderId);
  return answer;
}

// ---- positions ---------------------------------------------------------------------------------------

function positions(query: URLSearchParams, deps: RestDeps): RailsPositionsAnswer {
  const market = marketFilter(query);
  return {
    positions: deps
      .ledger()
      .positions.filter((p) => market === undefined || p.symbol === market)
      .map((p): RailsPosition => {
        const quantity = num(p.quantity);
        return {
          market: p.symbol,
          // [guess] unsigned like the docs' example (the position-metrics page calls it a signed cost basis).
          value: text(quantity.abs().mul(p.entryPrice)),
          quantity: text(quantity.abs()),
          funding: p.fundingFee,
          realizedPnl: p.realizedPnl,
          unrealizedPnl: p.unrealizedPnl,
          liquidationPrice: p.liquidationPrice,
          type: quantity.isNegative() ? 'SHORT' : 'LONG',
        };
      }),
  };
}

// ---- parameters --------------------------------------------------------------------------------------

function millis(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw new BadRequest(`${name} must be milliseconds since epoch`);
  return Number(raw);
}

/** [guess] an unknown market is refused (400), as on the WebSocket's upgrade. */
function marketFilter(query: URLSearchParams): string | undefined {
  const market = query.get('market');
  if (market === null) return undefined;
  if (symbolOf(market) === undefined) throw new BadRequest(`unknown market: ${market}`);
  return market;
}

import type { DecimalString, RailsCompletedOrder, RailsOrder } from './wire';

/**
 * Rails REST answers the recovery reads (docs/venues/rails.md, "Recovery after a gap"; the pages
 * docs.rails.xyz/latest/rest-api/get-account-{completed-orders,open-orders,positions}). Host
 * `https://user-account.trade.rails.xyz` (sandbox `user-account.sandbox.rails.xyz`), header
 * `Authorization: Bearer <JWT>` (the WebSocket's access token). Shared with the simulator (sim/rails,
 * type-only import), which serves them.
 */

/**
 * `?startDate=<ms>&endDate=<ms>&start=<last>`: the account's executions across all markets, newest
 * first (sorted by their time), up to 100 per request; no market filter.
 */
export const RAILS_COMPLETED_ORDERS_PATH = '/api/v1/completed-orders';
/** `?market=<m>&start=<last>` (market omitted: every market): active, pending, cancelling and modifying orders. */
export const RAILS_OPEN_ORDERS_PATH = '/api/v1/open-orders';
/** `?market=<m>` (omitted: every market). Not read by the adapter (Rails streams no positions to compare with). */
export const RAILS_POSITIONS_PATH = '/api/v1/positions';

/** Items per page the docs give for completed-orders ("Each request returns up to 100 items"). */
export const RAILS_REST_PAGE_LIMIT = 100;

/**
 * One page. `last` is the key to pass as `start` for the next page; absent when there is no next page.
 * The docs' example keys read like DynamoDB's LastEvaluatedKey ("BTC-USD#FEES#<orderId>#<id>@<ms>"), so
 * a full page may carry `last` and the next page be empty [guess].
 */
export interface RailsCompletedOrdersPage {
  completedOrders: RailsCompletedOrder[];
  last?: string;
}

export interface RailsOpenOrdersPage {
  /** Order objects as on the orders stream, each with its `market`. */
  openOrders: RailsOrder[];
  last?: string;
}

/** `quantity` is unsigned; `type` gives the direction. `value`: the signed cost basis (position-metrics page). */
export interface RailsPosition {
  market: string;
  value: DecimalString;
  quantity: DecimalString;
  funding: DecimalString;
  realizedPnl: DecimalString;
  unrealizedPnl: DecimalString;
  liquidationPrice: DecimalString;
  type: 'LONG' | 'SHORT';
}

export interface RailsPositionsAnswer {
  positions: RailsPosition[];
}

/** A refusal's body [guess: the docs show none; the token endpoint answers `{"error"}` in the simulator]. */
export interface RailsRestError {
  error: string;
}

import type { DecimalString, RoxomNanos, RoxomOrderStatus, RoxomSide } from './wire';

/**
 * Roxom's REST answers used for reconciliation (docs/venues/roxom.md "Recovery after a gap";
 * docs.roxom.com/reference/api-reference/{orders/list, orders/status, positions/list} and
 * docs.roxom.com/api-reference/{orders/get-real-time-orders, positions/get-positions,
 * accounts/get-account-balance}). Types only, shared with the simulator (sim/roxom/rest.ts), which
 * writes the revision marked "written by the simulator"; the adapter's codec (rest-codec.ts) reads
 * every revision named here.
 *
 * Signed like the WebSocket: `X-API-Key`, and `X-API-Signature` = base64 RSA PKCS#1 v1.5 SHA-256 of
 * `GET:<path>?<query>` (the query included when present [guess: one doc revision signs the path
 * only]). The keyring relay signs; the browser never does.
 *
 * Two doc revisions disagree on nearly every name:
 * - orders: `quantity` / `price` / `orderType` and ns `createdAt`, no executed quantity (`size` is what
 *   is left open); or `qty` / `px` / `type`, `amountFilled` and ms `createdAt`. Neither shows an average
 *   price, fees or an update time; the simulator adds the stream's names `avgPx`, `filledFees` and
 *   `updatedAt` (ns) [guess], and the adapter uses them when present.
 * - positions: `data` is the array, entries with `positionId`, `isBuy` and ms times; or
 *   `data.positions[]` with `id`, `side` and ns or ms times [guess: the unit of `123`].
 * - balance: `{available, balance, currency}`; or `{balances:[{asset, assetClass, available, current,
 *   lockedInOrders}], lastUpdated}`.
 */

/** `{ "error": false, "data": … }`; `error: true` carries a message [guess: its field name]. */
export interface RoxomRestEnvelope<T> {
  error: boolean;
  data: T;
  message?: string;
}

/** GET /api/v1/orders?instType=perpetual&includeClosed=true → `data.orders`. Written by the simulator. */
export interface RoxomRestOrder {
  id: string;
  accountId?: string;
  symbol: string;
  instType?: string;
  type?: string;
  timeInForce?: string;
  side: RoxomSide;
  qty: DecimalString;
  /** Limit price; null for a market order. */
  px?: DecimalString | null;
  /** What is left open [guess from the doc examples: the order's size, 0 once filled]. */
  size?: DecimalString;
  /** Cumulative executed quantity. */
  amountFilled?: DecimalString;
  status: RoxomOrderStatus;
  clientOrderId?: string | null;
  /** ns in one revision, ms in the other; the simulator writes ns. */
  createdAt: RoxomNanos;
  /** [guess: the stream's names; not in the REST docs] */
  avgPx?: DecimalString;
  filledFees?: DecimalString;
  updatedAt?: RoxomNanos;
  unit?: 'btc' | 'sats';
}

/** One execution in GET /api/v1/orders/{orderId} → `data.order.fills[]` [guess: field names; the docs list "id", "quantity"…]. */
export interface RoxomRestFill {
  id: string;
  qty: DecimalString;
  px: DecimalString;
  fee?: DecimalString;
  createdAt: RoxomNanos;
}

/** GET /api/v1/orders/{orderId} → `data.order`. */
export interface RoxomRestOrderWithFills extends RoxomRestOrder {
  fills: RoxomRestFill[];
}

/** GET /api/v1/positions?instType=perpetual&unit=btc → `data.positions[]`. Written by the simulator. */
export interface RoxomRestPosition {
  id: string;
  accountId?: string;
  symbol: string;
  side: 'long' | 'short';
  size: DecimalString;
  entryAmount?: DecimalString;
  exitAmount?: DecimalString;
  avgEntry?: DecimalString;
  avgExit?: DecimalString | null;
  entryFees?: DecimalString;
  initialMargin?: DecimalString;
  margin?: DecimalString;
  leverage?: DecimalString;
  liquidationPrice?: DecimalString;
  unrealizedPnl?: DecimalString;
  realizedPnl?: DecimalString;
  markPrice?: DecimalString;
  status?: string;
  /** ms. */
  openDate?: number;
  createdAt?: RoxomNanos;
  updatedAt: RoxomNanos;
  unit?: 'btc' | 'sats';
}

/** GET /api/v1/accounts/balance?unit=btc → `data` (the revision with `balances[]`). Written by the simulator. */
export interface RoxomRestBalances {
  balances: {
    asset: string;
    assetClass?: string;
    available: DecimalString;
    current: DecimalString;
    lockedInOrders?: DecimalString;
  }[];
  /** [guess: the docs give `123`; the simulator writes ns like every other Roxom time]. */
  lastUpdated?: RoxomNanos;
}

/** The older balance revision: `data: { available, balance, currency }`. */
export interface RoxomRestBalanceSingle {
  available?: DecimalString;
  balance: DecimalString;
  currency?: string;
}

/** The REST paths and queries the adapter reads (the relay's allowlist, docs/contract.md section 4). */
export const ROXOM_REST = {
  orders: { path: '/api/v1/orders', query: { instType: 'perpetual', includeClosed: 'true' } },
  order: (orderId: string) => ({ path: `/api/v1/orders/${orderId}`, query: { unit: 'btc' } }),
  positions: { path: '/api/v1/positions', query: { instType: 'perpetual', unit: 'btc' } },
  balance: { path: '/api/v1/accounts/balance', query: { unit: 'btc' } },
} as const;

import type { OrderRecord } from '../core/records';
import type { VenueLedger } from '../shared/front-end';
import type {
  RoxomRestBalances,
  RoxomRestFill,
  RoxomRestOrder,
  RoxomRestOrderWithFills,
  RoxomRestPosition,
} from '../../src/venues/roxom/rest-wire';
import type { RoxomOrderStatus, RoxomPosition } from '../../src/venues/roxom/wire';
import { num, text } from '../core/num';
import { uuidV4 } from './ids';

/**
 * The REST answers' data, from the ground-truth ledger in Roxom terms (ledger.ts) and the tracked
 * positions (positions.ts): the same numbers the stream carries. The revision written is the
 * "real-time orders" one (`qty`, `px`, `amountFilled`, ns `createdAt`), plus the stream's `avgPx`,
 * `filledFees` and `updatedAt` [guess] (rest-wire.ts).
 *
 * `unit`: "btc" (the default for orders and the balance) or "sats" (the documented default for
 * positions): prices and BTC amounts times 10^8, quantities unchanged [guess].
 */

export type RoxomUnit = 'btc' | 'sats';

const SATS_PER_BTC = num(100_000_000);
const NS_PER_MS = 1_000_000n;

function amount(btc: string, unit: RoxomUnit): string {
  return unit === 'btc' ? btc : text(num(btc).mul(SATS_PER_BTC));
}

/** The venue's word for a ledger order (the ledger keeps the dashboard's vocabulary). */
export function restStatus(o: OrderRecord): RoxomOrderStatus {
  switch (o.status) {
    case 'open':
      return 'submitted';
    case 'partially_filled':
      return 'partiallyfilled';
    case 'filled':
      return 'filled';
    case 'canceled':
      return num(o.filledQuantity).gt(0) ? 'partiallyfilledcancelled' : 'cancelled';
  }
}

export function isOpenOrder(o: OrderRecord): boolean {
  return o.status === 'open' || o.status === 'partially_filled';
}

/** An order of the ledger (Roxom ids, symbols, quantities, BTC prices) as REST shows it. */
export function restOrder(o: OrderRecord, fees: string, accountId: string, unit: RoxomUnit): RoxomRestOrder {
  const open = isOpenOrder(o);
  return {
    id: o.orderId,
    accountId,
    symbol: o.symbol,
    instType: 'perpetual',
    type: o.type,
    timeInForce: o.type === 'market' ? 'ioc' : 'gtc',
    side: o.side,
    qty: o.quantity,
    px: o.price === undefined ? null : amount(o.price, unit),
    // What is left open [guess]; nothing once the order is done.
    size: open ? text(num(o.quantity).minus(o.filledQuantity)) : '0',
    amountFilled: o.filledQuantity,
    status: restStatus(o),
    clientOrderId: null,
    createdAt: BigInt(o.createdAt) * NS_PER_MS,
    avgPx: o.averagePrice === undefined ? '0' : amount(o.averagePrice, unit),
    filledFees: amount(fees, unit),
    updatedAt: BigInt(o.updatedAt) * NS_PER_MS,
    unit,
  };
}

/** The order with one `fills[]` entry per execution, oldest first. */
export function restOrderWithFills(
  o: OrderRecord,
  ledger: VenueLedger,
  accountId: string,
  unit: RoxomUnit,
): RoxomRestOrderWithFills {
  const executions = ledger.fills.filter((f) => f.orderId === o.orderId);
  const fills: RoxomRestFill[] = executions.map((f) => ({
    // A venue execution id [guess: a UUID], stable for the same execution.
    id: uuidV4(`roxom-fill:${f.fillId}`),
    qty: f.quantity,
    px: amount(f.price, unit),
    fee: amount(f.fee, unit),
    createdAt: BigInt(f.time) * NS_PER_MS,
  }));
  return { ...restOrder(o, feesOf(ledger, o.orderId), accountId, unit), fills };
}

/** Cumulative fees of an order (BTC), from its fills. */
export function feesOf(ledger: VenueLedger, orderId: string): string {
  return text(ledger.fills.filter((f) => f.orderId === orderId).reduce((sum, f) => sum.plus(f.fee), num(0)));
}

/** A tracked position (the stream's shape) as REST shows it. */
export function restPosition(
  p: RoxomPosition & { accountId: string; entryFees?: string },
  unit: RoxomUnit,
): RoxomRestPosition {
  const money = (value: string | undefined) => (value === undefined ? undefined : amount(value, unit));
  const position: RoxomRestPosition = {
    id: p.id,
    accountId: p.accountId,
    symbol: p.symbol,
    side: p.side,
    size: p.size,
    updatedAt: p.updatedAt,
    unit,
  };
  const optional: Partial<RoxomRestPosition> = {
    entryAmount: p.entryAmount,
    exitAmount: p.exitAmount,
    avgEntry: money(p.avgEntry),
    avgExit: money(p.avgExit),
    entryFees: money(p.entryFees),
    initialMargin: money(p.initialMargin),
    margin: money(p.positionBalance),
    leverage: p.leverage,
    liquidationPrice: money(p.liquidationPrice),
    unrealizedPnl: money(p.unrealizedPnl),
    realizedPnl: money(p.realizedPnl),
    markPrice: money(p.markPrice),
    status: p.status,
    openDate: p.openDate,
    createdAt: p.createdAt,
  };
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(position, { [key]: value });
  return position;
}

/** The account's BTC wallet: `current` = wallet, `available` = free, `lockedInOrders` = locked. */
export function restBalances(ledger: VenueLedger, lastUpdated: bigint, unit: RoxomUnit): RoxomRestBalances {
  return {
    balances: ledger.balances.map((b) => ({
      asset: b.asset,
      assetClass: 'crypto',
      available: amount(b.free, unit),
      current: amount(b.total, unit),
      lockedInOrders: amount(b.locked, unit),
    })),
    lastUpdated,
  };
}

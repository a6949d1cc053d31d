import { Decimal } from '../../domain/decimal';
import { clip } from '../shared/session-output';
import type { RestResult } from '../types';
import { POSITION_DECIMAL_FIELDS, parsePositionSide, parseSide, type CheckedPosition } from './codec';
import { JsonNumber, parseJsonLossless } from './lossless-json';
import {
  ShapeError,
  decimal,
  idText,
  isAbsent,
  list,
  optDecimal,
  optIdText,
  optText,
  record,
  safeInteger,
  text,
  token,
  type Fields,
} from './shape';
import { MAX_NS, MIN_NS, NS_PER_MS } from './time';
import type { RoxomSide } from './wire';

/**
 * Roxom REST answers (rest-wire.ts names the revisions) → checked values. Pure; never throws. Every body
 * goes through the lossless parser: nanosecond times stay exact. An entry that cannot be read is
 * skipped and named (the reconciliation then says what may be missing); an answer that cannot be read
 * at all is a failure, retried only when a retry can help (no answer, 429, 5xx).
 */

export type RestRead<T> = { ok: true; value: T; skipped: string[] } | { ok: false; error: string; retry: boolean };

/** An order as REST shows it, in the stream's terms. */
export interface RestOrderState {
  orderId: string;
  symbol: string;
  side: RoxomSide;
  type?: string;
  /** The order's size (`qty` / `quantity`). */
  quantity: string;
  price?: string;
  clientOrderId?: string;
  /** The venue's status word, lower case without separators (as the stream codec reads it). */
  status: string;
  /** Cumulative executed quantity: `amountFilled` / `executedQty`, or read from `size` and the status. */
  executedQty: string;
  /** Average price of the executions so far, when the answer carries one ([guess] `avgPx`). */
  avgPx?: string;
  /** Cumulative fees (BTC), when the answer carries them ([guess] `filledFees`). */
  filledFees?: string;
  createdAtMs?: number;
  /** ns: `updatedAt`, else `triggeredAt`, else `createdAt`. */
  time: bigint;
}

/** One execution of an order (`fills[]` of GET /api/v1/orders/{orderId}). */
export interface RestExecution {
  id?: string;
  quantity: string;
  price: string;
  fee?: string;
  /** ns. */
  time: bigint;
}

export interface RestBalanceRow {
  asset: string;
  total: string;
  free?: string;
  locked?: string;
}

/** Statuses that mean nothing executed, and the one that means everything did (for the revision without a filled quantity). */
const NOTHING_EXECUTED = new Set(['pendingsubmit', 'waitingtrigger', 'submitted', 'cancelled', 'rejected']);

// ---- the envelope ----------------------------------------------------------------------------------

/** The answer's `data`, or why there is none (and whether asking again can help). */
export function readEnvelope(result: RestResult): RestRead<unknown> {
  if (!result.ok) return { ok: false, error: clip(result.error, 120), retry: true };
  const said = venueMessage(result.body);
  if (result.status === 429 || result.status >= 500)
    return { ok: false, error: `HTTP ${result.status}${said}`, retry: true };
  if (result.status < 200 || result.status > 299)
    return { ok: false, error: `HTTP ${result.status}${said}`, retry: false };
  let json: unknown;
  try {
    json = parseJsonLossless(result.body);
  } catch {
    return { ok: false, error: 'the answer is not JSON', retry: false };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || json instanceof JsonNumber)
    return { ok: false, error: 'the answer is not a JSON object', retry: false };
  const o = json as Fields;
  if (o.error === true) return { ok: false, error: `Roxom answered an error${said}`, retry: false };
  if (isAbsent(o.data)) return { ok: false, error: 'the answer has no data', retry: false };
  return { ok: true, value: o.data, skipped: [] };
}

function venueMessage(body: string): string {
  try {
    const o = parseJsonLossless(body) as Fields | null;
    const message = [o?.message, o?.msg, o?.error].find((v): v is string => typeof v === 'string' && v.length > 0);
    return message === undefined ? '' : ` — "${clip(message, 80)}"`;
  } catch {
    return '';
  }
}

/** Runs a reader over the envelope's data; a ShapeError becomes a failure that a retry cannot fix. */
export function readAnswer<T>(result: RestResult, read: (data: unknown) => RestRead<T>): RestRead<T> {
  const envelope = readEnvelope(result);
  if (!envelope.ok) return envelope;
  try {
    return read(envelope.value);
  } catch (error) {
    const message = error instanceof ShapeError ? error.message : 'unexpected shape';
    return { ok: false, error: `unreadable answer (${clip(message, 100)})`, retry: false };
  }
}

/** Reads each entry on its own: a bad one is skipped and named, the others kept. */
function each<T>(entries: unknown[], path: string, read: (entry: unknown, at: string) => T): RestRead<T[]> {
  const value: T[] = [];
  const skipped: string[] = [];
  entries.forEach((entry, i) => {
    try {
      value.push(read(entry, `${path}[${i}]`));
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      skipped.push(clip(error.message, 100));
    }
  });
  return { ok: true, value, skipped };
}

// ---- orders --------------------------------------------------------------------------------------

/** `data.orders[]` (both revisions; a bare array is read too [guess]). */
export function readOrders(data: unknown): RestRead<RestOrderState[]> {
  const entries = Array.isArray(data) ? data : list(record(data, 'data').orders, 'data.orders');
  return each(entries, 'data.orders', parseRestOrder);
}

/** `data.order` (or `data` itself [guess]) with its `fills[]` (or `data.fills[]`). No fills array: unreadable. */
export function readOrderFills(data: unknown): RestRead<{ order: RestOrderState; fills: RestExecution[] }> {
  const d = record(data, 'data');
  const raw = isAbsent(d.order) ? d : record(d.order, 'data.order');
  const fillsRaw = raw.fills ?? d.fills;
  const order = parseRestOrder(raw, 'data.order');
  const fills = each(list(fillsRaw, 'data.order.fills'), 'data.order.fills', parseExecution);
  return fills.ok ? { ok: true, value: { order, fills: fills.value }, skipped: fills.skipped } : fills;
}

export function parseRestOrder(value: unknown, path: string): RestOrderState {
  const d = record(value, path);
  const orderId = idText(d.id ?? d.orderId, `${path}.id`);
  const quantity = decimal(d.qty ?? d.quantity ?? d.orderSize, `${path}.qty`);
  const status = token(d.status, `${path}.status`);
  const created = optTime(d.createdAt, `${path}.createdAt`);
  const time =
    optTime(d.updatedAt ?? d.timestamp, `${path}.updatedAt`) ??
    optTime(d.triggeredAt, `${path}.triggeredAt`) ??
    created;
  if (time === undefined) throw new ShapeError(`${path}: no createdAt or updatedAt`);
  const order: RestOrderState = {
    orderId,
    symbol: text(d.symbol, `${path}.symbol`),
    side: parseSide(d.side, `${path}.side`),
    quantity,
    status,
    executedQty: executedOf(d, path, quantity, status),
    time,
  };
  const type = optText(d.type ?? d.orderType, `${path}.type`);
  if (type !== undefined) order.type = type.toLowerCase();
  const price = optDecimal(d.px ?? d.price ?? d.limitPrice, `${path}.px`);
  if (price !== undefined) order.price = price;
  const clientOrderId = optIdText(d.clientOrderId, `${path}.clientOrderId`);
  if (clientOrderId !== undefined) order.clientOrderId = clientOrderId;
  const avgPx = optDecimal(d.avgPx ?? d.avgPrice ?? d.averagePrice, `${path}.avgPx`);
  if (avgPx !== undefined) order.avgPx = avgPx;
  const fees = optDecimal(d.filledFees ?? d.fees, `${path}.filledFees`);
  if (fees !== undefined) order.filledFees = fees;
  if (created !== undefined) order.createdAtMs = Number(created / NS_PER_MS);
  return order;
}

/**
 * `amountFilled` (one revision) or `executedQty` (the stream's name). Without either, from the status and
 * `size` (what is left open) [guess]: nothing for the statuses that mean no execution, the whole order when
 * filled, otherwise order size − `size`. Never more than the order's size, never negative.
 */
function executedOf(d: Fields, path: string, quantity: string, status: string): string {
  const stated = optDecimal(d.amountFilled ?? d.executedQty, `${path}.amountFilled`);
  let executed: string;
  if (stated !== undefined) executed = stated;
  else if (status === 'filled') executed = quantity;
  else if (NOTHING_EXECUTED.has(status)) executed = '0';
  else {
    const open = optDecimal(d.size ?? d.remainingQty, `${path}.size`);
    if (open === undefined) throw new ShapeError(`${path}: no amountFilled, and no size to tell what executed`);
    executed = new Decimal(quantity).minus(open).toFixed();
  }
  const value = new Decimal(executed);
  if (value.isNegative()) throw new ShapeError(`${path}.amountFilled: negative`);
  if (value.gt(quantity)) throw new ShapeError(`${path}.amountFilled: more than the order's quantity`);
  return decimal(executed, `${path}.amountFilled`);
}

/** One execution [guess: names]: id / fillId / tradeId, qty / quantity, px / price, fee, createdAt / timestamp / time. */
export function parseExecution(value: unknown, path: string): RestExecution {
  const d = record(value, path);
  const quantity = decimal(d.qty ?? d.quantity ?? d.size, `${path}.qty`);
  const price = decimal(d.px ?? d.price ?? d.fillPx, `${path}.px`);
  if (!new Decimal(quantity).gt(0)) throw new ShapeError(`${path}.qty: expected a positive quantity`);
  if (!new Decimal(price).gt(0)) throw new ShapeError(`${path}.px: expected a positive price`);
  const time = optTime(d.createdAt ?? d.timestamp ?? d.time ?? d.executedAt, `${path}.createdAt`);
  if (time === undefined) throw new ShapeError(`${path}.createdAt: missing`);
  const execution: RestExecution = { quantity, price, time };
  const id = optIdText(d.id ?? d.fillId ?? d.tradeId, `${path}.id`);
  if (id !== undefined) execution.id = id;
  const fee = optDecimal(d.fee ?? d.fees, `${path}.fee`);
  if (fee !== undefined) execution.fee = fee;
  return execution;
}

// ---- positions -----------------------------------------------------------------------------------

/** `data` (an array, one revision) or `data.positions[]` (the other). */
export function readPositions(data: unknown): RestRead<CheckedPosition[]> {
  const entries = Array.isArray(data) ? data : list(record(data, 'data').positions, 'data.positions');
  return each(entries, 'data.positions', parseRestPosition);
}

/** A REST position in the stream's terms (`CheckedPosition`), so it normalizes the same way. */
export function parseRestPosition(value: unknown, path: string): CheckedPosition {
  const d = record(value, path);
  const side = typeof d.isBuy === 'boolean' ? (d.isBuy ? 'long' : 'short') : parsePositionSide(d.side, `${path}.side`);
  const updatedAt =
    optTime(d.updatedAt, `${path}.updatedAt`) ??
    optTime(d.createdAt, `${path}.createdAt`) ??
    optTime(d.openDate, `${path}.openDate`);
  if (updatedAt === undefined) throw new ShapeError(`${path}.updatedAt: missing`);
  const position: CheckedPosition = {
    id: idText(d.positionId ?? d.id, `${path}.positionId`),
    symbol: text(d.symbol, `${path}.symbol`),
    side,
    size: decimal(d.size, `${path}.size`),
    updatedAt,
  };
  for (const key of POSITION_DECIMAL_FIELDS) {
    const v = optDecimal(d[key], `${path}.${key}`);
    if (v !== undefined) position[key] = v;
  }
  if (position.positionBalance === undefined) {
    const margin = optDecimal(d.margin, `${path}.margin`);
    if (margin !== undefined) position.positionBalance = margin;
  }
  const tradeMode = optText(d.tradeMode, `${path}.tradeMode`);
  if (tradeMode !== undefined) position.tradeMode = tradeMode;
  if (!isAbsent(d.status) && d.status !== '') position.status = token(d.status, `${path}.status`);
  // A close date means the position is gone, whatever the status word says [guess].
  if (!isAbsent(d.closeDate) && d.closeDate !== 0) position.status = 'closed';
  if (!isAbsent(d.openDate)) position.openDate = safeInteger(d.openDate, `${path}.openDate`);
  return position;
}

// ---- balance -------------------------------------------------------------------------------------

/** `{balances:[…], lastUpdated}` or `{available, balance, currency}`. */
export function readBalances(data: unknown): RestRead<{ rows: RestBalanceRow[]; lastUpdated?: bigint }> {
  const d = record(data, 'data');
  if (isAbsent(d.balances)) {
    const row: RestBalanceRow = {
      asset: isAbsent(d.currency) ? 'BTC' : assetCode(d.currency, 'data.currency'),
      total: decimal(d.balance, 'data.balance'),
    };
    const free = optDecimal(d.available, 'data.available');
    if (free !== undefined) row.free = free;
    return { ok: true, value: { rows: [row] }, skipped: [] };
  }
  const rows = each(list(d.balances, 'data.balances'), 'data.balances', (entry, at) => {
    const b = record(entry, at);
    const row: RestBalanceRow = {
      asset: assetCode(b.asset, `${at}.asset`),
      total: decimal(b.current, `${at}.current`),
    };
    const free = optDecimal(b.available, `${at}.available`);
    if (free !== undefined) row.free = free;
    const locked = optDecimal(b.lockedInOrders, `${at}.lockedInOrders`);
    if (locked !== undefined) row.locked = locked;
    return row;
  });
  if (!rows.ok) return rows;
  const lastUpdated = optTime(d.lastUpdated, 'data.lastUpdated');
  return {
    ok: true,
    value: lastUpdated === undefined ? { rows: rows.value } : { rows: rows.value, lastUpdated },
    skipped: rows.skipped,
  };
}

function assetCode(value: unknown, path: string): string {
  const code = text(value, path).toUpperCase();
  if (!/^[A-Z0-9]{1,12}$/.test(code)) throw new ShapeError(`${path}: expected an asset code such as "BTC"`);
  return code;
}

// ---- times ---------------------------------------------------------------------------------------

/**
 * A Roxom REST time, exact, as ns: nanoseconds (the stream's unit; one doc revision) or milliseconds
 * (13 digits; the other). Absent, null or 0 → undefined.
 */
export function optTime(value: unknown, path: string): bigint | undefined {
  if (isAbsent(value) || value === '') return undefined;
  const source = value instanceof JsonNumber ? value.text : typeof value === 'string' ? value.trim() : undefined;
  if (source === undefined || !/^\d+$/.test(source)) throw new ShapeError(`${path}: expected a time (an integer)`);
  if (/^0+$/.test(source)) return undefined;
  const raw = BigInt(source);
  const ns = source.length <= 13 ? raw * NS_PER_MS : raw;
  if (ns < MIN_NS || ns > MAX_NS) throw new ShapeError(`${path}: expected nanoseconds or milliseconds since the epoch`);
  return ns;
}

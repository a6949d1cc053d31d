import { isDecimalText } from '../decimal';
import type { DomainEvent } from '../events';
import type { Instrument } from '../instrument';
import {
  CONNECTION_STATUSES,
  GAP_RECOVERIES,
  ORDER_STATUSES,
  type AccountSummary,
  type Balance,
  type Fill,
  type GapRecord,
  type Notification,
  type Order,
  type OrderUpdate,
  type Position,
  type PriceMark,
} from '../types';

/**
 * One validator per domain type. Every adapter's tests run its output through these, so a venue
 * cannot drift from the normalized model unnoticed. Each returns a list of problems (empty = valid).
 */
export type Problems = string[];

const MIN_MS = Date.UTC(2001, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

class Check {
  readonly problems: Problems = [];
  constructor(private readonly what: string) {}

  fail(message: string): void {
    this.problems.push(`${this.what}: ${message}`);
  }
  text(obj: object, key: string, required: boolean): void {
    const v = (obj as Record<string, unknown>)[key];
    if (v === undefined) {
      if (required) this.fail(`${key} is required`);
      return;
    }
    if (typeof v !== 'string' || v.length === 0) this.fail(`${key} must be a non-empty string`);
  }
  decimal(obj: object, key: string, required: boolean, opts: { nonNegative?: boolean; nonZero?: boolean } = {}): void {
    const v = (obj as Record<string, unknown>)[key];
    if (v === undefined) {
      if (required) this.fail(`${key} is required`);
      return;
    }
    if (!isDecimalText(v)) {
      this.fail(`${key} must be canonical decimal text, got ${JSON.stringify(v)}`);
      return;
    }
    if (opts.nonNegative && v.startsWith('-')) this.fail(`${key} must not be negative, got ${v}`);
    if (opts.nonZero && /^-?0(?:\.0+)?$/.test(v)) this.fail(`${key} must not be zero`);
  }
  millis(obj: object, key: string, required: boolean): void {
    const v = (obj as Record<string, unknown>)[key];
    if (v === undefined) {
      if (required) this.fail(`${key} is required`);
      return;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < MIN_MS || v > MAX_MS) {
      this.fail(`${key} must be Unix milliseconds, got ${JSON.stringify(v)}`);
    }
  }
  oneOf(obj: object, key: string, allowed: readonly string[], required: boolean): void {
    const v = (obj as Record<string, unknown>)[key];
    if (v === undefined) {
      if (required) this.fail(`${key} is required`);
      return;
    }
    if (typeof v !== 'string' || !allowed.includes(v))
      this.fail(`${key} must be one of ${allowed.join('|')}, got ${JSON.stringify(v)}`);
  }
  /** No key may hold `undefined` explicitly or `null`: absent fields are omitted. */
  noNulls(obj: object): void {
    for (const [k, v] of Object.entries(obj)) {
      if (v === null || (v === undefined && k in obj)) this.fail(`${k} is present but empty; omit it instead`);
    }
  }
}

export function validateOrderUpdate(o: OrderUpdate): Problems {
  const c = new Check(`order ${o.orderId}`);
  c.noNulls(o);
  c.text(o, 'connectionId', true);
  c.text(o, 'orderId', true);
  c.text(o, 'clientOrderId', false);
  c.text(o, 'symbol', false);
  c.oneOf(o, 'side', ['buy', 'sell'], false);
  c.text(o, 'type', false);
  c.oneOf(o, 'status', ORDER_STATUSES, false);
  c.decimal(o, 'price', false, { nonNegative: true });
  c.decimal(o, 'quantity', false, { nonNegative: true });
  c.decimal(o, 'filledQuantity', false, { nonNegative: true });
  c.decimal(o, 'averagePrice', false, { nonNegative: true });
  c.millis(o, 'createdAt', false);
  c.millis(o, 'updatedAt', true);
  if (o.type !== undefined && o.type !== o.type.toLowerCase()) c.fail('type must be lower case');
  return c.problems;
}

export function validateOrder(o: Order): Problems {
  const problems = validateOrderUpdate(o);
  const c = new Check(`order ${o.orderId}`);
  c.text(o, 'symbol', true);
  c.oneOf(o, 'status', ORDER_STATUSES, true);
  return [...problems, ...c.problems];
}

export function validateFill(f: Fill): Problems {
  const c = new Check(`fill ${f.fillId}`);
  c.noNulls(f);
  c.text(f, 'connectionId', true);
  c.text(f, 'fillId', true);
  c.text(f, 'orderId', false);
  c.text(f, 'symbol', true);
  c.oneOf(f, 'side', ['buy', 'sell'], true);
  c.decimal(f, 'price', true, { nonNegative: true, nonZero: true });
  c.decimal(f, 'quantity', true, { nonNegative: true, nonZero: true });
  c.decimal(f, 'fee', false);
  c.text(f, 'feeAsset', false);
  c.oneOf(f, 'liquidity', ['maker', 'taker'], false);
  c.millis(f, 'time', true);
  if (f.inferred !== undefined && typeof f.inferred !== 'boolean') c.fail('inferred must be boolean');
  return c.problems;
}

export function validatePosition(p: Position): Problems {
  const c = new Check(`position ${p.symbol}`);
  c.noNulls(p);
  c.text(p, 'connectionId', true);
  c.text(p, 'symbol', true);
  c.decimal(p, 'quantity', true, { nonZero: true });
  c.decimal(p, 'entryPrice', false, { nonNegative: true });
  c.decimal(p, 'markPrice', false, { nonNegative: true });
  c.decimal(p, 'unrealizedPnl', false);
  c.decimal(p, 'realizedPnl', false);
  c.decimal(p, 'fundingFee', false);
  c.decimal(p, 'liquidationPrice', false, { nonNegative: true });
  c.text(p, 'marginMode', false);
  c.text(p, 'settleAsset', false);
  c.millis(p, 'updatedAt', true);
  if (p.leverage !== undefined && (typeof p.leverage !== 'number' || !(p.leverage > 0)))
    c.fail('leverage must be a positive number');
  return c.problems;
}

export function validateBalance(b: Balance): Problems {
  const c = new Check(`balance ${b.asset}`);
  c.noNulls(b);
  c.text(b, 'connectionId', true);
  c.text(b, 'asset', true);
  c.decimal(b, 'total', true);
  c.decimal(b, 'free', false);
  c.decimal(b, 'locked', false);
  c.millis(b, 'updatedAt', true);
  return c.problems;
}

export function validateAccountSummary(s: AccountSummary): Problems {
  const c = new Check('account summary');
  c.noNulls(s);
  c.text(s, 'connectionId', true);
  c.text(s, 'asset', false);
  for (const k of ['equity', 'balance', 'availableBalance', 'unrealizedPnl', 'maintenanceMargin', 'marginRatio'])
    c.decimal(s, k, false);
  c.millis(s, 'updatedAt', true);
  return c.problems;
}

export function validatePriceMark(m: PriceMark): Problems {
  const c = new Check(`mark ${m.symbol}`);
  c.noNulls(m);
  c.text(m, 'connectionId', true);
  c.text(m, 'symbol', true);
  c.oneOf(m, 'kind', ['ticker', 'mark', 'trade', 'book'], true);
  c.decimal(m, 'price', true, { nonNegative: true, nonZero: true });
  c.decimal(m, 'bid', false, { nonNegative: true });
  c.decimal(m, 'ask', false, { nonNegative: true });
  c.decimal(m, 'indexPrice', false, { nonNegative: true });
  c.decimal(m, 'fundingRate', false);
  c.millis(m, 'time', true);
  return c.problems;
}

export function validateNotification(n: Notification): Problems {
  const c = new Check(`notification ${n.id}`);
  c.noNulls(n);
  c.text(n, 'connectionId', true);
  c.text(n, 'id', true);
  c.oneOf(n, 'level', ['info', 'warning', 'error'], true);
  c.text(n, 'title', true);
  c.text(n, 'message', false);
  c.millis(n, 'time', true);
  return c.problems;
}

export function validateInstrument(i: Instrument): Problems {
  const c = new Check(`instrument ${i.symbol}`);
  c.noNulls(i);
  c.text(i, 'connectionId', true);
  c.text(i, 'symbol', true);
  for (const k of ['baseAsset', 'quoteAsset', 'settleAsset'] as const) {
    c.text(i, k, true);
    if (typeof i[k] === 'string' && i[k] !== i[k].toUpperCase())
      c.problems.push(`instrument ${i.symbol}: ${k} must be upper case (${i[k]})`);
  }
  c.oneOf(i, 'kind', ['spot', 'perpetual', 'future', 'cfd'], true);
  c.decimal(i, 'contractSize', false, { nonNegative: true, nonZero: true });
  c.decimal(i, 'priceTick', false, { nonNegative: true, nonZero: true });
  c.decimal(i, 'quantityStep', false, { nonNegative: true, nonZero: true });
  return c.problems;
}

export function validateGap(g: GapRecord): Problems {
  const c = new Check(`gap ${g.connectionId} from ${g.from}`);
  c.noNulls({ ...g, to: g.to ?? 0 });
  c.text(g, 'connectionId', true);
  c.millis(g, 'from', true);
  if (g.to !== null) c.millis(g, 'to', true);
  if (g.to !== null && typeof g.to === 'number' && g.to < g.from) c.fail('to is before from');
  c.oneOf(g, 'recovered', GAP_RECOVERIES, true);
  c.text(g, 'cause', false);
  c.text(g, 'detail', false);
  return c.problems;
}

/** Validate any domain event; adapters' tests call this on everything they produce. */
export function validateEvent(e: DomainEvent): Problems {
  switch (e.kind) {
    case 'order':
      return validateOrderUpdate(e.order);
    case 'fill':
      return validateFill(e.fill);
    case 'position':
      return validatePosition(e.position);
    case 'position-closed': {
      const c = new Check(`position-closed ${e.symbol}`);
      c.noNulls(e);
      c.text(e, 'connectionId', true);
      c.text(e, 'symbol', true);
      c.millis(e, 'time', true);
      c.decimal(e, 'realizedPnl', false);
      c.text(e, 'settleAsset', false);
      if (e.realizedInferred !== undefined && typeof e.realizedInferred !== 'boolean')
        c.fail('realizedInferred must be a boolean');
      if (e.realizedInferred !== undefined && e.realizedPnl === undefined)
        c.fail('realizedInferred without realizedPnl');
      return c.problems;
    }
    case 'balance':
      return validateBalance(e.balance);
    case 'account-summary':
      return validateAccountSummary(e.summary);
    case 'mark':
      return validatePriceMark(e.mark);
    case 'notification':
      return validateNotification(e.notification);
    case 'instrument':
      return validateInstrument(e.instrument);
    case 'gap':
      return validateGap(e.gap);
    case 'connection': {
      const c = new Check(`connection ${e.connection.connectionId}`);
      c.text(e.connection, 'connectionId', true);
      c.oneOf(e.connection, 'status', CONNECTION_STATUSES, true);
      return c.problems;
    }
    case 'account-snapshot': {
      const unlisted = e.unlistedOrders;
      const badUnlisted =
        unlisted !== undefined && (!Array.isArray(unlisted) || unlisted.some((id) => typeof id !== 'string' || !id))
          ? [`account-snapshot ${e.connectionId}: unlistedOrders must be order ids (non-empty text)`]
          : [];
      return [
        ...e.openOrders.flatMap(validateOrder),
        ...e.positions.flatMap(validatePosition),
        ...e.balances.flatMap(validateBalance),
        ...badUnlisted,
      ];
    }
  }
}

export function validateEvents(events: readonly DomainEvent[]): Problems {
  return events.flatMap(validateEvent);
}

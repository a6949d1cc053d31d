import { instrumentKey, type Instrument } from '../domain/instrument';
import type { Fill, OrderUpdate } from '../domain/types';
import { memo } from './selectors';
import { ChunkedMap } from './chunked-map';
import type { PortfolioState } from './state';

/**
 * How many decimals a symbol's prices and quantities are shown with, per `connectionId|symbol`.
 *
 * The instrument's tick and step when its venue states them (Instrument.priceTick / quantityStep).
 * No venue's stream documents them today (docs/venues/), so otherwise the grid is read from what the
 * venue sends on it: the most decimals (trailing zeros ignored) among the symbol's execution prices
 * and quantities (fills the venue reported, not inferred ones) and its orders' limit prices and
 * quantities. Averages, marks and liquidation prices are not on the grid and are not read. A symbol
 * with neither is absent: its figures fall back to significant digits.
 */
export interface SymbolPrecision {
  price?: number;
  quantity?: number;
}

/** Decimals beyond this are not a grid (a derived value that slipped through): not trusted. */
const MAX_GRID_DECIMALS = 10;

/** Fraction digits of plain decimal text, trailing zeros ignored: "71000.50" -> 1; undefined if not plain. */
export function textDecimals(text: string): number | undefined {
  const dot = text.indexOf('.');
  if (dot < 0) return /^[-+]?\d+$/.test(text) ? 0 : undefined;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  const decimals = end - dot - 1;
  return /^[-+]?\d*\.\d*$/.test(text) ? decimals : undefined;
}

/** Fraction digits of a tick or step ("0.5" -> 1, "0.001" -> 3, "1" -> 0). */
export function gridDecimals(step: string | undefined): number | undefined {
  if (step === undefined) return undefined;
  const decimals = textDecimals(step.trim());
  return decimals !== undefined && decimals <= MAX_GRID_DECIMALS && /[1-9]/.test(step) ? decimals : undefined;
}

class GridReader {
  readonly bySymbol = new Map<string, SymbolPrecision>();

  see(key: string, field: keyof SymbolPrecision, text: string | undefined): void {
    if (text === undefined) return;
    const decimals = textDecimals(text);
    if (decimals === undefined || decimals > MAX_GRID_DECIMALS) return;
    let entry = this.bySymbol.get(key);
    if (!entry) this.bySymbol.set(key, (entry = {}));
    const known = entry[field];
    if (known === undefined || decimals > known) entry[field] = decimals;
  }
}

/** Pure: the precision map from instruments, fills and orders (see SymbolPrecision). */
export function readSymbolPrecision(
  instruments: ReadonlyMap<string, Instrument>,
  fills: Iterable<Fill>,
  orders: Iterable<OrderUpdate>,
): ReadonlyMap<string, SymbolPrecision> {
  const reader = new GridReader();
  for (const fill of fills) {
    if (fill.inferred) continue;
    const key = instrumentKey(fill.connectionId, fill.symbol);
    reader.see(key, 'price', fill.price);
    reader.see(key, 'quantity', fill.quantity);
  }
  for (const order of orders) {
    if (order.symbol === undefined) continue;
    const key = instrumentKey(order.connectionId, order.symbol);
    // A market order's price field, where a venue fills it, is not a limit on the grid.
    if (order.type !== 'market') reader.see(key, 'price', order.price);
    reader.see(key, 'quantity', order.quantity);
  }
  const result = reader.bySymbol;
  for (const [key, instrument] of instruments) {
    const price = gridDecimals(instrument.priceTick);
    const quantity = gridDecimals(instrument.quantityStep);
    if (price === undefined && quantity === undefined) continue;
    const entry = { ...result.get(key) };
    if (price !== undefined) entry.price = price;
    if (quantity !== undefined) entry.quantity = quantity;
    result.set(key, entry);
  }
  return result;
}

/**
 * A grid does not change, so what was read stays known: each fill and order (immutable objects; an
 * update is a new object) is read once, and what it taught is merged into what was known. Reading all
 * 100,000 fills takes 20-250 ms on a busy 2-core machine, too long for every frame while fills stream in;
 * skipping those already read costs a WeakSet lookup each.
 */
const alreadyRead = new WeakSet<object>();

/**
 * Buckets of a ChunkedMap already walked. A batch copies only the buckets it changes (a finished
 * bucket is never written again), so with 100,000 fills held a batch walks a few hundred, not all.
 */
const bucketsRead = new WeakSet<object>();

function* unread<T extends object>(collection: ReadonlyMap<string, T>): Iterable<T> {
  const buckets = collection instanceof ChunkedMap ? collection.buckets : [collection];
  for (const bucket of buckets) {
    if (bucketsRead.has(bucket)) continue;
    if (bucket !== collection) bucketsRead.add(bucket);
    for (const item of bucket.values()) {
      if (alreadyRead.has(item)) continue;
      alreadyRead.add(item);
      yield item;
    }
  }
}

function mergeInto(known: ReadonlyMap<string, SymbolPrecision>, next: ReadonlyMap<string, SymbolPrecision>) {
  const merged = new Map(known);
  for (const [key, entry] of next) {
    const before = merged.get(key);
    merged.set(key, {
      price: maxOf(before?.price, entry.price),
      quantity: maxOf(before?.quantity, entry.quantity),
    });
  }
  return merged;
}
const maxOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

let learned: ReadonlyMap<string, SymbolPrecision> | undefined;

/** Memoized on the instruments, fills and orders collections; what is read accumulates (see above). */
export const selectSymbolPrecision: (s: PortfolioState) => ReadonlyMap<string, SymbolPrecision> = memo(
  (s) => [s.instruments, s.fills, s.orders],
  (instruments, fills, orders) => {
    const read = readSymbolPrecision(new Map(), unread(fills), unread(orders));
    learned = learned ? mergeInto(learned, read) : read;
    // The instruments' stated ticks and steps win over what was read.
    const stated = readSymbolPrecision(instruments, [], []);
    return stated.size === 0 ? learned : mergeStated(learned, stated);
  },
);

function mergeStated(read: ReadonlyMap<string, SymbolPrecision>, stated: ReadonlyMap<string, SymbolPrecision>) {
  const merged = new Map(read);
  for (const [key, entry] of stated) merged.set(key, { ...read.get(key), ...entry });
  return merged;
}

import { Decimal, dec, decText } from '../decimal';
import { instrumentKey, type Instrument } from '../instrument';
import { isStable } from '../pnl';
import type { Balance, Position } from '../types';
import type { PriceBook, Rate, ValuationCurrency } from './price-book';

/** One asset on one connection: spot holdings and derivative positions together, in the asset's units. */
export interface ExposureCell {
  asset: string;
  connectionId: string;
  long: string;
  /** Negative or zero. */
  short: string;
  net: string;
  /** Net valued in the valuation currency; undefined when no price converts the asset. */
  netValue?: string;
  /** Gross (long + |short|) valued in the valuation currency. */
  grossValue?: string;
  spot: string;
  derivatives: string;
}

export interface ExposureRow {
  asset: string;
  cells: ExposureCell[];
  long: string;
  short: string;
  net: string;
  netValue?: string;
  longValue?: string;
  shortValue?: string;
  /**
   * min(long, |short|) / max(long, |short|) over the asset's total long and short quantity (the same
   * asset, so quantity is notional at one price): 1 = fully hedged, 0 = one-sided. Undefined when flat.
   */
  hedgeRatio?: string;
  rate?: Rate;
}

export interface ExposureMatrix {
  target: ValuationCurrency;
  rows: ExposureRow[];
  connectionIds: string[];
  /** Positions whose symbol has no instrument yet: their asset is unknown, so they are listed, not guessed. */
  unknown: { connectionId: string; symbol: string; quantity: string }[];
}

/**
 * Spot balances of non-stable assets plus every derivative position (its base asset, quantity x
 * contractSize, signed). Stablecoins and USD are cash, not exposure, and are left out.
 */
export function exposureMatrix(
  balances: Iterable<Balance>,
  positions: Iterable<Position>,
  instruments: ReadonlyMap<string, Instrument>,
  book: PriceBook,
  target: ValuationCurrency,
): ExposureMatrix {
  const cells = new Map<
    string,
    { asset: string; connectionId: string; long: Decimal; short: Decimal; spot: Decimal; derivatives: Decimal }
  >();
  const cell = (asset: string, connectionId: string) => {
    const key = `${asset}|${connectionId}`;
    let c = cells.get(key);
    if (!c)
      cells.set(key, (c = { asset, connectionId, long: dec(0), short: dec(0), spot: dec(0), derivatives: dec(0) }));
    return c;
  };
  const add = (c: ReturnType<typeof cell>, amount: Decimal) => {
    if (amount.isPositive()) c.long = c.long.plus(amount);
    else c.short = c.short.plus(amount);
  };
  for (const b of balances) {
    const asset = b.asset.toUpperCase();
    if (isStable(asset) || dec(b.total).isZero()) continue;
    const c = cell(asset, b.connectionId);
    c.spot = c.spot.plus(b.total);
    add(c, dec(b.total));
  }
  const unknown: ExposureMatrix['unknown'] = [];
  for (const p of positions) {
    const instrument = instruments.get(instrumentKey(p.connectionId, p.symbol));
    if (!instrument) {
      unknown.push({ connectionId: p.connectionId, symbol: p.symbol, quantity: p.quantity });
      continue;
    }
    const amount = dec(p.quantity).times(instrument.contractSize ?? '1');
    const c = cell(instrument.baseAsset.toUpperCase(), p.connectionId);
    c.derivatives = c.derivatives.plus(amount);
    add(c, amount);
  }
  const byAsset = new Map<string, ExposureCell[]>();
  const connectionIds = new Set<string>();
  for (const c of [...cells.values()].sort(
    (a, b) => a.asset.localeCompare(b.asset) || a.connectionId.localeCompare(b.connectionId),
  )) {
    connectionIds.add(c.connectionId);
    const rate = book.rate(c.asset, target);
    const net = c.long.plus(c.short);
    const out: ExposureCell = {
      asset: c.asset,
      connectionId: c.connectionId,
      long: decText(c.long),
      short: decText(c.short),
      net: decText(net),
      spot: decText(c.spot),
      derivatives: decText(c.derivatives),
      ...(rate
        ? { netValue: decText(net.times(rate.rate)), grossValue: decText(c.long.minus(c.short).times(rate.rate)) }
        : {}),
    };
    const list = byAsset.get(c.asset);
    if (list) list.push(out);
    else byAsset.set(c.asset, [out]);
  }
  const rows = [...byAsset].map(([asset, list]): ExposureRow => {
    const long = list.reduce((acc, c) => acc.plus(c.long), dec(0));
    const short = list.reduce((acc, c) => acc.plus(c.short), dec(0));
    const net = long.plus(short);
    const rate = book.rate(asset, target);
    const hedge = hedgeRatio(long, short.abs());
    return {
      asset,
      cells: list,
      long: decText(long),
      short: decText(short),
      net: decText(net),
      ...(hedge !== undefined ? { hedgeRatio: hedge } : {}),
      ...(rate
        ? {
            rate,
            netValue: decText(net.times(rate.rate)),
            longValue: decText(long.times(rate.rate)),
            shortValue: decText(short.times(rate.rate)),
          }
        : {}),
    };
  });
  return { target, rows, connectionIds: [...connectionIds].sort(), unknown };
}

/** min/max of the two sides, 8 decimals (rounded down, so 0.99999999 never shows as fully hedged). */
export function hedgeRatio(long: Decimal, shortAbs: Decimal): string | undefined {
  const max = Decimal.max(long, shortAbs);
  if (max.isZero()) return undefined;
  return decText(Decimal.min(long, shortAbs).div(max).toDecimalPlaces(8, Decimal.ROUND_DOWN));
}

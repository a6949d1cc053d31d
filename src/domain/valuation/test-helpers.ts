import type { Instrument, InstrumentKind } from '../instrument';
import { instrumentKey } from '../instrument';
import type { MarkKind, PriceMark } from '../types';

/** Builders for valuation tests: instruments and marks written by hand, as the adapters will emit them. */
export function instrument(
  connectionId: string,
  symbol: string,
  base: string,
  quote: string,
  kind: InstrumentKind = 'perpetual',
  extra: Partial<Instrument> = {},
): Instrument {
  return { connectionId, symbol, baseAsset: base, quoteAsset: quote, settleAsset: quote, kind, ...extra };
}

export function instrumentMap(...list: Instrument[]): Map<string, Instrument> {
  return new Map(list.map((i) => [instrumentKey(i.connectionId, i.symbol), i]));
}

export function mark(
  connectionId: string,
  symbol: string,
  price: string,
  time: number,
  kind: MarkKind = 'mark',
): PriceMark {
  return { connectionId, symbol, kind, price, time };
}

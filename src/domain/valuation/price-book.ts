import type { Decimal } from '../decimal';
import { dec, decText } from '../decimal';
import { instrumentKey, type Instrument } from '../instrument';
import { isStable } from '../pnl';
import type { MarkKind, PriceMark } from '../types';
import { choosePrice } from './price-choice';

/** The currencies the portfolio can be valued in. */
export type ValuationCurrency = 'USD' | 'BTC';

export interface ValuationOptions {
  /** Value USDT, USDC, ... at 1 USD; off: only through a live price. */
  stablesAtPar: boolean;
}

/** One live price used on the way from an asset to the valuation currency. */
export interface PriceStep {
  connectionId: string;
  symbol: string;
  kind: MarkKind;
  price: string;
  time: number;
  /** What the price is of: 1 `base` costs `price` `quote`. */
  base: string;
  quote: string;
  /** True when the step went from quote to base (divided by the price). */
  inverted: boolean;
}

/** How many units of the target one unit of an asset is worth, and why. */
export interface Rate {
  asset: string;
  /** USD or BTC for valuation; any asset for a pair price (`price`). */
  target: string;
  rate: string;
  /** The prices multiplied (or divided) together, in order from the asset to the target. */
  steps: PriceStep[];
  /** Stablecoins valued at 1 USD on the way (stablesAtPar). */
  atPar: string[];
}

/** Bounded search: asset -> quote -> quote's quote -> target covers every triangulation we need. */
const MAX_HOPS = 3;

interface Edge {
  to: string;
  mark: PriceMark;
  instrument: Instrument;
  inverted: boolean;
}

interface Path {
  steps: Edge[];
  /** Time of the oldest price on the path (a fresher chain wins a tie in hops). */
  oldest: number;
}

export interface PriceBook {
  readonly options: ValuationOptions;
  /** Rate of `asset` in `target`, or undefined when no chain of live prices reaches it. */
  rate(asset: string, target: ValuationCurrency): Rate | undefined;
  /** Price of `base` in `quote` (any two assets) by the same rules, e.g. a position's mark. */
  price(base: string, quote: string): Rate | undefined;
}

/**
 * Rates from every connection's latest prices. A pair (base/quote, with stablecoins merged into USD
 * when they are at par) gets ONE price, chosen by `choosePrice` across all venues that list it, so
 * every figure in one view uses the same BTC price. Results are cached per book.
 */
export function buildPriceBook(
  marks: Iterable<PriceMark>,
  instruments: ReadonlyMap<string, Instrument>,
  options: ValuationOptions,
): PriceBook {
  const node = (asset: string): string => {
    const upper = asset.toUpperCase();
    return options.stablesAtPar && isStable(upper) ? 'USD' : upper;
  };
  const byPair = new Map<
    string,
    { base: string; quote: string; candidates: { mark: PriceMark; instrument: Instrument }[] }
  >();
  for (const mark of marks) {
    const instrument = instruments.get(instrumentKey(mark.connectionId, mark.symbol));
    if (!instrument) continue;
    const base = node(instrument.baseAsset);
    const quote = node(instrument.quoteAsset);
    if (base === quote) continue;
    const key = `${base}/${quote}`;
    let pair = byPair.get(key);
    if (!pair) byPair.set(key, (pair = { base, quote, candidates: [] }));
    pair.candidates.push({ mark, instrument });
  }
  const edges = new Map<string, Edge[]>();
  const addEdge = (from: string, edge: Edge) => {
    const list = edges.get(from);
    if (list) list.push(edge);
    else edges.set(from, [edge]);
  };
  for (const pair of byPair.values()) {
    const chosen = choosePrice(pair.candidates.map((c) => ({ ...c.mark, _c: c })));
    if (!chosen) continue;
    const { mark, instrument } = chosen._c;
    addEdge(pair.base, { to: pair.quote, mark, instrument, inverted: false });
    addEdge(pair.quote, { to: pair.base, mark, instrument, inverted: true });
  }

  const cache = new Map<string, Rate | undefined>();
  const search = (asset: string, target: string): Rate | undefined => {
    const start = node(asset);
    const atPar = options.stablesAtPar && isStable(asset) && asset.toUpperCase() !== 'USD' ? [asset.toUpperCase()] : [];
    const goal = node(target);
    if (start === goal) return { asset, target, rate: '1', steps: [], atPar };
    const visited = new Set([start]);
    let frontier = new Map<string, Path>([[start, { steps: [], oldest: Infinity }]]);
    for (let hop = 0; hop < MAX_HOPS && frontier.size > 0; hop++) {
      const next = new Map<string, Path>();
      for (const [from, path] of frontier) {
        for (const edge of edges.get(from) ?? []) {
          if (visited.has(edge.to)) continue;
          const candidate = { steps: [...path.steps, edge], oldest: Math.min(path.oldest, edge.mark.time) };
          const current = next.get(edge.to);
          if (!current || candidate.oldest > current.oldest) next.set(edge.to, candidate);
        }
      }
      const found = next.get(goal);
      if (found) return toRate(asset, target, found, atPar, node);
      for (const n of next.keys()) visited.add(n);
      frontier = next;
    }
    return undefined;
  };
  return {
    options,
    rate(asset, target) {
      return this.price(asset, target);
    },
    price(base, quote) {
      const key = `${base}|${quote}`;
      if (!cache.has(key)) cache.set(key, search(base, quote));
      return cache.get(key);
    },
  };
}

function toRate(asset: string, target: string, path: Path, atPar: string[], node: (a: string) => string): Rate {
  let rate = dec(1);
  const par = new Set(atPar);
  const steps = path.steps.map((e): PriceStep => {
    rate = e.inverted ? rate.div(e.mark.price) : rate.times(e.mark.price);
    for (const a of [e.instrument.baseAsset, e.instrument.quoteAsset])
      if (node(a) === 'USD' && a.toUpperCase() !== 'USD') par.add(a.toUpperCase());
    return {
      connectionId: e.mark.connectionId,
      symbol: e.mark.symbol,
      kind: e.mark.kind,
      price: e.mark.price,
      time: e.mark.time,
      base: e.instrument.baseAsset.toUpperCase(),
      quote: e.instrument.quoteAsset.toUpperCase(),
      inverted: e.inverted,
    };
  });
  return { asset, target, rate: decText(rate), steps, atPar: [...par] };
}

/** An amount valued in the target currency, with the rate that did it. */
export interface Converted {
  value: string;
  rate: Rate;
}

export function convert(
  book: PriceBook,
  amount: string | Decimal,
  asset: string,
  target: ValuationCurrency,
): Converted | undefined {
  const rate = book.rate(asset, target);
  if (!rate) return undefined;
  return { value: decText(dec(amount).times(rate.rate)), rate };
}

import { dec, decText } from '../domain/decimal';
import { instrumentKey, type Instrument } from '../domain/instrument';
import type { PriceMark } from '../domain/types';
import { pnlStyleOf } from '../domain/pnl';
import { exposureMatrix, type ExposureMatrix } from '../domain/valuation/exposure';
import type { PortfolioValuation } from '../domain/valuation/portfolio-valuation';
import { buildPriceBook, convert, type PriceBook, type Rate } from '../domain/valuation/price-book';
import {
  bestMark,
  memo,
  partsOf,
  positionMarks,
  selectBalanceRows,
  selectFillSummary,
  selectPositionRows,
  valuationParts,
  valueState,
  type BalanceRow,
  type PositionRow,
} from './selectors';
import type { BaseCurrency, SettingsState } from './settings-store';
import type { PortfolioState } from './state';

/** What valuation takes from the user's settings. */
export type ValuationSettings = Pick<SettingsState, 'baseCurrency' | 'stablesAtPar'>;

/** The settings' defaults (settings-store.ts), without importing the persisted store into pure code. */
export const DEFAULT_VALUATION: ValuationSettings = { baseCurrency: 'USD', stablesAtPar: true };

/**
 * One memoized selector per settings combination (there are four), so a USD view (equity samples)
 * and a BTC view (the header) on the same frame do not evict each other's cache.
 */
function perSettings<R>(
  make: (settings: ValuationSettings) => (s: PortfolioState) => R,
): (s: PortfolioState, settings: ValuationSettings) => R {
  const cache = new Map<string, (s: PortfolioState) => R>();
  return (s, settings) => {
    const key = `${settings.baseCurrency}|${settings.stablesAtPar}`;
    let selector = cache.get(key);
    if (!selector)
      cache.set(key, (selector = make({ baseCurrency: settings.baseCurrency, stablesAtPar: settings.stablesAtPar })));
    return selector(s);
  };
}

export const selectPriceBook: (s: PortfolioState, settings: ValuationSettings) => PriceBook = perSettings((settings) =>
  memo(
    (s) => [s.marks, s.instruments, s.positions],
    (marks, instruments, positions) =>
      buildPriceBook([...marks.values(), ...positionMarks(positions.values())], instruments, {
        stablesAtPar: settings.stablesAtPar,
      }),
  ),
);

/** Equity, PnL, fees and funding per connection and in total, in the user's base currency. */
export const selectValuation: (s: PortfolioState, settings: ValuationSettings) => PortfolioValuation = perSettings(
  (settings) =>
    memo(
      (s) => [selectPositionRows(s), selectFillSummary(s), selectPriceBook(s, settings), ...valuationParts(s)],
      (positionRows, fills, book, ...parts) =>
        valueState(partsOf(parts), positionRows, fills, book, settings.baseCurrency),
    ),
);

/** The BTC price in USD the views use (the same one every BTC conversion uses). */
export function selectBtcUsd(s: PortfolioState, settings: ValuationSettings): Rate | undefined {
  return selectPriceBook(s, settings).rate('BTC', 'USD');
}

export interface PositionValue {
  /** |quantity| x contractSize x price, in the base currency. */
  notional?: string;
  /** The price the notional used, and where it came from. */
  price?: { value: string; source: string; time?: number };
  /** Unrealized PnL in the base currency. */
  unrealized?: string;
  /** Rates used: the quote asset's (notional) and the settle asset's (PnL). */
  rates: Rate[];
}

/** Per position (key `connectionId|symbol`): notional and unrealized PnL in the base currency. */
export const selectPositionValues: (
  s: PortfolioState,
  settings: ValuationSettings,
) => ReadonlyMap<string, PositionValue> = perSettings((settings) =>
  memo(
    (s) => [selectPositionRows(s), s.instruments, s.marks, selectPriceBook(s, settings)],
    (rows, instruments, marks, book) =>
      new Map(
        rows.map((p) => [
          p.key,
          positionValue(
            p,
            instruments.get(instrumentKey(p.connectionId, p.symbol)),
            bestMark(marks, p.connectionId, p.symbol),
            book,
            settings.baseCurrency,
          ),
        ]),
      ),
  ),
);

function positionValue(
  p: PositionRow,
  instrument: Instrument | undefined,
  latest: PriceMark | undefined,
  book: PriceBook,
  target: BaseCurrency,
): PositionValue {
  const rates: Rate[] = [];
  const out: PositionValue = { rates };
  // The venue's mark on the position, else the price its PnL was computed from, else the symbol's latest price.
  const used = p.markUsed ?? latest;
  const price =
    p.markPrice !== undefined
      ? { value: p.markPrice, source: 'venue mark on the position', time: p.updatedAt }
      : used
        ? { value: used.price, source: `latest ${used.kind} price`, time: used.time }
        : undefined;
  if (price) out.price = price;
  if (price && instrument) {
    const size = dec(p.quantity)
      .abs()
      .times(instrument.contractSize ?? '1');
    // Inverse: contractSize is a quote amount per contract; linear: base units priced in the quote.
    const quoteAmount = pnlStyleOf(instrument) === 'inverse' ? size : size.times(price.value);
    const converted = convert(book, quoteAmount, instrument.quoteAsset, target);
    if (converted) {
      out.notional = converted.value;
      rates.push(converted.rate);
    }
  }
  const settle = p.settleAsset ?? instrument?.settleAsset;
  if (p.unrealizedPnlShown !== undefined && settle) {
    const converted = convert(book, p.unrealizedPnlShown, settle, target);
    if (converted) {
      out.unrealized = converted.value;
      if (!rates.some((r) => r.asset === converted.rate.asset)) rates.push(converted.rate);
    }
  }
  return out;
}

export interface BalanceValue {
  /** Total in the base currency; undefined when no price converts the asset (flagged in the panel). */
  value?: string;
  rate?: Rate;
}

export const selectBalanceValues: (
  s: PortfolioState,
  settings: ValuationSettings,
) => ReadonlyMap<string, BalanceValue> = perSettings((settings) =>
  memo(
    (s) => [selectBalanceRows(s), selectPriceBook(s, settings)],
    (rows: BalanceRow[], book) =>
      new Map(
        rows.map((b) => {
          const converted = convert(book, b.total, b.asset, settings.baseCurrency);
          return [b.key, converted ? { value: converted.value, rate: converted.rate } : {}];
        }),
      ),
  ),
);

export interface AssetTotal {
  asset: string;
  /** Sum of every connection's balance of the asset. */
  amount: string;
  value?: string;
}

/** Balances summed per asset, valued in the base currency (the "balances by asset" chart). */
export const selectBalancesByAsset: (s: PortfolioState, settings: ValuationSettings) => AssetTotal[] = perSettings(
  (settings) =>
    memo(
      (s) => [selectBalanceRows(s), selectPriceBook(s, settings)],
      (rows: BalanceRow[], book) => {
        const sums = new Map<string, ReturnType<typeof dec>>();
        for (const b of rows)
          sums.set(b.asset.toUpperCase(), (sums.get(b.asset.toUpperCase()) ?? dec(0)).plus(b.total));
        return [...sums]
          .map(([asset, amount]) => {
            const converted = convert(book, amount, asset, settings.baseCurrency);
            return { asset, amount: decText(amount), ...(converted ? { value: converted.value } : {}) };
          })
          .sort((a, b) => a.asset.localeCompare(b.asset));
      },
    ),
);

/** Asset x connection exposure (spot and derivatives), valued in the base currency. */
export const selectExposure: (s: PortfolioState, settings: ValuationSettings) => ExposureMatrix = perSettings(
  (settings) =>
    memo(
      (s) => [s.balances, s.positions, s.instruments, selectPriceBook(s, settings)],
      (balances, positions, instruments, book) =>
        exposureMatrix(balances.values(), positions.values(), instruments, book, settings.baseCurrency),
    ),
);

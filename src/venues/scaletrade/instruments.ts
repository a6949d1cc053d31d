import type { Instrument } from '../../domain/instrument';
import type { ScaletradeOptions } from './options';

/**
 * What a ScaleTrade symbol stands for. ScaleTrade is an MT4-like broker platform: its symbols are
 * CFDs named base + quote in lower case (`eurusd`, `btcusd`; seed 003), traded in lots, with PnL,
 * margin and fees in the account currency (options.currency: no frame names it). Pure; never throws.
 *
 * [guess] Nothing on the Client API WebSocket gives a symbol's specification, so:
 * - a broker suffix after `.`, `_`, `-` or `+` is ignored (`EURUSD.m` is EUR/USD);
 * - the quote is a known currency at the end (USDT, USD, EUR, GBP, JPY, CHF, CAD, AUD, NZD); a name
 *   without one (`#AAPL`, `us500`) is not described;
 * - contract size (base units per lot) is set by each broker; these follow MT conventions and the
 *   demo broker (sim/scaletrade, "Lots"): a currency pair 100 000, gold 100 oz, silver 5 000 oz,
 *   BTC 0.01, ETH 0.1, anything else 1.
 */

/** Known quote currencies, matched at the end of the name. */
const QUOTES = ['USDT', 'USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD'] as const;
const FIAT = new Set<string>(['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD']);
const CONTRACT_SIZES: ReadonlyMap<string, string> = new Map([
  ['XAU', '100'],
  ['XAG', '5000'],
  ['BTC', '0.01'],
  ['ETH', '0.1'],
]);
const STANDARD_FX_LOT = '100000';
/** The name before a broker suffix: letters and digits only. */
const NAME = /^([A-Za-z0-9]{4,30})(?:[._+-][A-Za-z0-9._+-]*)?$/;

export function describeScaletradeSymbol(
  symbol: string,
  options: Pick<ScaletradeOptions, 'currency'>,
): Omit<Instrument, 'connectionId'> | undefined {
  const name = NAME.exec(symbol)?.[1]?.toUpperCase();
  if (name === undefined) return undefined;
  const quote = QUOTES.find((q) => name.length >= q.length + 2 && name.endsWith(q));
  if (quote === undefined) return undefined;
  const base = name.slice(0, -quote.length);
  if (base === quote || !/^[A-Z0-9]+$/.test(options.currency)) return undefined;
  const instrument: Omit<Instrument, 'connectionId'> = {
    symbol,
    baseAsset: base,
    quoteAsset: quote,
    settleAsset: options.currency,
    kind: 'cfd',
  };
  const size = FIAT.has(base) ? STANDARD_FX_LOT : CONTRACT_SIZES.get(base);
  if (size !== undefined) instrument.contractSize = size;
  return instrument;
}

import type { Instrument } from '../../domain/instrument';

/**
 * What a ZDEX symbol stands for. Every ZDEX market is a linear perpetual quoted and settled in USDT
 * (`BTCUSDT`, and ~144 more in the auto-push; docs/venues/zdex.md, the seed's `USDT` balances and margin).
 * Pure; never throws.
 */

const QUOTE = 'USDT';
/** A venue symbol: upper-case letters and digits, as on the wire. */
const SYMBOL = /^[A-Z0-9]{2,40}$/;
/**
 * [guess] A leading power of ten of 1000 or more is a contract multiplier, as on Binance-style perp
 * venues: `1000PEPEUSDT` is priced per 1 000 PEPE, so one unit of quantity is 1 000 PEPE. `1INCHUSDT`
 * (a digit that is not such a multiplier) is the asset 1INCH.
 */
const MULTIPLIED = /^(10{3,})([A-Z][A-Z0-9]*)$/;

export type ZdexInstrument = Omit<Instrument, 'connectionId'>;

export function describeZdexSymbol(symbol: string): ZdexInstrument | undefined {
  if (!SYMBOL.test(symbol) || !symbol.endsWith(QUOTE)) return undefined;
  const stem = symbol.slice(0, -QUOTE.length);
  if (stem.length === 0 || stem === QUOTE) return undefined;
  const multiplied = MULTIPLIED.exec(stem);
  const instrument: ZdexInstrument = {
    symbol,
    baseAsset: multiplied?.[2] ?? stem,
    quoteAsset: QUOTE,
    settleAsset: QUOTE,
    kind: 'perpetual',
  };
  if (multiplied?.[1] !== undefined) instrument.contractSize = multiplied[1];
  return instrument;
}

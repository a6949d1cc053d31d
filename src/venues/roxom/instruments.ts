import type { Instrument } from '../../domain/instrument';

/**
 * What a Roxom symbol stands for. Roxom is Bitcoin-denominated (docs/venues/roxom.md): its markets are
 * `<ASSET>-BTC` (`US500-BTC`, `GOLD-BTC`, `OIL-BTC`, `TSLA-BTC`), quoted in BTC, with positions that
 * carry leverage, margin and a liquidation price (the seed's position fields), and margin, fees and
 * PnL in the BTC wallet (`unit: "btc"`). So each is a perpetual [guess: no expiry is named anywhere]
 * on the asset before the dash, quoted and settled in BTC. Contract size: 1 [guess: the docs give no
 * multiplier; price x size is the BTC notional, as the simulator's ledger has it]. Pure; never throws.
 */

const SYMBOL = /^([A-Z0-9]{1,20})-BTC$/;

export function describeRoxomSymbol(symbol: string): Omit<Instrument, 'connectionId'> | undefined {
  const base = SYMBOL.exec(symbol)?.[1];
  if (base === undefined || base === 'BTC') return undefined;
  return { symbol, baseAsset: base, quoteAsset: 'BTC', settleAsset: 'BTC', kind: 'perpetual' };
}

import { VOLUME_PER_LOT } from '../../src/venues/scaletrade/wire';
import { Num, num } from '../core/num';

/**
 * Core symbol <-> ScaleTrade symbol, and core quantity <-> ScaleTrade volume.
 *
 * Names: lower case, quote "usd" (the docs' symbols are `eurusd`, `btcusd`): BTCUSDT -> btcusd.
 * Every core symbol gets a quote channel; only the traded ones carry tickets.
 *
 * Lots [choice, documented in README.md]: 1 lot is 0.01 BTC, 0.1 ETH or 1 SOL, so the core's
 * quantity step (0.001 BTC, 0.01 ETH, 0.1 SOL) is 0.1 lot = 10 minimal lots and every core
 * quantity is a whole number of minimal lots (`volume` = lots x 100, an integer on the wire).
 */
export const CONTRACT_SIZES: Readonly<Record<string, Num>> = {
  BTCUSDT: num('0.01'),
  ETHUSDT: num('0.1'),
  SOLUSDT: num('1'),
};

export function scaletradeSymbol(coreSymbol: string): string {
  return coreSymbol.replace(/USDT$/, 'USD').toLowerCase();
}

export function contractSize(coreSymbol: string): Num {
  const size = CONTRACT_SIZES[coreSymbol];
  if (!size) throw new Error(`no ScaleTrade contract size for ${coreSymbol}`);
  return size;
}

/** Core base quantity -> volume in minimal lots (throws if it is not a whole number). */
export function volumeOf(coreSymbol: string, quantity: Num): number {
  const volume = quantity.div(contractSize(coreSymbol)).mul(VOLUME_PER_LOT);
  if (!volume.isInteger()) throw new Error(`${quantity.toFixed()} ${coreSymbol} is not a whole number of minimal lots`);
  return volume.toNumber();
}

/** Volume in minimal lots -> base quantity (for profit and margin). */
export function baseQuantity(coreSymbol: string, volume: number): Num {
  return new Num(volume).div(VOLUME_PER_LOT).mul(contractSize(coreSymbol));
}

/** Volume in minimal lots -> lots as decimal text (the ledger's quantities). */
export function lotsText(volume: number): string {
  const lots = new Num(volume).div(VOLUME_PER_LOT);
  return lots.isZero() ? '0' : lots.toFixed();
}

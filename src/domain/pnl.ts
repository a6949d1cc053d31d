import { dec, decText } from './decimal';
import type { Instrument } from './instrument';
import type { Position } from './types';

/** How a contract's PnL is computed from prices. */
export type PnlStyle = 'linear' | 'inverse';

/**
 * Inverse contracts settle in the asset they give exposure to (BTCUSD paid in BTC); everything else
 * here (spot, USDT perps, BTC-quoted CFDs, USD CFDs) is linear in its quote.
 */
export function pnlStyleOf(
  instrument: Pick<Instrument, 'baseAsset' | 'quoteAsset' | 'settleAsset' | 'kind'> | undefined,
): PnlStyle {
  if (!instrument || instrument.kind === 'spot') return 'linear';
  const base = instrument.baseAsset.toUpperCase();
  return instrument.settleAsset.toUpperCase() === base && instrument.quoteAsset.toUpperCase() !== base
    ? 'inverse'
    : 'linear';
}

/**
 * Unrealized PnL from a mark. Linear: (mark - entry) x quantity x contractSize, in the quote asset.
 * Inverse: quantity x contractSize x (1/entry - 1/mark), in the base asset (contractSize is then the
 * quote value of one contract, e.g. 100 USD). Quantity is signed, so a short gains when the price falls.
 */
export function unrealizedFromMark(
  position: Pick<Position, 'quantity' | 'entryPrice'>,
  markPrice: string,
  contract: { style?: PnlStyle; contractSize?: string } = {},
): string | undefined {
  if (position.entryPrice === undefined) return undefined;
  const size = dec(contract.contractSize ?? '1');
  const qty = dec(position.quantity).times(size);
  if (contract.style === 'inverse') {
    if (dec(position.entryPrice).isZero() || dec(markPrice).isZero()) return undefined;
    return decText(qty.times(dec(1).div(position.entryPrice).minus(dec(1).div(markPrice))));
  }
  return decText(dec(markPrice).minus(position.entryPrice).times(qty));
}

/** Assets valued at par with USD until the user says otherwise. */
export const STABLE_ASSETS: ReadonlySet<string> = new Set([
  'USD',
  'USDT',
  'USDC',
  'BUSD',
  'DAI',
  'FDUSD',
  'TUSD',
  'USDE',
]);

export function isStable(asset: string | undefined): boolean {
  return asset !== undefined && STABLE_ASSETS.has(asset.toUpperCase());
}

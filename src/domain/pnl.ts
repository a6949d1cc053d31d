import { dec, decText } from './decimal';
import type { Position } from './types';

/** Linear contract unrealized PnL: (mark - entry) x signed quantity. */
export function unrealizedFromMark(position: Pick<Position, 'quantity' | 'entryPrice'>, markPrice: string): string | undefined {
  if (position.entryPrice === undefined) return undefined;
  return decText(dec(markPrice).minus(position.entryPrice).times(position.quantity));
}

/** Assets valued at par with USD until the user says otherwise. */
export const STABLE_ASSETS: ReadonlySet<string> = new Set(['USD', 'USDT', 'USDC', 'BUSD', 'DAI', 'FDUSD', 'TUSD', 'USDE']);

export function isStable(asset: string | undefined): boolean {
  return asset !== undefined && STABLE_ASSETS.has(asset.toUpperCase());
}

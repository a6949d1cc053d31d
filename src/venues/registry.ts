import type { VenueId } from '../domain/types';
import type { VenueAdapter } from './types';
import { coinswitchAdapter } from './coinswitch/adapter';
import { deskAdapter } from './desk/adapter';
import { railsAdapter } from './rails/adapter';
import { roxomAdapter } from './roxom/adapter';
import { scaletradeAdapter } from './scaletrade/adapter';
import { zdexAdapter } from './zdex/adapter';

/**
 * Venue id -> adapter. The only place that knows which venues exist in code; everything else asks
 * here. A venue without an entry would show on its connection as "venue X is not supported yet".
 */
const ADAPTERS: ReadonlyMap<VenueId, VenueAdapter> = new Map<VenueId, VenueAdapter>([
  ['coinswitch', coinswitchAdapter],
  ['rails', railsAdapter],
  ['roxom', roxomAdapter],
  ['scaletrade', scaletradeAdapter],
  ['zdex', zdexAdapter],
  ['desk', deskAdapter],
]);

export function getAdapter(venue: VenueId): VenueAdapter | undefined {
  return ADAPTERS.get(venue);
}

export function supportedVenues(): VenueId[] {
  return [...ADAPTERS.keys()];
}

import type { VenueId } from '../domain/types';
import type { VenueFormDescriptor } from './form-descriptor';

/**
 * Venue id -> its guided-form descriptor, each loaded on demand (a dynamic import: the descriptors and
 * the option checks they reuse stay out of the first paint's JavaScript, scripts/initial-js.test.ts).
 * Only descriptors and options.ts load here: no session code, which runs in the ingest worker only.
 * In the order the form lists them; desk (a collector's stream) last.
 */
const LOADERS: ReadonlyMap<VenueId, () => Promise<VenueFormDescriptor>> = new Map<
  VenueId,
  () => Promise<VenueFormDescriptor>
>([
  ['zdex', () => import('./zdex/form-descriptor').then((m) => m.zdexFormDescriptor)],
  ['rails', () => import('./rails/form-descriptor').then((m) => m.railsFormDescriptor)],
  ['coinswitch', () => import('./coinswitch/form-descriptor').then((m) => m.coinswitchFormDescriptor)],
  ['scaletrade', () => import('./scaletrade/form-descriptor').then((m) => m.scaletradeFormDescriptor)],
  ['roxom', () => import('./roxom/form-descriptor').then((m) => m.roxomFormDescriptor)],
  ['desk', () => import('./desk/form-descriptor').then((m) => m.deskFormDescriptor)],
]);

export function formVenues(): VenueId[] {
  return [...LOADERS.keys()];
}

let all: Promise<VenueFormDescriptor[]> | undefined;

/** Every venue's descriptor, loaded once. */
export function loadFormDescriptors(): Promise<VenueFormDescriptor[]> {
  all ??= Promise.all([...LOADERS.values()].map((load) => load()));
  return all;
}

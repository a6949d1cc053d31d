import type { VenueId } from '../domain/types';
import type { VenueAdapter } from './types';

/**
 * The ingest worker's view of the venues: each venue's code is a chunk of its own, fetched the first
 * time a connection (or a test, or a replay) of that venue needs it, so a board with two venues never
 * loads the other four. Node (collector, tests, benches) uses the static registry.ts; the two are
 * checked to list the same adapters (adapter-loaders.test.ts).
 */
const LOADERS: Readonly<Record<VenueId, () => Promise<VenueAdapter>>> = {
  coinswitch: () => import('./coinswitch/adapter').then((m) => m.coinswitchAdapter as VenueAdapter),
  desk: () => import('./desk/adapter').then((m) => m.deskAdapter as VenueAdapter),
  rails: () => import('./rails/adapter').then((m) => m.railsAdapter as VenueAdapter),
  roxom: () => import('./roxom/adapter').then((m) => m.roxomAdapter as VenueAdapter),
  scaletrade: () => import('./scaletrade/adapter').then((m) => m.scaletradeAdapter as VenueAdapter),
  zdex: () => import('./zdex/adapter').then((m) => m.zdexAdapter as VenueAdapter),
};

const loaded = new Map<VenueId, VenueAdapter>();

/** An adapter already loaded; undefined for one not loaded yet or a venue without code. */
export const loadedAdapter = (venue: VenueId): VenueAdapter | undefined => loaded.get(venue);

/**
 * Loads a venue's code if there is any. Never throws: a venue without code, or a chunk that failed to
 * load, stays unknown and its connection says the venue is not supported.
 */
export async function loadAdapter(venue: string): Promise<void> {
  if (!Object.hasOwn(LOADERS, venue)) return;
  const id = venue as VenueId;
  if (loaded.has(id)) return;
  try {
    loaded.set(id, await LOADERS[id]());
  } catch (e) {
    console.error(`ingest: the code for venue ${id} did not load:`, (e as Error).message);
  }
}

export const loadableVenues = (): VenueId[] => Object.keys(LOADERS) as VenueId[];

export async function loadAllAdapters(): Promise<void> {
  await Promise.all(loadableVenues().map(loadAdapter));
}

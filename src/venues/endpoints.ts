import type { VenueId } from '../domain/types';
import { ENDPOINTS as coinswitch } from './coinswitch/endpoints';
import { ENDPOINTS as desk } from './desk/endpoints';
import { ENDPOINTS as rails } from './rails/endpoints';
import { ENDPOINTS as roxom } from './roxom/endpoints';
import { ENDPOINTS as scaletrade } from './scaletrade/endpoints';
import { ENDPOINTS as zdex } from './zdex/endpoints';
import type { ConnectionConfig } from '../domain/connection-config';
import { connectSources, connectionAddressProblems, type VenueEndpoints } from './shared/endpoints';

/**
 * Venue id -> the addresses its connections may reach (each folder's `endpoints.ts`). Data only, so
 * the build (scripts/csp.ts) and the main thread's validation can load it without any adapter.
 */
export const VENUE_ENDPOINTS: Readonly<Record<VenueId, VenueEndpoints>> = {
  coinswitch,
  desk,
  rails,
  roxom,
  scaletrade,
  zdex,
};

/** connect-src's venue and loopback sources (the page's own origin is `'self'`). */
export function allowedConnectSources(): string[] {
  return connectSources(Object.values(VENUE_ENDPOINTS));
}

/**
 * For the add/edit form: why the page may not reach this connection's WebSocket or relay (its REST
 * address is known once the adapter reads the options, and is checked when the connection starts).
 */
export function formAddressProblems(config: Pick<ConnectionConfig, 'venue' | 'url' | 'auth'>): string[] {
  const endpoints = (VENUE_ENDPOINTS as Partial<Record<string, VenueEndpoints>>)[config.venue];
  return endpoints === undefined ? [] : connectionAddressProblems(config, endpoints);
}

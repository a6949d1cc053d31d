import type { VenueId } from './types';

/**
 * One connection of a profile (docs/contract.md section 2). `auth` holds secrets and is never logged or
 * exported unless the user explicitly asks; `options` are venue-specific and validated by the venue's
 * adapter (src/venues/<venue>/options.ts).
 */
export interface ConnectionConfig {
  id: string;
  label: string;
  venue: VenueId;
  url: string;
  auth: Record<string, unknown>;
  options: Record<string, unknown>;
}

export const PROFILE_FORMAT = 'venueboard.connections/v1';

export interface ConnectionProfile {
  format: typeof PROFILE_FORMAT;
  connections: ConnectionConfig[];
}

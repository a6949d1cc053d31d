import type { VenueCapabilities } from '../types';

type Stream = Exclude<keyof VenueCapabilities, 'fills'>;

/** A venue's capabilities: how it knows fills, and the streams it has; a stream not named is absent. */
export function venueCapabilities(fills: VenueCapabilities['fills'], ...streams: Stream[]): VenueCapabilities {
  const has = (stream: Stream) => streams.includes(stream);
  return {
    fills,
    orders: has('orders'),
    positions: has('positions'),
    balances: has('balances'),
    marks: has('marks'),
    notifications: has('notifications'),
  };
}

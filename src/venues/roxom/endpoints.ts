import type { VenueEndpoints } from '../shared/endpoints';

/**
 * What a Roxom connection reaches from the browser: nothing of Roxom's. Its documented hosts
 * (`wss://ws.roxom.com/ws`, `https://api.roxom.com`) need signed headers a browser cannot send, so the
 * keyring relay (loopback, always allowed) bridges the WebSocket and makes the REST reads.
 */
export const ENDPOINTS: VenueEndpoints = {
  websocket: [],
  rest: [],
};

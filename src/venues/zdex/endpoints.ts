import type { VenueEndpoints } from '../shared/endpoints';

/**
 * What a ZDEX connection reaches from the browser (README "Endpoint"): the documented WebSocket. Its
 * REST needs the HMAC API key, which never enters the browser.
 */
export const ENDPOINTS: VenueEndpoints = {
  websocket: ['wss://api.zdex.world'],
  rest: [],
};

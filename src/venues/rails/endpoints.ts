import type { VenueEndpoints } from '../shared/endpoints';

/**
 * What a Rails connection reaches from the browser (README "Endpoint", "REST target"): the documented
 * WebSocket and account REST hosts, production (`trade`) and sandbox. The token host
 * (`api-auth.*.rails.xyz`) is not here: the keyring relay mints tokens, the browser never calls it.
 */
export const ENDPOINTS: VenueEndpoints = {
  websocket: ['wss://ws.trade.rails.xyz', 'wss://ws.sandbox.rails.xyz'],
  rest: ['https://user-account.trade.rails.xyz', 'https://user-account.sandbox.rails.xyz'],
};

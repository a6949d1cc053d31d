import type { VenueEndpoints } from '../shared/endpoints';

/**
 * What a CoinSwitch connection reaches from the browser (README "Endpoint"): the documented NATS
 * WebSocket. Its REST (`https://dma.coinswitch.co`, signed with the Ed25519 secret) is called by the
 * keyring relay only.
 */
export const ENDPOINTS: VenueEndpoints = {
  websocket: ['wss://pc-nats-prod.coinswitch.co'],
  rest: [],
};

import type { VenueEndpoints } from '../shared/endpoints';

/**
 * What a desk connection reaches from the browser: the desk's own NATS WebSocket (docs/desk.md), a
 * host of the deployment, so none is listed. A desk served elsewhere than loopback adds its
 * `wss://<nats websocket>` origin here and rebuilds.
 */
export const ENDPOINTS: VenueEndpoints = {
  websocket: [],
  rest: [],
};

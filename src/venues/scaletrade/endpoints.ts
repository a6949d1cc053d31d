import type { VenueEndpoints } from '../shared/endpoints';

/**
 * What a ScaleTrade connection reaches from the browser. ScaleTrade is white-label: the docs give the
 * endpoint as `wss://{broker_domain}:{ws_port}` and the Client REST as `https://{broker_domain}`, set
 * per broker, so no host is documented. A deployment for a broker adds that broker's origins here
 * (e.g. `wss://ws.broker.example:8443` and `https://broker.example`) and rebuilds; loopback (the
 * simulator) is always allowed.
 */
export const ENDPOINTS: VenueEndpoints = {
  websocket: [],
  rest: [],
};

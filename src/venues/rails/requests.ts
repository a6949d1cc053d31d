import type {
  RailsClientFrame,
  RailsEmitPublicCompletedOrdersRequest,
  RailsEmitPublicOrderBookRequest,
  RailsPingRequest,
  RailsSubscribeRequest,
  RailsSubscription,
  RailsUnsubscribeRequest,
} from './wire';

/**
 * Pure builders for the requests the dashboard sends (request envelope
 * `{"message", "content": {clientRequestId?, market?, ...}}`, docs.rails.xyz/latest/websocket-api/overview).
 * `market` is required by the venue when the connection uses market=ALL; the session always names it
 * for the snapshot requests. Each returns the frame's text.
 */

/** websocket-v2/subscribe: adds streams to the open connection (idempotent); reply `subscribed`. */
export function buildSubscribeRequest(subscriptions: readonly RailsSubscription[], clientRequestId: string): string {
  const frame: RailsSubscribeRequest = {
    message: 'subscribe',
    content: { clientRequestId, subscriptions: [...subscriptions] },
  };
  return frameText(frame);
}

/** websocket-v2/unsubscribe: removes streams; the reply's name `unsubscribed` is a [guess]. */
export function buildUnsubscribeRequest(subscriptions: readonly RailsSubscription[], clientRequestId: string): string {
  const frame: RailsUnsubscribeRequest = {
    message: 'unsubscribe',
    content: { clientRequestId, subscriptions: [...subscriptions] },
  };
  return frameText(frame);
}

/** Ping (available without any subscription); reply `pong` with statusCode 200. */
export function buildPingRequest(clientRequestId: string): string {
  const frame: RailsPingRequest = { message: 'ping', content: { clientRequestId } };
  return frameText(frame);
}

/** order-book-stream, "Order Book Snapshot Request"; reply `publicOrderBook`. */
export function buildOrderBookSnapshotRequest(market: string, clientRequestId: string): string {
  const frame: RailsEmitPublicOrderBookRequest = {
    message: 'emitPublicOrderBook',
    content: { clientRequestId, market },
  };
  return frameText(frame);
}

/** trade-stream, "Completed Orders Snapshot Request"; reply `publicCompletedOrders`. */
export function buildPublicTradesSnapshotRequest(market: string, clientRequestId: string): string {
  const frame: RailsEmitPublicCompletedOrdersRequest = {
    message: 'emitPublicCompletedOrders',
    content: { clientRequestId, market },
  };
  return frameText(frame);
}

function frameText(frame: RailsClientFrame): string {
  return JSON.stringify(frame);
}

/**
 * Client request ids: the docs ask for a "client-generated UUID". A session draws one random prefix
 * and counts, so ids are unique per connection and cheap; tests inject a deterministic generator.
 */
export type RequestIds = () => string;

export function randomRequestIds(): RequestIds {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  // xxxxxxxx-xxxx-4xxx-8xxx-<12 hex counter>: UUID-shaped (version 4 bits set), counter in the last group.
  const prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-`;
  let counter = 0;
  return () => `${prefix}${(counter++ % 0x1_0000_0000_0000).toString(16).padStart(12, '0')}`;
}

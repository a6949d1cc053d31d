import type {
  ScaletradeAccountSwitchRequest,
  ScaletradeAuthRequest,
  ScaletradeClientFrame,
  ScaletradeSubscribeRequest,
  ScaletradeUnsubscribeRequest,
} from './wire';

/**
 * Pure builders for the client frames (scaletrade.com/client-api/ws/ = seed 003, and docs/venues/scaletrade.md),
 * as the text to send. The key order matches the docs' examples.
 */

/** Authentication: `{"authorization":"<JWT_TOKEN>"}`. The only frame that carries the token. */
export function authorizationRequest(token: string): string {
  const frame: ScaletradeAuthRequest = { authorization: token };
  return frameText(frame);
}

/** `{"event":"account.switch","active_login":2000009}`: required before account events flow (current docs). */
export function accountSwitchRequest(login: number): string {
  const frame: ScaletradeAccountSwitchRequest = { event: 'account.switch', active_login: login };
  return frameText(frame);
}

/** Channel Subscription > Subscribe: `{"event":"subscribe","data":["eurusd","btcusd"]}`. */
export function subscribeRequest(symbols: readonly string[]): string {
  const frame: ScaletradeSubscribeRequest = { event: 'subscribe', data: [...symbols] };
  return frameText(frame);
}

/** Channel Subscription > Unsubscribe: `{"event":"unsubscribe","data":["eurusd"]}`. */
export function unsubscribeRequest(symbols: readonly string[]): string {
  const frame: ScaletradeUnsubscribeRequest = { event: 'unsubscribe', data: [...symbols] };
  return frameText(frame);
}

function frameText(frame: ScaletradeClientFrame): string {
  return JSON.stringify(frame);
}

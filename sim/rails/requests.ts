import type { RailsRequestType, RailsSubscription } from '../../src/venues/rails/wire';
import { isSubscription } from './protocol';

/** A client request reduced to what the server acts on. */
export interface RailsRequest {
  message: RailsRequestType;
  clientRequestId?: string;
  market?: string;
  /** subscribe / unsubscribe only. */
  subscriptions?: RailsSubscription[];
}

export type ParsedRequest = { ok: true; request: RailsRequest } | { ok: false; body: string; clientRequestId?: string };

const MESSAGES: readonly RailsRequestType[] = [
  'subscribe',
  'unsubscribe',
  'ping',
  'emitPublicOrderBook',
  'emitPublicCompletedOrders',
  'createOrder',
  'cancelOrder',
  'modifyOrder',
];

function isMessage(value: unknown): value is RailsRequestType {
  return typeof value === 'string' && (MESSAGES as readonly string[]).includes(value);
}

/** `{message, content:{clientRequestId?, market?, ...}}` (overview, "Request Envelope"). */
export function parseRequest(text: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, body: 'invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, body: 'a request must be a JSON object' };
  const { message, content } = value as Record<string, unknown>;
  if (content !== undefined && (typeof content !== 'object' || content === null || Array.isArray(content))) {
    return { ok: false, body: 'content must be an object' };
  }
  const c = (content ?? {}) as Record<string, unknown>;
  const clientRequestId = typeof c.clientRequestId === 'string' ? c.clientRequestId : undefined;
  const fail = (body: string): ParsedRequest =>
    clientRequestId === undefined ? { ok: false, body } : { ok: false, body, clientRequestId };
  if (!isMessage(message)) return fail(`unknown message: ${String(message)}`);
  if (c.market !== undefined && typeof c.market !== 'string') return fail('market must be a string');

  const request: RailsRequest = { message };
  if (clientRequestId !== undefined) request.clientRequestId = clientRequestId;
  if (typeof c.market === 'string') request.market = c.market;
  if (message === 'subscribe' || message === 'unsubscribe') {
    const list = c.subscriptions;
    if (!Array.isArray(list) || list.length === 0) return fail('subscriptions must be a non-empty array');
    const unknown = list.find((s) => !isSubscription(s));
    if (unknown !== undefined) return fail(`unknown subscription: ${String(unknown)}`);
    request.subscriptions = list as RailsSubscription[];
  }
  return { ok: true, request };
}

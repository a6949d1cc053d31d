import type {
  RAILS_ALL_MARKETS,
  RAILS_AUTH_SUBPROTOCOL_PREFIX,
  RAILS_CLOSE_TOKEN_EXPIRED,
  RAILS_CLOSE_TOKEN_EXPIRED_REASON,
  RAILS_ORDER_UPDATE,
  RAILS_SUBSCRIPTIONS,
  RailsSubscription,
} from '../../src/venues/rails/wire';

/*
 * The protocol's constants, restated here because the simulator may import wire.ts for types only.
 * Each is typed as `typeof` the adapter's constant, so a disagreement fails the typecheck.
 */

export const SUBSCRIPTIONS: typeof RAILS_SUBSCRIPTIONS = ['orders', 'trades', 'publicTrades', 'publicOrderBook'];
export const RAILS_ALL: typeof RAILS_ALL_MARKETS = 'ALL';
export const RAILS_AUTH_PREFIX: typeof RAILS_AUTH_SUBPROTOCOL_PREFIX = 'authorization#';
/** [guess] the docs say nothing about a token expiring on an open socket. */
export const CLOSE_TOKEN_EXPIRED: typeof RAILS_CLOSE_TOKEN_EXPIRED = 4001;
export const CLOSE_TOKEN_EXPIRED_REASON: typeof RAILS_CLOSE_TOKEN_EXPIRED_REASON = 'token expired';
/** [guess] the resultType of pushed order state changes (the docs leave it unknown). */
export const ORDER_UPDATE: typeof RAILS_ORDER_UPDATE = 'orderUpdate';

export function isSubscription(value: unknown): value is RailsSubscription {
  return typeof value === 'string' && (SUBSCRIPTIONS as readonly string[]).includes(value);
}

/** Subscriptions in the documented order (the order of the `subscriptions` reference list). */
export function inDocumentedOrder(subscriptions: Iterable<RailsSubscription>): RailsSubscription[] {
  const set = new Set(subscriptions);
  return SUBSCRIPTIONS.filter((s) => set.has(s));
}

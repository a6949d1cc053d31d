import type { NatsCommand } from '../shared/nats-protocol';
import { coinswitchOrderSubject, coinswitchTickerSubject, coinswitchTradeSubject } from './wire';

/**
 * The NATS subscriptions a CoinSwitch session makes, named by sid (the transport routes each message
 * by the sid it was subscribed with): the private order and trade subjects of the sub-account, and one
 * public ticker per configured market. Pure command builders.
 */

export const SID_ORDER = 'order';
export const SID_TRADE = 'trade';
export const TICKER_SID_PREFIX = 'ticker:';

/** sid -> market token ("BTC/USDT") for the configured tickers. */
export function tickerSids(markets: readonly string[]): Map<string, string> {
  return new Map(markets.map((market) => [`${TICKER_SID_PREFIX}${market}`, market]));
}

/** SUB commands for `…subAccountId.<id>.order` and `.trade` (only after the auth succeeded). */
export function privateSubscriptions(subAccountId: string): NatsCommand[] {
  return [
    { op: 'sub', sid: SID_ORDER, subject: coinswitchOrderSubject(subAccountId) },
    { op: 'sub', sid: SID_TRADE, subject: coinswitchTradeSubject(subAccountId) },
  ];
}

/** SUB commands for the public tickers (no auth needed: sent at open). */
export function tickerSubscriptions(sids: ReadonlyMap<string, string>): NatsCommand[] {
  return [...sids].map(([sid, market]) => ({ op: 'sub', sid, subject: coinswitchTickerSubject(market) }));
}

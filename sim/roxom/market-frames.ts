import type { RoxomMarketFrame } from '../../src/venues/roxom/wire';
import type { PublicEvent } from '../core/events';
import { toJson } from './json';
import { marketOf, priceText, qtyText } from './markets';

/** Levels a depth snapshot carries [guess]. */
const DEPTH_LEVELS = 10;

export interface MarketMessage {
  /** `channel.symbol`, e.g. "level1.US500-BTC". */
  topic: string;
  text: string;
}

/**
 * The market channels (docs/venues/roxom.md): `{"topic":"<channel>.<symbol>","type":"snapshot|delta",
 * "createdTime":<ns>,"data":{…}}`. The envelope is documented, `data` is not: every data shape here
 * is a [guess] (prices in BTC, quantities in Roxom units, like the account frames). The dashboard does
 * not subscribe to these; they exist so a market subscription is answered with something plausible.
 */
export function marketMessages(event: PublicEvent, createdTime: bigint): MarketMessage[] {
  const market = marketOf(event.symbol);
  if (!market) return [];
  const s = event.symbol;
  const symbol = market.symbol;
  const frame = (channel: string, type: RoxomMarketFrame['type'], data: Record<string, unknown>): MarketMessage => {
    const topic = `${channel}.${symbol}`;
    const f: RoxomMarketFrame = { topic, type, createdTime, data };
    return { topic, text: toJson(f) };
  };
  const level = ([price, quantity]: [string, string]): [string, string] => [priceText(s, price), qtyText(s, quantity)];
  switch (event.type) {
    case 'orderbook': {
      const bid = event.book.bids[0];
      const ask = event.book.asks[0];
      const out = [
        frame('depth', 'snapshot', {
          symbol,
          bids: event.book.bids.slice(0, DEPTH_LEVELS).map(level),
          asks: event.book.asks.slice(0, DEPTH_LEVELS).map(level),
        }),
      ];
      if (bid && ask) {
        const [bidPx, bidQty] = level(bid);
        const [askPx, askQty] = level(ask);
        out.push(frame('level1', 'snapshot', { symbol, bidPx, bidQty, askPx, askQty }));
      }
      return out;
    }
    case 'publicTrades':
      return event.trades.map((t) =>
        frame('trade', 'delta', {
          symbol,
          tradeId: String(t.id),
          px: priceText(s, t.price),
          qty: qtyText(s, t.qty),
          side: t.isBuyerMaker ? 'sell' : 'buy',
        }),
      );
    case 'ticker':
      return [
        frame('ticker', 'snapshot', {
          symbol,
          lastPx: priceText(s, event.ticker.lastPrice),
          highPx24h: priceText(s, event.ticker.highPrice),
          lowPx24h: priceText(s, event.ticker.lowPrice),
          volume24h: qtyText(s, event.ticker.volume),
          priceChangePercent: event.ticker.priceChangePercent,
        }),
      ];
    case 'mark':
      return [
        frame('ticker', 'delta', {
          symbol,
          markPx: priceText(s, event.mark.markPrice),
          indexPx: priceText(s, event.mark.indexPrice),
          fundingRate: event.mark.fundingRate,
        }),
      ];
    case 'kline':
      return [];
  }
}

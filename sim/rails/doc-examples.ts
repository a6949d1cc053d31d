/**
 * The documented shapes the tests hold the frames to. Field lists are docs/venues/rails.md's;
 * the examples are the docs' own (docs.rails.xyz/latest/websocket-api/{transaction-stream,
 * trade-stream, order-book-stream}.md), verbatim.
 */

/** Orders stream, `data.order` (docs/venues/rails.md), in this order. */
export const ORDER_FIELDS = [
  'orderId',
  'orderType',
  'tradeType',
  'price',
  'quantity',
  'filledQuantity',
  'orderStatus',
  'avgFillPrice',
  'createdAt',
  'updatedAt',
  'postOnly',
];

/** Trade stream (private), one element of `data` (transaction-stream.md). */
export const DOC_COMPLETED_ORDER = {
  market: 'BTC-USDT',
  orderId: '01JSG88WSP6MWEXBNXT0F43S59',
  matchId: '65284509-5284-4f64-9b80-ed6aa9819b9b',
  orderType: 'buy',
  tradeType: 'market',
  executionType: 'taker',
  fillType: 'partial',
  price: '92911.48605',
  quantity: '23.4',
  leverage: '1',
  fees: '2174.12877357',
  orderCreatedAt: 1745436937022,
  orderFilledAt: 1745376015255,
  triggerType: 'none',
  triggerPrice: '0',
  triggerCreatedAt: 0,
};

/** Public trade stream, one element of `data.orders` (trade-stream.md). */
export const DOC_PUBLIC_TRADE = {
  executionType: 'taker',
  matchId: '9eb783a6-7abc-4e94-9d9c-fd404e7580eb',
  orderType: 'buy',
  price: '3181.41',
  quantity: '0.01',
  updatedAt: 1767762810250,
};

/** Order book stream delta (order-book-stream.md). */
export const DOC_BOOK_DELTA = {
  resultType: 'publicOrderBookDelta',
  market: 'ETH-USDT',
  data: {
    orders: [
      { orderType: 'sell', price: '3181.41', quantity: '38.92' },
      { orderType: 'buy', price: '3181.39', quantity: '38.98' },
    ],
    statusCode: 200,
    ts: 1772576154169,
  },
};

export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The millisecond time a ULID carries in its first 10 characters. */
export function ulidTime(id: string): number {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let t = 0;
  for (const ch of id.slice(0, 10)) t = t * 32 + alphabet.indexOf(ch);
  return t;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRailsFrame } from './codec';
import { fixture, fixtureText } from './test-support';
import { codecExpectations, NOT_A_JSON_OBJECT } from '../shared/testing/codec-expectations';

/** Every server frame fixture (shapes from docs/venues/rails.md and the Rails stream pages) and its family. */
const SERVER_FRAMES = [
  ['subscribed.constructed', 'control'],
  ['unsubscribed.constructed', 'control'],
  ['pong.constructed', 'control'],
  ['public-order-book.constructed', 'book'],
  ['public-order-book-delta.constructed', 'book'],
  ['public-completed-orders.constructed', 'publicTrades'],
  ['public-completed-orders-delta.constructed', 'publicTrades'],
  ['completed-orders-delta.constructed', 'trades'],
  ['create-order-ack.constructed', 'orders'],
  ['create-order-confirmed.constructed', 'orders'],
  ['cancel-order-ack.constructed', 'orders'],
  ['order-update-filled.constructed', 'orders'],
  ['error-reply.constructed', 'error'],
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely in tests
type Frame = any;

const { decoded, failure } = codecExpectations(decodeRailsFrame);

describe('decodeRailsFrame on the fixtures', () => {
  it.each(SERVER_FRAMES)('%s decodes as a %s frame', (name, family) => {
    expect(decoded(fixtureText(name)).family).toBe(family);
  });

  it('keeps the values as sent', () => {
    expect(decoded(fixtureText('subscribed.constructed')).frame).toEqual(fixture('subscribed.constructed'));
    expect(decoded(fixtureText('pong.constructed')).frame).toEqual(fixture('pong.constructed'));
    expect(decoded(fixtureText('public-order-book-delta.constructed')).frame).toEqual(
      fixture('public-order-book-delta.constructed'),
    );
    expect(decoded(fixtureText('create-order-ack.constructed')).frame).toEqual(fixture('create-order-ack.constructed'));
    // ISO timestamps stay text; the normalizer converts them.
    expect(decoded(fixtureText('order-update-filled.constructed')).frame).toMatchObject({
      resultType: 'orderUpdate',
      data: {
        order: { createdAt: '2025-08-29T14:36:21.100Z', orderStatus: 'filled', quantity: '0', filledQuantity: '1.5' },
      },
    });
  });

  it('reads completedOrdersDelta, whose data is an array, and drops the "no trigger" zero time', () => {
    const frame = decoded(fixtureText('completed-orders-delta.constructed')).frame;
    const expected = fixture('completed-orders-delta.constructed');
    for (const entry of expected.data) delete entry.triggerCreatedAt;
    expect(frame).toEqual(expected);
  });

  it('keeps a frame market and an order market', () => {
    const frame = decoded(
      JSON.stringify({ ...fixture('create-order-confirmed.constructed'), market: 'BTC-USDT' }),
    ).frame;
    expect(frame).toMatchObject({ market: 'BTC-USDT', data: { order: { market: 'BTC-USDT' } } });
  });

  it('accepts an order reply without an order, and null optional fields', () => {
    expect(
      decoded(JSON.stringify({ resultType: 'cancelOrder', data: { statusCode: 202, body: 'cancelling order' } })).frame,
    ).toEqual({
      resultType: 'cancelOrder',
      data: { statusCode: 202, body: 'cancelling order' },
    });
    const order = { ...fixture('create-order-confirmed.constructed').data.order, avgFillPrice: null, market: null };
    const frame = decoded(JSON.stringify({ resultType: 'orderUpdate', data: { statusCode: 200, order } })).frame;
    expect(frame).toMatchObject({ data: { order: { orderId: order.orderId } } });
    expect((frame as { data: { order: object } }).data.order).not.toHaveProperty('avgFillPrice');
  });

  it('keeps an undocumented order status as text (normalize maps it)', () => {
    const order = { ...fixture('create-order-confirmed.constructed').data.order, orderStatus: 'triggered' };
    expect(
      decoded(JSON.stringify({ resultType: 'orderUpdate', data: { statusCode: 200, order } })).frame,
    ).toMatchObject({ data: { order: { orderStatus: 'triggered' } } });
  });
});

describe('error replies (data.statusCode >= 400)', () => {
  it('are their own family, whatever the resultType, with the body as text', () => {
    expect(decoded(fixtureText('error-reply.constructed')).frame).toEqual({
      resultType: 'createOrder',
      statusCode: 400,
      body: 'insufficient balance',
      clientRequestId: '4caf7021-6d85-4b1c-8a49-e5f607182930',
    });
    expect(
      decoded(
        '{"resultType":"emitPublicOrderBook","market":"XYZ-USDT","data":{"statusCode":404,"body":{"error":"unknown market"}}}',
      ).frame,
    ).toEqual({
      resultType: 'emitPublicOrderBook',
      market: 'XYZ-USDT',
      statusCode: 404,
      body: '{"error":"unknown market"}',
    });
    expect(
      decoded('{"resultType":"error","data":{"statusCode":400,"message":"content.market is required"}}').frame,
    ).toMatchObject({ body: 'content.market is required' });
  });

  it('a 2xx reply is not an error', () => {
    expect(decoded(fixtureText('create-order-ack.constructed')).family).toBe('orders');
  });
});

describe('decodeRailsFrame reports, never throws', () => {
  it.each([['not JSON', '{"resultType":"pong",'], ...NOT_A_JSON_OBJECT])('%s is malformed', (_label, text) => {
    expect(failure(text).kind).toBe('malformed');
  });

  it.each([
    [
      'a number price',
      (f: Frame) => (f.data[0].price = 70990),
      'completedOrdersDelta.data[0].price: expected decimal text',
    ],
    [
      'a side that is not buy/sell',
      (f: Frame) => (f.data[0].orderType = 'long'),
      'completedOrdersDelta.data[0].orderType: expected one of buy|sell',
    ],
    [
      'no matchId',
      (f: Frame) => delete f.data[0].matchId,
      'completedOrdersDelta.data[0].matchId: expected a non-empty string',
    ],
    [
      'an unreadable fill time',
      (f: Frame) => (f.data[1].orderFilledAt = 'yesterday'),
      'completedOrdersDelta.data[1].orderFilledAt: expected a timestamp (Unix ms or ISO-8601)',
    ],
    [
      'an object instead of the array',
      (f: Frame) => (f.data = { orders: f.data }),
      'completedOrdersDelta.data: expected an array',
    ],
  ])('a private trade with %s is malformed, naming the field', (_label, edit, message) => {
    const frame = fixture('completed-orders-delta.constructed');
    edit(frame);
    expect(failure(JSON.stringify(frame))).toEqual({ kind: 'malformed', message });
  });

  it('names the field of a broken book level, order or subscription list', () => {
    const book = fixture('public-order-book-delta.constructed');
    book.data.orders[1].quantity = '0.6 BTC';
    expect(failure(JSON.stringify(book)).message).toBe(
      'publicOrderBookDelta.data.orders[1].quantity: expected decimal text',
    );
    const order = fixture('create-order-ack.constructed');
    // Absent (or null) is "not sent" and merged; present but broken is malformed.
    order.data.order.filledQuantity = '1/2';
    expect(failure(JSON.stringify(order)).message).toBe('createOrder.data.order.filledQuantity: expected decimal text');
    expect(failure('{"resultType":"subscribed","data":{"activeSubscriptions":"orders"}}').message).toBe(
      'subscribed.data.activeSubscriptions: expected an array',
    );
    expect(failure('{"resultType":"pong","data":{}}').message).toBe('pong.data.statusCode: expected an integer');
  });

  it('reports an unknown resultType or a frame without one as unknown', () => {
    expect(failure('{"resultType":"fundingRate","data":{"rate":"0.0001"}}')).toEqual({
      kind: 'unknown',
      message: 'unknown resultType "fundingRate"',
    });
    expect(failure('{"message":"ping","content":{}}')).toEqual({ kind: 'unknown', message: 'frame has no resultType' });
  });

  it('never throws on arbitrary JSON or text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ resultType: 'completedOrdersDelta', data: v })),
        ),
        (text) => {
          const result = decodeRailsFrame(text);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});

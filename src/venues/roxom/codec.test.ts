import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRoxomFrame } from './codec';
import { fixtureText } from './test-support';
import { stringifyRoxomFrame } from './wire';
import { codecExpectations } from '../shared/testing/codec-expectations';

/** Every server frame fixture (constructed from the field lists in seed 000 / docs/venues/roxom.md) and its family. */
const SERVER_FRAMES = [
  ['subscribe-ack.constructed', 'control'],
  ['error-auth.constructed', 'control'],
  ['error-unknown-channel.constructed', 'control'],
  ['order-submitted.constructed', 'order'],
  ['order-partially-filled.constructed', 'order'],
  ['order-filled.constructed', 'order'],
  ['order-market-filled.constructed', 'order'],
  ['order-cancelled.constructed', 'order'],
  ['position.constructed', 'position'],
  ['position-closed.constructed', 'position'],
  ['balance.constructed', 'balance'],
  ['account-notice.constructed', 'account'],
  ['ticker.constructed', 'market'],
  ['level1.constructed', 'market'],
] as const;

const { decoded, failure } = codecExpectations(decodeRoxomFrame);

describe('decodeRoxomFrame on the fixtures', () => {
  it.each(SERVER_FRAMES)('%s decodes as a %s frame', (name, family) => {
    expect(decoded(fixtureText(name)).family).toBe(family);
  });

  it('reads an order with every documented field; the ns timestamp is exact', () => {
    const result = decoded(fixtureText('order-partially-filled.constructed'));
    expect(result).toEqual({
      ok: true,
      family: 'order',
      order: {
        orderId: '0198f642-0aa0-71b2-a9c3-d4e5f6071829',
        accountId: 'acc-4f1d9b2e',
        symbol: 'US500-BTC',
        side: 'buy',
        orderType: 'limit',
        orderSize: '2',
        limitPrice: '0.0593',
        clientOrderId: 'vb-7f3a-001',
        status: 'partiallyfilled',
        remainingQty: '1.5',
        executedQty: '0.5',
        avgPx: '0.0592',
        fillPx: '0.0592',
        filledFees: '0.0000148',
        entryPositionId: 'pos-7a1c',
        timestamp: 1756478182389004001n,
      },
    });
  });

  it('keeps 19-digit timestamps exact where JSON.parse would not', () => {
    const text = fixtureText('order-submitted.constructed');
    const order = decoded(text);
    if (order.family !== 'order') throw new Error('not an order');
    expect(order.order.timestamp).toBe(1756478182146123456n);
    expect(order.order.timestamp.toString()).toBe('1756478182146123456');
    const rounded = (JSON.parse(text) as { data: { timestamp: number } }).data.timestamp;
    expect(BigInt(rounded)).not.toBe(1756478182146123456n);
  });

  it('reads "Sell" as sell, "" clientOrderId as absent, and a market order', () => {
    const result = decoded(fixtureText('order-market-filled.constructed'));
    if (result.family !== 'order') throw new Error('not an order');
    expect(result.order.side).toBe('sell');
    expect(result.order).not.toHaveProperty('clientOrderId');
    expect(result.order).not.toHaveProperty('exitPositionId');
    expect(result.order).not.toHaveProperty('reason');
    expect(result.order.timestamp).toBe(1756478185250000777n);
  });

  it('reads the position ARRAY with exact updatedAt / createdAt and the ms openDate', () => {
    const result = decoded(fixtureText('position.constructed'));
    if (result.family !== 'position') throw new Error('not a position');
    expect(result.positions).toHaveLength(2);
    expect(result.positions[0]).toMatchObject({
      id: 'pos-7a1c',
      side: 'long',
      size: '2',
      status: 'open',
      openDate: 1756478182389,
      updatedAt: 1756478183001000002n,
      createdAt: 1756478182389004002n,
      leverage: '10',
      tradeMode: 'cross',
    });
    expect(result.positions[1]).toMatchObject({
      id: 'pos-8b2d',
      side: 'short',
      size: '10',
      updatedAt: 1756478185250000778n,
    });
  });

  it('reads a balance; the unit is lower-cased', () => {
    const result = decoded(fixtureText('balance.constructed').replace('"btc"', '"BTC"'));
    expect(result).toEqual({
      ok: true,
      family: 'balance',
      balance: {
        accountId: 'acc-4f1d9b2e',
        balanceBefore: '1.25',
        balanceAfter: '1.2499407',
        amount: '-0.0000593',
        unit: 'btc',
        updateType: 'ordersettle',
        timestamp: 1756478183001000003n,
      },
    });
  });

  it('reads control frames: the ack, and errors with their code as text', () => {
    expect(decoded(fixtureText('subscribe-ack.constructed'))).toEqual({
      ok: true,
      family: 'control',
      frame: { kind: 'subscribed', channels: ['orders', 'positions', 'balance', 'account'] },
    });
    expect(decoded(fixtureText('error-auth.constructed'))).toEqual({
      ok: true,
      family: 'control',
      frame: { kind: 'error', code: '600010', msg: 'Authentication failed' },
    });
    // A numeric code is read by its digits.
    expect(decoded('{"event":"error","code":60017,"msg":"bad json"}')).toMatchObject({
      frame: { kind: 'error', code: '60017' },
    });
    expect(decoded('{"event":"subscribed"}')).toMatchObject({ frame: { kind: 'subscribed', channels: [] } });
    expect(decoded('{"event":"unsubscribe","args":["orders"]}')).toMatchObject({
      frame: { kind: 'unsubscribed', channels: ['orders'] },
    });
  });

  it('reads a Bybit-style op reply as an ack or an error [guess]', () => {
    expect(decoded('{"success":true,"ret_msg":"","conn_id":"x","op":"subscribe"}')).toMatchObject({
      family: 'control',
      frame: { kind: 'subscribed' },
    });
    expect(decoded('{"success":false,"ret_msg":"unknown channel","op":"subscribe"}')).toMatchObject({
      family: 'control',
      frame: { kind: 'error', code: '', msg: 'unknown channel' },
    });
  });

  it('reads market frames: channel and symbol from the topic, exact createdTime', () => {
    expect(decoded(fixtureText('ticker.constructed'))).toMatchObject({
      family: 'market',
      frame: { channel: 'ticker', symbol: 'US500-BTC', type: 'snapshot', createdTime: 1756478187000000001n },
    });
  });

  it('accepts numbers for decimals (exact text) and digit strings for ns times', () => {
    const text = fixtureText('order-filled.constructed')
      .replace('"executedQty":"2"', '"executedQty":2.000')
      .replace('"avgPx":"0.059275"', '"avgPx":0.0592750000000000000001')
      .replace('"timestamp":1756478183001000001', '"timestamp":"1756478183001000001"');
    const result = decoded(text);
    if (result.family !== 'order') throw new Error('not an order');
    expect(result.order.executedQty).toBe('2');
    expect(result.order.avgPx).toBe('0.0592750000000000000001');
    expect(result.order.timestamp).toBe(1756478183001000001n);
  });

  it('treats null optional fields as absent', () => {
    const text = fixtureText('order-submitted.constructed')
      .replace('"avgPx":"0"', '"avgPx":null')
      .replace('"fillPx":"0"', '"fillPx":null')
      .replace('"clientOrderId":"vb-7f3a-001"', '"clientOrderId":null');
    const result = decoded(text);
    if (result.family !== 'order') throw new Error('not an order');
    expect(result.order).not.toHaveProperty('avgPx');
    expect(result.order).not.toHaveProperty('fillPx');
    expect(result.order).not.toHaveProperty('clientOrderId');
  });

  it('round-trips what stringifyRoxomFrame writes (the simulator side)', () => {
    const text = stringifyRoxomFrame({
      type: 'balance',
      data: { balanceAfter: '1.5', unit: 'btc', timestamp: 1756478199999999999n },
    });
    expect(text).toBe('{"type":"balance","data":{"balanceAfter":"1.5","unit":"btc","timestamp":1756478199999999999}}');
    expect(decoded(text)).toMatchObject({ balance: { timestamp: 1756478199999999999n } });
  });
});

describe('decodeRoxomFrame on bad input (reported, never thrown)', () => {
  it.each([
    ['not json', 'not JSON', 'malformed'],
    ['[1,2]', 'frame: expected an object', 'malformed'],
    ['{"type":"order","data":[]}', 'order.data: expected an object', 'malformed'],
    [
      '{"type":"order","data":{"orderId":"x","symbol":"S","side":"hold","orderSize":"1","status":"submitted","executedQty":"0","timestamp":1756478182146123456}}',
      'order.data.side: expected buy or sell',
      'malformed',
    ],
    [
      '{"type":"order","data":{"orderId":"x","symbol":"S","side":"buy","orderSize":"1","status":"submitted","executedQty":"abc","timestamp":1756478182146123456}}',
      'order.data.executedQty',
      'malformed',
    ],
    [
      '{"type":"order","data":{"orderId":"x","symbol":"S","side":"buy","orderSize":"1","status":"submitted","executedQty":"-1","timestamp":1756478182146123456}}',
      'non-negative',
      'malformed',
    ],
    [
      '{"type":"order","data":{"orderId":"x","symbol":"S","side":"buy","orderSize":"1","status":"submitted","executedQty":"0","timestamp":1756478182146}}',
      'milliseconds or seconds?',
      'malformed',
    ],
    [
      '{"type":"order","data":{"orderId":"x","symbol":"S","side":"buy","orderSize":"1","status":"submitted","executedQty":"0","timestamp":1.5e18}}',
      'order.data.timestamp',
      'malformed',
    ],
    ['{"type":"position","data":{"id":"p"}}', 'position.data: expected an array', 'malformed'],
    [
      '{"type":"position","data":[{"id":"p","symbol":"S","side":"flat","size":"1","updatedAt":1756478182146123456}]}',
      'position.data[0].side: expected long or short',
      'malformed',
    ],
    ['{"type":"balance","data":{"balanceAfter":"1","unit":"btc"}}', 'balance.data.timestamp', 'malformed'],
    [
      '{"topic":"ticker.US500-BTC","type":"full","createdTime":1756478182146123456,"data":{}}',
      'ticker.type',
      'malformed',
    ],
    ['{"type":"trade","data":{}}', 'unknown type "trade"', 'unknown'],
    ['{"event":"pong"}', 'unknown event "pong"', 'unknown'],
    ['{"topic":"kline.US500-BTC","type":"snapshot","createdTime":1,"data":{}}', 'unknown topic', 'unknown'],
    ['{"hello":"world"}', 'neither type, topic nor event', 'unknown'],
    ['{"type":"account","data":{"level":"info"}}', 'account frame without a message', 'unknown'],
    ['{"op":"ping"}', 'unknown op reply', 'unknown'],
  ] as const)('%s → %s (%s)', (text, message, kind) => {
    const error = failure(text);
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
  });

  it('never throws on arbitrary text or JSON (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ type: 'order', data: v })),
        ),
        (text) => {
          expect(() => decodeRoxomFrame(text)).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on fixtures with a field removed or replaced (fuzz)', () => {
    const texts = SERVER_FRAMES.map(([name]) => fixtureText(name));
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.nat(),
        fc.oneof(fc.constant('null'), fc.constant('[]'), fc.constant('""'), fc.constant('-1'), fc.constant('1e400')),
        (text, at, replacement) => {
          const values = [...text.matchAll(/:("[^"]*"|-?\d[\d.eE+-]*)/g)];
          const pick = values[at % values.length];
          if (!pick || pick.index === undefined) return;
          const mutated = `${text.slice(0, pick.index + 1)}${replacement}${text.slice(pick.index + pick[0].length)}`;
          expect(() => decodeRoxomFrame(mutated)).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });
});

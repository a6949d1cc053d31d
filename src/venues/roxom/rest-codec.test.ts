import { describe, expect, it } from 'vitest';
import {
  optTime,
  readAnswer,
  readBalances,
  readEnvelope,
  readOrderFills,
  readOrders,
  readPositions,
} from './rest-codec';
import { fixtureText } from './test-support';

/** Roxom REST answers (rest-wire.ts): both doc revisions, read exactly (19-digit ns times), failures classified. */

const answer = (name: string) => ({ ok: true as const, status: 200, body: fixtureText(name) });

describe('orders', () => {
  it('the docs example (quantity / price / size, ns createdAt): executed read from status and size', () => {
    const read = readAnswer(answer('rest-orders-list.documented'), readOrders);
    if (!read.ok) throw new Error(read.error);
    expect(read.skipped).toEqual([]);
    expect(read.value).toEqual([
      {
        orderId: '01234567-89ab-7def-8123-456789abcdef',
        symbol: 'US500-BTC',
        side: 'buy',
        type: 'limit',
        quantity: '0.001',
        price: '50000',
        clientOrderId: 'my_order_001',
        status: 'submitted',
        executedQty: '0',
        createdAtMs: 1640995200000,
        time: 1640995200000000000n,
      },
      {
        orderId: '01234567-89ab-7def-8123-456789abcdea',
        symbol: 'GOLD-BTC',
        side: 'sell',
        type: 'market',
        quantity: '0.002',
        status: 'filled',
        executedQty: '0.002',
        createdAtMs: 1640995100000,
        time: 1640995100000000000n,
      },
    ]);
  });

  it('the real-time revision (qty / px / amountFilled, ms createdAt)', () => {
    const read = readAnswer(answer('rest-orders-realtime.constructed'), readOrders);
    if (!read.ok) throw new Error(read.error);
    expect(read.value[0]).toMatchObject({
      orderId: '0198f642-0aa0-71b2-a9c3-d4e5f6071829',
      quantity: '2',
      price: '0.0593',
      executedQty: '0.5',
      status: 'partiallyfilled',
      time: 1756478182146000000n,
    });
  });

  it('an order with its executions, times exact to the nanosecond', () => {
    const read = readAnswer(answer('rest-order-fills.constructed'), readOrderFills);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.order.executedQty).toBe('2');
    expect(read.value.fills).toEqual([
      {
        id: '7a1c0e52-3f7b-4d0c-9d0f-111111111111',
        quantity: '0.5',
        price: '0.0592',
        fee: '0.0000148',
        time: 1756478182146400001n,
      },
      {
        id: '7a1c0e52-3f7b-4d0c-9d0f-222222222222',
        quantity: '0.7',
        price: '0.0593',
        fee: '0.0000207',
        time: 1756478182900000001n,
      },
      {
        id: '7a1c0e52-3f7b-4d0c-9d0f-333333333333',
        quantity: '0.8',
        price: '0.0593',
        fee: '0.0000238',
        time: 1756478183001000001n,
      },
    ]);
  });

  it('an order answer without a fills array is unreadable (nothing exact to take)', () => {
    const body =
      '{"error":false,"data":{"order":{"id":"x1","symbol":"US500-BTC","side":"buy","qty":"1","status":"filled","createdAt":1685432112000}}}';
    const read = readAnswer({ ok: true, status: 200, body }, readOrderFills);
    expect(read).toEqual({
      ok: false,
      error: expect.stringMatching(/data.order.fills: expected an array/),
      retry: false,
    });
  });

  it('a bad entry is skipped and named, the others kept; executed above the size is refused', () => {
    const body = JSON.stringify({
      error: false,
      data: {
        orders: [
          {
            id: 'a',
            symbol: 'US500-BTC',
            side: 'buy',
            qty: '1',
            amountFilled: '2',
            status: 'filled',
            createdAt: 1685432112000,
          },
          { symbol: 'US500-BTC', side: 'buy', qty: '1', status: 'submitted', createdAt: 1685432112000 },
          { id: 'c', symbol: 'US500-BTC', side: 'buy', qty: '1', status: 'partiallyfilled', createdAt: 1685432112000 },
          {
            id: 'd',
            symbol: 'US500-BTC',
            side: 'buy',
            qty: '1',
            amountFilled: '0.25',
            status: 'partiallyfilled',
            createdAt: 1685432112000,
          },
        ],
      },
    });
    const read = readAnswer({ ok: true, status: 200, body }, readOrders);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.map((o) => [o.orderId, o.executedQty])).toEqual([['d', '0.25']]);
    expect(read.skipped).toEqual([
      "data.orders[0].amountFilled: more than the order's quantity",
      'data.orders[1].id: expected a non-empty string',
      'data.orders[2]: no amountFilled, and no size to tell what executed',
    ]);
  });
});

describe('positions', () => {
  it('the docs example (a bare array, positionId, isBuy, numbers, ms times)', () => {
    const read = readAnswer(answer('rest-positions-list.documented'), readPositions);
    if (!read.ok) throw new Error(read.error);
    expect(read.value).toEqual([
      {
        id: '01234567-89ab-7def-8123-456789abcdef',
        symbol: 'OIL-BTC',
        side: 'long',
        size: '100000',
        entryAmount: '500000000000',
        exitAmount: '0',
        avgEntry: '50000000',
        liquidationPrice: '42500000',
        markPrice: '50125000',
        unrealizedPnl: '12500000',
        openDate: 1685432112000,
        updatedAt: 1685432512000000000n,
      },
    ]);
  });

  it('the other revision (data.positions, id, side, margin, status "normal", ns times)', () => {
    const read = readAnswer(answer('rest-positions.constructed'), readPositions);
    if (!read.ok) throw new Error(read.error);
    expect(read.value[0]).toMatchObject({
      id: '0198f642-1111-7abc-8def-0123456789ab',
      symbol: 'US500-BTC',
      side: 'long',
      size: '2',
      avgEntry: '0.0592',
      positionBalance: '0.00592',
      status: 'normal',
      updatedAt: 1756478190000000001n,
    });
  });

  it('a close date marks an entry closed whatever its status word', () => {
    const body =
      '{"data":{"positions":[{"id":"p","symbol":"US500-BTC","side":"short","size":"1","closeDate":1685432112000,"updatedAt":1685432112000}]}}';
    const read = readAnswer({ ok: true, status: 200, body }, readPositions);
    expect(read.ok && read.value[0]?.status).toBe('closed');
  });
});

describe('balance', () => {
  it('both revisions', () => {
    const list = readAnswer(answer('rest-balance.constructed'), readBalances);
    expect(list).toEqual({
      ok: true,
      value: {
        rows: [{ asset: 'BTC', total: '1.2499407', free: '1.1', locked: '0.1499407' }],
        lastUpdated: 1756478190000000001n,
      },
      skipped: [],
    });
    const single = readAnswer(answer('rest-balance-single.constructed'), readBalances);
    expect(single).toEqual({
      ok: true,
      value: { rows: [{ asset: 'BTC', total: '1.2499407', free: '1.1' }] },
      skipped: [],
    });
  });
});

describe('the envelope', () => {
  it('retries what a retry can help (no answer, 429, 5xx), not the rest', () => {
    expect(readEnvelope({ ok: false, error: 'timeout' })).toEqual({ ok: false, error: 'timeout', retry: true });
    expect(readEnvelope({ ok: true, status: 503, body: '{"message":"maintenance"}' })).toEqual({
      ok: false,
      error: 'HTTP 503 — "maintenance"',
      retry: true,
    });
    expect(readEnvelope({ ok: true, status: 429, body: '' })).toMatchObject({ retry: true });
    expect(readEnvelope({ ok: true, status: 401, body: '{"error":true,"message":"Authentication failed"}' })).toEqual({
      ok: false,
      error: 'HTTP 401 — "Authentication failed"',
      retry: false,
    });
    expect(readEnvelope({ ok: true, status: 200, body: 'not json' })).toMatchObject({ retry: false });
    expect(readEnvelope({ ok: true, status: 200, body: '{"error":true,"message":"bad instType"}' })).toEqual({
      ok: false,
      error: 'Roxom answered an error — "bad instType"',
      retry: false,
    });
    expect(readEnvelope({ ok: true, status: 200, body: '{"error":false}' })).toMatchObject({ retry: false });
  });

  it('times: ns or ms, exact; seconds or nonsense refused', () => {
    expect(optTime('1756478182146123456', 't')).toBe(1756478182146123456n);
    expect(optTime('1756478182146', 't')).toBe(1756478182146000000n);
    expect(optTime(null, 't')).toBeUndefined();
    expect(() => optTime('1756478182', 't')).toThrow(/nanoseconds or milliseconds/);
    expect(() => optTime('soon', 't')).toThrow(/an integer/);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeAuthReply, decodeOrderMessage, decodeTickerMessage, decodeTradeMessage } from './codec';
import { fixture, fixtureText } from './test-support';

describe('order messages (seed 001, "Order Updates")', () => {
  it('decodes the seed payload verbatim', () => {
    const decoded = decodeOrderMessage(fixtureText('order-filled.documented'));
    expect(decoded).toEqual({
      ok: true,
      value: {
        t: 1756478182146,
        e: 'COINSWITCHX',
        event_type: 'order.linear',
        E: 1756478182146,
        T: 0,
        user_id: '491363048',
        sub_account_id: '491363048',
        o: {
          category: 'linear',
          symbol: 'SOLUSDT',
          orderId: '68a4579e-c396-4427-b055-7a8bcafbd48d',
          orderLinkId: '7b708608-7e1d-456b-aa78-43a9892c2fda',
          side: 'Buy',
          orderStatus: 'Filled',
          cancelType: 'UNKNOWN',
          rejectReason: 'EC_NoError',
          timeInForce: 'IOC',
          price: '220.25',
          qty: '0.2',
          avgPrice: '209.76',
          leavesQty: '0',
          cumExecQty: '0.2',
          orderType: 'Market',
          reduceOnly: false,
          updatedTime: '1756478182110',
        },
      },
    });
  });

  it('accepts "" for orderLinkId and avgPrice (a new limit order)', () => {
    const decoded = decodeOrderMessage(fixtureText('order-new.constructed'));
    expect(decoded.ok && decoded.value.o).toMatchObject({
      orderLinkId: '',
      avgPrice: '',
      orderStatus: 'New',
      orderType: 'Limit',
    });
  });

  it('accepts a trimmed payload: only the fields the adapter reads are required', () => {
    const o = fixture('order-filled.documented');
    for (const key of [
      'category',
      'positionIdx',
      'cancelType',
      'rejectReason',
      'timeInForce',
      'leavesValue',
      'cumExecValue',
      'cumExecFee',
      'lastPriceOnCreated',
      'closeOnTrigger',
      'createType',
      'orderLinkId',
      'avgPrice',
      'price',
    ]) {
      delete o.o[key];
    }
    delete o.user_id;
    delete o.T;
    expect(decodeOrderMessage(JSON.stringify(o)).ok).toBe(true);
  });

  it('accepts the documented payload trimmed to the key fields: an id and a new status (an update merges over what is known)', () => {
    const m = fixture('order-filled.documented');
    m.o = { orderId: m.o.orderId, orderStatus: 'Cancelled', updatedTime: m.o.updatedTime };
    expect(decodeOrderMessage(JSON.stringify(m))).toMatchObject({
      ok: true,
      value: { o: { orderId: '68a4579e-c396-4427-b055-7a8bcafbd48d', orderStatus: 'Cancelled' } },
    });
    // No updatedTime: the envelope's E dates it; without E nor t it cannot be ordered: malformed.
    m.o = { orderId: m.o.orderId, cumExecQty: '0.1' };
    expect(decodeOrderMessage(JSON.stringify(m))).toMatchObject({
      ok: true,
      value: { o: { updatedTime: String(m.E) } },
    });
    delete m.E;
    delete m.t;
    expect(decodeOrderMessage(JSON.stringify(m))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'order.o.updatedTime: expected Unix ms as decimal text' },
    });
  });

  it('rejects the wrong shapes with the path', () => {
    const bad = (mutate: (m: { o: Record<string, unknown> } & Record<string, unknown>) => void) => {
      const m = fixture('order-filled.documented');
      mutate(m);
      return decodeOrderMessage(JSON.stringify(m));
    };
    expect(decodeOrderMessage('{')).toEqual({ ok: false, error: { kind: 'malformed', message: 'not JSON (1 chars)' } });
    expect(bad((m) => (m.o.qty = 0.2))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'order.o.qty: expected decimal text' },
    });
    expect(bad((m) => (m.o.side = 'buy'))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'order.o.side: expected one of Buy|Sell' },
    });
    expect(bad((m) => (m.o.updatedTime = 1756478182110))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'order.o.updatedTime: expected Unix ms as decimal text' },
    });
    expect(bad((m) => (m.o = [m.o] as unknown as Record<string, unknown>))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'order.o: expected an object' },
    });
    expect(bad((m) => delete m.o.orderId)).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'order.o.orderId: expected a non-empty string' },
    });
    expect(bad((m) => (m.E = '1756478182146'))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'order.E: expected Unix ms' },
    });
    expect(bad((m) => (m.event_type = 'position.linear'))).toEqual({
      ok: false,
      error: { kind: 'unknown', message: 'order with event_type "position.linear"' },
    });
  });
});

describe('trade messages (seed 001, "Trade Updates")', () => {
  it('decodes the seed payload verbatim: o is an array of executions', () => {
    const decoded = decodeTradeMessage(fixtureText('trade.documented'));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value).toMatchObject({
      event_type: 'execution.linear',
      E: 1756478116649,
      T: 1756478116611,
      sub_account_id: '491363048',
    });
    expect(decoded.value.o).toEqual([
      {
        category: 'linear',
        symbol: 'BTCUSDT',
        orderId: '316ea49e-59b3-42c5-9d71-edaf2504b0f8',
        orderLinkId: 'cf8cc52d-b749-4d97-aeb9-f44c90b94092',
        side: 'Sell',
        orderType: 'Market',
        execFee: '0.07593348',
        execId: 'a1076552-0c0f-5a56-a064-5a653f9172c6',
        execPrice: '108476.4',
        execQty: '0.002',
        execType: 'Trade',
        execTime: '1756478116611',
        isMaker: false,
        feeRate: '0.00035',
        seq: 448368491576,
      },
    ]);
  });

  it('accepts "" order ids on a funding execution', () => {
    const decoded = decodeTradeMessage(fixtureText('trade-funding.constructed'));
    expect(decoded.ok && decoded.value.o[0]).toMatchObject({ execType: 'Funding', orderId: '' });
  });

  it('accepts an execution trimmed to what a fill needs (no isMaker: the liquidity is then unknown)', () => {
    const m = fixture('trade.documented');
    const e = m.o[0];
    m.o = [
      {
        execId: e.execId,
        symbol: e.symbol,
        side: e.side,
        execPrice: e.execPrice,
        execQty: e.execQty,
        execType: e.execType,
        execTime: e.execTime,
      },
    ];
    const decoded = decodeTradeMessage(JSON.stringify(m));
    expect(decoded.ok && decoded.value.o[0]).toEqual(m.o[0]);
  });

  it('rejects an object o, a missing execId, a numeric price', () => {
    const m = fixture('trade.documented');
    expect(decodeTradeMessage(JSON.stringify({ ...m, o: m.o[0] }))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'trade.o: expected an array' },
    });
    const noId = fixture('trade.documented');
    delete noId.o[0].execId;
    expect(decodeTradeMessage(JSON.stringify(noId))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'trade.o[0].execId: expected a non-empty string' },
    });
    const numeric = fixture('trade.documented');
    numeric.o[0].execPrice = 108476.4;
    expect(decodeTradeMessage(JSON.stringify(numeric))).toEqual({
      ok: false,
      error: { kind: 'malformed', message: 'trade.o[0].execPrice: expected decimal text' },
    });
  });
});

describe('ticker messages [guess]', () => {
  it('decodes the guessed Bybit-V5-like ticker in the CoinSwitch envelope', () => {
    const decoded = decodeTickerMessage(fixtureText('ticker.guess'));
    expect(decoded).toEqual({
      ok: true,
      value: {
        t: 1756478183012,
        e: 'COINSWITCHX',
        event_type: 'ticker.linear',
        E: 1756478183000,
        T: 0,
        o: {
          symbol: 'BTCUSDT',
          lastPrice: '108476.4',
          markPrice: '108470.12',
          indexPrice: '108481.05',
          bid1Price: '108476.3',
          ask1Price: '108476.5',
          fundingRate: '0.0001',
        },
      },
    });
  });

  it('an order message on the ticker subject is unknown, not malformed', () => {
    expect(decodeTickerMessage(fixtureText('order-filled.documented'))).toMatchObject({
      ok: false,
      error: { kind: 'unknown' },
    });
  });
});

describe('auth replies (docs/contract.md section 2)', () => {
  it('reads success and failure', () => {
    expect(decodeAuthReply(fixtureText('auth-reply-accepted.contract'))).toEqual({
      ok: true,
      value: { success: true },
    });
    expect(decodeAuthReply(fixtureText('auth-reply-rejected.contract'))).toEqual({
      ok: true,
      value: { success: false, error: 'signature expired' },
    });
    expect(decodeAuthReply('{"success":false}')).toEqual({
      ok: true,
      value: { success: false, error: 'no reason given' },
    });
    expect(decodeAuthReply('{"ok":true}')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(decodeAuthReply('+OK')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScaletradeFrame, type ScaletradeDecodeResult } from './codec';
import { CTM_S, fixture, fixtureText, trade } from './test-support';
import { ALERT_LENGTH, BALANCE_LENGTH, QUOTE_LENGTH, SCALETRADE_MARKERS, TRADE, TRADE_LENGTH } from './wire';
import { codecExpectations } from '../shared/testing/codec-expectations';

type Decoded = Extract<ScaletradeDecodeResult, { ok: true }>;

const { decoded, failure } = codecExpectations(decodeScaletradeFrame);

/** Server frames: documented (seed 003 / docs/venues/scaletrade.md) or constructed from docs/venues/scaletrade.md's layouts. */
const SERVER_FRAMES = [
  ['pong.txt', 'pong'],
  ['authorization-success', 'control'],
  ['authorization-invalid-token.constructed', 'control'],
  ['authorization-unsupported-session.constructed', 'control'],
  ['account-switch-reply.constructed', 'control'],
  ['subscribe-reply.constructed', 'control'],
  ['account-state.constructed', 'control'],
  ['quote-seconds.constructed', 'quote'],
  ['quote-ms.constructed', 'quote'],
  ['balance.constructed', 'balance'],
  ['trade-market-new.constructed', 'ticket'],
  ['trade-market-profit.constructed', 'ticket'],
  ['trade-market-closed.constructed', 'ticket'],
  ['trade-pending-new.constructed', 'ticket'],
  ['trade-pending-deleted.constructed', 'ticket'],
  ['trade-pending-stop-new.constructed', 'ticket'],
  ['trade-pending-activated.constructed', 'ticket'],
  ['alert-triggered.constructed', 'alert'],
  ['alert-active.constructed', 'alert'],
  ['notification-with-data.constructed', 'notice'],
  ['notification-without-data.constructed', 'notice'],
] as const;

describe('decodeScaletradeFrame on every frame type', () => {
  it.each(SERVER_FRAMES)('%s decodes as %s', (name, type) => {
    expect(decoded(fixtureText(name)).type).toBe(type);
  });

  it('knows exactly the documented markers', () => {
    expect([...SCALETRADE_MARKERS]).toEqual(Object.keys(fixture('markers')));
  });

  it('reads the control replies', () => {
    expect(decoded(fixtureText('authorization-success'))).toMatchObject({
      frame: { event: 'authorization', success: true },
    });
    expect(decoded(fixtureText('authorization-invalid-token.constructed'))).toMatchObject({
      frame: { success: false, error: 'INVALID_TOKEN' },
    });
    expect(decoded(fixtureText('account-switch-reply.constructed'))).toMatchObject({
      frame: { event: 'account.switch', success: true, active_login: 2000009 },
    });
    expect(decoded(fixtureText('account-state.constructed'))).toMatchObject({
      frame: { event: 'account.state', login: 2000009, tickets: 2 },
    });
  });

  it('accepts the guessed reply shapes leniently: `login` alias, no `success` means success unless there is an error', () => {
    expect(decoded('{"event":"account.switch","login":7}')).toMatchObject({
      frame: { success: true, active_login: 7 },
    });
    expect(decoded('{"event":"account.switch","error":"NO_ACCESS"}')).toMatchObject({
      frame: { success: false, error: 'NO_ACCESS' },
    });
    expect(decoded('{"event":"unsubscribe"}')).toMatchObject({ frame: { event: 'unsubscribe', success: true } });
  });

  it('decodes a quote by position, keeping exact decimals from numbers and from strings', () => {
    expect(decoded(fixtureText('quote-seconds.constructed'))).toEqual({
      ok: true,
      type: 'quote',
      quote: { symbol: 'eurusd', bid: '1.08505', ask: '1.08512', time: CTM_S * 1000 },
    });
    expect(decoded(fixtureText('quote-ms.constructed'))).toMatchObject({
      quote: { bid: '1.08505', ask: '1.08512', time: CTM_S * 1000 + 250 },
    });
    expect(decoded('["t","eurusd",1e-7,"1.10",0]')).toMatchObject({
      quote: { bid: '0.0000001', ask: '1.1', time: undefined },
    });
  });

  it('detects ctm seconds vs milliseconds (below 1e11 is seconds)', () => {
    const at = (ctm: number) =>
      (decoded(JSON.stringify(['t', 'eurusd', 1, 2, ctm])) as Extract<Decoded, { type: 'quote' }>).quote.time;
    expect(at(1775481000)).toBe(1775481000000);
    expect(at(1775481000.5)).toBe(1775481000500);
    expect(at(1775481000123)).toBe(1775481000123);
    expect(at(99_999_999_999)).toBe(99_999_999_999_000);
    expect(at(100_000_000_000)).toBe(100_000_000_000);
  });

  it('decodes a balance by position', () => {
    expect(decoded(fixtureText('balance.constructed'))).toEqual({
      ok: true,
      type: 'balance',
      balance: {
        login: 2000009,
        balance: '10000',
        margin: '217.02',
        marginFree: '9803.48',
        marginLevel: '4617.33',
        equity: '10020.5',
        credit: '0',
        levelType: 0,
        profit: '20.5',
        code: 0,
      },
    });
  });

  it('decodes a trade by position, times to ms, 0 times as unset', () => {
    expect(decoded(fixtureText('trade-market-closed.constructed'))).toEqual({
      ok: true,
      type: 'ticket',
      ticket: {
        order: 5001,
        login: 2000009,
        symbol: 'eurusd',
        cmd: 0,
        volume: 20,
        openPrice: '1.0851',
        closePrice: '1.0856',
        openTime: CTM_S * 1000,
        closeTime: (CTM_S + 600) * 1000,
        tp: '0',
        sl: '0',
        state: 1,
        storage: '-0.12',
        commission: '-0.7',
        profit: '10',
        comment: '',
        code: 2,
      },
    });
    expect(decoded(fixtureText('trade-market-new.constructed'))).toMatchObject({ ticket: { closeTime: undefined } });
  });

  it('decodes a price alert by position; condition-specific fields may be null', () => {
    expect(decoded(fixtureText('alert-triggered.constructed'))).toMatchObject({
      type: 'alert',
      alert: {
        id: 77,
        symbol: 'eurusd',
        message: 'EURUSD above 1.0850',
        targetPrice: '1.085',
        status: 1,
        triggeredPrice: '1.0851',
        triggeredAt: 1775481300000,
        expiresAt: undefined,
      },
    });
    const nulls = fixture('alert-triggered.constructed');
    for (const i of [9, 10, 11, 14]) nulls[i] = null;
    expect(decoded(JSON.stringify(nulls))).toMatchObject({
      alert: { channelLow: undefined, channelHigh: undefined, moveThreshold: undefined, expiresAt: undefined },
    });
  });

  it('decodes a notification with or without the data object: the code follows it', () => {
    expect(decoded(fixtureText('notification-with-data.constructed'))).toMatchObject({
      type: 'notice',
      notice: {
        message: 'Margin call',
        token: 'ntf-9f2c',
        level: 40,
        userId: '2000009',
        createTime: 1775481400000,
        data: { login: 2000009 },
        code: 7,
      },
    });
    expect(decoded(fixtureText('notification-without-data.constructed'))).toMatchObject({
      notice: { token: 'ntf-a001', level: 10, data: undefined, code: 3 },
    });
    expect(decoded('["n","m","d","tok",0,20,1,1775481400,null,5]')).toMatchObject({
      notice: { data: undefined, code: 5 },
    });
  });
});

describe('decodeScaletradeFrame reports bad frames, never throws', () => {
  it('pong is a frame; other plain text is malformed', () => {
    expect(decoded('pong').type).toBe('pong');
    expect(decoded('pong\n').type).toBe('pong');
    expect(failure('PONG').kind).toBe('malformed');
    expect(failure('ping').kind).toBe('malformed');
    expect(failure('{"event":').kind).toBe('malformed');
    expect(failure('')).toEqual({ kind: 'malformed', message: 'not JSON (0 chars)' });
  });

  it.each([
    ['t', QUOTE_LENGTH, fixture('quote-seconds.constructed')],
    ['a', ALERT_LENGTH, fixture('alert-triggered.constructed')],
  ])('a "%s" array of the wrong length is malformed', (marker, length, arr: unknown[]) => {
    expect(failure(JSON.stringify(arr.slice(0, length - 1)))).toEqual({
      kind: 'malformed',
      message: `${marker}: expected ${length} elements, got ${length - 1}`,
    });
    expect(failure(JSON.stringify([...arr, 0])).kind).toBe('malformed');
  });

  it.each([
    ['b', BALANCE_LENGTH, fixture('balance.constructed')],
    ['o', TRADE_LENGTH, fixture('trade-market-new.constructed')],
  ])(
    'a "%s" array may be cut short (a partial update) but not below its key, nor longer',
    (marker, length, arr: unknown[]) => {
      expect(decoded(JSON.stringify(arr.slice(0, 2))).type).toBe(marker === 'b' ? 'balance' : 'ticket');
      expect(failure(JSON.stringify(arr.slice(0, 1)))).toEqual({
        kind: 'malformed',
        message: `${marker}: expected 2 to ${length} elements, got 1`,
      });
      expect(failure(JSON.stringify([...arr, 0])).message).toBe(
        `${marker}: expected 2 to ${length} elements, got ${length + 1}`,
      );
    },
  );

  it('an "n" array must have 9 elements (code at 8) or 10 (data at 8, code at 9)', () => {
    expect(failure('["n","m","d","tok",0,20,1,1775481400]').message).toBe('n: expected 9 or 10 elements, got 8');
    expect(failure('["n","m","d","tok",0,20,1,1775481400,{"a":1}]').message).toBe('n[8] code: expected an integer');
    expect(failure('["n","m","d","tok",0,20,1,1775481400,7,5]').message).toBe('n[8] data: expected an object');
  });

  it('reads a partial "o" (only the ticket and its state) and a partial "b": absent fields are left out', () => {
    const closing = ['o', 5001, null, null, null, null, null, null, null, null, null, null, 1];
    expect(decoded(JSON.stringify(closing))).toEqual({ ok: true, type: 'ticket', ticket: { order: 5001, state: 1 } });
    const profit = trade({ order: 5002, profit: 12.5 }).map((v, i) => (i <= 1 || i === TRADE.PROFIT ? v : null));
    expect(decoded(JSON.stringify(profit))).toEqual({
      ok: true,
      type: 'ticket',
      ticket: { order: 5002, profit: '12.5' },
    });
    // A time of 0 is present (not set), unlike an absent one.
    expect(decoded('["o",5003,2000009,"eurusd",0,10,1.1,0,1775481000,0]')).toMatchObject({
      ticket: { order: 5003, openTime: 1775481000000, closeTime: undefined },
    });
    expect(decoded('["b",2000009,10100.5,null,null,null,10120.5]')).toEqual({
      ok: true,
      type: 'balance',
      balance: { login: 2000009, balance: '10100.5', equity: '10120.5' },
    });
  });

  it('wrong types are malformed and name the field', () => {
    const withAt = (arr: unknown[], i: number, v: unknown) => JSON.stringify(arr.map((x, j) => (j === i ? v : x)));
    const o = trade({ order: 1 });
    expect(failure(withAt(o, TRADE.VOLUME, '10')).message).toBe('o[5] volume: expected an integer');
    expect(failure(withAt(o, TRADE.VOLUME, 1.5)).message).toBe('o[5] volume: expected an integer');
    expect(failure(withAt(o, TRADE.OPEN_PRICE, true)).message).toBe(
      'o[6] open_price: expected a decimal (number or decimal text)',
    );
    expect(failure(withAt(o, TRADE.OPEN_PRICE, 'abc')).message).toBe(
      'o[6] open_price: expected a decimal (number or decimal text)',
    );
    expect(failure(withAt(o, TRADE.SYMBOL, '')).message).toBe('o[3] symbol: expected a non-empty string');
    expect(failure(withAt(o, TRADE.ORDER, null)).message).toBe('o[1] order: expected an integer');
    expect(failure(withAt(o, TRADE.OPEN_TIME, -1)).message).toBe(
      'o[8] open_time: expected a time (seconds or milliseconds)',
    );
    expect(failure(withAt(o, TRADE.STATE, '0')).message).toBe('o[12] state: expected an integer');
    expect(failure('["t","eurusd",null,1.1,1775481000]').message).toBe(
      't[2] bid: expected a decimal (number or decimal text)',
    );
    expect(failure('["b","2000009",1,1,1,1,1,1,0,1,0]').message).toBe('b[1] login: expected an integer');
    expect(failure('{"event":"authorization","success":"yes"}').message).toBe(
      'authorization.success: expected a boolean',
    );
    expect(failure('{"event":"account.state","login":2000009}').message).toBe(
      'account.state.tickets: expected an integer',
    );
  });

  it('unknown markers and events are unknown, not malformed', () => {
    expect(failure('["x",1,2]')).toEqual({ kind: 'unknown', message: 'unknown marker "x"' });
    expect(failure('{"event":"heartbeat"}')).toEqual({ kind: 'unknown', message: 'unknown event "heartbeat"' });
    expect(failure('{"event":"error","error":"RATE_LIMIT"}')).toEqual({
      kind: 'unknown',
      message: 'unknown event "error" (error RATE_LIMIT)',
    });
    expect(failure('{"hello":1}')).toEqual({ kind: 'unknown', message: 'object frame without an event' });
  });

  it('other JSON is malformed', () => {
    expect(failure('[]').kind).toBe('malformed');
    expect(failure('[1,2]').kind).toBe('malformed');
    expect(failure('42').kind).toBe('malformed');
    expect(failure('null').kind).toBe('malformed');
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.array(fc.jsonValue()).map((a) => JSON.stringify(['o', ...a])),
        ),
        (text) => {
          expect(() => decodeScaletradeFrame(text)).not.toThrow();
        },
      ),
    );
  });
});

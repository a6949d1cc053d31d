import { describe, expect, it } from 'vitest';
import { num } from '../core/num';
import { RoxomAuth, WS_SIGNED_PAYLOAD, generateRsaKeyPair, signPayload } from './auth';
import { parseClientFrame } from './client-frames';
import { RoxomIds, uuidV7 } from './ids';
import { NanoClock, toJson } from './json';
import { btcText, isRoxomSymbol, priceText, qtyText, roxomSymbol } from './markets';

describe('Roxom units', () => {
  it('UUIDv7: version 7, variant 10, the creation time in the first 48 bits, deterministic', () => {
    const ms = 1_767_225_600_123;
    const id = uuidV7(ms, 'label');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    expect(uuidV7(ms, 'label')).toBe(id);
    expect(uuidV7(ms, 'other')).not.toBe(id);
    const ids = new RoxomIds(7);
    expect(new RoxomIds(7).orderId('1', ms)).toBe(ids.orderId('1', ms));
    expect(new RoxomIds(8).orderId('1', ms)).not.toBe(ids.orderId('1', ms));
  });

  it('NanoClock: strictly increasing odd nanoseconds; toJson writes them exactly', () => {
    const clock = new NanoClock();
    const a = clock.stamp(1_767_225_600_000);
    const b = clock.stamp(1_767_225_600_000);
    const c = clock.stamp(1_767_225_599_000);
    const d = clock.stamp(1_767_225_600_001);
    expect([a, b, c, d]).toEqual([
      1_767_225_600_000_000_001n,
      1_767_225_600_000_001_001n,
      1_767_225_600_000_002_001n,
      1_767_225_600_001_000_001n,
    ]);
    expect(
      toJson({
        type: 'balance',
        data: { amount: '-0.1', timestamp: a, skip: undefined, list: [b, null, true, 1.5, 'x"y'] },
      }),
    ).toBe(
      '{"type":"balance","data":{"amount":"-0.1","timestamp":1767225600000000001,"list":[1767225600000001001,null,true,1.5,"x\\"y"]}}',
    );
  });

  it('markets: Roxom names, BTC at 100 000 USDT, quantities scaled so notional is unchanged', () => {
    expect(['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].map(roxomSymbol)).toEqual(['US500-BTC', 'GOLD-BTC', 'OIL-BTC']);
    expect(isRoxomSymbol('GOLD-BTC')).toBe(true);
    expect(isRoxomSymbol('BTCUSDT')).toBe(false);
    expect(priceText('BTCUSDT', '71034.5')).toBe('0.0710345');
    expect(qtyText('BTCUSDT', '0.003')).toBe('0.03');
    expect(priceText('ETHUSDT', '3500.01')).toBe('0.0350001');
    expect(btcText('-12.34567891')).toBe('-0.0001234567891');
    // notional in BTC = notional in USDT / 100 000, exactly
    const notional = num(priceText('BTCUSDT', '71034.5')).mul(qtyText('BTCUSDT', '0.003'));
    expect(notional.toFixed()).toBe(btcText(num('71034.5').mul('0.003')));
  });

  it('auth: PKCS#1 v1.5 SHA-256 over "GET:/ws" with the account key verifies; nothing else does', () => {
    const { privateKeyPem } = generateRsaKeyPair();
    expect(privateKeyPem.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
    const auth = new RoxomAuth('key-1', privateKeyPem);
    const signature = signPayload(privateKeyPem);
    expect(Buffer.from(signature, 'base64')).toHaveLength(256);
    expect(signPayload(privateKeyPem)).toBe(signature); // v1.5 is deterministic: a bearer secret in effect
    expect(auth.check('key-1', signature)).toEqual({ ok: true });
    expect(auth.check('key-2', signature)).toEqual({ ok: false, reason: 'unknown key' });
    expect(auth.check('key-1', undefined)).toEqual({ ok: false, reason: 'missing headers' });
    expect(auth.check('key-1', signPayload(privateKeyPem, `${WS_SIGNED_PAYLOAD}?`))).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(auth.check('key-1', signPayload(auth.foreignPrivateKeyPem()))).toEqual({
      ok: false,
      reason: 'bad signature',
    });
  });

  it('client frames: subscribe/unsubscribe args, market form, error codes', () => {
    const symbol = (s: string) => s === 'US500-BTC';
    expect(parseClientFrame('{"op":"subscribe","args":[{"channel":"orders"},{"channel":"balance"}]}', symbol)).toEqual({
      ok: true,
      op: 'subscribe',
      args: [{ channel: 'orders' }, { channel: 'balance' }],
    });
    expect(parseClientFrame('{"channel":"depth","symbol":"US500-BTC"}', symbol)).toEqual({
      ok: true,
      op: 'subscribe',
      args: [{ channel: 'depth', symbol: 'US500-BTC' }],
    });
    const code = (text: string) => {
      const r = parseClientFrame(text, symbol);
      return r.ok ? 'ok' : r.code;
    };
    expect(code('{"op":"unsubscribe","args":[{"channel":"positions"}]}')).toBe('ok');
    expect(code('{"op":"subscribe","args":[{"channel":"fills"}]}')).toBe('60014');
    expect(code('{"op":"subscribe","args":[{"channel":"ticker","symbol":"GOLD-USD"}]}')).toBe('60015');
    expect(code('{"op":"subscribe","args":[{"channel":"ticker"}]}')).toBe('60015');
    expect(code('not json')).toBe('60017');
    expect(code('{"op":"subscribe","args":[]}')).toBe('60017');
    expect(code('{"op":"subscribe","args":["orders"]}')).toBe('60017');
    expect(code('{"op":"ping"}')).toBe('60017');
    expect(code('"orders"')).toBe('60017');
  });
});

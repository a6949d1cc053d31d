import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../domain/conformance/validators';
import { decodeRoxomFrame, type CheckedOrder, type RoxomDecoded } from './codec';
import {
  isClosedPosition,
  marketMark,
  normalizeClosedPosition,
  normalizeBalance,
  normalizeNotice,
  normalizeOrder,
  normalizePosition,
  orderStatusOf,
} from './normalize';
import { fixtureText } from './test-support';
import { nsToMs, uuidV7Millis } from './time';

const C = 'roxom-main';

function decode<F extends RoxomDecoded['family']>(name: string, family: F): Extract<RoxomDecoded, { family: F }> {
  const result = decodeRoxomFrame(fixtureText(name));
  if (!result.ok || result.family !== family) throw new Error(`${name} is not a ${family} frame`);
  return result as unknown as Extract<RoxomDecoded, { family: F }>;
}

function order(name: string): CheckedOrder {
  return decode(name, 'order').order;
}

describe('time', () => {
  it('converts ns to ms exactly with BigInt division (never through a double)', () => {
    expect(nsToMs(1756478182146123456n)).toBe(1756478182146);
    expect(nsToMs(1756478182146999999n)).toBe(1756478182146);
    expect(nsToMs(1756478182147000000n)).toBe(1756478182147);
    // Through a double the last digits are gone: 1756478182146999999 becomes ...147000000.
    expect(Math.floor(Number('1756478182146999999') / 1e6)).toBe(1756478182147);
  });

  it('reads the creation time of a UUIDv7 order id, and nothing from other ids', () => {
    expect(uuidV7Millis('0198f642-0aa0-71b2-a9c3-d4e5f6071829')).toBe(1756478180000);
    expect(uuidV7Millis('0198f642-0aa0-41b2-a9c3-d4e5f6071829')).toBeUndefined(); // version 4
    expect(uuidV7Millis('0198f642-0aa0-71b2-c9c3-d4e5f6071829')).toBeUndefined(); // wrong variant
    expect(uuidV7Millis('12345')).toBeUndefined();
    expect(uuidV7Millis('00000000-0000-7000-8000-000000000000')).toBeUndefined(); // 1970
  });
});

describe('orderStatusOf', () => {
  it.each([
    ['pendingsubmit', '0', 'pending'],
    ['waitingtrigger', '0', 'pending'],
    ['submitted', '0', 'open'],
    ['partiallyfilled', '0.5', 'partially_filled'],
    ['filled', '2', 'filled'],
    ['partiallyfilledcancelled', '0.5', 'canceled'],
    ['cancelled', '0', 'canceled'],
    ['rejected', '0', 'rejected'],
    ['inactive', '0', 'expired'],
    ['pendingcancel', '0', 'open'],
    ['pendingcancel', '0.5', 'partially_filled'],
  ])('%s (executed %s) → %s', (status, executed, expected) => {
    expect(orderStatusOf(status, executed)).toEqual({ status: expected });
  });

  it('shows an undocumented status as a non-terminal guess from the quantities, and says so', () => {
    expect(orderStatusOf('triggered', '0')).toEqual({ status: 'open', undocumented: 'triggered' });
    expect(orderStatusOf('liquidating', '1')).toEqual({ status: 'partially_filled', undocumented: 'liquidating' });
    expect(orderStatusOf('constructor', '0')).toEqual({ status: 'open', undocumented: 'constructor' });
  });
});

describe('normalizeOrder', () => {
  it('maps a limit order: quantity = orderSize, filledQuantity = executedQty, price = limitPrice, createdAt from the UUIDv7', () => {
    const { order: o, undocumentedStatus } = normalizeOrder(C, order('order-partially-filled.constructed'));
    expect(undocumentedStatus).toBeUndefined();
    expect(o).toEqual({
      connectionId: C,
      orderId: '0198f642-0aa0-71b2-a9c3-d4e5f6071829',
      clientOrderId: 'vb-7f3a-001',
      symbol: 'US500-BTC',
      side: 'buy',
      type: 'limit',
      status: 'partially_filled',
      price: '0.0593',
      quantity: '2',
      filledQuantity: '0.5',
      averagePrice: '0.0592',
      createdAt: 1756478180000,
      updatedAt: 1756478182389,
    });
    expect(validateEvent({ kind: 'order', order: o })).toEqual([]);
  });

  it('omits the price of a market order and an average price of 0', () => {
    const market = normalizeOrder(C, order('order-market-filled.constructed')).order;
    expect(market).not.toHaveProperty('price');
    expect(market).not.toHaveProperty('clientOrderId');
    expect(market).toMatchObject({
      side: 'sell',
      type: 'market',
      status: 'filled',
      quantity: '10',
      filledQuantity: '10',
      averagePrice: '0.003151',
      updatedAt: 1756478185250,
    });
    const fresh = normalizeOrder(C, order('order-submitted.constructed')).order;
    expect(fresh).not.toHaveProperty('averagePrice');
    expect(fresh).toMatchObject({ status: 'open', filledQuantity: '0', price: '0.0593', updatedAt: 1756478182146 });
  });

  it('maps partiallyfilledcancelled to canceled, keeping the executed quantity', () => {
    expect(normalizeOrder(C, order('order-cancelled.constructed')).order).toMatchObject({
      status: 'canceled',
      filledQuantity: '0.5',
      createdAt: 1756478183900,
    });
  });
});

describe('positions', () => {
  it('signs the quantity by side; entry = avgEntry; settle asset BTC; leverage a number', () => {
    const [long, short] = decode('position.constructed', 'position').positions;
    if (!long || !short) throw new Error('two positions expected');
    const a = normalizePosition(C, long);
    expect(a).toEqual({
      connectionId: C,
      symbol: 'US500-BTC',
      quantity: '2',
      entryPrice: '0.059275',
      markPrice: '0.0594',
      unrealizedPnl: '0.00025',
      realizedPnl: '-0.0000593',
      liquidationPrice: '0.0535',
      leverage: 10,
      marginMode: 'cross',
      settleAsset: 'BTC',
      updatedAt: 1756478183001,
    });
    expect(normalizePosition(C, short)).toMatchObject({
      symbol: 'TSLA-BTC',
      quantity: '-10',
      entryPrice: '0.003151',
      marginMode: 'isolated',
      updatedAt: 1756478185250,
    });
    expect(validateEvent({ kind: 'position', position: a })).toEqual([]);
    expect(isClosedPosition(long)).toBe(false);
  });

  it('a closed status or a zero size is a close', () => {
    const [closed] = decode('position-closed.constructed', 'position').positions;
    if (!closed) throw new Error('one position expected');
    expect(isClosedPosition(closed)).toBe(true);
    expect(isClosedPosition({ ...closed, size: '1' })).toBe(true);
    expect(isClosedPosition({ ...closed, status: 'open', size: '0' })).toBe(true);
    expect(isClosedPosition({ ...closed, status: 'open', size: '1' })).toBe(false);
  });

  it('a closed entry carries the final realized PnL in BTC; without one the close carries none', () => {
    const [closed] = decode('position-closed.constructed', 'position').positions;
    if (!closed) throw new Error('one position expected');
    const event = normalizeClosedPosition(C, closed);
    expect(event).toEqual({
      kind: 'position-closed',
      connectionId: C,
      symbol: 'TSLA-BTC',
      time: 1756478190000,
      realizedPnl: '0.00009424',
      settleAsset: 'BTC',
    });
    expect(validateEvent(event)).toEqual([]);
    const { realizedPnl: _, ...bare } = closed;
    expect(normalizeClosedPosition(C, bare)).toEqual({
      kind: 'position-closed',
      connectionId: C,
      symbol: 'TSLA-BTC',
      time: 1756478190000,
    });
  });

  it('omits a liquidation price, mark or entry of 0 and a missing leverage', () => {
    const [long] = decode('position.constructed', 'position').positions;
    if (!long) throw new Error('position expected');
    const p = normalizePosition(C, { ...long, liquidationPrice: '0', markPrice: '0', leverage: '0', avgEntry: '0' });
    expect(p).not.toHaveProperty('liquidationPrice');
    expect(p).not.toHaveProperty('markPrice');
    expect(p).not.toHaveProperty('leverage');
    expect(p).not.toHaveProperty('entryPrice');
  });
});

describe('balances, notices, marks', () => {
  it('balance: asset BTC (unit upper-cased), total = balanceAfter', () => {
    const b = normalizeBalance(C, decode('balance.constructed', 'balance').balance);
    expect(b).toEqual({ connectionId: C, asset: 'BTC', total: '1.2499407', updatedAt: 1756478183001 });
    expect(validateEvent({ kind: 'balance', balance: b })).toEqual([]);
  });

  it('account notice: level, text, venue time, a stable id', () => {
    const n = normalizeNotice(C, decode('account-notice.constructed', 'account').notice, 0);
    expect(n).toEqual({
      connectionId: C,
      id: expect.stringMatching(/^roxom:1756478186000000009:[0-9a-f]{8}$/) as unknown,
      level: 'warning',
      title: 'Roxom account',
      message: 'Margin ratio above 80% on US500-BTC',
      time: 1756478186000,
    });
    expect(normalizeNotice(C, { message: 'x', level: 'critical' }, 1756478186001)).toMatchObject({
      level: 'info',
      time: 1756478186001,
    });
  });

  it('ticker → ticker mark (last price); level1 → book mark (mid)', () => {
    expect(marketMark(C, decode('ticker.constructed', 'market').frame)).toEqual({
      connectionId: C,
      symbol: 'US500-BTC',
      kind: 'ticker',
      price: '0.0594',
      time: 1756478187000,
    });
    expect(marketMark(C, decode('level1.constructed', 'market').frame)).toEqual({
      connectionId: C,
      symbol: 'US500-BTC',
      kind: 'book',
      price: '0.0594',
      bid: '0.0593',
      ask: '0.0595',
      time: 1756478187500,
    });
  });

  it('an unreadable market payload or another channel gives no mark', () => {
    const ticker = decode('ticker.constructed', 'market').frame;
    expect(marketMark(C, { ...ticker, data: { volume: '3' } })).toBeUndefined();
    expect(marketMark(C, { ...ticker, data: { markPrice: '0.06' } })).toMatchObject({ kind: 'mark', price: '0.06' });
    expect(marketMark(C, { ...ticker, channel: 'depth' })).toBeUndefined();
  });
});

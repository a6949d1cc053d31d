import { describe, expect, it } from 'vitest';
import {
  decodeOrderMessage,
  decodeTickerMessage,
  decodeTradeMessage,
  type CheckedExecution,
  type CheckedOrder,
} from './codec';
import { normalizeFill, normalizeOrder, orderStatusOf, quoteAssetOf, tickerMark } from './normalize';
import { expectConformant, fixtureText } from './test-support';

function order(name: string): CheckedOrder {
  const decoded = decodeOrderMessage(fixtureText(name));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value.o;
}

function executions(name: string): CheckedExecution[] {
  const decoded = decodeTradeMessage(fixtureText(name));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value.o;
}

describe('normalizeOrder', () => {
  it('maps the seed order: client id, side, lower-case type, filled status, quantities, average price, updatedTime', () => {
    const { order: update, undocumentedStatus } = normalizeOrder('cs-main', order('order-filled.documented'));
    expect(update).toEqual({
      connectionId: 'cs-main',
      orderId: '68a4579e-c396-4427-b055-7a8bcafbd48d',
      clientOrderId: '7b708608-7e1d-456b-aa78-43a9892c2fda',
      symbol: 'SOLUSDT',
      side: 'buy',
      type: 'market',
      status: 'filled',
      price: '220.25',
      quantity: '0.2',
      filledQuantity: '0.2',
      averagePrice: '209.76',
      updatedAt: 1756478182110,
    });
    expect(undocumentedStatus).toBeUndefined();
    expectConformant([{ kind: 'order', order: update }]);
  });

  it('omits "" client id and "" / "0" average price; keeps a limit price; canonical decimals', () => {
    const { order: update } = normalizeOrder('cs-main', order('order-new.constructed'));
    expect(update).toEqual({
      connectionId: 'cs-main',
      orderId: '9d1c7e0a-3f52-4b1e-8c1d-2a6f0e4b7c11',
      symbol: 'BTCUSDT',
      side: 'sell',
      type: 'limit',
      status: 'open',
      price: '108900.5',
      quantity: '0.01',
      filledQuantity: '0',
      updatedAt: 1756478180003,
    });
    const zeroAvg = normalizeOrder('cs-main', {
      ...order('order-new.constructed'),
      avgPrice: '0',
      price: '0',
      qty: '0.0100',
    });
    expect(zeroAvg.order.averagePrice).toBeUndefined();
    expect(zeroAvg.order.price).toBeUndefined();
    expect(zeroAvg.order.quantity).toBe('0.01');
    expect(
      normalizeOrder('cs-main', { ...order('order-new.constructed'), createdTime: '1756478180000' }).order.createdAt,
    ).toBe(1756478180000);
  });

  it('maps every Bybit V5 status; an undocumented one by its name and quantities, flagged', () => {
    const table: [string, string][] = [
      ['New', 'open'],
      ['PartiallyFilled', 'partially_filled'],
      ['Filled', 'filled'],
      ['Cancelled', 'canceled'],
      ['PartiallyFilledCanceled', 'canceled'],
      ['Rejected', 'rejected'],
      ['Deactivated', 'expired'],
      ['Expired', 'expired'],
      ['Untriggered', 'pending'],
      ['Triggered', 'open'],
    ];
    for (const [venue, domain] of table)
      expect(orderStatusOf(venue, '1', '0')).toEqual({ status: domain, undocumented: false });
    expect(orderStatusOf('Canceled', '1', '0')).toEqual({ status: 'canceled', undocumented: true });
    expect(orderStatusOf('MysteryState', '1', '0.5')).toEqual({ status: 'partially_filled', undocumented: true });
    expect(orderStatusOf('MysteryState', '1', '0')).toEqual({ status: 'open', undocumented: true });
    expect(orderStatusOf('FullyFilled', '1', '1')).toEqual({ status: 'filled', undocumented: true });
    const flagged = normalizeOrder('cs-main', { ...order('order-new.constructed'), orderStatus: 'Parked' });
    expect(flagged.undocumentedStatus).toBe('Parked');
  });
});

describe('normalizeFill', () => {
  it('maps the seed execution: execId, side, price, quantity, fee in the quote asset, taker, execTime, orderId', () => {
    const [execution] = executions('trade.documented');
    const fill = normalizeFill('cs-main', execution!);
    expect(fill).toEqual({
      connectionId: 'cs-main',
      fillId: 'a1076552-0c0f-5a56-a064-5a653f9172c6',
      orderId: '316ea49e-59b3-42c5-9d71-edaf2504b0f8',
      symbol: 'BTCUSDT',
      side: 'sell',
      price: '108476.4',
      quantity: '0.002',
      fee: '0.07593348',
      feeAsset: 'USDT',
      liquidity: 'taker',
      time: 1756478116611,
    });
    expectConformant([{ kind: 'fill', fill: fill! }]);
  });

  it('maker, negative fee (rebate), no fee asset outside linear contracts, no fill without a positive quantity', () => {
    const [execution] = executions('trade.documented');
    expect(normalizeFill('cs-main', { ...execution!, isMaker: true, execFee: '-0.010' })).toMatchObject({
      liquidity: 'maker',
      fee: '-0.01',
      feeAsset: 'USDT',
    });
    expect(
      normalizeFill('cs-main', { ...execution!, category: 'inverse', symbol: 'BTCUSD' })?.feeAsset,
    ).toBeUndefined();
    expect(normalizeFill('cs-main', { ...execution!, execQty: '0' })).toBeUndefined();
    expect(normalizeFill('cs-main', { ...execution!, orderId: '' })?.orderId).toBeUndefined();
  });

  it('an execution without isMaker is a fill whose liquidity is left out, never guessed', () => {
    const [execution] = executions('trade.documented');
    const { isMaker: _dropped, ...trimmed } = execution!;
    const fill = normalizeFill('cs-main', trimmed);
    expect(fill).toBeDefined();
    expect(fill && 'liquidity' in fill).toBe(false);
    expectConformant([{ kind: 'fill', fill: fill! }]);
  });

  it('an order trimmed to id, status and time normalizes to just those; cumExecQty above qty is capped at qty', () => {
    expect(normalizeOrder('cs-main', { orderId: 'x', orderStatus: 'Filled', updatedTime: '1756478182110' })).toEqual({
      order: { connectionId: 'cs-main', orderId: 'x', status: 'filled', updatedAt: 1756478182110 },
    });
    const over = normalizeOrder('cs-main', { ...order('order-filled.documented'), cumExecQty: '0.30' });
    expect(over.order.filledQuantity).toBe('0.2');
    expect(over.overfilled).toEqual({ reported: '0.3', quantity: '0.2' });
    const known = normalizeOrder('cs-main', { orderId: 'x', cumExecQty: '5', updatedTime: '1' }, '4');
    expect(known.order.filledQuantity).toBe('4');
  });

  it('quoteAssetOf knows the quotes linear contracts settle in', () => {
    expect(quoteAssetOf('BTCUSDT')).toBe('USDT');
    expect(quoteAssetOf('SOLUSDT')).toBe('USDT');
    expect(quoteAssetOf('ETHUSDC')).toBe('USDC');
    expect(quoteAssetOf('BTCINR')).toBe('INR');
    expect(quoteAssetOf('BTC/USDT')).toBe('USDT');
    expect(quoteAssetOf('USDT')).toBeUndefined();
    expect(quoteAssetOf('BTCEUR')).toBeUndefined();
  });
});

describe('tickerMark [guess]', () => {
  it('last price with bid, ask, index and funding; the mark price when no last price', () => {
    const decoded = decodeTickerMessage(fixtureText('ticker.guess'));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const mark = tickerMark('cs-main', decoded.value.o, decoded.value.E!);
    expect(mark).toEqual({
      connectionId: 'cs-main',
      symbol: 'BTCUSDT',
      kind: 'ticker',
      price: '108476.4',
      bid: '108476.3',
      ask: '108476.5',
      indexPrice: '108481.05',
      fundingRate: '0.0001',
      time: 1756478183000,
    });
    expectConformant([{ kind: 'mark', mark: mark! }]);
    expect(
      tickerMark('cs-main', { symbol: 'BTCUSDT', lastPrice: '', markPrice: '108470.12' }, 1756478183000)?.price,
    ).toBe('108470.12');
    expect(tickerMark('cs-main', { symbol: 'BTCUSDT', lastPrice: '0' }, 1756478183000)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  validateAccountSummary,
  validateBalance,
  validateEvent,
  validateNotification,
  validatePosition,
  validatePriceMark,
} from '../../domain/conformance/validators';
import {
  bookMark,
  markPriceMark,
  mergeBalanceUpdate,
  mergeFuturesAccount,
  mergePosition,
  normalizeFullState,
  normalizeNotification,
  normalizePosition,
  orderStatusOf,
  tickerMark,
  tradeMark,
} from './normalize';
import { fixture } from './test-support';

const C = 'zdex-main';
const TS = 1711756800000;

describe('normalizeFullState (docs example)', () => {
  const snapshot = normalizeFullState(C, fixture('account-full-state').data, TS);

  it('is one conformant account-snapshot with every collection in scope', () => {
    expect(validateEvent(snapshot)).toEqual([]);
    expect(snapshot.scope).toEqual({ orders: true, positions: true, balances: true });
  });

  it('maps open orders: numeric id as text, lower-case side and type, quantities, times', () => {
    expect(snapshot.openOrders).toEqual([
      {
        connectionId: C,
        orderId: '12345',
        symbol: 'BTCUSDT',
        side: 'buy',
        type: 'limit',
        status: 'open',
        price: '70000',
        quantity: '0.01',
        filledQuantity: '0',
        createdAt: 1711756800000,
        updatedAt: TS,
      },
    ]);
  });

  it('maps positions with canonical decimals and the USDT settle asset', () => {
    expect(snapshot.positions).toEqual([
      {
        connectionId: C,
        symbol: 'BTCUSDT',
        quantity: '0.05',
        entryPrice: '70500',
        markPrice: '71034.5',
        unrealizedPnl: '26.75',
        realizedPnl: '0',
        fundingFee: '-1.23',
        liquidationPrice: '51493.41',
        leverage: 20,
        marginMode: 'Isolated',
        settleAsset: 'USDT',
        updatedAt: TS,
      },
    ]);
  });

  it('maps balances: total = wallet, free = available, locked = the difference', () => {
    expect(snapshot.balances).toEqual([
      { connectionId: C, asset: 'USDT', total: '1250.5', free: '980.3', locked: '270.2', updatedAt: TS },
    ]);
  });

  it('clips locked at zero and drops zero-quantity positions', () => {
    const data = fixture('account-full-state').data;
    data.balances[0].availableBalance = '1300';
    data.positions[0].quantity = '0';
    const s = normalizeFullState(C, data, TS);
    expect(s.balances[0]?.locked).toBe('0');
    expect(s.positions).toEqual([]);
  });
});

describe('account events', () => {
  it('position_update -> position (signed quantity kept)', () => {
    const d = fixture('position-update').data;
    d.quantity = '-0.05';
    const p = normalizePosition(C, d, TS);
    expect(p).toMatchObject({
      symbol: 'BTCUSDT',
      quantity: '-0.05',
      entryPrice: '70500',
      markPrice: '71034.5',
      leverage: 20,
    });
    expect(validatePosition(p!)).toEqual([]);
  });

  it('balance_update -> balance keyed by its asset', () => {
    const b = mergeBalanceUpdate(C, undefined, fixture('balance-update').data, TS)!;
    expect(b).toEqual({
      connectionId: C,
      asset: 'USDT',
      total: '1250.5',
      free: '980.3',
      locked: '270.2',
      updatedAt: TS,
    });
    expect(validateBalance(b)).toEqual([]);
  });

  it('futures_account_update numbers become exact decimal text', () => {
    const s = mergeFuturesAccount(C, undefined, fixture('futures-account-update').data, TS);
    expect(s).toEqual({
      connectionId: C,
      asset: 'USDT',
      equity: '18475.75',
      balance: '18350',
      availableBalance: '15000',
      unrealizedPnl: '125.75',
      maintenanceMargin: '163.08',
      marginRatio: '0.048',
      updatedAt: TS,
    });
    expect(validateAccountSummary(s)).toEqual([]);
    // A float that binary arithmetic would mangle keeps its JSON text.
    const tricky = mergeFuturesAccount(
      C,
      undefined,
      { ...fixture('futures-account-update').data, accountEquity: 0.1 + 0.2 },
      TS,
    );
    expect(tricky.equity).toBe('0.30000000000000004');
  });

  it('a position_update trimmed to its key fields keeps what is known of the same position', () => {
    const full = mergePosition(C, undefined, fixture('position-update').data, TS)!;
    // A PnL recalculation carrying only the new mark and unrealized PnL: the rest is kept.
    const recalc = mergePosition(
      C,
      full,
      { symbol: 'BTCUSDT', positionId: '33600', quantity: '0.05', markPrice: '71100', unrealizedPnl: '30' },
      TS + 1,
    );
    expect(recalc).toEqual({ ...full, markPrice: '71100', unrealizedPnl: '30', updatedAt: TS + 1 });
    // A size change without figures: what the new size makes stale (entry, PnL, liquidation) is not kept.
    const grown = mergePosition(C, full, { symbol: 'BTCUSDT', positionId: '33600', quantity: '0.07' }, TS + 2);
    expect(grown).toEqual({
      connectionId: C,
      symbol: 'BTCUSDT',
      quantity: '0.07',
      markPrice: '71034.5',
      fundingFee: '-1.23',
      leverage: 20,
      marginMode: 'Isolated',
      settleAsset: 'USDT',
      updatedAt: TS + 2,
    });
    expect(validatePosition(grown!)).toEqual([]);
  });

  it('a balance_update or futures_account_update trimmed to some figures is merged over the known ones', () => {
    const known = mergeBalanceUpdate(C, undefined, fixture('balance-update').data, TS)!;
    expect(mergeBalanceUpdate(C, known, { symbol: 'USDT', total: '1300' }, TS + 1)).toEqual({
      ...known,
      total: '1300',
      updatedAt: TS + 1,
    });
    // Nothing known and no total: no balance to report yet.
    expect(mergeBalanceUpdate(C, undefined, { symbol: 'USDT', free: '10' }, TS)).toBeUndefined();
    const summary = mergeFuturesAccount(C, undefined, fixture('futures-account-update').data, TS);
    expect(mergeFuturesAccount(C, summary, { accountEquity: 18500.5 }, TS + 1)).toEqual({
      ...summary,
      equity: '18500.5',
      updatedAt: TS + 1,
    });
  });

  it('notification: id from the frame, else a stable hash of ts + title', () => {
    const a = normalizeNotification(C, { title: 'Maintenance', message: 'at 02:00' }, TS);
    const b = normalizeNotification(C, { title: 'Maintenance' }, TS);
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(normalizeNotification(C, { title: 'Other' }, TS).id);
    expect(normalizeNotification(C, { id: 'n-1', level: 'warning', title: 'X' }, TS)).toEqual({
      connectionId: C,
      id: 'n-1',
      level: 'warning',
      title: 'X',
      time: TS,
    });
    expect(validateNotification(a)).toEqual([]);
    expect('message' in b).toBe(false);
  });

  it('maps every order status', () => {
    expect(
      ['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'].map((s) => orderStatusOf(s as never)),
    ).toEqual(['open', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired']);
  });
});

describe('marks', () => {
  it('ticker -> ticker mark at lastPrice', () => {
    expect(tickerMark(C, 'BTCUSDT', fixture('ticker').data, TS)).toEqual({
      connectionId: C,
      symbol: 'BTCUSDT',
      kind: 'ticker',
      price: '71034.5',
      time: TS,
    });
  });

  it('markprice -> mark with index price and funding rate', () => {
    const m = markPriceMark(C, 'BTCUSDT', fixture('markprice').data, TS);
    expect(m).toEqual({
      connectionId: C,
      symbol: 'BTCUSDT',
      kind: 'mark',
      price: '71045.2',
      indexPrice: '71042.8',
      fundingRate: '0.0001',
      time: TS,
    });
    expect(validatePriceMark(m!)).toEqual([]);
  });

  it('trades -> the newest trade', () => {
    const trades = [
      { id: 2, price: '71030', qty: '1', time: TS + 5, isBuyerMaker: false },
      { id: 3, price: '71031', qty: '1', time: TS + 5, isBuyerMaker: true },
      { id: 1, price: '71040', qty: '1', time: TS, isBuyerMaker: false },
    ];
    expect(tradeMark(C, 'BTCUSDT', trades, TS)?.price).toBe('71031');
    expect(tradeMark(C, 'BTCUSDT', [], TS)).toBeUndefined();
  });

  it('orderbook -> best bid, best ask, mid', () => {
    expect(bookMark(C, 'BTCUSDT', fixture('orderbook').data, TS)).toEqual({
      connectionId: C,
      symbol: 'BTCUSDT',
      kind: 'book',
      price: '71034.75',
      bid: '71034.5',
      ask: '71035',
      time: TS,
    });
    expect(bookMark(C, 'BTCUSDT', { lastUpdateId: 1, bids: [], asks: [['5', '1']] }, TS)).toMatchObject({
      price: '5',
      ask: '5',
    });
    expect(bookMark(C, 'BTCUSDT', { lastUpdateId: 1, bids: [], asks: [] }, TS)).toBeUndefined();
  });

  it('a zero price produces no mark', () => {
    expect(tickerMark(C, 'BTCUSDT', { ...fixture('ticker').data, lastPrice: '0' }, TS)).toBeUndefined();
  });
});

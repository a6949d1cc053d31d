import { describe, expect, it } from 'vitest';
import { checkRecords, realizedRecord } from './records';
import { fill, order, sample, T0 } from './test-support';

describe('journal records', () => {
  it('keeps well-formed records and counts the rest', () => {
    const { records, skipped } = checkRecords({
      fills: [fill('a', T0), { ...fill('b', T0), price: 71000 }, null, { ...fill('c', T0), side: 'long' }],
      orders: [order('o1', 'open', T0), { ...order('o2', 'open', T0), status: 'weird' }, { orderId: 'x' }],
      samples: [sample(T0), { time: 'now', equity: '1' }],
    });
    expect(records.fills.map((f) => f.fillId)).toEqual(['a']);
    expect(records.orders.map((o) => o.orderId)).toEqual(['o1']);
    expect(records.samples).toHaveLength(1);
    expect(skipped).toBe(6);
  });

  it('checks closed-realized records: key = connectionId|asset, a decimal amount', () => {
    const good = { key: 'roxom-main|BTC', connectionId: 'roxom-main', asset: 'BTC', amount: '-0.00000412' };
    const noAsset = { key: 'x|', connectionId: 'x', asset: '', amount: '1' };
    const { records, skipped } = checkRecords({
      fills: [],
      orders: [],
      samples: [],
      realized: [
        good,
        noAsset,
        { ...good, key: 'roxom-main|USD' },
        { ...good, amount: 0.1 },
        { ...good, connectionId: 'a|b', key: 'a|b|BTC' },
      ],
    });
    expect(records.realized).toEqual([good, noAsset]);
    expect(skipped).toBe(3);
    // A version-1 journal has no such store: nothing to restore, nothing skipped.
    expect(checkRecords({ fills: [], orders: [], samples: [] })).toEqual({
      records: { fills: [], orders: [], samples: [], realized: [], instruments: [], gaps: [], liveness: [] },
      skipped: 0,
    });
  });

  it('realizedRecord splits a closedRealized key', () => {
    expect(realizedRecord('zdex-main|USDT', '3.5')).toEqual({
      key: 'zdex-main|USDT',
      connectionId: 'zdex-main',
      asset: 'USDT',
      amount: '3.5',
    });
    expect(realizedRecord('zdex-main|', '1')).toMatchObject({ connectionId: 'zdex-main', asset: '' });
  });

  it('checks instrument records with the domain validator', () => {
    const eth = {
      connectionId: 'rails-btc',
      symbol: 'ETH-USDT',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'spot',
    };
    const { records, skipped } = checkRecords({
      fills: [],
      orders: [],
      samples: [],
      instruments: [eth, { ...eth, kind: 'option' }, { ...eth, baseAsset: '' }],
    });
    expect(records.instruments).toEqual([eth]);
    expect(skipped).toBe(2);
  });
});

describe('gap and liveness records (schema version 3)', () => {
  const gap = { connectionId: 'zdex-main', from: T0, to: T0 + 5_000, recovered: 'none', cause: 'socket closed (1006)' };

  it('keeps well-formed gap records (open or closed, every recovery) and skips the rest', () => {
    const open = { connectionId: 'zdex-main', from: T0, to: null, recovered: 'pending' };
    const { records, skipped } = checkRecords({
      fills: [],
      orders: [],
      samples: [],
      gaps: [
        gap,
        open,
        { ...gap, recovered: 'maybe' },
        { ...gap, to: T0 - 1 },
        { ...gap, from: '2025-08-29' },
        { ...gap, connectionId: '' },
        { ...gap, detail: 42 },
      ],
    });
    expect(records.gaps).toEqual([gap, open]);
    expect(skipped).toBe(5);
  });

  it('keeps liveness records with a connection id and a time', () => {
    const ok = { connectionId: 'zdex-main', liveUntil: T0 };
    const { records, skipped } = checkRecords({
      fills: [],
      orders: [],
      samples: [],
      liveness: [ok, { connectionId: 'x', liveUntil: Number.NaN }, { liveUntil: T0 }, null],
    });
    expect(records.liveness).toEqual([ok]);
    expect(skipped).toBe(3);
  });
});

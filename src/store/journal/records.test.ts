import { describe, expect, it } from 'vitest';
import { checkRecords } from './records';
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
});

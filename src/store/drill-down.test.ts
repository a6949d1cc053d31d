import { afterEach, describe, expect, it } from 'vitest';
import { drillDownRows, useDrillDown } from './drill-down';

const rows = [
  { connectionId: 'zdex-1', symbol: 'BTCUSDT', id: 'a' },
  { connectionId: 'zdex-1', symbol: 'ETHUSDT', id: 'b' },
  { connectionId: 'rails-1', symbol: 'BTCUSDT', id: 'c' },
  { connectionId: 'zdex-1', symbol: 'BTCUSDT', id: 'd' },
];

describe('drill-down from a position', () => {
  afterEach(() => useDrillDown.getState().clear());

  it('keeps only the rows of that connection and symbol, all rows without a target', () => {
    expect(drillDownRows(rows, { connectionId: 'zdex-1', symbol: 'BTCUSDT' }).map((r) => r.id)).toEqual(['a', 'd']);
    expect(drillDownRows(rows, { connectionId: 'rails-1', symbol: 'ETHUSDT' })).toEqual([]);
    expect(drillDownRows(rows, null)).toBe(rows);
  });

  it('show sets the target and counts each show (the same position twice too); clear removes it', () => {
    const { show, clear } = useDrillDown.getState();
    show({ connectionId: 'zdex-1', symbol: 'BTCUSDT' });
    show({ connectionId: 'zdex-1', symbol: 'BTCUSDT' });
    expect(useDrillDown.getState().target).toEqual({ connectionId: 'zdex-1', symbol: 'BTCUSDT' });
    expect(useDrillDown.getState().shown).toBe(2);
    clear();
    expect(useDrillDown.getState().target).toBeNull();
  });
});

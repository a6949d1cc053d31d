import { beforeEach, describe, expect, it } from 'vitest';
import { filterRows, rangeBounds, useTableFilters, type TableFilter } from './table-filters';

// A fixed "now": 10 March 2025, 15:00 local time.
const now = new Date(2025, 2, 10, 15, 0).getTime();
const at = (day: number, hour: number, minute = 0) => new Date(2025, 2, day, hour, minute).getTime();

const rows = [
  { id: 'a', connectionId: 'z', symbol: 'BTCUSDT', time: at(10, 14) },
  { id: 'b', connectionId: 'z', symbol: 'ETHUSDT', time: at(10, 0) },
  { id: 'c', connectionId: 'r', symbol: 'BTCUSDT', time: at(9, 23, 59) },
  { id: 'd', connectionId: 'z', symbol: 'BTCUSDT', time: at(9, 0) },
  { id: 'e', connectionId: 'z', symbol: 'BTCUSDT', time: at(4, 12) },
  { id: 'f', connectionId: 'z', symbol: 'BTCUSDT', time: at(3, 23, 59) },
];
const ids = (filter: TableFilter) => filterRows(rows, filter, now, (r) => r.time).map((r) => r.id);

describe('rangeBounds', () => {
  it('Today starts at local midnight; Yesterday is the whole day before', () => {
    expect(rangeBounds({ preset: 'today' }, now)).toEqual({ from: at(10, 0) });
    expect(rangeBounds({ preset: 'yesterday' }, now)).toEqual({ from: at(9, 0), to: at(10, 0) - 1 });
    expect(rangeBounds({ preset: '7d' }, now)).toEqual({ from: at(4, 0) });
    expect(rangeBounds({ preset: 'all' }, now)).toEqual({});
  });
});

describe('filterRows', () => {
  it('keeps every row, the same array, when nothing filters', () => {
    expect(filterRows(rows, { range: { preset: 'all' } }, now, (r) => r.time)).toBe(rows);
  });
  it('narrows by the presets', () => {
    expect(ids({ range: { preset: 'today' } })).toEqual(['a', 'b']);
    expect(ids({ range: { preset: 'yesterday' } })).toEqual(['c', 'd']);
    expect(ids({ range: { preset: '7d' } })).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('narrows by From/To, both inclusive, either open', () => {
    expect(ids({ range: { preset: 'custom', from: at(9, 0), to: at(10, 0) } })).toEqual(['b', 'c', 'd']);
    expect(ids({ range: { preset: 'custom', to: at(4, 12) } })).toEqual(['e', 'f']);
    expect(ids({ range: { preset: 'custom', from: at(10, 1) } })).toEqual(['a']);
    expect(ids({ range: { preset: 'custom' } })).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('useTableFilters', () => {
  beforeEach(() => {
    useTableFilters.getState().clear('fills');
    useTableFilters.getState().clear('orders');
  });
  it('keeps each table its own range', () => {
    const { setRange } = useTableFilters.getState();
    setRange('fills', { preset: 'today' });
    setRange('orders', { preset: '7d' });
    const s = useTableFilters.getState();
    expect(s.fills).toEqual({ range: { preset: 'today' } });
    expect(s.orders).toEqual({ range: { preset: '7d' } });
    s.clear('fills');
    expect(useTableFilters.getState().fills).toEqual({ range: { preset: 'all' } });
  });
});

import { constructTable } from '@tanstack/react-table';
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalColumn, textColumn, timeColumn } from './column-builders';
import { dataTableFeatures, type DataColumnDef } from './data-table-features';
import { prependedCount } from '../../domain/prepended';
import { canSortRows, createRowSorter, sortRows } from './sort-rows';

interface Row {
  id: string;
  symbol?: string;
  price?: string;
  code?: string;
  time: number;
}

const columns: DataColumnDef<Row>[] = [
  timeColumn<Row>({ id: 'time', header: 'Time', value: (r) => r.time }),
  textColumn<Row>({ id: 'symbol', header: 'Symbol', value: (r) => r.symbol }),
  decimalColumn<Row>({ id: 'price', header: 'Price', value: (r) => r.price }),
  // Sort functions sortRows does not read from keys: a registered one and the column's own, inverted.
  { id: 'code', header: 'Code', accessorFn: (r: Row) => r.code, sortFn: 'alphanumeric' },
  {
    id: 'length',
    header: 'Length',
    accessorFn: (r: Row) => r.code,
    sortFn: (a, b, id) => String(a.getValue(id) ?? '').length - String(b.getValue(id) ?? '').length,
    invertSorting: true,
  },
];
const sortFns = dataTableFeatures.sortFns;

// constructTable (unlike useTable) needs the reactivity binding spelled out.
const withReactivity = { ...dataTableFeatures, coreReactivityFeature: storeReactivityBindings() };
const features: typeof dataTableFeatures = withReactivity;

/** What TanStack's own sorted row model makes of the same data and state. */
function tanstackOrder(data: Row[], sorting: { id: string; desc: boolean }[]): string[] {
  const table = constructTable({
    features,
    columns,
    data,
    getRowId: (r: Row) => r.id,
    defaultColumn: { sortUndefined: 'last' as const },
    initialState: { sorting },
  });
  return table.getRowModel().rows.map((r) => r.id);
}

// Prices that floats cannot tell apart (beyond 2^53, and digits past the 17th) and ones they can.
const price = fc.oneof(
  fc.constantFrom('100000000000000000001', '100000000000000000002', '0.10000000000000000001', '0.1', '-0', '0', '-3'),
  fc.integer({ min: -5_000, max: 5_000 }).map((n) => (n / 100).toString()),
);
const row = fc.record({
  symbol: fc.option(fc.constantFrom('BTCUSDT', 'btcusdt', 'ETH', 'eth-usdt', 'Sol'), { nil: undefined }),
  price: fc.option(price, { nil: undefined }),
  code: fc.option(fc.constantFrom('a2', 'a10', 'B1', 'b01', 'x'), { nil: undefined }),
  time: fc.integer({ min: 0, max: 20 }),
});
const sortEntry = fc.record({ id: fc.constantFrom('time', 'symbol', 'price', 'code', 'length'), desc: fc.boolean() });

describe('sortRows', () => {
  it('orders rows exactly as TanStack sorting does (decimals exact, text case-free, missing last, ties stable)', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.uniqueArray(sortEntry, { selector: (s) => s.id, minLength: 1, maxLength: 3 }),
        (rows, sorting) => {
          const data: Row[] = rows.map((r, i) => ({ ...r, id: `r${i}` }));
          expect(canSortRows(columns, sorting, sortFns)).toBe(true);
          expect(sortRows(data, columns, sorting, sortFns).map((r) => r.id)).toEqual(tanstackOrder(data, sorting));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('cannot sort by a column that is not there, has no value or names an unknown sort function', () => {
    const unknown: DataColumnDef<Row>[] = [{ id: 'x', accessorFn: (r: Row) => r.time, sortFn: 'nope' as 'basic' }];
    expect(canSortRows(unknown, [{ id: 'x', desc: false }], sortFns)).toBe(false);
    expect(canSortRows(columns, [{ id: 'nope', desc: false }], sortFns)).toBe(false);
    const display: DataColumnDef<Row>[] = [{ id: 'actions', header: 'Actions', cell: () => null }];
    expect(canSortRows(display, [{ id: 'actions', desc: false }], sortFns)).toBe(false);
  });

  it('a list that gains rows in front and loses its oldest is merged, equal to sorting it again', () => {
    const keyed = fc
      .uniqueArray(sortEntry, { selector: (e) => e.id, minLength: 1, maxLength: 2 })
      .filter((sorting) => sorting.every((e) => e.id !== 'code' && e.id !== 'length'));
    fc.assert(
      fc.property(
        keyed,
        fc.array(row, { maxLength: 30 }),
        fc.array(fc.record({ add: fc.array(row, { maxLength: 5 }), drop: fc.nat(4) }), { maxLength: 8 }),
        (sorting, start, steps) => {
          const sorter = createRowSorter<Row>();
          let n = 0;
          const named = (r: (typeof start)[number]): Row => ({ ...r, id: `r${n++}` });
          let list: readonly Row[] = start.map(named);
          expect(sorter(list, columns, sorting, sortFns)).toEqual(sortRows(list, columns, sorting, sortFns));
          for (const step of steps) {
            const next = [...step.add.map(named), ...list];
            list = next.slice(0, Math.max(0, next.length - step.drop));
            expect(sorter(list, columns, sorting, sortFns).map((r) => r.id)).toEqual(
              sortRows(list, columns, sorting, sortFns).map((r) => r.id),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells a prepend (and dropped tail) from any other change', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => ({ id, time: 0 }));
    expect(prependedCount([a, b], [c, a, b])).toBe(1);
    expect(prependedCount([a, b, c], [d, a, b])).toBe(1);
    expect(prependedCount([a, b], [a, b])).toBe(0);
    expect(prependedCount([a, b], [a, c])).toBe(-1);
    expect(prependedCount([a, b, c], [d, a, c])).toBe(-1);
    expect(prependedCount([], [a])).toBe(-1);
  });
});

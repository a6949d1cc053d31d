import { constructTable } from '@tanstack/react-table';
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import { describe, expect, it } from 'vitest';
import { decimalColumn, textColumn, timeColumn } from './column-builders';
import { dataTableFeatures, type DataColumnDef } from './data-table-features';
import { filterRowsByText } from './quick-filter';
import { extractTableExport } from './table-export';

interface Trade {
  id: string;
  symbol: string;
  price: string;
  fee?: string;
  time: number;
}

const columns: DataColumnDef<Trade>[] = [
  timeColumn<Trade>({ id: 'time', header: 'Time', value: (t) => t.time }),
  textColumn<Trade>({ id: 'symbol', header: 'Symbol', value: (t) => t.symbol }),
  decimalColumn<Trade>({ id: 'price', header: 'Price', value: (t) => t.price }),
  decimalColumn<Trade>({ id: 'fee', header: 'Fee', value: (t) => t.fee }),
  { id: 'actions', header: 'Actions', cell: () => null, meta: { exportable: false } },
];

const data: Trade[] = [
  { id: 'a', symbol: 'BTC-USDT', price: '71000', fee: '0.7', time: 1_000 },
  { id: 'b', symbol: 'ETH-USDT', price: '9.5', time: 3_000 },
  { id: 'c', symbol: 'BTCUSDT', price: '100000.25', fee: '-0.01', time: 2_000 },
  { id: 'd', symbol: 'eurusd', price: '-3', fee: '0', time: 4_000 },
];

// constructTable (unlike useTable) needs the reactivity binding spelled out.
const withReactivity = { ...dataTableFeatures, coreReactivityFeature: storeReactivityBindings() };
const features: typeof dataTableFeatures = withReactivity;

function makeTable(initial: {
  sorting?: { id: string; desc: boolean }[];
  globalFilter?: string;
  columnVisibility?: Record<string, boolean>;
}) {
  return constructTable({
    features,
    columns,
    // As DataTable does: the quick filter runs on the data, the table sorts what remains.
    data: filterRowsByText(data, columns, initial.globalFilter ?? ''),
    getRowId: (t: Trade) => t.id,
    defaultColumn: { sortUndefined: 'last' as const },
    initialState: { sorting: initial.sorting ?? [], columnVisibility: initial.columnVisibility ?? {} },
  });
}

describe('extractTableExport', () => {
  it('has the visible columns as header, leaving UI-only columns out', () => {
    const out = extractTableExport(makeTable({}));
    expect(out.header).toEqual(['Time', 'Symbol', 'Price', 'Fee']);
    expect(out.rows[0]).toEqual(['1970-01-01T00:00:01.000Z', 'BTC-USDT', '71000', '0.7']);
    expect(out.rows[1]).toEqual(['1970-01-01T00:00:03.000Z', 'ETH-USDT', '9.5', '']);
  });

  it('follows the sort: decimals numerically, missing values last', () => {
    const byPrice = extractTableExport(makeTable({ sorting: [{ id: 'price', desc: false }] }));
    expect(byPrice.rows.map((r) => r[2])).toEqual(['-3', '9.5', '71000', '100000.25']);
    const byPriceDesc = extractTableExport(makeTable({ sorting: [{ id: 'price', desc: true }] }));
    expect(byPriceDesc.rows.map((r) => r[2])).toEqual(['100000.25', '71000', '9.5', '-3']);
    const byFee = extractTableExport(makeTable({ sorting: [{ id: 'fee', desc: true }] }));
    expect(byFee.rows.map((r) => r[3])).toEqual(['0.7', '0', '-0.01', '']);
  });

  it('follows a sort changed after construction', () => {
    const table = makeTable({});
    table.setSorting([{ id: 'time', desc: true }]);
    expect(extractTableExport(table).rows.map((r) => r[1])).toEqual(['eurusd', 'ETH-USDT', 'BTCUSDT', 'BTC-USDT']);
  });

  it('exports only rows the quick filter keeps, and only visible columns', () => {
    const out = extractTableExport(
      makeTable({ globalFilter: 'btc', columnVisibility: { fee: false }, sorting: [{ id: 'price', desc: true }] }),
    );
    expect(out.header).toEqual(['Time', 'Symbol', 'Price']);
    expect(out.rows.map((r) => r[1])).toEqual(['BTCUSDT', 'BTC-USDT']);
  });
});

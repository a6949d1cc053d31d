import { describe, expect, it } from 'vitest';
import { decimalColumn, textColumn } from './column-builders';
import type { DataColumnDef } from './data-table-features';
import { filterRowsByText, warmRowTexts } from './quick-filter';

interface Row {
  conn: string;
  symbol: string;
  price: string;
}
const columns: DataColumnDef<Row>[] = [
  textColumn<Row>({ id: 'conn', header: 'Conn', value: (r) => r.conn }),
  textColumn<Row>({ id: 'symbol', header: 'Symbol', value: (r) => r.symbol }),
  decimalColumn<Row>({ id: 'price', header: 'Price', value: (r) => r.price }),
];
const rows: Row[] = [
  { conn: 'rails-btc', symbol: 'BTC-USDT', price: '71000' },
  { conn: 'zdex-main', symbol: 'BTCUSDT', price: '170' },
  { conn: 'zdex-main', symbol: 'ETHUSDT', price: '3500' },
];

describe('filterRowsByText', () => {
  it('returns the same array when there is nothing to filter', () => {
    expect(filterRowsByText(rows, columns, '  ')).toBe(rows);
  });

  it('matches text columns case-insensitively, every word somewhere', () => {
    expect(filterRowsByText(rows, columns, 'btc').map((r) => r.symbol)).toEqual(['BTC-USDT', 'BTCUSDT']);
    expect(filterRowsByText(rows, columns, 'ZDEX btc').map((r) => r.symbol)).toEqual(['BTCUSDT']);
  });

  it('does not search numeric columns', () => {
    expect(filterRowsByText(rows, columns, '170')).toEqual([]);
  });
});

describe('row texts', () => {
  it('are read once per row: a second filter and idle warming read no value again', () => {
    let reads = 0;
    const counted: DataColumnDef<Row>[] = [
      textColumn<Row>({
        id: 'symbol',
        header: 'Symbol',
        value: (r) => {
          reads++;
          return r.symbol;
        },
      }),
    ];
    const many = Array.from({ length: 6_000 }, (_, i) => ({ conn: 'c', symbol: `S${i}`, price: '1' }));
    // The browser's idle callbacks, run at once with time to spare.
    const idle = globalThis as { requestIdleCallback?: unknown; cancelIdleCallback?: unknown };
    idle.requestIdleCallback = (fn: (d: { timeRemaining: () => number }) => void) => {
      fn({ timeRemaining: () => 50 });
      return 1;
    };
    idle.cancelIdleCallback = () => undefined;
    try {
      warmRowTexts(many, counted);
      expect(reads).toBe(6_000);
      expect(filterRowsByText(many, counted, 's59').length).toBe(111); // S59, S590-S599, S5900-S5999
      expect(filterRowsByText(many, counted, 's1').length).toBeGreaterThan(1_000);
      expect(reads).toBe(6_000);
    } finally {
      delete idle.requestIdleCallback;
      delete idle.cancelIdleCallback;
    }
  });
});

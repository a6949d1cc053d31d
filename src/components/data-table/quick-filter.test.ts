import { describe, expect, it } from 'vitest';
import { decimalColumn, textColumn } from './column-builders';
import type { DataColumnDef } from './data-table-features';
import { filterRowsByText } from './quick-filter';

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

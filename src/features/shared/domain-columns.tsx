import type { RowData } from '@tanstack/react-table';
import { textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import type { Side } from '../../domain/types';
import { ConnectionName } from './connection-name';
import './features.css';

/** The connection a row came from: its id (sortable, exported), with the label as tooltip. */
export function connectionColumn<T extends RowData & { connectionId: string }>(size = 90): DataColumnDef<T> {
  return textColumn<T>({
    id: 'connection',
    header: 'Conn',
    size,
    value: (row) => row.connectionId,
    render: (id) => (id === undefined ? null : <ConnectionName id={id} />),
  });
}

export function symbolColumn<T extends RowData & { symbol: string }>(size = 90): DataColumnDef<T> {
  return textColumn<T>({
    id: 'symbol',
    header: 'Symbol',
    size,
    value: (row) => row.symbol,
    render: (s) => <span className="symbol">{s}</span>,
  });
}

/** Buy in green, sell in red. */
export function sideColumn<T extends RowData & { side?: Side }>(size = 44): DataColumnDef<T> {
  return textColumn<T>({
    id: 'side',
    header: 'Side',
    size,
    value: (row) => row.side,
    render: (side) =>
      side === undefined ? <span className="muted">—</span> : <span className={`side side--${side}`}>{side}</span>,
  });
}

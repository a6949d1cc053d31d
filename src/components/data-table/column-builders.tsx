import type { ReactNode } from 'react';
import type { RowData } from '@tanstack/react-table';
import { AgeText } from '../age-text';
import { formatTableTime, isoTime } from '../format/time-format';
import { NumberCell } from '../number-cell';
import { useNumberLocale } from '../use-number-locale';
import { useToday } from '../use-today';
import type { DataColumnDef } from './data-table-features';

/**
 * Small builders for the column kinds every panel uses. Each keeps the exact value as the cell value
 * (sorting and CSV read that), and renders it for the eye.
 */

interface ColumnBase {
  id: string;
  header: string;
  size?: number;
}

export function textColumn<T extends RowData>(
  base: ColumnBase & {
    value: (row: T) => string | undefined;
    render?: (value: string | undefined, row: T) => ReactNode;
  },
): DataColumnDef<T> {
  const { id, header, size, value, render } = base;
  return {
    id,
    header,
    size,
    accessorFn: (row: T) => value(row),
    sortFn: 'text',
    cell: (ctx) => {
      const v = ctx.getValue() as string | undefined;
      if (render) return render(v, ctx.row.original);
      return v === undefined ? <span className="muted">—</span> : <span title={v}>{v}</span>;
    },
  };
}

export function decimalColumn<T extends RowData>(
  base: ColumnBase & {
    value: (row: T) => string | undefined;
    /** Colour by sign and show "+" (PnL, signed quantities). */
    pnl?: boolean;
    decimals?: number;
    render?: (value: string | undefined, row: T) => ReactNode;
  },
): DataColumnDef<T> {
  const { id, header, size, value, pnl, decimals, render } = base;
  return {
    id,
    header,
    size,
    accessorFn: (row: T) => value(row),
    sortFn: 'decimal',
    meta: { numeric: true },
    cell: (ctx) => {
      const v = ctx.getValue() as string | undefined;
      return render ? render(v, ctx.row.original) : <NumberCell value={v} pnl={pnl} decimals={decimals} />;
    },
  };
}

/** A Unix-ms time shown as local "14:03:07.125" today, "6 Dec 14:03:07" before; exported as ISO 8601 UTC. */
export function timeColumn<T extends RowData>(
  base: ColumnBase & { value: (row: T) => number | undefined },
): DataColumnDef<T> {
  const { id, header, size, value } = base;
  return {
    id,
    header,
    size,
    accessorFn: (row: T) => value(row),
    sortFn: 'basic',
    sortDescFirst: true,
    meta: { numeric: true, exportValue: (v) => (typeof v === 'number' ? isoTime(v) : '') },
    cell: (ctx) => <TableTime time={ctx.getValue() as number | undefined} />,
  };
}

/** Today's time alone, another day's with its date; the tooltip is the exact ISO time (UTC, ms). */
function TableTime({ time }: { time: number | undefined }) {
  const today = useToday();
  const locale = useNumberLocale();
  if (time === undefined) return <span className="muted">—</span>;
  return (
    <time dateTime={isoTime(time)} title={isoTime(time)}>
      {formatTableTime(time, today, locale)}
    </time>
  );
}

/** A Unix-ms time shown as a live age ("3s ago"); exported as ISO 8601 UTC. */
export function ageColumn<T extends RowData>(
  base: ColumnBase & { value: (row: T) => number | undefined; warnAfterMs?: number },
): DataColumnDef<T> {
  const { id, header, size, value, warnAfterMs } = base;
  return {
    id,
    header,
    size,
    accessorFn: (row: T) => value(row),
    sortFn: 'basic',
    sortDescFirst: true,
    meta: { numeric: true, exportValue: (v) => (typeof v === 'number' ? isoTime(v) : '') },
    cell: (ctx) => <AgeText time={ctx.getValue() as number | undefined} warnAfterMs={warnAfterMs} />,
  };
}

/** A plain number (counts, rates, leverage). */
export function countColumn<T extends RowData>(
  base: ColumnBase & { value: (row: T) => number | undefined; format?: (value: number) => string },
): DataColumnDef<T> {
  const { id, header, size, value, format } = base;
  return {
    id,
    header,
    size,
    accessorFn: (row: T) => value(row),
    sortFn: 'basic',
    meta: { numeric: true },
    cell: (ctx) => {
      const v = ctx.getValue() as number | undefined;
      return v === undefined ? (
        <span className="muted">—</span>
      ) : (
        <span className="num">{format ? format(v) : String(v)}</span>
      );
    },
  };
}

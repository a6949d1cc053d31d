import type { RowData } from '@tanstack/react-table';
import { decimalColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import { fixedPrecision, moneyPrecision } from '../../components/format/display-precision';
import { NumberCell } from '../../components/number-cell';
import { instrumentKey } from '../../domain/instrument';
import { selectSymbolPrecision, type SymbolPrecision } from '../../store/display-precision';
import { usePortfolio } from '../../store/portfolio-store';

/**
 * Number cells shown to the precision of what they are: a price to its symbol's tick, a quantity to
 * its step (store/display-precision.ts), money to its asset's rule (components/format). The cell's
 * value, its tooltip and the CSV keep the exact venue text.
 */

type SymbolRow = RowData & { connectionId: string; symbol: string };

/** Decimals of one symbol's prices or quantities; undefined when nothing says (significant digits then). */
export function useSymbolDecimals(
  connectionId: string,
  symbol: string,
  field: keyof SymbolPrecision,
): number | undefined {
  return usePortfolio((s) => selectSymbolPrecision(s).get(instrumentKey(connectionId, symbol))?.[field]);
}

interface GridCellProps {
  value: string | undefined;
  connectionId: string;
  symbol: string;
  field: keyof SymbolPrecision;
  pnl?: boolean;
  title?: string;
}

/** A price or quantity on its symbol's grid. */
export function GridNumberCell({ value, connectionId, symbol, field, pnl, title }: GridCellProps) {
  const decimals = useSymbolDecimals(connectionId, symbol, field);
  return (
    <NumberCell
      value={value}
      precision={decimals === undefined ? undefined : fixedPrecision(decimals)}
      pnl={pnl}
      title={title}
    />
  );
}

interface GridColumnBase<T> {
  id: string;
  header: string;
  size?: number;
  value: (row: T) => string | undefined;
  pnl?: boolean;
}

/** A price column: shown to the tick's decimals. */
export function priceColumn<T extends SymbolRow>(base: GridColumnBase<T>): DataColumnDef<T> {
  return decimalColumn<T>({
    ...base,
    render: (v, row) => (
      <GridNumberCell value={v} connectionId={row.connectionId} symbol={row.symbol} field="price" pnl={base.pnl} />
    ),
  });
}

/** A quantity column: shown to the step's decimals. */
export function quantityColumn<T extends SymbolRow>(base: GridColumnBase<T>): DataColumnDef<T> {
  return decimalColumn<T>({
    ...base,
    render: (v, row) => (
      <GridNumberCell value={v} connectionId={row.connectionId} symbol={row.symbol} field="quantity" pnl={base.pnl} />
    ),
  });
}

/** An amount of money in an asset (fee, PnL, balance): 2 decimals for USD-like assets, up to 8 for coins. */
export function moneyColumn<T extends RowData>(
  base: GridColumnBase<T> & { asset: (row: T) => string | undefined },
): DataColumnDef<T> {
  const { asset, ...rest } = base;
  return decimalColumn<T>({
    ...rest,
    render: (v, row) => <NumberCell value={v} precision={moneyPrecision(asset(row))} pnl={base.pnl} />,
  });
}

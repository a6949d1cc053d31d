import type { RefObject } from 'react';
import type { DataTableHandle } from '../../components/data-table/data-table';
import { downloadText } from '../../components/download';
import { toCsv } from '../../store/csv';

interface CsvExportButtonProps {
  /** The table whose displayed rows are exported. */
  tableRef: RefObject<DataTableHandle | null>;
  /** "orders" -> button `data-testid="export-csv-orders"`, file `orders.csv`. */
  name: string;
}

/** Downloads the table exactly as shown (visible columns, filter and sort applied) as RFC 4180 CSV. */
export function CsvExportButton({ tableRef, name }: CsvExportButtonProps) {
  const exportCsv = () => {
    const table = tableRef.current;
    if (!table) return;
    const { header, rows } = table.getExport();
    downloadText(`${name}.csv`, toCsv(header, rows), 'text/csv');
  };
  return (
    <button
      type="button"
      className="btn"
      data-testid={`export-csv-${name}`}
      onClick={exportCsv}
      title={`Download ${name} as shown (CSV)`}
    >
      CSV
    </button>
  );
}

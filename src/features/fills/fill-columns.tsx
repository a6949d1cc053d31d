import { textColumn, timeColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import type { Fill } from '../../domain/types';
import { fillKey } from '../../store/state';
import { connectionColumn, sideColumn, symbolColumn } from '../shared/domain-columns';
import { moneyColumn, priceColumn, quantityColumn } from '../shared/precision-cells';

export const fillColumns: DataColumnDef<Fill>[] = [
  timeColumn<Fill>({ id: 'time', header: 'Time', size: 96, value: (f) => f.time }),
  connectionColumn<Fill>(76),
  symbolColumn<Fill>(76),
  sideColumn<Fill>(40),
  priceColumn<Fill>({ id: 'price', header: 'Price', size: 76, value: (f) => f.price }),
  quantityColumn<Fill>({ id: 'quantity', header: 'Qty', size: 60, value: (f) => f.quantity }),
  moneyColumn<Fill>({ id: 'fee', header: 'Fee', size: 56, value: (f) => f.fee, asset: (f) => f.feeAsset }),
  textColumn<Fill>({ id: 'feeAsset', header: 'Fee asset', size: 46, value: (f) => f.feeAsset }),
  textColumn<Fill>({ id: 'liquidity', header: 'Liq', size: 44, value: (f) => f.liquidity }),
  textColumn<Fill>({ id: 'orderId', header: 'Order id', size: 66, value: (f) => f.orderId }),
  textColumn<Fill>({
    id: 'inferred',
    header: 'Src',
    size: 54,
    value: (f) => (f.inferred ? 'inferred' : 'venue'),
    render: (source) =>
      source === 'inferred' ? (
        <span className="tag" title="No execution report from the venue: inferred from a position or order change">
          inferred
        </span>
      ) : (
        <span className="muted">venue</span>
      ),
  }),
];

export const fillRowId = (f: Fill): string => fillKey(f.connectionId, f.fillId);

import { textColumn, timeColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import type { Order } from '../../domain/types';
import { orderKey } from '../../store/state';
import { connectionColumn, sideColumn, symbolColumn } from '../shared/domain-columns';
import { priceColumn, quantityColumn } from '../shared/precision-cells';
import { OrderStatusCell } from './order-status-cell';

export const orderColumns: DataColumnDef<Order>[] = [
  connectionColumn<Order>(76),
  symbolColumn<Order>(80),
  sideColumn<Order>(40),
  textColumn<Order>({ id: 'type', header: 'Type', size: 46, value: (o) => o.type }),
  textColumn<Order>({
    id: 'status',
    header: 'Status',
    size: 100,
    value: (o) => o.status,
    render: (_status, o) => <OrderStatusCell order={o} />,
  }),
  priceColumn<Order>({ id: 'price', header: 'Price', size: 76, value: (o) => o.price }),
  quantityColumn<Order>({ id: 'quantity', header: 'Qty', size: 56, value: (o) => o.quantity }),
  quantityColumn<Order>({ id: 'filled', header: 'Filled', size: 56, value: (o) => o.filledQuantity }),
  priceColumn<Order>({ id: 'avgPrice', header: 'Avg price', size: 76, value: (o) => o.averagePrice }),
  timeColumn<Order>({ id: 'updated', header: 'Updated', size: 96, value: (o) => o.updatedAt }),
  textColumn<Order>({ id: 'orderId', header: 'Order id', size: 72, value: (o) => o.orderId }),
];

export const orderRowId = (o: Order): string => orderKey(o.connectionId, o.orderId);

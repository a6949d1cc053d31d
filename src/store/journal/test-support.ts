import type { DomainEvent } from '../../domain/events';
import type { ConnectionDiagnostics, Fill, OrderStatus, OrderUpdate } from '../../domain/types';
import type { IngestBatch } from '../../ingest/protocol';
import type { EquitySample } from '../state';
import { quietDiagnostics } from '../../domain/diagnostics';

/** Builders for the journal's tests. */
export const C = 'zdex-main';
export const T0 = 1_756_478_000_000;

export const fill = (id: string, time: number, over: Partial<Fill> = {}): Fill => ({
  connectionId: C,
  fillId: id,
  orderId: 'o1',
  symbol: 'BTCUSDT',
  side: 'buy',
  price: '71000',
  quantity: '0.1',
  time,
  ...over,
});

export const order = (
  id: string,
  status: OrderStatus,
  updatedAt: number,
  over: Partial<OrderUpdate> = {},
): OrderUpdate => ({
  connectionId: C,
  orderId: id,
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity: '1',
  status,
  updatedAt,
  ...over,
});

export const sample = (time: number, equity = '1000'): EquitySample => ({
  time,
  equity,
  unrealizedPnl: '0',
  realizedPnl: '0',
});

export const diag = (connectionId = C): ConnectionDiagnostics =>
  quietDiagnostics(connectionId, 'zdex', 'live', { messagesTotal: 1 });

let seq = 0;
export const batch = (events: DomainEvent[], over: Partial<IngestBatch> = {}): IngestBatch => ({
  type: 'batch',
  seq: ++seq,
  events,
  connections: [],
  removed: [],
  ...over,
});

export const fillEvents = (fills: Fill[]): DomainEvent[] => fills.map((f) => ({ kind: 'fill', fill: f }));
export const orderEvents = (orders: OrderUpdate[]): DomainEvent[] => orders.map((o) => ({ kind: 'order', order: o }));

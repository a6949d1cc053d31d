import { TERMINAL_ORDER_STATUSES } from '../src/domain/types';
import type { PortfolioState } from '../src/store/state';
import { keyToken, type StateRecord } from '../src/venues/desk/wire';

/**
 * The state bucket's changes between two states of the collector's own store (the same pure reducers
 * as the dashboard): every position, balance, open order, account figure, instrument and latest mark
 * that changed, by key `<connectionId>.<kind>.<token>`; a position that closed becomes its close, a
 * terminal order leaves the bucket (null: delete). Unchanged values are the same objects (immutable
 * Maps), so the diff is one identity test per entry.
 */
export function stateChanges(before: PortfolioState, after: PortfolioState): Map<string, StateRecord | null> {
  const out = new Map<string, StateRecord | null>();
  for (const [key, position] of after.positions)
    if (before.positions.get(key) !== position)
      out.set(`${position.connectionId}.position.${keyToken(position.symbol)}`, { kind: 'position', position });
  for (const [key, position] of before.positions)
    if (!after.positions.has(key)) {
      const time = after.positionClosedAt.get(key) ?? position.updatedAt;
      out.set(`${position.connectionId}.position.${keyToken(position.symbol)}`, {
        kind: 'position-closed',
        closed: { connectionId: position.connectionId, symbol: position.symbol, time },
      });
    }
  for (const [key, balance] of after.balances)
    if (before.balances.get(key) !== balance)
      out.set(`${balance.connectionId}.balance.${keyToken(balance.asset)}`, { kind: 'balance', balance });
  for (const [key, order] of after.orders) {
    if (before.orders.get(key) === order) continue;
    const stateKey = `${order.connectionId}.order.${keyToken(order.orderId)}`;
    const terminal = order.status !== undefined && TERMINAL_ORDER_STATUSES.has(order.status);
    out.set(stateKey, terminal ? null : { kind: 'order', order });
  }
  for (const [key, summary] of after.summaries)
    if (before.summaries.get(key) !== summary)
      out.set(`${summary.connectionId}.account-summary`, { kind: 'account-summary', summary });
  for (const [key, instrument] of after.instruments)
    if (before.instruments.get(key) !== instrument)
      out.set(`${instrument.connectionId}.instrument.${keyToken(instrument.symbol)}`, {
        kind: 'instrument',
        instrument,
      });
  for (const [key, mark] of after.marks)
    if (before.marks.get(key) !== mark)
      out.set(`${mark.connectionId}.mark.${keyToken(mark.symbol)}.${mark.kind}`, { kind: 'mark', mark });
  return out;
}

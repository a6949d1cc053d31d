import type { Fill, OrderUpdate } from '../../domain/types';
import { ChunkedMap, ChunkedMapDraft } from '../../store/chunked-map';
import type { ConnectionsState } from '../../store/connections-store';
import { fillKey, type PortfolioState } from '../../store/state';

/**
 * PortfolioState in a form the structured clone of postMessage keeps: plain Maps and arrays cross
 * as they are; the two ChunkedMaps (a class the clone would flatten) cross as entries. The fills
 * cross once, as the newest-first list the state keeps beside the map (the same fills), and the map
 * is rebuilt from it, so each fill object is shared by both as in the owner.
 */
export type PortfolioWire = Omit<PortfolioState, 'orders' | 'fills'> & {
  orders: [string, OrderUpdate][];
};

export function portfolioToWire(state: PortfolioState): PortfolioWire {
  return {
    connections: state.connections,
    orders: [...state.orders.entries()],
    fillsByTime: state.fillsByTime,
    positions: state.positions,
    balances: state.balances,
    summaries: state.summaries,
    marks: state.marks,
    instruments: state.instruments,
    notifications: state.notifications,
    positionClosedAt: state.positionClosedAt,
    closedRealized: state.closedRealized,
    closedRealizedInferred: state.closedRealizedInferred,
    equityHistory: state.equityHistory,
    gaps: state.gaps,
    applyFaults: state.applyFaults,
    lastBatchSeq: state.lastBatchSeq,
  };
}

function chunked<V>(entries: Iterable<[string, V]>): ChunkedMap<V> {
  const draft = new ChunkedMapDraft(ChunkedMap.empty<V>());
  for (const [key, value] of entries) draft.set(key, value);
  return draft.finish();
}

export function portfolioFromWire(wire: PortfolioWire): PortfolioState {
  const { orders, fillsByTime, ...rest } = wire;
  return {
    ...rest,
    orders: chunked(orders),
    fills: chunked(fillsByTime.map((f): [string, Fill] => [fillKey(f.connectionId, f.fillId), f])),
    fillsByTime,
  };
}

/** The connections store's data (its actions stay behind): configs, in memory with their secrets. */
export type ConnectionsWire = Pick<ConnectionsState, 'configs' | 'enabled' | 'generation' | 'waiting'>;

export function connectionsToWire(s: ConnectionsWire): ConnectionsWire {
  return { configs: s.configs, enabled: s.enabled, generation: s.generation, waiting: s.waiting };
}

import type { JournalChanges } from './changes';

/**
 * The changes minus everything of the given connections: a replay's rows (src/store/recording-store.ts)
 * are shown, never journaled, so a reload does not bring back a recording as if it were an account.
 */
export function withoutConnections(changes: JournalChanges, skip: (connectionId: string) => boolean): JournalChanges {
  const keep = <T extends { connectionId: string }>(items: T[]) => items.filter((item) => !skip(item.connectionId));
  return {
    ...changes,
    fills: keep(changes.fills),
    orders: keep(changes.orders),
    droppedOrders: keep(changes.droppedOrders),
    realized: keep(changes.realized),
    droppedRealized: changes.droppedRealized.filter((key) => !skip(key.slice(0, key.indexOf('|')))),
    instruments: keep(changes.instruments),
    droppedInstruments: keep(changes.droppedInstruments),
    gaps: keep(changes.gaps),
    droppedGaps: keep(changes.droppedGaps),
    liveness: keep(changes.liveness),
    droppedLiveness: changes.droppedLiveness.filter((id) => !skip(id)),
  };
}

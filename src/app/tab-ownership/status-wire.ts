import { useConnectionsPersistence, type ConnectionsPersistenceStatus } from '../../store/connections-persistence';
import { useJournalStatus, type JournalStatus } from '../../store/journal';

/** The owner's status stores as a follower shows them (controllers stay with the owner). */
export interface StatusWire {
  journal: Omit<JournalStatus, 'controller'>;
  savedConnections: ConnectionsPersistenceStatus;
}

export function statusToWire(): StatusWire {
  const { controller: _controller, ...journal } = useJournalStatus.getState();
  return { journal, savedConnections: useConnectionsPersistence.getState() };
}

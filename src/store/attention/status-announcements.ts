import type { ConnectionStatus } from '../../domain/types';

/**
 * What a screen reader hears when a connection's state changes: the board's live region
 * (features/header/status-announcer.tsx) reads these. Only the changes a trader acts on: a
 * connection that goes live, drops, fails or is disconnected; a stale stream (quiet for a while) and a
 * planned renewal are left to the table. Pure: the statuses before and after.
 */
const SPOKEN: Partial<Record<ConnectionStatus, string>> = {
  live: 'live',
  reconnecting: 'connection lost, reconnecting',
  error: 'failed, see its row',
  disconnected: 'disconnected',
};

export function statusAnnouncements(
  prev: ReadonlyMap<string, ConnectionStatus>,
  next: ReadonlyMap<string, ConnectionStatus>,
): string[] {
  const said: string[] = [];
  for (const [id, status] of next) {
    const before = prev.get(id);
    if (before === status) continue;
    // A stale stream that talks again was live all along: nothing to say.
    if (status === 'live' && (before === undefined || before === 'stale')) continue;
    const words = SPOKEN[status];
    if (words !== undefined) said.push(`${id}: ${words}`);
  }
  return said;
}

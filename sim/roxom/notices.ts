import type { RoxomAccountNotice } from '../../src/venues/roxom/wire';

/** Account-channel notices [guess: the docs list the channel without a schema; wire.ts's guessed shape]. */
const NOTICES: readonly Pick<RoxomAccountNotice, 'level' | 'message'>[] = [
  { level: 'info', message: 'API key used from a new IP address' },
  { level: 'warning', message: 'Margin usage above 80% on an isolated position' },
  { level: 'info', message: 'Scheduled maintenance window announced' },
];

export function notice(sequence: number, accountId: string, timestamp: bigint): RoxomAccountNotice {
  const n = NOTICES[sequence % NOTICES.length] ?? { level: 'info', message: 'notice' };
  return { accountId, level: n.level, message: n.message, timestamp };
}

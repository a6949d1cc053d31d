import type { DomainEvent } from '../../domain/events';
import { RENEWING_CREDENTIAL, type ConnectionDiagnostics, type ConnectionStatus } from '../../domain/types';
import { isAlertNotification } from '../alerts/alert-notification';
import { fillKey, type PortfolioState } from '../state';
import type { SoundKind } from './sound-kinds';

/**
 * Which sounds a change of the portfolio makes. Pure: the events that arrived (a frame's batches, or
 * the alerts the page raised), the state before and after applying them.
 *
 * Only what happens while the page runs makes a sound. What the journal restores at start and what a
 * follower tab copies from the owner are no events here (the store applies them whole). A replay row
 * plays a recording's history: never a sound. A fill or notification stamped before the page started
 * (beyond a clock skew) is history a venue sent again on connect: no sound either.
 */
export interface SoundContext {
  /** When the page started listening (Unix ms). */
  since: number;
  /** A replay row (src/store/recording-store.ts): its events are a recording's history. */
  isReplay(connectionId: string): boolean;
}

/** How far a venue's clock may be behind the page's for an event of this session still to count. */
export const CLOCK_SKEW_MS = 10_000;

const UP: ReadonlySet<ConnectionStatus> = new Set(['live', 'stale']);
/** Down from up: dropped (reconnecting), failed (error), or disconnected. */
const DOWN: ReadonlySet<ConnectionStatus> = new Set(['reconnecting', 'error', 'disconnected']);

export function soundsForChange(
  events: Iterable<DomainEvent>,
  prev: PortfolioState,
  next: PortfolioState,
  context: SoundContext,
): Set<SoundKind> {
  const sounds = new Set<SoundKind>();
  const recent = (time: number) => time >= context.since - CLOCK_SKEW_MS;
  let knownNotifications: Set<string> | undefined;
  for (const e of events) {
    if (e.kind === 'fill' && !sounds.has('fills')) {
      const { fill } = e;
      const key = fillKey(fill.connectionId, fill.fillId);
      // A fill the store already held (sent again) is not new; one the store refused is not shown.
      if (!context.isReplay(fill.connectionId) && recent(fill.time) && !prev.fills.has(key) && next.fills.has(key))
        sounds.add('fills');
    } else if (e.kind === 'notification' && !sounds.has('alerts')) {
      const n = e.notification;
      if (context.isReplay(n.connectionId) || !recent(n.time) || !isAlertWorthy(n)) continue;
      knownNotifications ??= new Set(prev.notifications.map((x) => `${x.connectionId}|${x.id}`));
      if (!knownNotifications.has(`${n.connectionId}|${n.id}`)) sounds.add('alerts');
    }
  }
  if (next.connections !== prev.connections) {
    for (const [id, c] of next.connections) {
      const before = prev.connections.get(id);
      if (before && !context.isReplay(id) && dropped(before, c)) {
        sounds.add('disconnects');
        break;
      }
    }
  }
  return sounds;
}

/**
 * The user's own alert rules fire alerts; a venue's notification is one when it is a warning or an
 * error (a triggered price alert is a warning; an informational notice is not worth a sound).
 */
function isAlertWorthy(n: { id: string; level: string }): boolean {
  return isAlertNotification(n) || n.level === 'warning' || n.level === 'error';
}

/**
 * A connection that was up went down: reconnecting, error or disconnected, except a planned reconnect
 * (a socket replaced to renew its credential). One that dropped and came back between two
 * observations (a hidden tab applies frames about once a second) shows as a grown reconnect count
 * with a new error logged (a planned renewal logs none).
 */
type Observed = Pick<ConnectionDiagnostics, 'status' | 'reason'> &
  Partial<Pick<ConnectionDiagnostics, 'reconnects' | 'errors'>>;

export function dropped(before: Observed, now: Observed): boolean {
  if (!UP.has(before.status)) return false;
  if (DOWN.has(now.status)) return now.reason !== RENEWING_CREDENTIAL;
  return (now.reconnects ?? 0) > (before.reconnects ?? 0) && newestErrorAt(now) > newestErrorAt(before);
}

const newestErrorAt = (c: Observed): number => c.errors?.[c.errors.length - 1]?.time ?? 0;

import type { Notification, NotificationLevel } from '../../domain/types';
import type { PortfolioState } from '../../store/state';

/**
 * The pure part of the notifications panel: ordering, the level filter and the unread count.
 * Venue notifications and price alerts arrive as `Notification` events; the store appends them in
 * arrival order, de-duplicated by connection and id, bounded to the newest few hundred.
 */

/** Which notifications the panel shows: every level, warnings and errors, or errors only. */
export type LevelFilter = 'all' | 'warning' | 'error';

const LEVEL_RANK: Record<NotificationLevel, number> = { info: 0, warning: 1, error: 2 };
const FILTER_MIN_RANK: Record<LevelFilter, number> = { all: 0, warning: 1, error: 2 };

/** `connectionId|id`: the store's own identity of a notification (row id, read watermark). */
export const notificationKey = (n: Pick<Notification, 'connectionId' | 'id'>): string => `${n.connectionId}|${n.id}`;

/** Whether a notification passes the level filter (a level this build does not know counts as info). */
export function passesLevel(n: Pick<Notification, 'level'>, filter: LevelFilter): boolean {
  return (LEVEL_RANK[n.level] ?? 0) >= FILTER_MIN_RANK[filter];
}

export function filterByLevel(notifications: readonly Notification[], filter: LevelFilter): readonly Notification[] {
  return filter === 'all' ? notifications : notifications.filter((n) => passesLevel(n, filter));
}

/**
 * Newest first: by time, then by arrival (the store appends in arrival order), so two notifications
 * stamped the same millisecond keep the later arrival on top.
 */
export function newestFirst(notifications: readonly Notification[]): Notification[] {
  const indexed = notifications.map((n, i) => ({ n, i }));
  indexed.sort((a, b) => b.n.time - a.n.time || b.i - a.i);
  return indexed.map((x) => x.n);
}

/** The store's notifications, newest first (memoized on the list's identity). */
export const selectNotificationsNewestFirst: (s: PortfolioState) => Notification[] = (() => {
  let last: readonly Notification[] | undefined;
  let result: Notification[] = [];
  return (s: PortfolioState) => {
    if (s.notifications !== last) {
      last = s.notifications;
      result = newestFirst(s.notifications);
    }
    return result;
  };
})();

/**
 * How many notifications the user has not seen: those not among the keys present when they last
 * clicked "Mark read". A key set (rather than a count or a time) stays right when the store drops
 * the oldest entries at its bound, forgets a removed connection's entries, or a venue stamps times
 * out of order.
 */
export function countUnread(notifications: readonly Notification[], read: ReadonlySet<string>): number {
  let unread = 0;
  for (const n of notifications) if (!read.has(notificationKey(n))) unread++;
  return unread;
}

/** The read watermark after "Mark read": every notification now present (bounded by the store's bound). */
export function markAllRead(notifications: readonly Notification[]): ReadonlySet<string> {
  return new Set(notifications.map(notificationKey));
}

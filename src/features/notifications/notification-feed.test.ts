import { describe, expect, it } from 'vitest';
import type { Notification } from '../../domain/types';
import { applyEvents } from '../../store/apply-batch';
import { emptyPortfolio, LIMITS } from '../../store/state';
import {
  countUnread,
  filterByLevel,
  markAllRead,
  newestFirst,
  passesLevel,
  selectNotificationsNewestFirst,
} from './notification-feed';

const T = 1_756_478_000_000;
const n = (id: string, level: Notification['level'], time: number, connectionId = 'z'): Notification => ({
  connectionId,
  id,
  level,
  title: `t${id}`,
  time,
});

describe('level filter', () => {
  const list = [n('1', 'info', T), n('2', 'warning', T), n('3', 'error', T)];
  it('all shows every level; warning shows warnings and errors; error only errors', () => {
    expect(filterByLevel(list, 'all').map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(filterByLevel(list, 'warning').map((x) => x.id)).toEqual(['2', '3']);
    expect(filterByLevel(list, 'error').map((x) => x.id)).toEqual(['3']);
  });
  it('treats a level it does not know as info', () => {
    const odd = { level: 'debug' } as unknown as Notification;
    expect(passesLevel(odd, 'all')).toBe(true);
    expect(passesLevel(odd, 'warning')).toBe(false);
  });
});

describe('newest first', () => {
  it('orders by time, then later arrival first', () => {
    const list = [n('a', 'info', T + 1), n('b', 'info', T + 5), n('c', 'info', T + 1), n('d', 'info', T)];
    expect(newestFirst(list).map((x) => x.id)).toEqual(['b', 'c', 'a', 'd']);
  });
  it('memoizes on the store list', () => {
    const s = applyEvents(emptyPortfolio(), [{ kind: 'notification', notification: n('1', 'info', T) }]);
    expect(selectNotificationsNewestFirst({ ...s })).toBe(selectNotificationsNewestFirst(s));
  });
});

describe('unread counting', () => {
  it('counts everything before the first "Mark read", nothing right after, then only what arrives later', () => {
    let s = applyEvents(emptyPortfolio(), [
      { kind: 'notification', notification: n('1', 'info', T) },
      { kind: 'notification', notification: n('2', 'error', T + 1) },
    ]);
    expect(countUnread(s.notifications, new Set())).toBe(2);
    const read = markAllRead(s.notifications);
    expect(countUnread(s.notifications, read)).toBe(0);
    s = applyEvents(s, [
      { kind: 'notification', notification: n('3', 'warning', T + 2) },
      // a duplicate of a read one (same connection and id) is dropped by the store
      { kind: 'notification', notification: n('1', 'info', T) },
      // the same id from another connection is a different notification
      { kind: 'notification', notification: n('1', 'info', T + 3, 'other') },
    ]);
    expect(countUnread(s.notifications, read)).toBe(2);
  });

  it('a late notification stamped earlier than the read ones still counts as unread', () => {
    const first = [n('1', 'info', T + 100)];
    const read = markAllRead(first);
    expect(countUnread([...first, n('2', 'info', T)], read)).toBe(1);
  });

  it('stays right when the store drops the oldest at its bound', () => {
    const events = Array.from({ length: LIMITS.notifications }, (_, i) => ({
      kind: 'notification' as const,
      notification: n(String(i), 'info', T + i),
    }));
    let s = applyEvents(emptyPortfolio(), events);
    const read = markAllRead(s.notifications);
    s = applyEvents(s, [{ kind: 'notification', notification: n('new', 'warning', T + 10_000) }]);
    expect(s.notifications).toHaveLength(LIMITS.notifications);
    expect(countUnread(s.notifications, read)).toBe(1);
  });
});

import { useCallback, useMemo, useState } from 'react';
import { DataTable } from '../../components/data-table/data-table';
import { Panel } from '../../components/panel';
import type { Notification } from '../../domain/types';
import { usePortfolio } from '../../store/portfolio-store';
import { notificationColumns, notificationRowId } from './notification-columns';
import { filterByLevel, notificationKey, selectNotificationsNewestFirst, type LevelFilter } from './notification-feed';
import { useNotificationsRead } from './read-store';
import { useUnreadCount } from './use-unread-count';
import './notifications.css';

const FILTERS: { value: LevelFilter; label: string; title: string }[] = [
  { value: 'all', label: 'All', title: 'Every level' },
  { value: 'warning', label: 'Warn+', title: 'Warnings and errors' },
  { value: 'error', label: 'Error', title: 'Errors only' },
];

/**
 * Venue notifications, price alerts and the user's own alerts (Src "alert"), newest first. The unread
 * count covers every level and resets on "Mark read"; the read watermark (the keys present at that
 * moment) lives in read-store.ts, so it outlives the panel and the tab title shows the same count.
 */
export function NotificationsPanel() {
  const [level, setLevel] = useState<LevelFilter>('all');
  const read = useNotificationsRead((s) => s.read);
  const markAllRead = useNotificationsRead((s) => s.markAllRead);
  const all = usePortfolio(selectNotificationsNewestFirst);
  const rows = useMemo(() => filterByLevel(all, level), [all, level]);
  const unread = useUnreadCount();
  const rowClassName = useCallback(
    (n: Notification) => (read.has(notificationKey(n)) ? undefined : 'notif--unread'),
    [read],
  );

  const toolbar = (
    <>
      <div className="btn-group" role="group" aria-label="Which levels">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            className="btn"
            data-testid={`notifications-filter-${f.value}`}
            aria-pressed={level === f.value}
            title={f.title}
            onClick={() => setLevel(f.value)}
          >
            {f.label}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="btn"
        data-testid="notifications-mark-read"
        onClick={() => markAllRead(all)}
        title="Mark every notification read"
      >
        Mark read
      </button>
    </>
  );

  const meta = (
    <>
      <span className={unread > 0 ? 'notif-unread' : undefined} data-testid="notifications-unread" data-count={unread}>
        {unread} unread
      </span>
      {` · ${level === 'all' ? all.length : `${rows.length}/${all.length}`}`}
    </>
  );

  return (
    <Panel id="notifications" title="Notifications" meta={meta} toolbar={toolbar}>
      <DataTable
        label="Notifications"
        data={rows}
        columns={notificationColumns}
        getRowId={notificationRowId}
        rowTestId="notification-row"
        rowClassName={rowClassName}
        emptyText={all.length === 0 ? 'No notifications yet' : 'Nothing at this level'}
      />
    </Panel>
  );
}

import { useMemo } from 'react';
import { usePortfolio } from '../../store/portfolio-store';
import { countUnread } from './notification-feed';
import { useNotificationsRead } from './read-store';

/** How many notifications in the feed are unread (every level), for the panel and the tab title. */
export function useUnreadCount(): number {
  const notifications = usePortfolio((s) => s.notifications);
  const read = useNotificationsRead((s) => s.read);
  return useMemo(() => countUnread(notifications, read), [notifications, read]);
}

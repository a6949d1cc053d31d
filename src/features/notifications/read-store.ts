import { create } from 'zustand';
import type { Notification } from '../../domain/types';
import { markAllRead } from './notification-feed';

/**
 * The notifications' read watermark: the keys present when the user last clicked "Mark read"
 * (notification-feed.ts says why a key set). Kept here rather than in the panel, so it outlives the
 * panel being hidden or closed and the tab title can count the unread ones. For the page only: a
 * reload starts with everything in the feed unread, as the feed itself starts afresh.
 */
export interface NotificationReadState {
  read: ReadonlySet<string>;
  /** Every notification now in the feed counts as read. */
  markAllRead(notifications: readonly Notification[]): void;
}

const NOTHING_READ: ReadonlySet<string> = new Set();

export const useNotificationsRead = create<NotificationReadState>()((set) => ({
  read: NOTHING_READ,
  markAllRead: (notifications) => set({ read: markAllRead(notifications) }),
}));

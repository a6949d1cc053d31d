import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../domain/types';
import { applyEvents } from '../../store/apply-batch';
import { emptyPortfolio } from '../../store/state';
import { countUnread } from './notification-feed';
import { useNotificationsRead } from './read-store';
import { APP_TITLE, unreadTitle } from './unread-title';

const n = (id: string, time: number): Notification => ({ connectionId: 'z', id, level: 'info', title: id, time });

describe('the tab title', () => {
  it('is the title index.html sets, with the unread count in front while there is one', () => {
    const html = readFileSync(new URL('../../../index.html', import.meta.url), 'utf8');
    expect(html).toContain(`<title>${APP_TITLE}</title>`);
    expect(unreadTitle(0)).toBe('Venueboard');
    expect(unreadTitle(1)).toBe('(1) Venueboard');
    expect(unreadTitle(42)).toBe('(42) Venueboard');
  });
});

describe('the read watermark store', () => {
  it('Mark read clears the count; what arrives afterwards counts again', () => {
    let s = applyEvents(emptyPortfolio(), [
      { kind: 'notification', notification: n('1', 1) },
      { kind: 'notification', notification: n('2', 2) },
    ]);
    const unread = () => countUnread(s.notifications, useNotificationsRead.getState().read);
    expect(unreadTitle(unread())).toBe('(2) Venueboard');
    useNotificationsRead.getState().markAllRead(s.notifications);
    expect(unreadTitle(unread())).toBe('Venueboard');
    s = applyEvents(s, [{ kind: 'notification', notification: n('3', 3) }]);
    expect(unreadTitle(unread())).toBe('(1) Venueboard');
  });
});

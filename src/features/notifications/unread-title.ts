/** The tab's title as index.html sets it: the base the unread count is put in front of. */
export const APP_TITLE = 'Venueboard';

/** `(3) Venueboard` while notifications are unread, else `Venueboard`. */
export function unreadTitle(unread: number, base: string = APP_TITLE): string {
  return unread > 0 ? `(${unread}) ${base}` : base;
}

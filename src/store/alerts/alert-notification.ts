import type { Notification } from '../../domain/types';
import type { Alert } from './alert-types';

/** The connection id portfolio-wide alerts (drawdown, unrealized PnL) are filed under in the feed. */
export const PORTFOLIO_ALERT_CONNECTION = 'portfolio';

/** Alert notification ids start with this; no venue id does (they are the venues' own ids). */
const ALERT_ID_PREFIX = '@alert:';

/** An alert as an entry of the notifications feed (the same feed as venue notifications). */
export function alertNotification(alert: Alert): Notification {
  return {
    connectionId: alert.connectionId ?? PORTFOLIO_ALERT_CONNECTION,
    id: alert.id,
    level: alert.level,
    title: alert.title,
    message: alert.message,
    time: alert.time,
  };
}

/** True for a notification raised by the alert engine (not by a venue). */
export function isAlertNotification(n: Pick<Notification, 'id'>): boolean {
  return n.id.startsWith(ALERT_ID_PREFIX);
}

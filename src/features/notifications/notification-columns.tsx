import { textColumn, timeColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import type { Notification, NotificationLevel } from '../../domain/types';
import { isAlertNotification } from '../../store/alerts/alert-notification';
import { connectionColumn } from '../shared/domain-columns';
import { notificationKey } from './notification-feed';

const LEVEL_TONE: Record<NotificationLevel, string> = { info: 'info', warning: 'warn', error: 'bad' };

/** info blue-grey, warning amber, error red (the badge colours of the status badges). */
export function LevelBadge({ level }: { level: string | undefined }) {
  const tone = (level !== undefined && LEVEL_TONE[level as NotificationLevel]) || 'muted';
  return (
    <span className={`badge badge--${tone} level-badge`} data-level={level}>
      {level ?? '—'}
    </span>
  );
}

/** Who raised it: one of the user's alert rules, or the venue itself. */
export const notificationSource = (n: Notification): 'alert' | 'venue' => (isAlertNotification(n) ? 'alert' : 'venue');

function SourceBadge({ source }: { source: string | undefined }) {
  return (
    <span
      className={`badge badge--${source === 'alert' ? 'accent' : 'muted'} level-badge`}
      data-testid="notification-source"
      data-source={source}
    >
      {source ?? '—'}
    </span>
  );
}

/** Venue text as text: React escapes it; the full string is the tooltip. */
const plainText = (value: string | undefined) =>
  value === undefined || value === '' ? <span className="muted">—</span> : <span title={value}>{value}</span>;

export const notificationColumns: DataColumnDef<Notification>[] = [
  timeColumn<Notification>({ id: 'time', header: 'Time', size: 92, value: (n) => n.time }),
  connectionColumn<Notification>(70),
  textColumn<Notification>({
    id: 'level',
    header: 'Level',
    size: 68,
    value: (n) => n.level,
    render: (level) => <LevelBadge level={level} />,
  }),
  textColumn<Notification>({
    id: 'source',
    header: 'Src',
    size: 50,
    value: notificationSource,
    render: (source) => <SourceBadge source={source} />,
  }),
  textColumn<Notification>({
    id: 'title',
    header: 'Title',
    size: 164,
    value: (n) => n.title,
    render: (t) => <span className="notif-title">{plainText(t)}</span>,
  }),
  textColumn<Notification>({ id: 'message', header: 'Message', size: 200, value: (n) => n.message, render: plainText }),
];

export const notificationRowId = (n: Notification): string => notificationKey(n);

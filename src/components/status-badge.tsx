import './components.css';
import type { ConnectionStatus, OrderStatus } from '../domain/types';

export type BadgeStatus = ConnectionStatus | OrderStatus;
type Tone = 'ok' | 'info' | 'warn' | 'bad' | 'muted' | 'accent';

const TONES: Record<BadgeStatus, Tone> = {
  // connections
  live: 'ok',
  connecting: 'info',
  authenticating: 'info',
  reconnecting: 'warn',
  stale: 'warn',
  error: 'bad',
  disconnected: 'muted',
  // orders
  pending: 'info',
  open: 'accent',
  partially_filled: 'accent',
  filled: 'ok',
  canceled: 'muted',
  rejected: 'bad',
  expired: 'muted',
};

interface StatusBadgeProps {
  status: BadgeStatus;
  /** Why (error, stale, reconnecting): shown as the tooltip, and as text when `showReason`. */
  reason?: string;
  showReason?: boolean;
  testId?: string;
  /** Extra `data-*` attributes for tests and styling (e.g. a connection's reconnect count). */
  data?: Record<`data-${string}`, string | number>;
}

/** A coloured status pill; connection `stale` is amber, `error` red with its reason. */
export function StatusBadge({ status, reason, showReason = false, testId, data }: StatusBadgeProps) {
  const tone = TONES[status] ?? 'muted';
  return (
    <span className="status" data-testid={testId} data-status={status} title={reason ?? status} {...data}>
      <span className={`badge badge--${tone}`}>{status.replace('_', ' ')}</span>
      {showReason && reason ? <span className={`status-reason status-reason--${tone}`}>{reason}</span> : null}
    </span>
  );
}

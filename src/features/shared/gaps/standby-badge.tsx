import type { ConnectionStatus } from '../../../domain/types';
import './gaps.css';

/** The socket a hot-standby connection keeps in reserve: "standby: live", or what it is doing instead. */
export function StandbyBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span
      className={`standby standby--${status === 'live' ? 'ok' : 'warn'}`}
      data-testid="standby-status"
      data-status={status}
      title={`The standby socket is ${status}: the connection stays live while either socket is`}
    >
      standby: {status}
    </span>
  );
}

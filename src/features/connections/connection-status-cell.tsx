import { useContext } from 'react';
import { StatusBadge, statusTone } from '../../components/status-badge';
import type { ConnectionGapView } from '../../store/gap-selectors';
import type { ApplyFault } from '../../store/state';
import { ApplyFaults, GapMark, useConnectionGaps } from '../shared/gaps/connection-gap-cell';
import { StandbyBadge } from '../shared/gaps/standby-badge';
import type { ConnectionRow } from '../shared/connection-row';
import { ConnectionPanelActionsContext } from './connection-actions';

/**
 * A connection's state in one line: its status, the standby socket's when it has one, the gap that
 * needs attention in words, why it is not live, and the events the store could not apply. The gap
 * comes before the reason: it says since when figures may be incomplete, the reason says why.
 */
export function ConnectionStatusView({
  row,
  view,
  fault,
  now,
  onExpandGaps,
}: {
  row: Pick<ConnectionRow, 'status' | 'reason' | 'standbyStatus' | 'reconnects'>;
  view: ConnectionGapView;
  fault: ApplyFault | undefined;
  now: number;
  onExpandGaps?: () => void;
}) {
  return (
    <span className="status-cell">
      <StatusBadge
        status={row.status}
        reason={row.reason}
        testId="connection-status"
        data={{ 'data-reconnects': row.reconnects ?? 0 }}
      />
      {row.standbyStatus ? <StandbyBadge status={row.standbyStatus} /> : null}
      <GapMark view={view} now={now} onExpand={onExpandGaps} />
      {row.reason ? (
        <span className={`status-reason status-reason--${statusTone(row.status)}`} title={row.reason}>
          {row.reason}
        </span>
      ) : null}
      <ApplyFaults fault={fault} now={now} />
    </span>
  );
}

export function ConnectionStatusCell({ row }: { row: ConnectionRow }) {
  const { showGaps } = useContext(ConnectionPanelActionsContext);
  const { view, fault, now } = useConnectionGaps(row.id);
  return <ConnectionStatusView row={row} view={view} fault={fault} now={now} onExpandGaps={() => showGaps(row.id)} />;
}

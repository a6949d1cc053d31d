import { StatusBadge } from '../../components/status-badge';
import type { Order } from '../../domain/types';
import { isUnconfirmedRestored } from '../../store/journal/reconcile';
import { useRestoredOpen } from '../../store/portfolio-store';

/** Why a restored open order is marked, in the tooltip. */
export const UNCONFIRMED_TITLE =
  'Restored from this browser after a reload (or a restart of its connections): its venue has not ' +
  'confirmed yet that it is still open ' +
  '(no update for it and no full list of open orders since). It may have filled or been cancelled ' +
  'while the page was closed.';

/** The order's status, and "unconfirmed" while it is a restored open order its venue has not confirmed. */
export function OrderStatusCell({ order }: { order: Order }) {
  const unconfirmed = useRestoredOpen((s) => isUnconfirmedRestored(s.pending, order));
  return <OrderStatusView status={order.status} unconfirmed={unconfirmed} />;
}

export function OrderStatusView({ status, unconfirmed }: { status: Order['status']; unconfirmed: boolean }) {
  return (
    <span className="status">
      <StatusBadge status={status} />
      {unconfirmed && (
        <span className="badge badge--warn" data-testid="order-unconfirmed" title={UNCONFIRMED_TITLE}>
          unconfirmed
        </span>
      )}
    </span>
  );
}

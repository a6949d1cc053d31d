import { useConnections } from '../../store/connections-store';
import { useConnectionsPersistence } from '../../store/connections-persistence';
import { useJournalStatus, type JournalController } from '../../store/journal';
import { pendingRestoredOpen, usePortfolio, type PortfolioActions } from '../../store/portfolio-store';
import { connectionsToWire, portfolioToWire, type ConnectionsWire } from './portfolio-wire';
import type { JournalCall, OutgoingOp, TabMessage } from './protocol';
import { statusToWire } from './status-wire';
import type { TabChannel } from './tab-channel';

/**
 * The owner's side of the mirror. Every change its portfolio store applies (the ingest bridge's
 * batches, the alerts' notifications: the store's own actions, wrapped here so the store stays as it
 * is) is published, numbered, right after it is applied; a follower that says hello gets the whole
 * state with the number it includes. The connections store and the status stores are published
 * whole on each change. What a follower's user does comes back as `set-connections` (adopted as
 * they are: the follower's store actions validated them) or a journal `call` (run here, answered).
 */
export function startOwnerSide(channel: TabChannel): () => void {
  let seq = 0;
  const { applyBatches, addNotifications, restoreJournal, reset, adoptMirror, awaitOrderReconciliation } =
    usePortfolio.getState();
  const original: PortfolioActions = {
    applyBatches,
    addNotifications,
    restoreJournal,
    reset,
    adoptMirror,
    awaitOrderReconciliation,
  };
  const publish = (op: OutgoingOp) => channel.send({ type: 'op', seq: ++seq, op });
  const snapshot = (to: string[]) =>
    channel.send({
      type: 'snapshot',
      to,
      seq,
      portfolio: portfolioToWire(usePortfolio.getState()),
      restoredOpen: pendingRestoredOpen(),
      connections: connectionsToWire(useConnections.getState()),
      status: statusToWire(),
    });
  // A change that is not a store op (the journal restored, a reset): everyone gets the whole state.
  const republish = () => {
    seq++;
    snapshot(['*']);
  };
  usePortfolio.setState({
    applyBatches(batches, now) {
      original.applyBatches(batches, now);
      publish({ kind: 'batches', batches: [...batches], now });
    },
    addNotifications(list) {
      original.addNotifications(list);
      if (list.length > 0) publish({ kind: 'notifications', list: [...list] });
    },
    restoreJournal(records) {
      original.restoreJournal(records);
      republish();
    },
    reset() {
      original.reset();
      republish();
    },
    // The orders awaiting reconciliation are part of what a follower mirrors (the snapshot carries them).
    awaitOrderReconciliation() {
      original.awaitOrderReconciliation();
      republish();
    },
  });

  let adopting = false;
  const unsubscribeConnections = useConnections.subscribe((s) => {
    if (!adopting) channel.send({ type: 'connections', state: connectionsToWire(s) });
  });
  const adoptConnections = (state: ConnectionsWire) => {
    adopting = true;
    try {
      useConnections.setState(state);
    } finally {
      adopting = false;
    }
    // Published once adopted, so every follower (the one that asked too) holds what the owner holds.
    channel.send({ type: 'connections', state: connectionsToWire(useConnections.getState()) });
  };

  const publishStatus = () => channel.send({ type: 'status', status: statusToWire() });
  const unsubscribeJournal = useJournalStatus.subscribe(publishStatus);
  const unsubscribeSaved = useConnectionsPersistence.subscribe(publishStatus);

  const call = async (method: JournalCall): Promise<void> => {
    const controller: JournalController | undefined = useJournalStatus.getState().controller;
    if (!controller) throw new Error('the journal is not available in the tab that holds the connections');
    if (method === 'journal.clear') await controller.clear();
    else if (method === 'journal.refreshStats') await controller.refreshStats();
    else await controller.retryNow();
  };

  const stopListening = channel.listen((message: TabMessage) => {
    switch (message.type) {
      case 'hello':
        snapshot([message.from]);
        return;
      case 'set-connections':
        adoptConnections(message.state as unknown as ConnectionsWire);
        return;
      case 'call':
        call(message.method).then(
          () => channel.send({ type: 'reply', to: message.from, id: message.id }),
          (e: unknown) =>
            channel.send({
              type: 'reply',
              to: message.from,
              id: message.id,
              error: e instanceof Error ? e.message : 'the action failed',
            }),
        );
        return;
      default:
        return;
    }
  });

  return () => {
    stopListening();
    unsubscribeConnections();
    unsubscribeJournal();
    unsubscribeSaved();
    usePortfolio.setState(original);
  };
}

import { useConnections } from '../../store/connections-store';
import { useConnectionsPersistence } from '../../store/connections-persistence';
import { useJournalStatus, type JournalController } from '../../store/journal';
import { usePortfolio } from '../../store/portfolio-store';
import { useVaultStatus } from '../../store/vault';
import type { RestoredOpenOrders } from '../../store/journal';
import { MirrorSequence } from './mirror-sequence';
import { connectionsToWire, portfolioFromWire, type ConnectionsWire, type PortfolioWire } from './portfolio-wire';
import type { JournalCall, TabMessage } from './protocol';
import type { StatusWire } from './status-wire';
import type { TabChannel } from './tab-channel';

/** A follower asks again for the whole state this often until it has it (an owner still starting). */
export const HELLO_RETRY_MS = 2_000;
/** A journal action forwarded to the owner fails if it is not answered in this time. */
export const CALL_TIMEOUT_MS = 30_000;

export const FOLLOWER_VAULT_PROBLEM =
  'this tab mirrors the tab that holds the connections: unlock, lock or change the vault in that tab';

export interface FollowerSide {
  /** Resolves when the first snapshot arrived. */
  synced(): Promise<void>;
  /** Whether it has (a tab that never got one holds nothing to take over: it starts as a first owner). */
  isSynced(): boolean;
  /** Stop mirroring (this tab takes over). Pending journal calls fail. */
  stop(): void;
}

/**
 * A follower: holds no socket, writes no IndexedDB. Its stores are a copy of the owner's (snapshot,
 * then each numbered change through the same store actions, mirror-sequence.ts); what its user does
 * goes to the owner: a change to the connections as the whole connections state (the owner adopts it
 * and publishes it back), a journal action (clear, count, retry) as a call the owner runs. The vault
 * stays with the owner (its passphrase never crosses tabs).
 */
export interface FollowerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

// Wrapped: a browser's timer functions called as methods of another object throw "Illegal invocation".
const browserTimers: FollowerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export function startFollowerSide(channel: TabChannel, timers: FollowerTimers = browserTimers): FollowerSide {
  const sequence = new MirrorSequence();
  let resolveSynced: () => void = () => undefined;
  let hasSnapshot = false;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));

  const hello = () => channel.send({ type: 'hello' });
  const helloTimer = timers.setInterval(() => {
    if (sequence.ownerId === undefined) hello();
  }, HELLO_RETRY_MS);

  let adopting = false;
  const adoptConnections = (state: ConnectionsWire) => {
    adopting = true;
    try {
      useConnections.setState(state);
    } finally {
      adopting = false;
    }
  };
  const unsubscribeConnections = useConnections.subscribe((s) => {
    if (!adopting) channel.send({ type: 'set-connections', state: connectionsToWire(s) });
  });

  const pending = new Map<string, { resolve(): void; reject(e: Error): void; timer: unknown }>();
  let callCount = 0;
  const forward = (method: JournalCall) => (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const id = `${channel.tabId}:${++callCount}`;
      const timer = timers.setTimeout(() => {
        pending.delete(id);
        reject(new Error('the tab that holds the connections did not answer'));
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      channel.send({ type: 'call', id, method });
    });
  const controller: JournalController = {
    clear: forward('journal.clear'),
    refreshStats: forward('journal.refreshStats'),
    retryNow: forward('journal.retryNow'),
  };
  const adoptStatus = (status: StatusWire) => {
    useJournalStatus.setState({ ...status.journal, controller }, true);
    useConnectionsPersistence.setState(status.savedConnections, true);
  };
  useVaultStatus.setState({ phase: 'unavailable', problem: FOLLOWER_VAULT_PROBLEM, controller: undefined });

  const stopListening = channel.listen((message: TabMessage) => {
    switch (message.type) {
      case 'snapshot':
        if (!message.to.includes(channel.tabId) && !message.to.includes('*')) return;
        sequence.snapshot(message.from, message.seq);
        usePortfolio
          .getState()
          .adoptMirror(
            portfolioFromWire(message.portfolio as unknown as PortfolioWire),
            message.restoredOpen as unknown as RestoredOpenOrders,
          );
        adoptConnections(message.connections as unknown as ConnectionsWire);
        adoptStatus(message.status as unknown as StatusWire);
        hasSnapshot = true;
        resolveSynced();
        return;
      case 'op': {
        const verdict = sequence.op(message.from, message.seq);
        if (verdict === 'resync') hello();
        if (verdict !== 'apply') return;
        const { op } = message;
        if (op.kind === 'batches') usePortfolio.getState().applyBatches(op.batches as never, op.now);
        else usePortfolio.getState().addNotifications(op.list as never);
        return;
      }
      case 'connections':
        if (sequence.fromOwner(message.from)) adoptConnections(message.state as unknown as ConnectionsWire);
        return;
      case 'status':
        if (sequence.fromOwner(message.from)) adoptStatus(message.status as unknown as StatusWire);
        return;
      case 'reply': {
        const call = message.to === channel.tabId ? pending.get(message.id) : undefined;
        if (!call) return;
        pending.delete(message.id);
        timers.clearTimeout(call.timer);
        if (message.error === undefined) call.resolve();
        else call.reject(new Error(message.error));
        return;
      }
      default:
        return;
    }
  });
  hello();

  return {
    synced: () => synced,
    isSynced: () => hasSnapshot,
    stop() {
      stopListening();
      unsubscribeConnections();
      timers.clearInterval(helloTimer);
      for (const [id, call] of pending) {
        timers.clearTimeout(call.timer);
        call.reject(new Error('the tab that held the connections closed; this tab holds them now'));
        pending.delete(id);
      }
      useJournalStatus.setState({ controller: undefined });
    },
  };
}

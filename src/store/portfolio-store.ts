import { create } from 'zustand';
import type { IngestBatch } from '../ingest/protocol';
import type { DomainEvent } from '../domain/events';
import type { Notification } from '../domain/types';
import { applyBatches, applyEvents } from './apply-batch';
import { emptyPortfolio, type PortfolioState } from './state';
import {
  openOrdersAwaitingReconciliation,
  reconcileRestoredOrders,
  restoreFromJournal,
  restoredOpenOrders,
  type JournalRecords,
  type RestoredOpenOrders,
} from './journal';

export interface PortfolioActions {
  /** Apply everything that arrived since the last animation frame in one store update. */
  applyBatches(batches: readonly IngestBatch[], now: number): void;
  /** Add notifications raised in the page (alerts) to the feed: de-duplicated and bounded like a venue's. */
  addNotifications(list: readonly Notification[]): void;
  /** Put back what the journal holds (before any connection starts); restored open orders await reconciliation. */
  restoreJournal(records: JournalRecords): void;
  /**
   * Become a copy of another tab's store (src/app/tab-ownership: a follower mirrors the owner): its
   * state and its restored open orders awaiting reconciliation, so the same batches give the same state.
   */
  /**
   * The ingest worker was replaced (src/app/ingest-bridge.ts): every open order the page shows awaits
   * reconciliation as a restored one does, so the new session's first account snapshot with orders scope
   * drops one that closed while no worker ran.
   */
  awaitOrderReconciliation(): void;
  adoptMirror(state: PortfolioState, pendingRestoredOpen: RestoredOpenOrders): void;
  reset(): void;
}

/**
 * Told of every set of events the store applies as they arrive (the ingest's batches, the alerts the
 * page raises), with the state before and after: what happens while the page runs, as opposed to
 * what the journal restores or a follower tab adopts whole (src/app/attention-bridge.ts: sounds).
 */
export type EventsAppliedListener = (
  batches: readonly { readonly events: readonly DomainEvent[] }[],
  prev: PortfolioState,
  next: PortfolioState,
) => void;

const eventsApplied = new Set<EventsAppliedListener>();

export function onEventsApplied(listener: EventsAppliedListener): () => void {
  eventsApplied.add(listener);
  return () => eventsApplied.delete(listener);
}

function tell(batches: readonly { readonly events: readonly DomainEvent[] }[], prev: PortfolioState): void {
  if (eventsApplied.size === 0) return;
  const next = usePortfolio.getState();
  for (const listener of eventsApplied) {
    try {
      listener(batches, prev, next);
    } catch (e) {
      // A listener's bug must not stop the store.
      console.error('portfolio: an events listener failed:', e);
    }
  }
}

// Restored open orders not yet confirmed or dropped by their venue (store/journal/reconcile.ts).
let restoredOpen: RestoredOpenOrders = new Map();

/**
 * The same, for the page to show (the Orders table marks them "unconfirmed"): a store of its own, so
 * the portfolio state (journal, snapshot, mirrors) is unchanged and only the cells that read it follow it.
 */
export const useRestoredOpen = create<{ pending: RestoredOpenOrders }>()(() => ({ pending: new Map() }));

function setRestoredOpen(next: RestoredOpenOrders): void {
  restoredOpen = next;
  if (useRestoredOpen.getState().pending !== next) useRestoredOpen.setState({ pending: next });
}

/** The restored open orders still awaiting reconciliation (what a mirroring tab needs with the state). */
export const pendingRestoredOpen = (): RestoredOpenOrders => restoredOpen;

export const usePortfolio = create<PortfolioState & PortfolioActions>()((set, get) => ({
  ...emptyPortfolio(),
  applyBatches(batches, now) {
    const prev = get();
    const next = applyBatches(prev, batches, now);
    const reconciled = reconcileRestoredOrders(next, restoredOpen, batches);
    setRestoredOpen(reconciled.pending);
    set(reconciled.state);
    tell(batches, prev);
  },
  addNotifications(list) {
    if (list.length === 0) return;
    const prev = get();
    const events = list.map((notification): DomainEvent => ({ kind: 'notification', notification }));
    set(applyEvents(prev, events));
    tell([{ events }], prev);
  },
  restoreJournal(records) {
    const restored = restoreFromJournal(get(), records);
    setRestoredOpen(restoredOpenOrders(restored, records));
    set(restored);
  },
  awaitOrderReconciliation() {
    setRestoredOpen(openOrdersAwaitingReconciliation(get(), restoredOpen));
  },
  adoptMirror(state, pendingRestoredOpen) {
    setRestoredOpen(pendingRestoredOpen);
    set(state);
  },
  reset() {
    setRestoredOpen(new Map());
    set(emptyPortfolio());
  },
}));

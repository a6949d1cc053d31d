import { create } from 'zustand';
import type { IngestBatch } from '../ingest/protocol';
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

// Restored open orders not yet confirmed or dropped by their venue (store/journal/reconcile.ts).
let restoredOpen: RestoredOpenOrders = new Map();

/** The restored open orders still awaiting reconciliation (what a mirroring tab needs with the state). */
export const pendingRestoredOpen = (): RestoredOpenOrders => restoredOpen;

export const usePortfolio = create<PortfolioState & PortfolioActions>()((set, get) => ({
  ...emptyPortfolio(),
  applyBatches(batches, now) {
    const next = applyBatches(get(), batches, now);
    const reconciled = reconcileRestoredOrders(next, restoredOpen, batches);
    restoredOpen = reconciled.pending;
    set(reconciled.state);
  },
  addNotifications(list) {
    if (list.length === 0) return;
    set(
      applyEvents(
        get(),
        list.map((notification) => ({ kind: 'notification', notification })),
      ),
    );
  },
  restoreJournal(records) {
    const restored = restoreFromJournal(get(), records);
    restoredOpen = restoredOpenOrders(restored, records);
    set(restored);
  },
  awaitOrderReconciliation() {
    restoredOpen = openOrdersAwaitingReconciliation(get(), restoredOpen);
  },
  adoptMirror(state, pendingRestoredOpen) {
    restoredOpen = pendingRestoredOpen;
    set(state);
  },
  reset() {
    restoredOpen = new Map();
    set(emptyPortfolio());
  },
}));

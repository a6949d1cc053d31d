import { create } from 'zustand';
import type { IngestBatch } from '../ingest/protocol';
import type { Notification } from '../domain/types';
import { applyBatches, applyEvents } from './apply-batch';
import { emptyPortfolio, type PortfolioState } from './state';

export interface PortfolioActions {
  /** Apply everything that arrived since the last animation frame in one store update. */
  applyBatches(batches: readonly IngestBatch[], now: number): void;
  /** Add notifications raised in the page (alerts) to the feed: de-duplicated and bounded like a venue's. */
  addNotifications(list: readonly Notification[]): void;
  reset(): void;
}

export const usePortfolio = create<PortfolioState & PortfolioActions>()((set, get) => ({
  ...emptyPortfolio(),
  applyBatches(batches, now) {
    const next = applyBatches(get(), batches, now);
    set(next);
  },
  addNotifications(list) {
    if (list.length === 0) return;
    set(applyEvents(get(), list.map((notification) => ({ kind: 'notification', notification }))));
  },
  reset() {
    set(emptyPortfolio());
  },
}));

import { create } from 'zustand';
import type { IngestBatch } from '../ingest/protocol';
import { applyBatches } from './apply-batch';
import { emptyPortfolio, type PortfolioState } from './state';

export interface PortfolioActions {
  /** Apply everything that arrived since the last animation frame in one store update. */
  applyBatches(batches: readonly IngestBatch[], now: number): void;
  reset(): void;
}

export const usePortfolio = create<PortfolioState & PortfolioActions>()((set, get) => ({
  ...emptyPortfolio(),
  applyBatches(batches, now) {
    const next = applyBatches(get(), batches, now);
    set(next);
  },
  reset() {
    set(emptyPortfolio());
  },
}));

import { create } from 'zustand';

/**
 * What the page shows about the journal. The I/O (src/app/journal-bridge.ts) writes here and registers
 * its controller; the settings section (src/features/journal) reads it and calls the controller, so a
 * feature never imports the app layer.
 */
export type JournalPhase = 'opening' | 'ready' | 'unavailable';

export interface JournalStats {
  fills: number;
  orders: number;
  samples: number;
  /** Oldest record held (fill time or sample time), Unix ms. */
  oldest?: number;
}

export interface JournalController {
  /** Delete every journaled record (the page keeps what it shows until a reload). */
  clear(): Promise<void>;
  /** Count again now. */
  refreshStats(): Promise<void>;
}

export interface JournalStatus {
  phase: JournalPhase;
  /** Why the journal is unavailable, or the last write / prune error. Never contains a secret. */
  problem?: string;
  stats?: JournalStats;
  /** What the start-up restore put back in the store. */
  restored?: { fills: number; orders: number; samples: number; skipped: number };
  /** Set by a successful clear(). */
  clearedAt?: number;
  controller?: JournalController;
}

export const useJournalStatus = create<JournalStatus>()(() => ({ phase: 'opening' }));
